using System.Reflection;
using Npgsql;
using SerialTrack.Core.Data;
using Xunit.Sdk;

namespace SerialTrack.Tests.Support;

public enum DbKind
{
    Sqlite,
    Postgres,
}

// A fresh, migrated database per test (a copy of a template migrated once per run): a SQLite file in a temp folder, or a new PostgreSQL database on
// the server named by SERIALTRACK_TEST_PG (dropped afterwards). Tests never share data.
public sealed class TestDb : IAsyncDisposable
{
    public const string PostgresVariable = "SERIALTRACK_TEST_PG";

    TestDb(DbKind kind, DatabaseTarget target, string? dropName, string? folder)
    {
        Kind = kind;
        Target = target;
        this.dropName = dropName;
        this.folder = folder;
    }

    readonly string? dropName;
    readonly string? folder;

    public DbKind Kind { get; }
    public DatabaseTarget Target { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    public static async Task<TestDb> CreateAsync(DbKind kind)
    {
        TestDb db;
        if (kind == DbKind.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "serialtrack-tests", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, "test.db");
            File.Copy(await SqliteTemplate.Value, file);
            db = new TestDb(kind, DatabaseTarget.Sqlite(file), null, folder);
        }
        else
        {
            var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
            var name = "st_test_" + Guid.NewGuid().ToString("N")[..16];
            await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE {await PostgresTemplate.Value}");
            var b = new NpgsqlConnectionStringBuilder(server) { Database = name };
            db = new TestDb(kind, new DatabaseTarget(DatabaseProvider.Postgres, b.ToString()), name, null);
        }
        return db;
    }

    // A PostgreSQL database whose default collation is a language's (ICU), as an installation created with
    // LANG=en_US.UTF-8 has, migrated from nothing: text compares as that language sorts it, not byte by byte.
    public static async Task<TestDb> CreatePostgresInLanguageAsync(string icuLocale)
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = "st_test_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server, $"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE '{icuLocale}' LOCALE 'C.UTF-8'");
        var db = new TestDb(DbKind.Postgres, new DatabaseTarget(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString()), name, null);
        await Database.MigrateAsync(db.Target);
        return db;
    }

    // Migrating from nothing costs each test more than its own work: the migrations run once per test run, into a
    // template that every test database is copied from (a file copy, or CREATE DATABASE ... TEMPLATE).
    static readonly Lazy<Task<string>> SqliteTemplate = new(async () =>
    {
        var file = Path.Combine(Path.GetTempPath(), "serialtrack-tests", "template-" + Guid.NewGuid().ToString("N"), "template.db");
        await Database.MigrateAsync(DatabaseTarget.Sqlite(file));
        // Closing the last connection checkpoints the WAL into the file, so the file alone is the whole database.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Forget(() => Directory.Delete(Path.GetDirectoryName(file)!, recursive: true));
        return file;
    });

    static readonly Lazy<Task<string>> PostgresTemplate = new(async () =>
    {
        var server = PostgresServer ?? throw new InvalidOperationException($"{PostgresVariable} is not set.");
        var name = "st_template_" + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        var target = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
        await Database.MigrateAsync(new DatabaseTarget(DatabaseProvider.Postgres, target));
        // A template may have no open session while databases are created from it.
        await using (var open = new NpgsqlConnection(target))
        {
            NpgsqlConnection.ClearPool(open);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Forget(() =>
        {
            using var conn = new NpgsqlConnection(server);
            conn.Open();
            using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
            cmd.ExecuteNonQuery();
        });
        return name;
    });

    // One statement on the server (CREATE DATABASE cannot run inside a transaction or on the database it makes).
    static async Task ExecuteAsync(string server, string statement)
    {
        await using var conn = new NpgsqlConnection(server);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(statement, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    // Cleanup at exit only: what cannot be removed now is left for the throwaway server or the temp cleaner.
    static void Forget(Action cleanup)
    {
        try
        {
            cleanup();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NpgsqlException)
        {
        }
    }

    public SerialTrackDbContext NewContext() => Database.CreateContext(Target);

    public async ValueTask DisposeAsync()
    {
        if (dropName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            // Cleanup only: a database that cannot be dropped now is left for the throwaway server to lose.
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    await using var conn = new NpgsqlConnection(PostgresServer);
                    await conn.OpenAsync();
                    await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {dropName} WITH (FORCE)", conn);
                    await cmd.ExecuteNonQueryAsync();
                    break;
                }
                catch (NpgsqlException) when (attempt < 2)
                {
                    await Task.Delay(200);
                }
                catch (NpgsqlException)
                {
                }
            }
        }
        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow machine is left for the temp cleaner; the next test uses its own folder.
            }
        }
    }
}

// [Theory, OnSqlite, OnPostgres]: the same test on both databases. The PostgreSQL row is skipped, with
// the reason shown, when no server is configured.
public sealed class OnSqliteAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DbKind.Sqlite]];
}

public sealed class OnPostgresAttribute : DataAttribute
{
    public OnPostgresAttribute()
    {
        // CI sets SERIALTRACK_REQUIRE_ALL: there a missing server fails the test instead of skipping it.
        if (TestDb.PostgresServer is null && Environment.GetEnvironmentVariable("SERIALTRACK_REQUIRE_ALL") is null)
        {
            Skip = $"PostgreSQL not available: set {TestDb.PostgresVariable} to a connection string (.ci/run does) to run this on PostgreSQL.";
        }
    }

    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[DbKind.Postgres]];
}

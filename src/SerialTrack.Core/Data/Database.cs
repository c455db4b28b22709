using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace SerialTrack.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

// Where the data lives: a SQLite file (the embedded default) or a PostgreSQL server, chosen by the
// shape of the --db value or SERIALTRACK_DB.
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string EnvironmentVariable = "SERIALTRACK_DB";
    public const string DefaultSqlitePath = "data/serialtrack.db";

    public string? SqlitePath => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : null;

    public static DatabaseTarget Resolve(string? value)
    {
        value = string.IsNullOrWhiteSpace(value) ? Environment.GetEnvironmentVariable(EnvironmentVariable) : value;
        if (string.IsNullOrWhiteSpace(value))
        {
            value = DefaultSqlitePath;
        }
        value = value.Trim();

        if (value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, FromPostgresUri(new Uri(value)));
        }
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new(DatabaseProvider.Postgres, value);
        }

        var path = value.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(value).DataSource
            : value;
        return Sqlite(path);
    }

    public static DatabaseTarget Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 };
        return new(DatabaseProvider.Sqlite, builder.ToString());
    }

    static string FromPostgresUri(Uri uri)
    {
        var userInfo = uri.UserInfo.Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.Port > 0 ? uri.Port : 5432,
            Database = uri.AbsolutePath.Trim('/'),
            Username = Uri.UnescapeDataString(userInfo[0]),
        };
        if (userInfo.Length > 1)
        {
            b.Password = Uri.UnescapeDataString(userInfo[1]);
        }
        return b.ToString();
    }

    // Shown to users: never print a password.
    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite {SqlitePath}"
        : $"PostgreSQL {RedactedPostgres()}";

    string RedactedPostgres()
    {
        var b = new NpgsqlConnectionStringBuilder(ConnectionString);
        return $"{b.Host}:{b.Port}/{b.Database}";
    }
}

public static class Database
{
    public const string SqliteMigrationsAssembly = "SerialTrack.Data.Sqlite";
    public const string PostgresMigrationsAssembly = "SerialTrack.Data.Postgres";

    public static void Configure(DbContextOptionsBuilder options, DatabaseTarget target)
    {
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            options.UseSqlite(target.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
            options.AddInterceptors(SqlitePragmas.Instance);
        }
        else
        {
            options.UseNpgsql(target.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));
        }
    }

    public static SerialTrackDbContext CreateContext(DatabaseTarget target)
    {
        var options = new DbContextOptionsBuilder<SerialTrackDbContext>();
        Configure(options, target);
        return new SerialTrackDbContext(options.Options);
    }

    // Creates the SQLite folder if missing, turns on WAL, and applies pending migrations.
    public static async Task MigrateAsync(DatabaseTarget target, CancellationToken ct = default)
    {
        if (target.SqlitePath is { } path)
        {
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        await using var db = CreateContext(target);
        if (db.IsSqlite)
        {
            // WAL persists in the file: readers never block the writer, and a crash loses no committed write.
            await db.Database.OpenConnectionAsync(ct);
            await using (var cmd = db.Database.GetDbConnection().CreateCommand())
            {
                cmd.CommandText = "PRAGMA journal_mode=WAL;";
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        await db.Database.MigrateAsync(ct);
    }

    public static async Task<bool> CanConnectAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        try
        {
            return await db.Database.CanConnectAsync(ct);
        }
        catch (DbException)
        {
            return false;
        }
    }
}

// synchronous=NORMAL is safe with WAL (a power cut may lose the last commits, never corrupt the file)
// and makes each commit several times cheaper.
sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    static void Apply(DbConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
        cmd.ExecuteNonQuery();
    }
}

using Microsoft.Data.Sqlite;
using Npgsql;
using SerialTrack.Core.Data;

namespace SerialTrack.Bench;

// A fresh, migrated database that disappears afterwards: a SQLite file in its own temp folder, or a
// PostgreSQL database created for this run and dropped (WITH FORCE) at the end.
sealed class BenchDatabase : IAsyncDisposable
{
    readonly string? folder;
    readonly string? adminConnectionString;
    readonly string? pgName;

    BenchDatabase(DatabaseTarget target, string? folder, string? adminConnectionString, string? pgName)
    {
        Target = target;
        this.folder = folder;
        this.adminConnectionString = adminConnectionString;
        this.pgName = pgName;
    }

    public DatabaseTarget Target { get; }

    public bool IsSqlite => Target.Provider == DatabaseProvider.Sqlite;

    public static async Task<BenchDatabase> CreateAsync(DatabaseProvider provider, string? postgres, string label, CancellationToken ct)
    {
        BenchDatabase db;
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"serialtrack-bench-{Guid.NewGuid():N}");
            Directory.CreateDirectory(folder);
            db = new BenchDatabase(DatabaseTarget.Sqlite(Path.Combine(folder, label + ".db")), folder, null, null);
        }
        else
        {
            var admin = postgres ?? throw new InvalidOperationException(
                "PostgreSQL needs a connection string: --pg \"Host=...\" or SERIALTRACK_TEST_PG (see /work/shared/recipes/start-pg.sh). The role needs CREATEDB.");
            var name = $"bench_{label}_{Guid.NewGuid():N}"[..(7 + label.Length + 12)];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync(ct);
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", conn);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            var target = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            db = new BenchDatabase(new DatabaseTarget(DatabaseProvider.Postgres, target.ToString()), null, admin, name);
        }
        await Database.MigrateAsync(db.Target, ct);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"Could not delete {folder}: {e.Message}");
            }
        }
        if (adminConnectionString is not null && pgName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(adminConnectionString);
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{pgName}\" WITH (FORCE)", conn);
            await cmd.ExecuteNonQueryAsync();
        }
    }
}

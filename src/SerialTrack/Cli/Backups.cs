using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using SerialTrack.Core.Data;

namespace SerialTrack.Cli;

// `db backup` and `db restore`. SQLite uses its online backup API (safe while the server runs); PostgreSQL
// uses pg_dump / pg_restore, which must be installed and on PATH.
public static class Backups
{
    public static async Task BackupAsync(DatabaseTarget target, string file, CancellationToken ct)
    {
        var full = Path.GetFullPath(file);
        var temp = full + ".partial";
        File.Delete(temp);
        if (target.SqlitePath is { } path)
        {
            if (!File.Exists(path))
            {
                throw new CliException($"there is no database at {path}.");
            }
            await using (var from = new SqliteConnection(target.ConnectionString))
            await using (var to = new SqliteConnection(Unpooled(temp)))
            {
                await from.OpenAsync(ct);
                await to.OpenAsync(ct);
                from.BackupDatabase(to);
                // The copy is one self-contained file, not a WAL database waiting for its -wal file.
                await using var cmd = to.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE;";
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        else
        {
            await RunAsync("pg_dump", target, ["--format=custom", $"--file={temp}"], ct);
        }
        // Moved into place only when complete: a failed backup never replaces a good one with half a file.
        File.Move(temp, full, overwrite: true);
    }

    public static async Task RestoreAsync(DatabaseTarget target, string file, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            throw new CliException($"there is no backup file {file}.", 2);
        }
        if (target.SqlitePath is { } path)
        {
            await CheckSqliteBackupAsync(file, ct);
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
            // Copying the backup's pages into the live file through SQLite (rather than moving a file over it)
            // is atomic, and cannot pair the new file with a stale -wal file of the old one.
            await using var from = new SqliteConnection(Unpooled(file, SqliteOpenMode.ReadOnly));
            await using var to = new SqliteConnection(target.ConnectionString);
            await from.OpenAsync(ct);
            await to.OpenAsync(ct);
            from.BackupDatabase(to);
        }
        else
        {
            // --single-transaction: a failing restore leaves the database as it was.
            await RunAsync("pg_restore", target, ["--clean", "--if-exists", "--no-owner", "--single-transaction", file], ct);
        }
    }

    static async Task CheckSqliteBackupAsync(string file, CancellationToken ct)
    {
        try
        {
            await using var conn = new SqliteConnection(Unpooled(file, SqliteOpenMode.ReadOnly));
            await conn.OpenAsync(ct);
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            if (Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw new CliException($"{file} is not a SerialTrack backup.", 2);
            }
            cmd.CommandText = "PRAGMA quick_check";
            if (await cmd.ExecuteScalarAsync(ct) is not "ok")
            {
                throw new CliException($"{file} is damaged (PRAGMA quick_check failed); nothing was restored.", 2);
            }
        }
        catch (SqliteException e)
        {
            throw new CliException($"{file} is not a SQLite database: {e.Message}", 2);
        }
    }

    static string Unpooled(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString();

    static async Task RunAsync(string tool, DatabaseTarget target, string[] arguments, CancellationToken ct)
    {
        var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        var start = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "--host", b.Host ?? "localhost", "--port", b.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dbname", b.Database ?? "" })
        {
            start.ArgumentList.Add(a);
        }
        if (b.Username is { } user)
        {
            start.ArgumentList.Add("--username");
            start.ArgumentList.Add(user);
        }
        start.ArgumentList.Add("--no-password");
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        // The password goes through the environment, never the command line (visible to `ps`).
        if (b.Password is { } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException($"{tool} did not start.");
        }
        catch (Win32Exception)
        {
            throw new CliException($"{tool} not found: install the PostgreSQL client tools (same major version as the server) and put them on PATH.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await stdout;
            if (process.ExitCode != 0)
            {
                throw new CliException($"{tool} failed (exit code {process.ExitCode}): {(await stderr).Trim()}");
            }
        }
    }
}

using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using SerialTrack.Core.Data;

namespace SerialTrack.Bench;

// The baseline: plain ADO.NET on its own connection, the same multi-row INSERT/UPDATE technique as the
// services (500 rows per statement on PostgreSQL, one command reused and prepared; on SQLite, inserts bound by position
// through SqliteRows, as the services bind them), no EF, no validation, no version checks. It writes the same rows the service writes, so the ratio is the price of the service's rules
// and plumbing.
sealed class Raw : IAsyncDisposable
{
    // As SqlSession: short statements on SQLite (its parameter binding is quadratic in the count).
    public int RowsPerStatement => IsSqlite ? SqlSession.SqliteRowsPerInsert : 500;

    readonly DbConnection connection;
    DbTransaction? transaction;

    Raw(DbConnection connection, bool isSqlite)
    {
        this.connection = connection;
        IsSqlite = isSqlite;
    }

    public bool IsSqlite { get; }

    public DbConnection Connection => connection;

    public static async Task<Raw> OpenAsync(DatabaseTarget target, CancellationToken ct)
    {
        var sqlite = target.Provider == DatabaseProvider.Sqlite;
        DbConnection conn = sqlite ? new SqliteConnection(target.ConnectionString) : new NpgsqlConnection(target.ConnectionString);
        await conn.OpenAsync(ct);
        var raw = new Raw(conn, sqlite);
        if (sqlite)
        {
            // The same connection settings the application uses (Database.cs), or the baseline would
            // be measuring a less durable database.
            await raw.ExecuteAsync("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", ct);
        }
        return raw;
    }

    public async Task BeginAsync(CancellationToken ct) => transaction = await connection.BeginTransactionAsync(ct);

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction!.CommitAsync(ct);
        await transaction.DisposeAsync();
        transaction = null;
    }

    public object Time(DateTimeOffset t) => IsSqlite ? SqliteTime.ToMicroseconds(t) : t.ToUniversalTime();

    public DbCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = transaction;
        return cmd;
    }

    public static DbParameter Add(DbCommand cmd, string name, DbType type, object? value = null)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        p.Value = value ?? DBNull.Value;
        cmd.Parameters.Add(p);
        return p;
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var cmd = Command(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    // The same event row the service writes (EventLog.New): type, action, times, CBV words, where, who.
    public async Task<long> InsertEventAsync(int type, int action, string bizStep, string? disposition, long locationId, int objectCount, DateTimeOffset now, CancellationToken ct)
    {
        await using var cmd = Command("""
            INSERT INTO events (type, action, event_time, event_time_zone_offset, record_time, biz_step, disposition, read_point_id, biz_location_id, actor, object_count)
            VALUES (@type, @action, @t, '+00:00', @t, @step, @disp, @loc, @loc, 'system', @n) RETURNING id
            """);
        Add(cmd, "type", DbType.Int32, type);
        Add(cmd, "action", DbType.Int32, action);
        Add(cmd, "t", IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, Time(now));
        Add(cmd, "step", DbType.String, bizStep);
        Add(cmd, "disp", DbType.String, disposition);
        Add(cmd, "loc", DbType.Int64, locationId);
        Add(cmd, "n", DbType.Int32, objectCount);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Same id technique as SqlSession.ReserveIdsAsync.
    public async Task<long[]> ReserveIdsAsync(string table, int n, CancellationToken ct)
    {
        var ids = new long[n];
        if (IsSqlite)
        {
            var next = await ScalarAsync($"SELECT COALESCE(MAX(id), 0) FROM {table}", ct) + 1;
            for (var i = 0; i < n; i++)
            {
                ids[i] = next + i;
            }
            return ids;
        }
        await using var cmd = Command($"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @n)");
        Add(cmd, "n", DbType.Int32, n);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var k = 0;
        while (await reader.ReadAsync(ct))
        {
            ids[k++] = reader.GetInt64(0);
        }
        return ids;
    }

    public async Task InsertAsync(string table, string[] columns, DbType[] types, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (IsSqlite && transaction is not null)
        {
            SqliteRows.Insert((SqliteConnection)connection, table, columns, rows);
            return;
        }
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += RowsPerStatement)
            {
                var count = Math.Min(RowsPerStatement, rows.Count - start);
                var cmd = count == RowsPerStatement && full is not null ? full : Insert(table, columns, types, count);
                var k = 0;
                for (var r = start; r < start + count; r++)
                {
                    for (var c = 0; c < columns.Length; c++)
                    {
                        cmd.Parameters[k++].Value = rows[r][c] ?? DBNull.Value;
                    }
                }
                if (count == RowsPerStatement && full is null)
                {
                    full = cmd;
                    await cmd.PrepareAsync(ct);
                }
                await cmd.ExecuteNonQueryAsync(ct);
                if (cmd != full)
                {
                    await cmd.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    DbCommand Insert(string table, string[] columns, DbType[] types, int rows)
    {
        var sb = new StringBuilder().Append("INSERT INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
        var cmd = Command("");
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                sb.Append(c == 0 ? "@p" : ", @p").Append(k);
                Add(cmd, "@p" + k++, types[c]);
            }
            sb.Append(')');
        }
        cmd.CommandText = sb.ToString();
        return cmd;
    }

    // "@s0, @s1, ..." for an IN list of n parameters.
    public static string List(string prefix, int n) => string.Join(", ", Enumerable.Range(0, n).Select(i => "@" + prefix + i));

    public async ValueTask DisposeAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }
        await connection.DisposeAsync();
    }
}

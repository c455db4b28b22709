using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SerialTrack.Core.Data;

// Plain ADO.NET for hot paths (DESIGN.md: set-based, prepared, batched commands inside one transaction).
// The same SQL runs on SQLite and PostgreSQL: snake_case names, @parameters, multi-row VALUES.
public sealed class SqlSession(SerialTrackDbContext db)
{
    public bool IsSqlite { get; } = db.IsSqlite;

    public DbConnection Connection => db.Database.GetDbConnection();

    public DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    public object Time(DateTimeOffset t) => IsSqlite ? SqliteTime.ToMicroseconds(t) : t.ToUniversalTime();

    public object Quantity(decimal q) => IsSqlite ? (double)q : q;

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        IsSqlite ? SqliteTime.FromMicroseconds(reader.GetInt64(ordinal)) : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public DateTimeOffset? ReadOptionalTime(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    public static long? ReadOptionalLong(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public decimal ReadQuantity(DbDataReader reader, int ordinal) => IsSqlite ? (decimal)reader.GetDouble(ordinal) : reader.GetDecimal(ordinal);

    // A list of ids as one parameter: "IN ({ids})" becomes json_each on SQLite and = ANY on PostgreSQL.
    public DbCommand IdsCommand(string sql, IReadOnlyCollection<long> ids, params (string Name, object? Value)[] parameters)
    {
        var cmd = Command(sql.Replace("IN ({ids})", IsSqlite ? "IN (SELECT value FROM json_each(@ids))" : "= ANY(@ids)", StringComparison.Ordinal), parameters);
        var p = cmd.CreateParameter();
        p.ParameterName = "@ids";
        p.Value = IsSqlite ? System.Text.Json.JsonSerializer.Serialize(ids) : ids.ToArray();
        cmd.Parameters.Add(p);
        return cmd;
    }

    // A unique index refused a row: a concurrent writer stored it first.
    public static bool IsUniqueViolation(DbException e) =>
        e is Npgsql.PostgresException { SqlState: "23505" } || e is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 2067 };

    public static object Db(object? value) => value ?? DBNull.Value;

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = Connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = Db(value);
            cmd.Parameters.Add(p);
        }
        return cmd;
    }

    public async Task<long> ScalarLongAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var cmd = Command(sql, parameters);
        var result = await cmd.ExecuteScalarAsync(ct);
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    // Writers of a table that readers follow by id (a cursor) take this lock, so that its ids commit in the order they
    // were drawn and a reader past id n never sees a smaller one appear later. SQLite serialises all writers already.
    public async Task LockWritersAsync(string table, CancellationToken ct)
    {
        if (IsSqlite)
        {
            return;
        }
        await using var cmd = Command("SELECT pg_advisory_xact_lock(hashtext(@t))", ("t", table));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    // Reserves n consecutive ids for a table whose rows this transaction is about to insert.
    // SQLite: writers are serialized by the immediate transaction, so MAX(id)+1.. is ours alone.
    // PostgreSQL: take them from the identity sequence, which never hands a value out twice.
    public async Task<long[]> ReserveIdsAsync(string table, int n, CancellationToken ct)
    {
        var ids = new long[n];
        if (n == 0)
        {
            return ids;
        }
        if (IsSqlite)
        {
            var next = await ScalarLongAsync($"SELECT COALESCE(MAX(id), 0) FROM {table}", ct) + 1;
            for (var i = 0; i < n; i++)
            {
                ids[i] = next + i;
            }
            return ids;
        }
        await using var cmd = Command($"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, @n)", ("n", n));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var k = 0;
        while (await reader.ReadAsync(ct))
        {
            ids[k++] = reader.GetInt64(0);
        }
        return ids;
    }

    public const int SqliteRowsPerInsert = 50;
    const int SqliteParametersPerInsert = 80;

    // Rows (or IN-list values) per statement for the hot paths' multi-row commands.
    public int RowsPerStatement => IsSqlite ? SqliteRowsPerInsert : 500;

    // Inserts rows with multi-row INSERT statements, reusing one prepared command for full batches.
    public async Task InsertAsync(string table, string[] columns, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return;
        }
        if (IsSqlite && Connection is Microsoft.Data.Sqlite.SqliteConnection { State: System.Data.ConnectionState.Open } sqlite && Transaction is not null)
        {
            SqliteRows.Insert(sqlite, table, columns, rows);
            return;
        }
        // Microsoft.Data.Sqlite binds each parameter by looking its name up in the statement's list of
        // names, so a statement's bind time grows with the square of its parameter count: 500 rows of 11
        // columns spent ~0.5 s binding per statement. SQLite has no round trip to save, so it gets short
        // statements (EPCIS capture of 1,000 units per document: 800 parameters per statement wrote them
        // at half the speed of 80); PostgreSQL keeps long ones to save round trips.
        var batch = Math.Max(1, IsSqlite ? SqliteParametersPerInsert / columns.Length : Math.Min(500, 30000 / columns.Length));
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += batch)
            {
                var count = Math.Min(batch, rows.Count - start);
                DbCommand cmd;
                if (count == batch)
                {
                    cmd = full ?? await PrepareInsertAsync(table, columns, batch, ct);
                }
                else
                {
                    cmd = await PrepareInsertAsync(table, columns, count, ct);
                }
                var k = 0;
                for (var r = start; r < start + count; r++)
                {
                    var row = rows[r];
                    for (var c = 0; c < columns.Length; c++)
                    {
                        cmd.Parameters[k++].Value = Db(row[c]);
                    }
                }
                if (count == batch && full is null)
                {
                    // Prepared once, with the first batch's values so that PostgreSQL sees the types.
                    await cmd.PrepareAsync(ct);
                    full = cmd;
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

    async Task<DbCommand> PrepareInsertAsync(string table, string[] columns, int rows, CancellationToken ct)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("INSERT INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ");
        var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        var k = 0;
        for (var r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
            {
                // The prefix is part of the name: without it Microsoft.Data.Sqlite tries ':', '@' and '$'.
                var name = "@p" + k++;
                sb.Append(c == 0 ? "" : ", ").Append(name);
                var p = cmd.CreateParameter();
                p.ParameterName = name;
                p.Value = DBNull.Value;
                cmd.Parameters.Add(p);
            }
            sb.Append(')');
        }
        cmd.CommandText = sb.ToString();
        return await Task.FromResult(cmd);
    }

    // Runs a query whose "{in}" stands for a list of values, one statement per RowsPerStatement values,
    // and returns the first column of every row.
    public Task<List<string>> StringsWhereInAsync(string sql, IReadOnlyList<string> values, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        OnOpenConnectionAsync(async () =>
        {
            var found = new List<string>();
            // The whole list as one parameter (a PostgreSQL array, a JSON array for SQLite's json_each): one
            // statement instead of one per 50 or 500 values, and the index is probed all the same.
            var arrays = sql.Contains("IN ({in})", StringComparison.Ordinal);
            foreach (var chunk in values.Chunk(arrays ? ListValues : RowsPerStatement))
            {
                await using var cmd = arrays ? ArrayCommand(sql, chunk, parameters) : InCommand(sql, chunk, parameters);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found.Add(reader.GetString(0));
                }
            }
            return found;
        }, ct);

    // Runs a query whose "IN ({ids})" stands for a list of ids (IdsCommand), in chunks, and hands every row to row.
    public Task ReadWhereInAsync(string sql, IReadOnlyCollection<long> ids, Action<DbDataReader> row, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        ids.Count == 0 ? Task.CompletedTask : OnOpenConnectionAsync(async () =>
        {
            foreach (var chunk in ids.Chunk(ListValues))
            {
                await using var cmd = IdsCommand(sql, chunk, parameters);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    row(reader);
                }
            }
            return 0;
        }, ct);

    public Task<int> ExecuteWhereInAsync(string sql, IReadOnlyList<string> values, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        OnOpenConnectionAsync(async () =>
        {
            var changed = 0;
            foreach (var chunk in values.Chunk(RowsPerStatement))
            {
                await using var cmd = InCommand(sql, chunk, parameters);
                changed += await cmd.ExecuteNonQueryAsync(ct);
            }
            return changed;
        }, ct);

    // EF counts opens: inside a transaction or a caller's open this neither opens a second connection nor
    // closes the caller's; on its own it opens for the work and closes after.
    public async Task<T> OnOpenConnectionAsync<T>(Func<Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    const int ListValues = 50_000;

    DbCommand ArrayCommand(string sql, string[] chunk, (string Name, object? Value)[] parameters)
    {
        var cmd = Command(sql.Replace("IN ({in})", IsSqlite ? "IN (SELECT value FROM json_each(@in))" : "= ANY(@in)", StringComparison.Ordinal), parameters);
        var p = cmd.CreateParameter();
        p.ParameterName = "@in";
        p.Value = IsSqlite ? System.Text.Json.JsonSerializer.Serialize(chunk) : chunk;
        cmd.Parameters.Add(p);
        return cmd;
    }

    DbCommand InCommand(string sql, string[] chunk, (string Name, object? Value)[] parameters)
    {
        var names = string.Join(", ", chunk.Select((_, i) => "@in" + i));
        var cmd = Command(sql.Replace("{in}", names, StringComparison.Ordinal), parameters);
        for (var i = 0; i < chunk.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@in" + i;
            p.Value = chunk[i];
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

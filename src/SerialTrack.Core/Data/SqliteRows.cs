using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SerialTrack.Core.Data;

// Multi-row INSERTs on SQLite bound by position straight onto SQLite's statement, through SQLitePCL, the library
// Microsoft.Data.Sqlite itself calls. Microsoft.Data.Sqlite binds every parameter by looking its name up in the
// statement (a linear search, so a statement's binding grows with the square of its parameters): that took a fifth of
// an EPCIS capture. Inside a transaction only: Microsoft.Data.Sqlite begins them IMMEDIATE, so the write lock is
// already held and SQLite never answers "busy" here (outside one, Microsoft.Data.Sqlite's retry on busy is needed).
// Values are stored as Microsoft.Data.Sqlite stores them.
public static class SqliteRows
{
    // SQLite allows 32,766 parameters per statement; the gain flattens well before that.
    const int ParametersPerStatement = 960;

    public static void Insert(SqliteConnection connection, string table, string[] columns, IReadOnlyList<object?[]> rows)
    {
        var db = connection.Handle!;
        var batch = Math.Max(1, ParametersPerStatement / columns.Length);
        sqlite3_stmt? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += batch)
            {
                var count = Math.Min(batch, rows.Count - start);
                var stmt = count == batch ? full ??= Prepare(db, table, columns, batch) : Prepare(db, table, columns, count);
                try
                {
                    var k = 1;
                    for (var r = start; r < start + count; r++)
                    {
                        var row = rows[r];
                        for (var c = 0; c < columns.Length; c++)
                        {
                            Check(db, Bind(stmt, k++, row[c], table, columns[c]));
                        }
                    }
                    var rc = raw.sqlite3_step(stmt);
                    if (rc != raw.SQLITE_DONE)
                    {
                        SqliteException.ThrowExceptionForRC(rc, db);
                    }
                }
                finally
                {
                    if (stmt == full)
                    {
                        raw.sqlite3_reset(stmt);
                        raw.sqlite3_clear_bindings(stmt);
                    }
                    else
                    {
                        stmt.Dispose();
                    }
                }
            }
        }
        finally
        {
            full?.Dispose();
        }
    }

    static sqlite3_stmt Prepare(sqlite3 db, string table, string[] columns, int rows)
    {
        var one = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
        var sql = new StringBuilder("INSERT INTO ").Append(table).Append(" (").Append(string.Join(", ", columns)).Append(") VALUES ")
            .AppendJoin(", ", Enumerable.Repeat(one, rows)).ToString();
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var stmt));
        return stmt;
    }

    static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    static int Bind(sqlite3_stmt stmt, int index, object? value, string table, string column) => value switch
    {
        null or DBNull => raw.sqlite3_bind_null(stmt, index),
        string s => raw.sqlite3_bind_text(stmt, index, s),
        long l => raw.sqlite3_bind_int64(stmt, index, l),
        int i => raw.sqlite3_bind_int64(stmt, index, i),
        bool b => raw.sqlite3_bind_int64(stmt, index, b ? 1 : 0),
        double d => raw.sqlite3_bind_double(stmt, index, d),
        short or byte or sbyte or ushort or uint => raw.sqlite3_bind_int64(stmt, index, Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        Enum e => raw.sqlite3_bind_int64(stmt, index, Convert.ToInt64(e, CultureInfo.InvariantCulture)),
        float f => raw.sqlite3_bind_double(stmt, index, f),
        decimal m => raw.sqlite3_bind_text(stmt, index, m.ToString("0.0###########################", CultureInfo.InvariantCulture)),
        // An empty span is a null pointer, which SQLite would store as NULL.
        byte[] { Length: 0 } => raw.sqlite3_bind_zeroblob(stmt, index, 0),
        byte[] bytes => raw.sqlite3_bind_blob(stmt, index, bytes),
        _ => throw new InvalidOperationException($"{table}.{column}: a {value.GetType().Name} has no SQLite form here; convert it first (SqlSession.Time, Quantity)."),
    };
}

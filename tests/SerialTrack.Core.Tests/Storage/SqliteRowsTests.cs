using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Storage;

// SqlSession writes SQLite rows by position (SqliteRows); they must be stored exactly as Microsoft.Data.Sqlite would
// store the same values, and a refused row must fail the way the callers recognise.
public sealed class SqliteRowsTests
{
    enum Colour { Red = 3 }

    static readonly object?[] Values =
    [
        null, DBNull.Value, "", "Ünïcödé ✓", 42L, -7, true, false, 2.5, 1.25f, (short)12, (byte)200, Colour.Red, 12.50m, new byte[] { 1, 2, 3 }, Array.Empty<byte>(),
    ];

    static async Task<List<string>> StoredAsync(DbConnection connection, long row)
    {
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT typeof(v) || ':' || quote(v) FROM t WHERE row = @row ORDER BY k";
        cmd.Parameters.Add(new SqliteParameter("@row", row));
        var found = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }
        return found;
    }

    [Fact]
    public async Task Rows_bound_by_position_are_stored_as_Microsoft_Data_Sqlite_stores_them_across_several_statements()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE t (row INTEGER, k INTEGER, v)");
        foreach (var (value, k) in Values.Select((v, k) => (v, k)))
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "INSERT INTO t (row, k, v) VALUES (1, @k, @v)";
            cmd.Parameters.Add(new SqliteParameter("@k", k));
            cmd.Parameters.Add(new SqliteParameter("@v", value ?? DBNull.Value));
            await cmd.ExecuteNonQueryAsync();
        }
        // 400 copies of the values: 6,400 rows of 3 columns, several full statements and a shorter last one.
        var rows = Enumerable.Range(0, 400).SelectMany(copy => Values.Select((v, k) => new object?[] { 2L + copy, k, v })).ToList();

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await new SqlSession(db).InsertAsync("t", ["row", "k", "v"], rows, default);
            await tx.CommitAsync();
        }

        var expected = await StoredAsync(connection, 1);
        Assert.Equal(Values.Length, expected.Count);
        Assert.Equal(expected, await StoredAsync(connection, 2));
        Assert.Equal(expected, await StoredAsync(connection, 401));
        Assert.Equal(400 * Values.Length, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM t WHERE row > 1").SingleAsync());
    }

    [Fact]
    public async Task A_row_a_unique_index_refuses_fails_as_a_unique_violation_and_the_transaction_writes_nothing()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE u (k TEXT UNIQUE)");

        var refused = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await new SqlSession(db).InsertAsync("u", ["k"], [["a"], ["b"], ["a"]], default);
            await tx.CommitAsync();
        });

        Assert.True(SqlSession.IsUniqueViolation(refused));
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM u").SingleAsync());
    }

    [Fact]
    public async Task A_value_without_a_SQLite_form_is_refused_naming_the_table_and_column()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE w (at)");
        await using var tx = await db.Database.BeginTransactionAsync();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => new SqlSession(db).InsertAsync("w", ["at"], [[DateTimeOffset.UnixEpoch]], default));

        Assert.StartsWith("w.at: a DateTimeOffset", refused.Message, StringComparison.Ordinal);
    }
}

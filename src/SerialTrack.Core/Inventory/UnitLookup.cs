using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Inventory;

public sealed record UnitSummary(long Id, long ProductId, string Sku, string ProductName, string Serial, UnitStatus Status, Stage Stage,
    long? LocationId, string? LocationCode, long? ContainerId, long? OwnerPartyId, long LastEventId, DateTimeOffset UpdatedAt, int Version);

// Lookup by serial is the hottest read (every scan): one indexed query in plain ADO.NET, no tracking.
public sealed class UnitLookup(SerialTrackDbContext db)
{
    bool opened;

    const string Select = """
        SELECT u.id, u.product_id, p.sku, p.name, u.serial, u.status, u.stage, u.location_id, l.code, u.container_id,
               u.owner_party_id, u.last_event_id, u.updated_at, u.version
        FROM units u
        JOIN products p ON p.id = u.product_id
        LEFT JOIN locations l ON l.id = u.location_id
        """;

    // Without a product, a serial may match units of several products: all are returned.
    public async Task<List<UnitSummary>> FindBySerialAsync(string serial, string? sku, CancellationToken ct)
    {
        var sql = await OpenAsync(ct);
        await using var cmd = sku is null
            ? sql.Command(Select + " WHERE u.serial = @s", ("s", serial))
            : sql.Command(Select + " WHERE u.serial = @s AND p.sku = @sku", ("s", serial), ("sku", sku));
        return await ReadAsync(sql, cmd, ct);
    }

    // By any identifier: the unit's own serial or any identifier it carries (optionally of one kind).
    public async Task<List<UnitSummary>> FindByIdentifierAsync(string value, string? kind, CancellationToken ct)
    {
        var sql = await OpenAsync(ct);
        await using var cmd = kind switch
        {
            null or "" => sql.Command(Select + " WHERE u.serial = @v UNION " + Select + " WHERE u.id IN (SELECT unit_id FROM unit_identifiers WHERE value = @v)", ("v", value)),
            IdentifierValues.OwnSerial => sql.Command(Select + " WHERE u.serial = @v", ("v", value)),
            _ => sql.Command(Select + " JOIN unit_identifiers i ON i.unit_id = u.id WHERE i.value = @v AND i.kind = @k", ("v", value), ("k", kind)),
        };
        return await ReadAsync(sql, cmd, ct);
    }

    public async Task<UnitSummary?> FindByIdAsync(long id, CancellationToken ct)
    {
        var sql = await OpenAsync(ct);
        await using var cmd = sql.Command(Select + " WHERE u.id = @id", ("id", id));
        return (await ReadAsync(sql, cmd, ct)).FirstOrDefault();
    }

    // The connection stays open until the DbContext is disposed (EF closes it then): opening a pooled
    // SQLite connection runs the connection pragmas again, which cost several times the lookup itself.
    async Task<SqlSession> OpenAsync(CancellationToken ct)
    {
        if (!opened)
        {
            await db.Database.OpenConnectionAsync(ct);
            opened = true;
        }
        return new SqlSession(db);
    }

    static async Task<List<UnitSummary>> ReadAsync(SqlSession sql, System.Data.Common.DbCommand cmd, CancellationToken ct)
    {
        var result = new List<UnitSummary>(1);
        if (!sql.IsSqlite)
        {
            // Npgsql keeps prepared statements on the pooled physical connection: the second lookup on
            // it skips parsing and planning.
            await cmd.PrepareAsync(ct);
        }
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var updated = sql.IsSqlite ? SqliteTime.FromMicroseconds(r.GetInt64(12)) : r.GetFieldValue<DateTimeOffset>(12);
            result.Add(new UnitSummary(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
                (UnitStatus)r.GetInt32(5), (Stage)r.GetInt32(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetInt64(10), r.GetInt64(11), updated, r.GetInt32(13)));
        }
        return result;
    }
}

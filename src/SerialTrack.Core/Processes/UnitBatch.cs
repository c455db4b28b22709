using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Processes;

// A unit as a process reads it: everything the rules look at, and the version it read.
public sealed record LoadedUnit(
    long Id, long ProductId, string Sku, string Serial, UnitStatus Status, Stage Stage,
    long? LocationId, long? ContainerId, long? OwnerPartyId, long? LotId, bool TestFailed, DateTimeOffset? ShippedAt, int Version)
{
    public string Name => $"{Sku} {Serial}";

    public UnitTarget Now => new(Status, Stage, LocationId, ContainerId, OwnerPartyId);
}

// The state a unit takes in an event. ShippedAt is only ever set (the first shipment starts the warranty).
public sealed record UnitTarget(UnitStatus Status, Stage Stage, long? LocationId, long? ContainerId, long? OwnerPartyId, DateTimeOffset? ShippedAt = null, bool? TestFailed = null);

public sealed record UnitChange(LoadedUnit Unit, UnitTarget Target, ObjectRole Role = ObjectRole.Subject);

// The set-based load and write every unit process shares: load by (product, serial) or id in a few
// queries, then one UPDATE per distinct target state that re-checks each unit's version, and one
// event_units row per unit holding its state after the event.
public static class UnitBatch
{
    const string Select = """
        SELECT u.id, u.product_id, p.sku, u.serial, u.status, u.stage, u.location_id, u.container_id, u.owner_party_id,
               u.lot_id, u.test_failed, u.shipped_at, u.version
        FROM units u JOIN products p ON p.id = u.product_id
        """;

    static LoadedUnit Read(SqlSession sql, DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), (UnitStatus)r.GetInt32(4), (Stage)r.GetInt32(5),
        SqlSession.ReadOptionalLong(r, 6), SqlSession.ReadOptionalLong(r, 7), SqlSession.ReadOptionalLong(r, 8), SqlSession.ReadOptionalLong(r, 9),
        r.GetBoolean(10), sql.ReadOptionalTime(r, 11), r.GetInt32(12));

    // In request order; an unknown product or serial, or a unit named twice, is refused by its field.
    public static async Task<List<LoadedUnit>> LoadAsync(SerialTrackDbContext db, SqlSession sql, IReadOnlyList<UnitRef> refs, string field, CancellationToken ct)
    {
        var result = new List<LoadedUnit>(refs.Count);
        if (refs.Count == 0)
        {
            return result;
        }
        var skus = refs.Select((r, i) => Text.RequiredCode(r.Product, $"{field}[{i}].product", 64)).Distinct().ToList();
        var products = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id, ct);
        var wanted = new Dictionary<(long, string), int>();
        var byProduct = new Dictionary<long, List<string>>();
        for (var i = 0; i < refs.Count; i++)
        {
            var sku = refs[i].Product.Trim();
            if (!products.TryGetValue(sku, out var productId))
            {
                throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", $"{field}[{i}].product");
            }
            var serial = Text.RequiredCode(refs[i].Serial, $"{field}[{i}].serial", Serials.MaxLength);
            if (!wanted.TryAdd((productId, serial), i))
            {
                throw DomainException.BadInput("serials.duplicate", $"{field}[{i}].serial", $"Unit {sku} {serial} appears twice in the request.");
            }
            if (!byProduct.TryGetValue(productId, out var list))
            {
                byProduct[productId] = list = [];
            }
            list.Add(serial);
        }
        var found = new Dictionary<(long, string), LoadedUnit>(refs.Count);
        await sql.OnOpenConnectionAsync(async () =>
        {
            foreach (var (productId, serials) in byProduct)
            {
                foreach (var chunk in serials.Chunk(50_000))
                {
                    await using var cmd = sql.Command(Select + " WHERE u.product_id = @p AND u.serial IN "
                        + (sql.IsSqlite ? "(SELECT value FROM json_each(@s))" : "(SELECT unnest(@s))"), ("p", productId));
                    var p = cmd.CreateParameter();
                    p.ParameterName = "@s";
                    p.Value = sql.IsSqlite ? System.Text.Json.JsonSerializer.Serialize(chunk) : chunk;
                    cmd.Parameters.Add(p);
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        var u = Read(sql, reader);
                        found[(u.ProductId, u.Serial)] = u;
                    }
                }
            }
            return 0;
        }, ct);
        var skuById = products.ToDictionary(kv => kv.Value, kv => kv.Key);
        foreach (var ((productId, serial), index) in wanted.OrderBy(kv => kv.Value))
        {
            result.Add(found.TryGetValue((productId, serial), out var u) ? u
                : throw DomainException.NotFound("unit.not_found", $"No unit {skuById[productId]} {serial}.", $"{field}[{index}]"));
        }
        return result;
    }

    public static async Task<List<LoadedUnit>> LoadByIdsAsync(SqlSession sql, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ids.Count == 0 ? [] : await QueryAsync(sql, Select + " WHERE u.id IN ({ids})", ids, ct);

    // Everything packed directly in these containers.
    public static async Task<List<LoadedUnit>> LoadInContainersAsync(SqlSession sql, IReadOnlyCollection<long> containerIds, CancellationToken ct) =>
        containerIds.Count == 0 ? [] : await QueryAsync(sql, Select + " WHERE u.container_id IN ({ids})", containerIds, ct);

    static Task<List<LoadedUnit>> QueryAsync(SqlSession sql, string text, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        sql.OnOpenConnectionAsync(async () =>
        {
            var list = new List<LoadedUnit>(ids.Count);
            foreach (var chunk in ids.Chunk(50_000))
            {
                await using var cmd = sql.IdsCommand(text, chunk);
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    list.Add(Read(sql, reader));
                }
            }
            return list;
        }, ct);

    public static async Task ApplyAsync(SqlSession sql, long eventId, IReadOnlyList<UnitChange> changes, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var group in changes.GroupBy(c => c.Target))
        {
            await UpdateAsync(sql, eventId, group.Key, [.. group.Select(c => c.Unit)], now, ct);
        }
        await sql.InsertAsync("event_units", EventUnitColumns,
            changes.Select(c => new object?[]
            {
                eventId, c.Unit.Id, (int)c.Role, c.Unit.LocationId, (int)c.Target.Status, (int)c.Target.Stage, c.Target.LocationId, c.Target.ContainerId, c.Target.OwnerPartyId,
            }).ToList(), ct);
    }

    // Puts units into one state as of one event, each only if it still has the version it was read with. The units are
    // given as they were read: a column is set only where one of them differs, because SQLite rewrites every index on a
    // column the statement sets, changed or not (a move that also set status, container and owner kept four extra
    // indexes busy per unit).
    public static async Task UpdateAsync(SqlSession sql, long eventId, UnitTarget t, IReadOnlyList<LoadedUnit> units, DateTimeOffset now, CancellationToken ct)
    {
        var at = sql.Time(now);
        // An archived unit that comes back into stock (a return) shows in the stock views again.
        var staysOut = Array.IndexOf(History.Archiving.Archivable, t.Status) >= 0;
        foreach (var chunk in units.Chunk(sql.RowsPerStatement))
        {
            var set = new List<string>();
            void SetIf(bool needed, string assignment)
            {
                if (needed)
                {
                    set.Add(assignment);
                }
            }
            SetIf(chunk.Any(u => u.Status != t.Status), "status = @status");
            SetIf(chunk.Any(u => u.Stage != t.Stage), "stage = @stage");
            SetIf(chunk.Any(u => u.LocationId != t.LocationId), "location_id = @loc");
            SetIf(chunk.Any(u => u.ContainerId != t.ContainerId), "container_id = @container");
            SetIf(chunk.Any(u => u.OwnerPartyId != t.OwnerPartyId), "owner_party_id = @owner");
            SetIf(t.ShippedAt is not null && chunk.Any(u => u.ShippedAt is null), "shipped_at = COALESCE(shipped_at, @shipped)");
            SetIf(t.TestFailed is { } failed && chunk.Any(u => u.TestFailed != failed), "test_failed = @failed");
            SetIf(!staysOut, "archived = FALSE");
            var pairs = string.Join(", ", chunk.Select((_, i) => $"(@i{i}, @v{i})"));
            // SQLite scans the whole table for a row-value IN; the plain id list beside it is a primary-key search.
            var ids = string.Join(", ", chunk.Select((_, i) => $"@i{i}"));
            await using var cmd = sql.Command($"""
                UPDATE units SET {string.Join(", ", set.Append("last_event_id = @e").Append("updated_at = @now").Append("version = version + 1"))}
                WHERE id IN ({ids}) AND (id, version) IN (VALUES {pairs})
                """,
                ("status", (int)t.Status), ("stage", (int)t.Stage), ("loc", t.LocationId), ("container", t.ContainerId), ("owner", t.OwnerPartyId),
                ("shipped", t.ShippedAt is { } s ? sql.Time(s) : null), ("failed", t.TestFailed), ("e", eventId), ("now", at));
            for (var i = 0; i < chunk.Length; i++)
            {
                AddParameter(cmd, "@i" + i, chunk[i].Id);
                AddParameter(cmd, "@v" + i, chunk[i].Version);
            }
            if (await cmd.ExecuteNonQueryAsync(ct) != chunk.Length)
            {
                throw DomainException.Conflict("unit.changed", "A unit was changed by someone else at the same time; nothing was done. Try again.");
            }
        }
    }

    public static readonly string[] EventUnitColumns = ["event_id", "unit_id", "role", "from_location_id", "status", "stage", "location_id", "container_id", "owner_party_id"];

    static void AddParameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    public static string Describe(UnitStatus status) => status switch
    {
        UnitStatus.OnHold => "on hold",
        UnitStatus.InTransit => "in transit",
        UnitStatus.AtCustomer => "at a customer",
        UnitStatus.Consumed => "consumed into another unit",
        UnitStatus.Scrapped => "scrapped",
        UnitStatus.ReturnedToSupplier => "returned to the supplier",
        UnitStatus.Quarantine => "in quarantine",
        _ => status.ToString().ToLowerInvariant(),
    };
}

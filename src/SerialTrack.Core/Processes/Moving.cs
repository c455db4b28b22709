using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;

namespace SerialTrack.Core.Processes;

public sealed record UnitRef(string Product, string Serial);

public sealed record LotQuantity(string Product, string Lot, decimal Quantity, string From);

// Move units and lot quantities to one destination. From, when given, is where the mover believes the
// units are; ExpectedVersion, when given, is the unit version the mover last saw (single-unit moves
// from a screen). Either turns a concurrent change into a conflict instead of a silent second move.
public sealed record MoveRequest(
    string To,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotQuantity>? Lots = null,
    string? From = null,
    int? ExpectedVersion = null,
    EventContext? Context = null);

public sealed class Moving(SerialTrackDbContext db, TimeProvider clock)
{
    static readonly UnitStatus[] Movable = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine, UnitStatus.InTransit];

    public async Task<ProcessResult> MoveAsync(MoveRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Moved, ct) is { } replay)
        {
            return replay;
        }
        var unitRefs = request.Units ?? [];
        var lotRefs = request.Lots ?? [];
        if (unitRefs.Count == 0 && lotRefs.Count == 0)
        {
            throw DomainException.BadInput("move.empty", "units", "Nothing to move: give units or lot quantities.");
        }
        if (request.ExpectedVersion is not null && unitRefs.Count != 1)
        {
            throw DomainException.BadInput("move.expected_version", "expectedVersion", "expectedVersion applies to a move of exactly one unit.");
        }
        var locations = new LocationCatalog(db, clock);
        var to = await locations.FindAsync(Text.RequiredCode(request.To, "to", 64), "to", ct);
        if (to.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{to.Code}' is archived.", "to");
        }
        Location? from = Text.Optional(request.From, "from", 64) is { } fromCode ? await locations.FindAsync(fromCode, "from", ct) : null;

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await LoadUnitsAsync(sql, unitRefs, ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (!Movable.Contains(u.Status))
            {
                throw DomainException.Rule("unit.not_movable", $"Unit {u.Sku} {u.Serial} is {Describe(u.Status)} and cannot be moved.", field);
            }
            if (from is not null && u.LocationId != from.Id)
            {
                throw DomainException.Conflict("unit.not_at_location", $"Unit {u.Sku} {u.Serial} is not at '{from.Code}'.", field);
            }
            if (request.ExpectedVersion is { } expected && u.Version != expected)
            {
                throw DomainException.Conflict("unit.changed", $"Unit {u.Sku} {u.Serial} was changed by someone else (version {u.Version}, expected {expected}); reload and try again.", field);
            }
        }
        var lotMoves = await LoadLotsAsync(lotRefs, ct);

        var ev = EventLog.New(EventType.Moved, EventAction.Observe, "relocating", null, actor, context, clock);
        ev.ReadPointId = to.Id;
        ev.BizLocationId = to.Id;
        ev.ObjectCount = units.Count + lotMoves.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        await UpdateUnitsAsync(sql, units, to.Id, ev.Id, ct);
        await sql.InsertAsync("event_units", Columns.EventUnits,
            units.Select(u => new object?[] { ev.Id, u.Id, (int)ObjectRole.Subject, u.LocationId }).ToList(), ct);

        foreach (var (line, balance) in lotMoves)
        {
            balance.Quantity -= line.Quantity;
            balance.Version++;
            balance.UpdatedAt = clock.GetUtcNow();
            await LotBalances.AddAsync(db, balance.LotId, to.Id, balance.Status, line.Quantity, clock, ct);
            db.EventLots.Add(new EventLot { EventId = ev.Id, LotId = balance.LotId, Role = ObjectRole.Subject, Quantity = line.Quantity, FromLocationId = balance.LocationId, LocationId = to.Id });
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("lot.changed", "A lot balance was changed by someone else during the move; nothing was moved. Try again.");
        }
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Moved, units.Count, lotMoves.Count);
    }

    static string Describe(UnitStatus status) => status switch
    {
        UnitStatus.AtCustomer => "at a customer",
        UnitStatus.Consumed => "consumed into another unit",
        UnitStatus.Scrapped => "scrapped",
        _ => status.ToString().ToLowerInvariant(),
    };

    internal sealed record LoadedUnit(long Id, string Sku, string Serial, UnitStatus Status, long? LocationId, int Version);

    // One query per product and 500 serials; an unknown serial is refused by name.
    async Task<List<LoadedUnit>> LoadUnitsAsync(SqlSession sql, IReadOnlyList<UnitRef> refs, CancellationToken ct)
    {
        var result = new List<LoadedUnit>(refs.Count);
        if (refs.Count == 0)
        {
            return result;
        }
        var skus = refs.Select((r, i) => Text.RequiredCode(r.Product, $"units[{i}].product", 64)).Distinct().ToList();
        var products = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, p => p.Id, ct);
        var byProduct = new Dictionary<long, List<(int Index, string Serial)>>();
        var seen = new HashSet<(long, string)>();
        for (var i = 0; i < refs.Count; i++)
        {
            var sku = refs[i].Product.Trim();
            if (!products.TryGetValue(sku, out var productId))
            {
                throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", $"units[{i}].product");
            }
            var serial = Text.RequiredCode(refs[i].Serial, $"units[{i}].serial", Serials.MaxLength);
            if (!seen.Add((productId, serial)))
            {
                throw DomainException.BadInput("serials.duplicate", $"units[{i}].serial", $"Unit {sku} {serial} appears twice in the request.");
            }
            if (!byProduct.TryGetValue(productId, out var list))
            {
                byProduct[productId] = list = [];
            }
            list.Add((i, serial));
        }
        var skuById = products.ToDictionary(kv => kv.Value, kv => kv.Key);
        foreach (var (productId, list) in byProduct)
        {
            foreach (var chunk in list.Chunk(sql.RowsPerStatement))
            {
                var found = new Dictionary<string, LoadedUnit>(chunk.Length, StringComparer.Ordinal);
                var names = string.Join(", ", chunk.Select((_, i) => "@s" + i));
                await using var cmd = sql.Command($"SELECT id, serial, status, location_id, version FROM units WHERE product_id = @p AND serial IN ({names})", ("p", productId));
                AddValues(cmd, "s", chunk.Select(c => (object)c.Serial));
                await using (var reader = await cmd.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        var serial = reader.GetString(1);
                        found[serial] = new LoadedUnit(reader.GetInt64(0), skuById[productId], serial, (UnitStatus)reader.GetInt32(2),
                            reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt32(4));
                    }
                }
                foreach (var (index, serial) in chunk)
                {
                    result.Add(found.TryGetValue(serial, out var u) ? u
                        : throw DomainException.NotFound("unit.not_found", $"No unit {skuById[productId]} {serial}.", $"units[{index}]"));
                }
            }
        }
        return result;
    }

    // Set-based update that re-checks each unit's version: if anyone changed one of them since it was
    // read, fewer rows match and the whole move is refused.
    async Task UpdateUnitsAsync(SqlSession sql, List<LoadedUnit> units, long to, long eventId, CancellationToken ct)
    {
        var now = sql.Time(clock.GetUtcNow());
        foreach (var chunk in units.Chunk(sql.RowsPerStatement))
        {
            var pairs = string.Join(", ", chunk.Select((_, i) => $"(@i{i}, @v{i})"));
            await using var cmd = sql.Command(
                $"UPDATE units SET location_id = @to, last_event_id = @e, updated_at = @now, version = version + 1 WHERE (id, version) IN (VALUES {pairs})",
                ("to", to), ("e", eventId), ("now", now));
            AddValues(cmd, "i", chunk.Select(u => (object)u.Id));
            AddValues(cmd, "v", chunk.Select(u => (object)u.Version));
            var changed = await cmd.ExecuteNonQueryAsync(ct);
            if (changed != chunk.Length)
            {
                throw DomainException.Conflict("unit.changed", "A unit in the move was changed by someone else at the same time; nothing was moved. Try again.");
            }
        }
    }

    static void AddValues(DbCommand cmd, string prefix, IEnumerable<object> values)
    {
        var i = 0;
        foreach (var v in values)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + prefix + i++;
            p.Value = v;
            cmd.Parameters.Add(p);
        }
    }

    async Task<List<(LotQuantity Line, LotBalance Balance)>> LoadLotsAsync(IReadOnlyList<LotQuantity> refs, CancellationToken ct)
    {
        var result = new List<(LotQuantity, LotBalance)>();
        for (var i = 0; i < refs.Count; i++)
        {
            var line = refs[i];
            var field = $"lots[{i}]";
            var sku = Text.RequiredCode(line.Product, $"{field}.product", 64);
            var code = Text.RequiredCode(line.Lot, $"{field}.lot", 64);
            var fromCode = Text.RequiredCode(line.From, $"{field}.from", 64);
            Quantities.RequirePositive(line.Quantity, $"{field}.quantity");
            var lot = await (from l in db.Lots
                             join p in db.Products on l.ProductId equals p.Id
                             where p.Sku == sku && l.Code == code
                             select l).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("lot.not_found", $"No lot '{code}' of '{sku}'.", field);
            var from = await db.Locations.FirstOrDefaultAsync(l => l.Code == fromCode, ct)
                ?? throw DomainException.NotFound("location.not_found", $"No location with code '{fromCode}'.", $"{field}.from");
            var balance = await db.LotBalances.FirstOrDefaultAsync(b => b.LotId == lot.Id && b.LocationId == from.Id && b.Status == BalanceStatus.Available, ct);
            var available = balance?.Quantity ?? 0;
            var alreadyTaken = result.Where(r => r.Item2 == balance).Sum(r => r.Item1.Quantity);
            if (balance is null || available - alreadyTaken < line.Quantity)
            {
                throw DomainException.Rule("lot.insufficient", $"Lot '{code}' of '{sku}' has {available - alreadyTaken} available at '{fromCode}', less than {line.Quantity}.", $"{field}.quantity");
            }
            result.Add((line, balance));
        }
        return result;
    }
}

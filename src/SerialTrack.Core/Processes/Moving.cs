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
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (!Movable.Contains(u.Status))
            {
                throw DomainException.Rule("unit.not_movable", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)} and cannot be moved.", field);
            }
            if (from is not null && u.LocationId != from.Id)
            {
                throw DomainException.Conflict("unit.not_at_location", $"Unit {u.Name} is not at '{from.Code}'.", field);
            }
            if (request.ExpectedVersion is { } expected && u.Version != expected)
            {
                throw DomainException.Conflict("unit.changed", $"Unit {u.Name} was changed by someone else (version {u.Version}, expected {expected}); reload and try again.", field);
            }
            if (u.ContainerId is not null)
            {
                throw DomainException.Rule("unit.in_container", $"Unit {u.Name} is packed in a container: move the container or unpack the unit first.", field);
            }
        }
        var lotMoves = await LoadLotsAsync(lotRefs, ct);

        var ev = EventLog.New(EventType.Moved, EventAction.Observe, "relocating", null, actor, context, clock);
        ev.ReadPointId = to.Id;
        ev.BizLocationId = to.Id;
        ev.ObjectCount = units.Count + lotMoves.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { LocationId = to.Id })).ToList(), clock.GetUtcNow(), ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lotMoves.Count; i++)
        {
            var (line, lot, fromId) = lotMoves[i];
            await ledger.TransferAsync(ev.Id, lot, line.Product.Trim(), line.Quantity,
                new BalanceKey(fromId, BalanceStatus.Available), new BalanceKey(to.Id, BalanceStatus.Available), ObjectRole.Subject, $"lots[{i}]", ct);
        }
        await ledger.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Moved, units.Count, lotMoves.Count);
    }

    // Checks each line names a known lot and location; the ledger checks the quantity when it moves it.
    async Task<List<(LotQuantity Line, Lot Lot, long From)>> LoadLotsAsync(IReadOnlyList<LotQuantity> refs, CancellationToken ct)
    {
        var result = new List<(LotQuantity, Lot, long)>();
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
            result.Add((line, lot, from.Id));
        }
        return result;
    }
}

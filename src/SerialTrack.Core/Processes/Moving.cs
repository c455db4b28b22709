using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Processes;

public sealed record UnitRef(string Product, string Serial);

public sealed record LotQuantity(string Product, string Lot, decimal Quantity, string From);

// Move units, lot quantities and containers (by code or SSCC) to one destination. From, when given, is
// where the mover believes the units are; ExpectedVersion, when given, is the unit version the mover last
// saw (single-unit moves from a screen). Either turns a concurrent change into a conflict instead of a
// silent second move. A container moves with everything inside it, nested containers included.
public sealed record MoveRequest(
    string To,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotQuantity>? Lots = null,
    string? From = null,
    int? ExpectedVersion = null,
    EventContext? Context = null,
    IReadOnlyList<string>? Containers = null);

public sealed class Moving(SerialTrackDbContext db, TimeProvider clock)
{
    internal static readonly UnitStatus[] Movable = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine, UnitStatus.InTransit];

    public async Task<ProcessResult> MoveAsync(MoveRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Moved, ct) is { } replay)
        {
            return replay;
        }
        var unitRefs = request.Units ?? [];
        var lotRefs = request.Lots ?? [];
        var containerRefs = request.Containers ?? [];
        if (unitRefs.Count == 0 && lotRefs.Count == 0 && containerRefs.Count == 0)
        {
            throw DomainException.BadInput("move.empty", "units", "Nothing to move: give units, lot quantities or containers.");
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
        await using var tx = await Transactions.BeginAsync(db, ct);
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
        var lotMoves = await ContainerTree.LoadLotLinesAsync(db, lotRefs, "lots", ct);
        var roots = new List<Container>();
        for (var i = 0; i < containerRefs.Count; i++)
        {
            var field = $"containers[{i}]";
            var c = await ContainerTree.FindAsync(db, containerRefs[i], field, ct);
            ContainerTree.RequireNotShipped(c, field, "moved");
            if (c.ParentContainerId is { } outer)
            {
                throw DomainException.Rule("container.in_container", $"Container {c.Code} is packed in {await ContainerTree.NameAsync(db, outer, ct)}: move that one or unpack it first.", field);
            }
            if (from is not null && c.LocationId != from.Id)
            {
                throw DomainException.Conflict("container.not_at_location", $"Container {c.Code} is not at '{from.Code}'.", field);
            }
            if (roots.Any(r => r.Id == c.Id))
            {
                throw DomainException.BadInput("containers.duplicate", field, $"Container {c.Code} appears twice in the request.");
            }
            roots.Add(c);
        }
        var containers = await ContainerTree.WithNestedAsync(db, roots, ct);
        var packedUnits = await UnitBatch.LoadInContainersAsync(sql, containers.Select(c => c.Id).ToList(), ct);
        if (packedUnits.FirstOrDefault(u => !Movable.Contains(u.Status)) is { } stuck)
        {
            throw DomainException.Rule("unit.not_movable", $"Unit {stuck.Name} in container {containers.First(c => c.Id == stuck.ContainerId).Code} is {UnitBatch.Describe(stuck.Status)} and cannot be moved.", "containers");
        }
        var packedLots = await ContainerTree.LotsInAsync(db, containers.Select(c => c.Id).ToList(), ct);
        await InstructionGate.RequireAsync(db, InstructionProcesses.Move, [.. InstructionGate.At(units, "units"), .. packedUnits.Select(u => (u, "containers"))], InstructionGate.At(lotMoves.Select(x => x.Lot), "lots"), ct);

        var ev = EventLog.New(EventType.Moved, EventAction.Observe, "relocating", null, actor, context, clock);
        ev.ReadPointId = to.Id;
        ev.BizLocationId = to.Id;
        ev.ObjectCount = units.Count + lotMoves.Count + roots.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        // Units inside containers keep their container: they only change place.
        var changes = units.Concat(packedUnits).Select(u => new UnitChange(u, u.Now with { LocationId = to.Id })).ToList();
        await UnitBatch.ApplyAsync(sql, ev.Id, changes, clock.GetUtcNow(), ct);
        var ledger = new LotLedger(db, clock);
        foreach (var row in packedLots.Where(x => x.Quantity > 0))
        {
            var c = containers.First(x => x.Id == row.ContainerId);
            var lot = await db.Lots.FirstAsync(l => l.Id == row.LotId, ct);
            var sku = await db.Products.Where(p => p.Id == lot.ProductId).Select(p => p.Sku).FirstAsync(ct);
            await ledger.TransferAsync(ev.Id, lot, sku, row.Quantity, new BalanceKey(c.LocationId!.Value, BalanceStatus.Available),
                new BalanceKey(to.Id, BalanceStatus.Available), ObjectRole.Child, "containers", ct);
        }
        foreach (var c in containers)
        {
            var was = c.LocationId;
            c.LocationId = to.Id;
            ContainerTree.Touch(c, ev.Id, clock.GetUtcNow());
            db.EventContainers.Add(ContainerTree.Row(ev.Id, c, roots.Contains(c) ? ObjectRole.Subject : ObjectRole.Child, was));
        }
        for (var i = 0; i < lotMoves.Count; i++)
        {
            var (line, lot, sku, fromId) = lotMoves[i];
            // Quantities packed in a container move with the container, not loose.
            var loose = await ContainerTree.UnpackedQuantityAsync(db, lot.Id, fromId, ct);
            if (loose < line.Quantity)
            {
                throw DomainException.Rule("lot.insufficient", $"Lot '{lot.Code}' of '{sku}' has {loose} available outside containers there, less than {line.Quantity}.", $"lots[{i}].quantity");
            }
            await ledger.TransferAsync(ev.Id, lot, sku, line.Quantity,
                new BalanceKey(fromId, BalanceStatus.Available), new BalanceKey(to.Id, BalanceStatus.Available), ObjectRole.Subject, $"lots[{i}]", ct);
        }
        await ContainerTree.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Moved, changes.Count, lotMoves.Count + packedLots.Count);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;

namespace SerialTrack.Core.Processes;

// A lot named by product and code, with a quantity (returns, decisions).
public sealed record LotRef(string Product, string Lot, decimal Quantity = 0);

// The units and lot quantities of an RMA that arrived, into a quarantine location.
public sealed record ReceiveReturnRequest(
    string Rma,
    string Location,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotRef>? Lots = null,
    EventContext? Context = null);

// Inspection's decision for returned units and lots of one RMA: one disposition per request. Location is
// where restocked (or repaired) stock goes; Supplier is who gets it back for ReturnToSupplier.
public sealed record DecideReturnRequest(
    string Rma,
    ReturnDisposition Disposition,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotRef>? Lots = null,
    string? Location = null,
    string? Supplier = null,
    EventContext? Context = null);

// A repair on an assembled unit: take components out (to quarantine at Location, or scrapped) and build
// new ones in. Rma, when given, ties the repair to the return it belongs to.
public sealed record ReplaceComponentsRequest(
    UnitRef Assembly,
    IReadOnlyList<UnitRef>? Remove = null,
    IReadOnlyList<UnitRef>? Add = null,
    UnitStatus RemovedStatus = UnitStatus.Quarantine,
    string? Location = null,
    string? Rma = null,
    EventContext? Context = null);

// Returns against an RMA (an order of kind Return, created by OrderBook): receipt into quarantine, the
// inspection decision, and repairs that swap components.
public sealed class Returns(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<ProcessResult> ReceiveReturnAsync(ReceiveReturnRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Returned, ct) is { } replay)
        {
            return replay;
        }
        var unitRefs = request.Units ?? [];
        var lotRefs = request.Lots ?? [];
        if (unitRefs.Count == 0 && lotRefs.Count == 0)
        {
            throw DomainException.BadInput("return.empty", "units", "Nothing returned: scan units or give lot quantities.");
        }
        var order = await OpenRmaAsync(request.Rma, ct);
        var location = await Places.LocationAsync(db, request.Location, "location", ct);

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lines = await db.OrderLines.Where(l => l.OrderId == order.Id).OrderBy(l => l.LineNo).ToListAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        var changes = new List<UnitChange>(units.Count);
        var byUnit = lines.Where(l => l.UnitId is not null).ToDictionary(l => l.UnitId!.Value);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (!byUnit.TryGetValue(u.Id, out var line))
            {
                throw DomainException.Rule("return.unit_not_on_rma", $"Unit {u.Name} is not on {order.Number}.", field);
            }
            if (line.DoneQuantity >= line.Quantity)
            {
                throw DomainException.Rule("return.already_received", $"Unit {u.Name} was already received against {order.Number}.", field);
            }
            if (u.Status != UnitStatus.AtCustomer)
            {
                throw DomainException.Rule("return.unit_not_at_customer", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}, not at a customer: it cannot be returned.", field);
            }
            if (u.OwnerPartyId != order.PartyId)
            {
                throw DomainException.Rule("return.wrong_customer", $"Unit {u.Name} is at another customer than the one of {order.Number}.", field);
            }
            changes.Add(new UnitChange(u, new UnitTarget(UnitStatus.Quarantine, u.Stage, location.Id, null, null)));
        }
        var lots = await LotLinesAsync(order, lines, lotRefs, ct);
        var returned = new Dictionary<OrderLine, decimal>();
        for (var i = 0; i < lots.Count; i++)
        {
            var (lotRef, lot, line, _) = lots[i];
            Quantities.RequirePositive(lotRef.Quantity, $"lots[{i}].quantity");
            returned[line] = returned.GetValueOrDefault(line, line.DoneQuantity) + lotRef.Quantity;
            if (returned[line] > line.Quantity)
            {
                throw DomainException.Rule("return.over_quantity",
                    $"{order.Number} line {line.LineNo} allows {line.Quantity} of lot '{lot.Code}'; this return would make it {returned[line]}.", $"lots[{i}].quantity");
            }
        }
        // Lines change only once every rule has passed: a refused request leaves nothing changed behind.
        foreach (var c in changes)
        {
            byUnit[c.Unit.Id].DoneQuantity += 1;
        }
        foreach (var (lotRef, lot, line, _) in lots)
        {
            line.LotId ??= lot.Id;
            line.DoneQuantity += lotRef.Quantity;
        }

        var ev = EventLog.New(EventType.Returned, EventAction.Observe, "receiving", "returned", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.SourcePartyId = order.PartyId;
        ev.OrderId = order.Id;
        ev.BizTransaction = order.Number;
        ev.ObjectCount = units.Count + lots.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        await UnitBatch.ApplyAsync(sql, ev.Id, changes, clock.GetUtcNow(), ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (lotRef, lot, _, sku) = lots[i];
            await ledger.TransferAsync(ev.Id, lot, sku, lotRef.Quantity, null, new BalanceKey(location.Id, BalanceStatus.Quarantine), ObjectRole.Subject, $"lots[{i}]", ct);
        }
        OrderBook.UpdateStatus(order, lines, clock.GetUtcNow());
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Returned, units.Count, lots.Count);
    }

    public async Task<ProcessResult> DecideAsync(DecideReturnRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.ReturnDecided, ct) is { } replay)
        {
            return replay;
        }
        var unitRefs = request.Units ?? [];
        var lotRefs = request.Lots ?? [];
        if (unitRefs.Count == 0 && lotRefs.Count == 0)
        {
            throw DomainException.BadInput("return.empty", "units", "Nothing to decide: scan units or name lots.");
        }
        var disposition = request.Disposition;
        if (disposition is not (ReturnDisposition.Restock or ReturnDisposition.Repair or ReturnDisposition.ReturnToSupplier or ReturnDisposition.Scrap))
        {
            throw DomainException.BadInput("return.disposition", "disposition", "Decide restock, repair, return_to_supplier or scrap.");
        }
        var order = await OpenRmaAsync(request.Rma, ct);
        var location = disposition == ReturnDisposition.Restock || (disposition == ReturnDisposition.Repair && request.Location is not null)
            ? await Places.LocationAsync(db, request.Location, "location", ct) : null;
        Party? supplier = null;
        if (disposition == ReturnDisposition.ReturnToSupplier)
        {
            supplier = await Places.PartyAsync(db, request.Supplier, PartyRole.Supplier, "supplier", ct);
        }
        if (disposition == ReturnDisposition.Repair && lotRefs.Count > 0)
        {
            throw DomainException.Rule("return.repair_lot", "A lot quantity cannot be repaired: restock it, return it to the supplier or scrap it.", "lots[0]");
        }

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lines = await db.OrderLines.Where(l => l.OrderId == order.Id).OrderBy(l => l.LineNo).ToListAsync(ct);
        var byUnit = lines.Where(l => l.UnitId is not null).ToDictionary(l => l.UnitId!.Value);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        var decidedLines = new List<OrderLine>();
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (!byUnit.TryGetValue(u.Id, out var line))
            {
                throw DomainException.Rule("return.unit_not_on_rma", $"Unit {u.Name} is not on {order.Number}.", field);
            }
            RequireUndecided(order, line, u.Name, field);
            if (u.Status != UnitStatus.Quarantine)
            {
                throw DomainException.Rule("return.not_in_quarantine", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}, not in quarantine awaiting a decision.", field);
            }
            decidedLines.Add(line);
        }
        var lots = await LotLinesAsync(order, lines, lotRefs, ct);
        for (var i = 0; i < lots.Count; i++)
        {
            RequireUndecided(order, lots[i].Line, $"lot '{lots[i].Lot.Code}'", $"lots[{i}]");
            decidedLines.Add(lots[i].Line);
        }

        // Restocking after a repair puts the unit back in the stage it came back in.
        var returnedStage = await ReturnedStagesAsync(sql, order.Id, units.Select(u => u.Id).ToList(), ct);
        var ev = EventLog.New(EventType.ReturnDecided, EventAction.Observe, "inspecting", CbvDisposition(disposition), actor, context, clock);
        ev.ReadPointId = location?.Id;
        ev.BizLocationId = location?.Id;
        ev.OrderId = order.Id;
        ev.BizTransaction = order.Number;
        ev.ReasonCode = DispositionCode(disposition);
        ev.ObjectCount = units.Count + lots.Count;
        db.Events.Add(ev);
        Event? leaving = null;
        if (supplier is not null)
        {
            // EPCIS keeps a decision and a departure apart: the decision is an inspection, the departure a shipment.
            leaving = EventLog.New(EventType.ReturnedToSupplier, EventAction.Observe, "shipping", "returned", actor, context with { IdempotencyKey = null }, clock);
            leaving.DestinationPartyId = supplier.Id;
            leaving.OrderId = order.Id;
            leaving.BizTransaction = order.Number;
            leaving.ObjectCount = ev.ObjectCount;
            db.Events.Add(leaving);
        }
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        UnitTarget Target(LoadedUnit u) => disposition switch
        {
            ReturnDisposition.Restock => new UnitTarget(UnitStatus.Available, returnedStage.GetValueOrDefault(u.Id, u.Stage), location!.Id, null, null),
            ReturnDisposition.Repair => new UnitTarget(UnitStatus.Quarantine, Stage.WorkInProgress, location?.Id ?? u.LocationId, null, null),
            ReturnDisposition.Scrap => new UnitTarget(UnitStatus.Scrapped, u.Stage, null, null, null),
            _ => u.Now,
        };
        var decided = units.Select(u => new UnitChange(u, Target(u))).ToList();
        await UnitBatch.ApplyAsync(sql, ev.Id, decided, now, ct);
        if (leaving is not null)
        {
            // ApplyAsync checks the version each unit had: the decision just bumped it.
            var after = decided.Select(c => new UnitChange(c.Unit with { Version = c.Unit.Version + 1 }, new UnitTarget(UnitStatus.ReturnedToSupplier, c.Unit.Stage, null, null, supplier!.Id))).ToList();
            await UnitBatch.ApplyAsync(sql, leaving.Id, after, now, ct);
            await Holds.CloseUnitHoldsAsync(sql, units.Select(u => u.Id).ToList(), leaving.Id, now, "returned to supplier", ct);
        }
        if (disposition == ReturnDisposition.Scrap)
        {
            await Holds.CloseUnitHoldsAsync(sql, units.Select(u => u.Id).ToList(), ev.Id, now, "scrapped", ct);
        }
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (_, lot, line, sku) = lots[i];
            var field = $"lots[{i}]";
            var from = await QuarantineOfAsync(sql, order.Id, lot.Id, line.DoneQuantity, field, ct);
            var qty = line.DoneQuantity;
            switch (disposition)
            {
                case ReturnDisposition.Restock:
                    await ledger.TransferAsync(ev.Id, lot, sku, qty, from, new BalanceKey(location!.Id, BalanceStatus.Available), ObjectRole.Subject, field, ct);
                    break;
                case ReturnDisposition.Scrap:
                    await ledger.TransferAsync(ev.Id, lot, sku, qty, from, null, ObjectRole.Subject, field, ct);
                    break;
                default:
                    await ledger.TransferAsync(leaving!.Id, lot, sku, qty, from, null, ObjectRole.Subject, field, ct);
                    break;
            }
        }
        foreach (var line in decidedLines)
        {
            line.Disposition = disposition;
            line.Version++;
        }
        OrderBook.UpdateStatus(order, lines, now);
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.ReturnDecided, units.Count, lots.Count);
    }

    public async Task<ProcessResult> ReplaceComponentsAsync(ReplaceComponentsRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.ComponentsReplaced, ct) is { } replay)
        {
            return replay;
        }
        var removeRefs = request.Remove ?? [];
        var addRefs = request.Add ?? [];
        if (removeRefs.Count == 0 && addRefs.Count == 0)
        {
            throw DomainException.BadInput("repair.empty", "remove", "Nothing to replace: name components to remove or to add.");
        }
        if (request.RemovedStatus is not (UnitStatus.Quarantine or UnitStatus.Scrapped))
        {
            throw DomainException.BadInput("repair.removed_status", "removedStatus", "A removed component goes to quarantine or is scrapped.");
        }
        var location = request.RemovedStatus == UnitStatus.Quarantine && removeRefs.Count > 0
            ? await Places.LocationAsync(db, request.Location, "location", ct) : null;
        var order = request.Rma is null ? null : await new OrderBook(db, clock).FindAsync(OrderKind.Return, request.Rma, ct, "rma");

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var assembly = (await UnitBatch.LoadAsync(db, sql, [request.Assembly], "assembly", ct))[0];
        if (assembly.Status is UnitStatus.Consumed or UnitStatus.Scrapped or UnitStatus.ReturnedToSupplier or UnitStatus.Lost or UnitStatus.AtCustomer)
        {
            throw DomainException.Rule("repair.assembly_not_here", $"Unit {assembly.Name} is {UnitBatch.Describe(assembly.Status)}: it cannot be repaired here.", "assembly");
        }
        var removed = await UnitBatch.LoadAsync(db, sql, removeRefs, "remove", ct);
        var removedIds = removed.Select(u => u.Id).ToList();
        var edges = await db.GenealogyEdges.Where(e => e.OutputUnitId == assembly.Id && e.RemovedEventId == null && e.InputUnitId != null && removedIds.Contains(e.InputUnitId.Value)).ToListAsync(ct);
        for (var i = 0; i < removed.Count; i++)
        {
            if (!edges.Any(e => e.InputUnitId == removed[i].Id))
            {
                throw DomainException.Rule("repair.not_a_component", $"Unit {removed[i].Name} is not a component of {assembly.Name}.", $"remove[{i}]");
            }
        }
        var added = await UnitBatch.LoadAsync(db, sql, addRefs, "add", ct);
        var twice = added.Select((u, i) => (u, i)).FirstOrDefault(x => x.u.Id == assembly.Id || removedIds.Contains(x.u.Id));
        if (twice.u is not null)
        {
            throw DomainException.BadInput("repair.same_unit", $"add[{twice.i}]", $"Unit {twice.u.Name} cannot be both built in and taken out or be the assembly.");
        }
        await Availability.RequireUnitsAsync(db, added, "add", "built in", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);

        var ev = EventLog.New(EventType.ComponentsReplaced, EventAction.Observe, "repairing", null, actor, context, clock);
        ev.ReadPointId = location?.Id ?? assembly.LocationId;
        ev.BizLocationId = ev.ReadPointId;
        ev.OrderId = order?.Id;
        ev.BizTransaction = order?.Number;
        ev.ObjectCount = 1 + removed.Count + added.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        var changes = new List<UnitChange> { new(assembly, assembly.Now, ObjectRole.Output) };
        changes.AddRange(removed.Select(u => new UnitChange(u,
            new UnitTarget(request.RemovedStatus, u.Stage, request.RemovedStatus == UnitStatus.Scrapped ? null : location!.Id, null, null), ObjectRole.Subject)));
        changes.AddRange(added.Select(u => new UnitChange(u, new UnitTarget(UnitStatus.Consumed, u.Stage, null, null, null), ObjectRole.Input)));
        await UnitBatch.ApplyAsync(sql, ev.Id, changes, now, ct);
        foreach (var edge in edges)
        {
            edge.RemovedEventId = ev.Id;
        }
        db.GenealogyEdges.AddRange(added.Select(u => new GenealogyEdge { EventId = ev.Id, OutputUnitId = assembly.Id, InputUnitId = u.Id, Quantity = 1, OrderId = order?.Id }));
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.ComponentsReplaced, changes.Count, 0);
    }

    async Task<Order> OpenRmaAsync(string rma, CancellationToken ct)
    {
        var order = await new OrderBook(db, clock).FindAsync(OrderKind.Return, rma, ct, "rma");
        if (order.Status is OrderStatus.Closed or OrderStatus.Cancelled)
        {
            throw DomainException.Rule("order.finished", $"{order.Number} is {order.Status.ToString().ToLowerInvariant()}.", "rma");
        }
        return order;
    }

    static void RequireUndecided(Order order, OrderLine line, string what, string field)
    {
        if (line.DoneQuantity <= 0)
        {
            throw DomainException.Rule("return.not_received", $"{Capital(what)} of {order.Number} has not been received yet.", field);
        }
        if (line.Disposition is not (null or ReturnDisposition.Pending or ReturnDisposition.Repair))
        {
            throw DomainException.Rule("return.already_decided",
                $"{Capital(what)} of {order.Number} was already decided: {DispositionCode(line.Disposition!.Value).Replace('_', ' ')}.", field);
        }
    }

    static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    // Each lot line of the request matched to its RMA line: the line naming that lot, or else an open line
    // of the lot's product that names no lot.
    async Task<List<(LotRef Ref, Lot Lot, OrderLine Line, string Sku)>> LotLinesAsync(Order order, List<OrderLine> lines, IReadOnlyList<LotRef> refs, CancellationToken ct)
    {
        var result = new List<(LotRef, Lot, OrderLine, string)>();
        for (var i = 0; i < refs.Count; i++)
        {
            var field = $"lots[{i}]";
            var (lot, sku) = await Places.LotAsync(db, refs[i], field, ct);
            var line = lines.FirstOrDefault(l => l.LotId == lot.Id) ?? lines.FirstOrDefault(l => l.LotId == null && l.UnitId == null && l.ProductId == lot.ProductId)
                ?? throw DomainException.Rule("return.lot_not_on_rma", $"Lot '{lot.Code}' of '{sku}' is not on {order.Number}.", field);
            result.Add((refs[i], lot, line, sku));
        }
        return result;
    }

    static async Task<Dictionary<long, Stage>> ReturnedStagesAsync(SqlSession sql, long orderId, List<long> unitIds, CancellationToken ct)
    {
        var stages = new Dictionary<long, Stage>();
        if (unitIds.Count == 0)
        {
            return stages;
        }
        await using var cmd = sql.IdsCommand("""
            SELECT eu.unit_id, eu.stage FROM event_units eu JOIN events e ON e.id = eu.event_id
            WHERE e.order_id = @o AND e.type = @t AND eu.unit_id IN ({ids})
            """, unitIds, ("o", orderId), ("t", (int)EventType.Returned));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            stages[r.GetInt64(0)] = (Stage)r.GetInt32(1);
        }
        return stages;
    }

    // Where this RMA's lot quantity went into quarantine: read from the return events, not guessed.
    static async Task<BalanceKey> QuarantineOfAsync(SqlSession sql, long orderId, long lotId, decimal quantity, string field, CancellationToken ct)
    {
        await using var cmd = sql.Command("""
            SELECT el.location_id FROM event_lots el JOIN events e ON e.id = el.event_id
            WHERE e.order_id = @o AND e.type = @t AND el.lot_id = @l ORDER BY e.id DESC
            """, ("o", orderId), ("t", (int)EventType.Returned), ("l", lotId));
        var at = await cmd.ExecuteScalarAsync(ct);
        return at is null or DBNull
            ? throw DomainException.Rule("return.not_received", $"No returned quantity {quantity} of this lot was received.", field)
            : new BalanceKey(Convert.ToInt64(at, System.Globalization.CultureInfo.InvariantCulture), BalanceStatus.Quarantine);
    }

    public static string DispositionCode(ReturnDisposition d) => Text.Snake(d);

    // CBV 2.0 disposition words for what the decision makes of the goods.
    static string CbvDisposition(ReturnDisposition d) => d switch
    {
        ReturnDisposition.Restock => "sellable_accessible",
        ReturnDisposition.Repair => "needs_replacement",
        ReturnDisposition.ReturnToSupplier => "returned",
        _ => "destroyed",
    };
}

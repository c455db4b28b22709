using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Processes;

// A lot quantity at a location, promised to an order line.
public sealed record LotAt(string Lot, string Location, decimal Quantity);

// Specific serials or lot quantities for one line (by its line number).
public sealed record AllocationLine(int Line, IReadOnlyList<string>? Serials = null, IReadOnlyList<LotAt>? Lots = null);

// Lines given explicitly; Suggest fills every line's open quantity from stock: lots by earliest expiry
// first (FEFO), the rest oldest received first (FIFO).
public sealed record AllocateRequest(string Order, IReadOnlyList<AllocationLine>? Lines = null, bool Suggest = false, EventContext? Context = null);

// Items scanned for an order; Container, when given, is the carton or pallet they are picked into.
public sealed record PickRequest(string Order, IReadOnlyList<UnitRef>? Units = null, IReadOnlyList<LotQuantity>? Lots = null, string? Container = null, EventContext? Context = null);

// What leaves: the units, lot quantities and whole containers named, or, when nothing is named, what was
// picked for the order (or, when nothing was picked, what was allocated).
public sealed record ShipRequest(string Order, IReadOnlyList<UnitRef>? Units = null, IReadOnlyList<LotQuantity>? Lots = null, IReadOnlyList<string>? Containers = null, EventContext? Context = null);

// Sales orders from stock to the customer: allocate, pick, ship. Each call checks its rules against
// current state, then writes one event and its projection changes in one transaction. Rules are read
// before the transaction opens; every unit, balance and order write re-checks the version it read, so two
// people shipping the same units end in one shipment and one conflict.
public sealed class Shipping(SerialTrackDbContext db, TimeProvider clock)
{
    static readonly AllocationStatus[] Live = [AllocationStatus.Allocated, AllocationStatus.Picked];

    public async Task<ProcessResult> AllocateAsync(AllocateRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Allocated, ct) is { } replay)
        {
            return replay;
        }
        var sale = await SaleAsync(request.Order, ct);
        var given = request.Lines ?? [];
        if (given.Count == 0 && !request.Suggest)
        {
            throw DomainException.BadInput("allocate.empty", "lines", "Give serials or lot quantities per line, or ask for a suggestion.");
        }
        var today = Today(context);
        var sql = new SqlSession(db);
        var promised = new Promises(sale);

        for (var i = 0; i < given.Count; i++)
        {
            var field = $"lines[{i}]";
            var line = sale.Lines.FirstOrDefault(l => l.LineNo == given[i].Line)
                ?? throw DomainException.NotFound("order.line_not_found", $"{sale.Order.Number} has no line {given[i].Line}.", $"{field}.line");
            var product = sale.Products[line.ProductId];
            var units = await UnitBatch.LoadAsync(db, sql, (given[i].Serials ?? []).Select(s => new UnitRef(product.Sku, s)).ToList(), $"{field}.serials", ct);
            await Availability.RequireUnitsAsync(db, units, $"{field}.serials", "allocated", today, ct);
            await RequireNotAllocatedAsync(sql, units, $"{field}.serials", ct);
            promised.Units(line, units, $"{field}.serials");
            var lots = given[i].Lots ?? [];
            for (var k = 0; k < lots.Count; k++)
            {
                var at = $"{field}.lots[{k}]";
                var (lot, locationId) = await LotAtAsync(product, lots[k], at, ct);
                await Availability.RequireLotAsync(db, lot, product.Sku, locationId, at, "allocated", today, ct);
                var free = await UnallocatedAsync(lot.Id, locationId, ct);
                if (free < lots[k].Quantity)
                {
                    throw DomainException.Rule("lot.insufficient", $"Lot '{lot.Code}' of '{product.Sku}' has {free} not yet allocated at '{lots[k].Location}', less than {lots[k].Quantity}.", $"{at}.quantity");
                }
                promised.Lot(line, lot, locationId, lots[k].Quantity, $"{at}.quantity");
            }
        }
        if (request.Suggest)
        {
            foreach (var line in sale.Lines)
            {
                var open = promised.Open(line);
                if (open <= 0)
                {
                    continue;
                }
                var product = sale.Products[line.ProductId];
                if (product.Tracking == TrackingMode.Serial)
                {
                    var ids = await SuggestUnitsAsync(product.Id, (int)open, promised.UnitIds, today, ct);
                    var found = (await UnitBatch.LoadByIdsAsync(sql, ids, ct)).ToDictionary(u => u.Id);
                    promised.Units(line, ids.Select(id => found[id]).ToList(), "lines");
                }
                else
                {
                    foreach (var (lot, locationId, quantity) in await SuggestLotsAsync(product.Id, open, today, ct))
                    {
                        promised.Lot(line, lot, locationId, quantity, "lines");
                    }
                }
            }
        }
        if (promised.Count == 0)
        {
            throw DomainException.Rule("allocate.nothing_available", $"Nothing available in stock to allocate to {sale.Order.Number}.", "order");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = NewEvent(EventType.Allocated, EventAction.Observe, "reserving", "reserved", sale, actor, context, promised.Count);
        await db.SaveChangesAsync(ct);
        // The units' history shows the promise; the version bump makes a concurrent change a conflict.
        await UnitBatch.ApplyAsync(sql, ev.Id, promised.AllUnits.Select(u => new UnitChange(u, u.Now)).ToList(), clock.GetUtcNow(), ct);
        await InsertAllocationsAsync(sql, promised.New(AllocationStatus.Allocated, null), ct);
        await FinishAsync(sale, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Allocated, promised.AllUnits.Count, promised.LotCount);
    }

    public async Task<ProcessResult> PickAsync(PickRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Picked, ct) is { } replay)
        {
            return replay;
        }
        var sale = await SaleAsync(request.Order, ct);
        var (unitRefs, lotRefs) = (request.Units ?? [], request.Lots ?? []);
        if (unitRefs.Count + lotRefs.Count == 0)
        {
            throw DomainException.BadInput("pick.empty", "units", "Nothing to pick: scan units or give lot quantities.");
        }
        Container? into = null;
        if (Text.Optional(request.Container, "container", 64) is { } code)
        {
            into = await ContainerTree.FindAsync(db, code, "container", ct);
            ContainerTree.RequireNotShipped(into, "container", "picked into");
        }
        var today = Today(context);
        var sql = new SqlSession(db);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        await Availability.RequireUnitsAsync(db, units, "units", "picked", today, ct);
        var live = await LiveUnitAllocationsAsync(sql, units, ct);
        var promised = new Promises(sale);
        var picked = new List<long>();
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var field = $"units[{i}]";
            if (into is not null && u.ContainerId is { } inside && inside != into.Id)
            {
                throw DomainException.Rule("unit.in_container", $"Unit {u.Name} is packed in {await ContainerTree.NameAsync(db, inside, ct)}: unpack it first.", field);
            }
            if (live.TryGetValue(u.Id, out var a))
            {
                if (a.OrderId != sale.Order.Id)
                {
                    throw DomainException.Rule("unit.allocated_elsewhere", $"Unit {u.Name} is allocated to sales order {a.OrderNumber}.", field);
                }
                if (a.Status == AllocationStatus.Picked)
                {
                    throw DomainException.Rule("unit.already_picked", $"Unit {u.Name} is already picked for {sale.Order.Number}.", field);
                }
                picked.Add(a.Id);
            }
            else
            {
                promised.Units(sale.OpenLineFor(u, promised, field), [u], field);
            }
        }
        var lots = await ContainerTree.LoadLotLinesAsync(db, lotRefs, "lots", ct);
        foreach (var (line, lot, sku, from) in lots)
        {
            await Availability.RequireLotAsync(db, lot, sku, from, "lots", "picked", today, ct);
        }
        await InstructionGate.RequireAsync(db, InstructionProcesses.Pick, InstructionGate.At(units, "units"), InstructionGate.At(lots.Select(x => x.Lot), "lots"), ct);

        await using var tx = await Transactions.BeginAsync(db, ct);
        var ev = NewEvent(EventType.Picked, EventAction.Observe, "picking", "in_progress", sale, actor, context, units.Count + lots.Count);
        var place = into?.LocationId ?? units.FirstOrDefault()?.LocationId ?? (lots.Count > 0 ? lots[0].From : null);
        ev.ReadPointId = ev.BizLocationId = place;
        await db.SaveChangesAsync(ct);
        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, into is null ? u.Now : u.Now with { ContainerId = into.Id, LocationId = into.LocationId })).ToList(), now, ct);
        await SetAllocationStatusAsync(sql, picked, AllocationStatus.Picked, into?.Id, now, ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (line, lot, sku, from) = lots[i];
            var to = into?.LocationId ?? from;
            await ledger.TransferAsync(ev.Id, lot, sku, line.Quantity, new BalanceKey(from, BalanceStatus.Available), new BalanceKey(to, BalanceStatus.Available), ObjectRole.Subject, $"lots[{i}]", ct);
            await TakeLotAllocationsAsync(sale, promised, lot, sku, from, line.Quantity, AllocationStatus.Picked, into?.Id, $"lots[{i}]", ct);
            if (into is not null)
            {
                await ContainerTree.AddLotAsync(db, into.Id, lot.Id, line.Quantity, ct);
            }
        }
        if (into is not null)
        {
            ContainerTree.Touch(into, ev.Id, now);
            db.EventContainers.Add(ContainerTree.Row(ev.Id, into, ObjectRole.Parent, into.LocationId));
        }
        await InsertAllocationsAsync(sql, promised.New(AllocationStatus.Picked, into?.Id), ct);
        await FinishAsync(sale, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Picked, units.Count, lots.Count);
    }

    public async Task<ProcessResult> ShipAsync(ShipRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Shipped, ct) is { } replay)
        {
            return replay;
        }
        var sale = await SaleAsync(request.Order, ct);
        var today = Today(context);
        var sql = new SqlSession(db);

        // What leaves: whole containers with everything nested in them, named units and lot quantities, or
        // what the order has picked (else allocated).
        var roots = new List<Container>();
        var containerRefs = request.Containers ?? [];
        for (var i = 0; i < containerRefs.Count; i++)
        {
            var field = $"containers[{i}]";
            var c = await ContainerTree.FindAsync(db, containerRefs[i], field, ct);
            ContainerTree.RequireNotShipped(c, field, "shipped again");
            if (c.ParentContainerId is { } outer)
            {
                throw DomainException.Rule("container.in_container", $"Container {c.Code} is packed in {await ContainerTree.NameAsync(db, outer, ct)}: ship that one or unpack it first.", field);
            }
            roots.Add(c);
        }
        var containers = await ContainerTree.WithNestedAsync(db, roots, ct);
        var packed = await UnitBatch.LoadInContainersAsync(sql, containers.Select(c => c.Id).ToList(), ct);
        var packedLots = await ContainerTree.LotsInAsync(db, containers.Select(c => c.Id).ToList(), ct);
        var named = await UnitBatch.LoadAsync(db, sql, request.Units ?? [], "units", ct);
        var lots = (await ContainerTree.LoadLotLinesAsync(db, request.Lots ?? [], "lots", ct))
            .Select((x, i) => (x.Lot, x.Sku, x.From, x.Line.Quantity, Field: $"lots[{i}]")).ToList();
        var due = new List<LoadedUnit>();
        if (roots.Count + named.Count + lots.Count == 0)
        {
            var allocations = await LiveAllocationsOfAsync(sale, ct);
            var wanted = allocations.Any(a => a.Status == AllocationStatus.Picked) ? AllocationStatus.Picked : AllocationStatus.Allocated;
            allocations.RemoveAll(a => a.Status != wanted);
            due = await UnitBatch.LoadByIdsAsync(sql, allocations.Where(a => a.UnitId != null).Select(a => a.UnitId!.Value).ToList(), ct);
            foreach (var a in allocations.Where(a => a.LotId != null))
            {
                var lot = await db.Lots.AsNoTracking().FirstAsync(l => l.Id == a.LotId, ct);
                lots.Add((lot, sale.Products[lot.ProductId].Sku, a.LocationId!.Value, a.Quantity, "order"));
            }
            if (due.Count + lots.Count == 0)
            {
                throw DomainException.Rule("order.nothing_to_ship", $"Nothing is picked or allocated for {sale.Order.Number}: name the units, lots or containers to ship.", "order");
            }
        }

        // Every unit leaves available (not held, failed, shipped or expired) and belongs to this order:
        // allocated to it, or taken now against a line with open quantity.
        await Availability.RequireUnitsAsync(db, named, "units", "shipped", today, ct);
        await Availability.RequireUnitsAsync(db, packed, "containers", "shipped", today, ct);
        await Availability.RequireUnitsAsync(db, due, "allocations", "shipped", today, ct);
        var units = named.Concat(packed).Concat(due).DistinctBy(u => u.Id).ToList();
        var live = await LiveUnitAllocationsAsync(sql, units, ct);
        var promised = new Promises(sale);
        var shipped = new List<long>();
        var namedAt = named.Select((u, i) => (u.Id, i)).ToDictionary();
        var packedIds = packed.Select(u => u.Id).ToHashSet();
        foreach (var u in units)
        {
            var field = namedAt.TryGetValue(u.Id, out var at) ? $"units[{at}]" : packedIds.Contains(u.Id) ? "containers" : "allocations";
            if (!live.TryGetValue(u.Id, out var a))
            {
                promised.Units(sale.OpenLineFor(u, promised, field), [u], field);
            }
            else if (a.OrderId != sale.Order.Id)
            {
                throw DomainException.Rule("unit.allocated_elsewhere", $"Unit {u.Name} is allocated to sales order {a.OrderNumber}.", field);
            }
            else
            {
                shipped.Add(a.Id);
            }
        }
        foreach (var row in packedLots.Where(x => x.Quantity > 0))
        {
            var lot = await db.Lots.AsNoTracking().FirstAsync(l => l.Id == row.LotId, ct);
            var sku = await db.Products.Where(p => p.Id == lot.ProductId).Select(p => p.Sku).FirstAsync(ct);
            lots.Add((lot, sku, containers.First(c => c.Id == row.ContainerId).LocationId!.Value, row.Quantity, "containers"));
        }
        foreach (var (lot, sku, from, _, field) in lots)
        {
            await Availability.RequireLotAsync(db, lot, sku, from, field, "shipped", today, ct);
        }
        await InstructionGate.RequireAsync(db, InstructionProcesses.Ship, units.Select(u => (u, namedAt.TryGetValue(u.Id, out var at) ? $"units[{at}]" : packedIds.Contains(u.Id) ? "containers" : "allocations")), lots.Select(x => (x.Lot, x.Field)), ct);
        // A unit keeps its container when the container goes with it: the container is named, or every
        // unit in it leaves now and it holds nothing else.
        var leaving = units.Select(u => u.Id).ToHashSet();
        containers.AddRange(await WholeContainersAsync(units, containers, leaving, ct));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = NewEvent(EventType.Shipped, EventAction.Observe, "shipping", "in_transit", sale, actor, context, units.Count + lots.Count + roots.Count);
        ev.DestinationPartyId = sale.Order.PartyId;
        ev.ReadPointId = ev.BizLocationId = units.FirstOrDefault()?.LocationId ?? (lots.Count > 0 ? lots[0].From : null);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        var goes = containers.Select(c => c.Id).ToHashSet();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, new UnitTarget(UnitStatus.AtCustomer, u.Stage, null,
            u.ContainerId is { } c && goes.Contains(c) ? c : null, sale.Order.PartyId, ShippedAt: ev.EventTime))).ToList(), now, ct);
        await SetAllocationStatusAsync(sql, shipped, AllocationStatus.Shipped, null, now, ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (lot, sku, from, quantity, field) = lots[i];
            var tracked = await db.Lots.FirstAsync(l => l.Id == lot.Id, ct);
            await ledger.TransferAsync(ev.Id, tracked, sku, quantity, new BalanceKey(from, BalanceStatus.Available), null, ObjectRole.Subject, field, ct);
            await TakeLotAllocationsAsync(sale, promised, tracked, sku, from, quantity, AllocationStatus.Shipped, null, field, ct);
        }
        foreach (var c in containers)
        {
            var was = c.LocationId;
            c.Status = ContainerStatus.Shipped;
            c.OwnerPartyId = sale.Order.PartyId;
            c.LocationId = null;
            ContainerTree.Touch(c, ev.Id, now);
            db.EventContainers.Add(ContainerTree.Row(ev.Id, c, c.ParentContainerId is null ? ObjectRole.Subject : ObjectRole.Child, was));
        }
        await InsertAllocationsAsync(sql, promised.New(AllocationStatus.Shipped, null), ct);
        var unitsPerLine = units.GroupBy(u => Sale.LineOf(u, live, promised)).ToDictionary(g => g.Key, g => g.Count());
        foreach (var line in sale.Lines)
        {
            line.DoneQuantity += unitsPerLine.GetValueOrDefault(line.Id) + promised.ShippedLotQuantity(line);
        }
        await FinishAsync(sale, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Shipped, units.Count, lots.Count);
    }

    // The order, its lines (tracked: processes move their quantities) and their products.
    async Task<Sale> SaleAsync(string number, CancellationToken ct)
    {
        var order = await new OrderBook(db, clock).FindAsync(OrderKind.Sales, number, ct);
        if (order.Status is not (OrderStatus.Open or OrderStatus.InProgress))
        {
            throw DomainException.Rule("order.finished", $"Sales order {order.Number} is {order.Status.ToString().ToLowerInvariant()}.", "order");
        }
        var lines = await db.OrderLines.Where(l => l.OrderId == order.Id).OrderBy(l => l.LineNo).ToListAsync(ct);
        var productIds = lines.Select(l => l.ProductId).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return new Sale(order, lines, products);
    }

    DateOnly Today(EventContext context) => DateOnly.FromDateTime((context.EventTime ?? clock.GetUtcNow()).UtcDateTime);

    Event NewEvent(EventType type, EventAction action, string bizStep, string disposition, Sale sale, Actor actor, EventContext context, int objects)
    {
        var ev = EventLog.New(type, action, bizStep, disposition, actor, context, clock);
        ev.OrderId = sale.Order.Id;
        ev.BizTransaction = sale.Order.Number;
        ev.ObjectCount = objects;
        db.Events.Add(ev);
        return ev;
    }

    // Lines and order are saved with their version checks; the order's status follows its lines.
    async Task FinishAsync(Sale sale, CancellationToken ct)
    {
        OrderBook.UpdateStatus(sale.Order, sale.Lines, clock.GetUtcNow());
        foreach (var line in sale.Lines)
        {
            line.Version++;
        }
        await ContainerTree.SaveAsync(db, ct);
    }

    sealed record LiveAllocation(long Id, long UnitId, long LineId, long OrderId, string OrderNumber, AllocationStatus Status);

    // The live (allocated or picked) allocation of each of these units, whatever its order.
    static Task<Dictionary<long, LiveAllocation>> LiveUnitAllocationsAsync(SqlSession sql, IReadOnlyCollection<LoadedUnit> units, CancellationToken ct) =>
        sql.OnOpenConnectionAsync(async () =>
        {
            var found = new Dictionary<long, LiveAllocation>();
            foreach (var chunk in units.Select(u => u.Id).Chunk(50_000))
            {
                await using var cmd = sql.IdsCommand("""
                    SELECT a.id, a.unit_id, l.id, o.id, o.number, a.status FROM allocations a
                    JOIN order_lines l ON l.id = a.order_line_id JOIN orders o ON o.id = l.order_id
                    WHERE a.status IN (1, 2) AND a.unit_id IN ({ids})
                    """, chunk);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    found[r.GetInt64(1)] = new LiveAllocation(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4), (AllocationStatus)r.GetInt32(5));
                }
            }
            return found;
        }, ct);

    async Task RequireNotAllocatedAsync(SqlSession sql, List<LoadedUnit> units, string field, CancellationToken ct)
    {
        var live = await LiveUnitAllocationsAsync(sql, units, ct);
        if (units.Select((u, i) => (u, i)).FirstOrDefault(x => live.ContainsKey(x.u.Id)) is { u: not null } taken)
        {
            throw DomainException.Conflict("unit.allocated_elsewhere", $"Unit {taken.u.Name} is already allocated to sales order {live[taken.u.Id].OrderNumber}.", $"{field}[{taken.i}]");
        }
    }

    // By the order's line ids, so the (order line, status) index answers; a join through order_lines made
    // SQLite scan every allocation ever made.
    Task<List<Allocation>> LiveAllocationsOfAsync(Sale sale, CancellationToken ct)
    {
        var lines = sale.Lines.Select(l => l.Id).ToList();
        return db.Allocations.AsNoTracking().Where(a => lines.Contains(a.OrderLineId) && Live.Contains(a.Status)).ToListAsync(ct);
    }

    // Containers the leaving units sit in that would be left empty: they leave too.
    async Task<List<Container>> WholeContainersAsync(List<LoadedUnit> units, List<Container> named, HashSet<long> leaving, CancellationToken ct)
    {
        var known = named.Select(c => c.Id).ToHashSet();
        var candidates = units.Where(u => u.ContainerId is { } c && !known.Contains(c)).Select(u => u.ContainerId!.Value).Distinct().ToList();
        var whole = new List<Container>();
        foreach (var id in candidates)
        {
            var c = await db.Containers.FirstAsync(x => x.Id == id, ct);
            var inside = await db.Units.Where(u => u.ContainerId == id).Select(u => u.Id).ToListAsync(ct);
            if (c.ParentContainerId is null && inside.All(leaving.Contains)
                && !await db.ContainerLots.AnyAsync(x => x.ContainerId == id && x.Quantity > 0, ct) && !await db.Containers.AnyAsync(x => x.ParentContainerId == id, ct))
            {
                whole.Add(c);
            }
        }
        return whole;
    }

    static async Task SetAllocationStatusAsync(SqlSession sql, List<long> ids, AllocationStatus status, long? containerId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var chunk in ids.Chunk(50_000))
        {
            await using var cmd = sql.IdsCommand("UPDATE allocations SET status = @s, container_id = COALESCE(@c, container_id), updated_at = @now WHERE id IN ({ids})", chunk,
                ("s", (int)status), ("c", containerId), ("now", sql.Time(now)));
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    static readonly string[] AllocationColumns = ["order_line_id", "unit_id", "lot_id", "location_id", "quantity", "status", "container_id", "created_at", "updated_at"];

    async Task InsertAllocationsAsync(SqlSession sql, List<Allocation> rows, CancellationToken ct)
    {
        try
        {
            await sql.InsertAsync("allocations", AllocationColumns, rows.Select(a => new object?[]
            {
                a.OrderLineId, a.UnitId, a.LotId, a.LocationId, sql.Quantity(a.Quantity), (int)a.Status, a.ContainerId, sql.Time(clock.GetUtcNow()), sql.Time(clock.GetUtcNow()),
            }).ToList(), ct);
        }
        catch (DbException e) when (e.Message.Contains("unique", StringComparison.OrdinalIgnoreCase))
        {
            // The filtered unique index on allocations.unit_id: another order took one of these units meanwhile.
            throw DomainException.Conflict("unit.allocated_elsewhere", "A unit was allocated to another order at the same time; nothing was done. Try again.");
        }
    }

    // Lot allocations of this order for the lot at the location take the quantity first (split when larger);
    // what is left is allocated now against an open line.
    async Task TakeLotAllocationsAsync(Sale sale, Promises promised, Lot lot, string sku, long locationId, decimal quantity, AllocationStatus status, long? containerId, string field, CancellationToken ct)
    {
        var lineIds = sale.Lines.Select(l => l.Id).ToList();
        var allocations = await db.Allocations.Where(a => a.LotId == lot.Id && a.LocationId == locationId && Live.Contains(a.Status) && lineIds.Contains(a.OrderLineId))
            .OrderBy(a => a.Status).ThenBy(a => a.Id).ToListAsync(ct);
        var left = quantity;
        foreach (var a in allocations.Where(a => a.Status < status))
        {
            if (left <= 0)
            {
                break;
            }
            var take = Math.Min(left, a.Quantity);
            var line = sale.Lines.First(l => l.Id == a.OrderLineId);
            if (take < a.Quantity)
            {
                a.Quantity -= take;
                promised.Taken(line, lot, locationId, take);
            }
            else
            {
                a.Status = status;
                a.ContainerId = containerId ?? a.ContainerId;
                if (status == AllocationStatus.Shipped)
                {
                    promised.ShippedFromAllocation(line, take);
                }
            }
            a.UpdatedAt = clock.GetUtcNow();
            left -= take;
        }
        if (left > 0)
        {
            var line = sale.Lines.FirstOrDefault(l => l.ProductId == lot.ProductId && promised.Open(l) >= left)
                ?? throw DomainException.Rule("lot.not_ordered", $"{left} of lot '{lot.Code}' of '{sku}' is more than {sale.Order.Number} has open for '{sku}'.", field);
            promised.Lot(line, lot, locationId, left, field);
        }
    }

    async Task<(Lot, long)> LotAtAsync(Product product, LotAt given, string field, CancellationToken ct)
    {
        var code = Text.RequiredCode(given.Lot, $"{field}.lot", 64);
        var where = Text.RequiredCode(given.Location, $"{field}.location", 64);
        Quantities.RequirePositive(given.Quantity, $"{field}.quantity");
        var lot = await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == code, ct)
            ?? throw DomainException.NotFound("lot.not_found", $"No lot '{code}' of '{product.Sku}'.", $"{field}.lot");
        var locationId = await db.Locations.Where(l => l.Code == where).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("location.not_found", $"No location with code '{where}'.", $"{field}.location");
        return (lot, locationId);
    }

    // Available balance of the lot at the location less what live allocations of any order already promise.
    async Task<decimal> UnallocatedAsync(long lotId, long locationId, CancellationToken ct)
    {
        var balance = await db.LotBalances.Where(b => b.LotId == lotId && b.LocationId == locationId && b.Status == BalanceStatus.Available).Select(b => b.Quantity).FirstOrDefaultAsync(ct);
        var promised = (await db.Allocations.Where(a => a.LotId == lotId && a.LocationId == locationId && Live.Contains(a.Status)).Select(a => a.Quantity).ToListAsync(ct)).Sum();
        return balance - promised;
    }

    // FIFO: available units of the product, oldest first (earliest lot expiry first when units carry lots),
    // not promised to any order, not failed, not in a held location, lot neither held, failed nor expired.
    async Task<List<long>> SuggestUnitsAsync(long productId, int count, IReadOnlySet<long> skip, DateOnly today, CancellationToken ct) =>
        await (from u in db.Units
               join l in db.Locations on u.LocationId equals l.Id
               from lt in db.Lots.Where(x => x.Id == u.LotId).DefaultIfEmpty()
               where u.ProductId == productId && u.Status == UnitStatus.Available && !u.TestFailed
                     && !db.Allocations.Any(a => a.UnitId == u.Id && (a.Status == AllocationStatus.Allocated || a.Status == AllocationStatus.Picked))
                     && (lt == null || (!lt.OnHold && !lt.TestFailed && (lt.ExpiryDate == null || lt.ExpiryDate >= today)))
                     && !db.Holds.Any(h => h.ReleasedEventId == null && h.LocationId != null && db.Locations.Any(hl => hl.Id == h.LocationId && l.Path.StartsWith(hl.Path)))
                     && !skip.Contains(u.Id)
               orderby lt == null || lt.ExpiryDate == null, lt!.ExpiryDate, u.CreatedAt, u.Id
               select u.Id).Take(count).ToListAsync(ct);

    // FEFO: lots with the earliest expiry first, then lots without expiry oldest received first; expired,
    // held and failed lots and held locations are skipped; a balance gives only what is not yet promised.
    async Task<List<(Lot Lot, long LocationId, decimal Quantity)>> SuggestLotsAsync(long productId, decimal wanted, DateOnly today, CancellationToken ct)
    {
        var candidates = await (from b in db.LotBalances
                                join lt in db.Lots on b.LotId equals lt.Id
                                join l in db.Locations on b.LocationId equals l.Id
                                where lt.ProductId == productId && b.Status == BalanceStatus.Available && !lt.OnHold && !lt.TestFailed
                                      && (lt.ExpiryDate == null || lt.ExpiryDate >= today)
                                      && !db.Holds.Any(h => h.ReleasedEventId == null && h.LocationId != null && db.Locations.Any(hl => hl.Id == h.LocationId && l.Path.StartsWith(hl.Path)))
                                select new { Lot = lt, b.LocationId, b.Quantity }).AsNoTracking().ToListAsync(ct);
        var result = new List<(Lot, long, decimal)>();
        foreach (var c in candidates.OrderBy(c => c.Lot.ExpiryDate is null).ThenBy(c => c.Lot.ExpiryDate).ThenBy(c => c.Lot.CreatedAt).ThenBy(c => c.Lot.Id).ThenBy(c => c.LocationId))
        {
            if (wanted <= 0)
            {
                break;
            }
            var take = Math.Min(wanted, await UnallocatedAsync(c.Lot.Id, c.LocationId, ct));
            if (take > 0)
            {
                result.Add((c.Lot, c.LocationId, take));
                wanted -= take;
            }
        }
        return result;
    }

    sealed record Sale(Order Order, List<OrderLine> Lines, Dictionary<long, Product> Products)
    {
        public OrderLine OpenLineFor(LoadedUnit u, Promises promised, string field) =>
            Lines.FirstOrDefault(l => l.ProductId == u.ProductId && promised.Open(l) >= 1)
            ?? throw DomainException.Rule("unit.not_ordered", $"Unit {u.Name} is not allocated to {Order.Number}, and the order has no open quantity of '{u.Sku}'.", field);

        public static long LineOf(LoadedUnit u, Dictionary<long, LiveAllocation> live, Promises promised) =>
            promised.LineOfUnit(u.Id) ?? live[u.Id].LineId;
    }

    // New promises made by this request, against each line's open quantity (ordered less allocated).
    sealed class Promises(Sale sale)
    {
        readonly List<(OrderLine Line, LoadedUnit? Unit, Lot? Lot, long? LocationId, decimal Quantity)> made = [];
        readonly Dictionary<long, long> lineOfUnit = [];
        readonly Dictionary<long, decimal> shippedFromAllocations = [];

        public HashSet<long> UnitIds { get; } = [];
        public List<LoadedUnit> AllUnits => made.Where(m => m.Unit is not null).Select(m => m.Unit!).ToList();
        public int Count => made.Count;
        public int LotCount => made.Count(m => m.Lot is not null);

        public decimal Open(OrderLine line) => line.Quantity - line.AllocatedQuantity;

        public long? LineOfUnit(long unitId) => lineOfUnit.TryGetValue(unitId, out var l) ? l : null;

        public void Units(OrderLine line, List<LoadedUnit> units, string field)
        {
            if (units.Count > Open(line))
            {
                throw DomainException.Rule("allocation.over", $"Line {line.LineNo} of {sale.Order.Number} has {Open(line)} open, fewer than {units.Count}.", field);
            }
            foreach (var u in units)
            {
                if (!UnitIds.Add(u.Id))
                {
                    throw DomainException.BadInput("serials.duplicate", field, $"Unit {u.Name} appears twice in the request.");
                }
                made.Add((line, u, null, null, 1));
                lineOfUnit[u.Id] = line.Id;
            }
            line.AllocatedQuantity += units.Count;
        }

        public void Lot(OrderLine line, Lot lot, long locationId, decimal quantity, string field)
        {
            if (quantity > Open(line))
            {
                throw DomainException.Rule("allocation.over", $"Line {line.LineNo} of {sale.Order.Number} has {Open(line)} open, less than {quantity}.", field);
            }
            made.Add((line, null, lot, locationId, quantity));
            line.AllocatedQuantity += quantity;
        }

        // Part of an existing allocation split off: the line's allocated quantity does not change.
        public void Taken(OrderLine line, Lot lot, long locationId, decimal quantity) => made.Add((line, null, lot, locationId, quantity));

        public void ShippedFromAllocation(OrderLine line, decimal quantity) =>
            shippedFromAllocations[line.Id] = shippedFromAllocations.GetValueOrDefault(line.Id) + quantity;

        public decimal ShippedLotQuantity(OrderLine line) =>
            made.Where(m => m.Lot is not null && m.Line.Id == line.Id).Sum(m => m.Quantity) + shippedFromAllocations.GetValueOrDefault(line.Id);

        public List<Allocation> New(AllocationStatus status, long? containerId) => made.Select(m => new Allocation
        {
            OrderLineId = m.Line.Id,
            UnitId = m.Unit?.Id,
            LotId = m.Lot?.Id,
            LocationId = m.LocationId ?? m.Unit?.LocationId,
            Quantity = m.Quantity,
            Status = status,
            ContainerId = containerId,
        }).ToList();
    }
}

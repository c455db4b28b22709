using System.Data.Common;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Trace;

// One trace: walks genealogy_edges level by level from the roots, each level one set query on the
// frontier's ids (the edge indexes on input and output ids), then reads the details of what it reached in
// set queries too. Its cost grows with the answer, never with the database; visited sets stop cycles.
sealed class TraceWalk(SqlSession sql, TraceRoots roots, TraceDirection direction)
{
    sealed record EdgeRow(long Id, long EventId, long? OutputUnit, long? OutputLot, long? InputUnit, long? InputLot, decimal Quantity, long? OrderId, bool Removed)
    {
        public string From => InputUnit is { } u ? TraceKeys.Unit(u) : TraceKeys.Lot(InputLot!.Value);
        public string To => OutputUnit is { } u ? TraceKeys.Unit(u) : TraceKeys.Lot(OutputLot!.Value);
    }

    readonly Dictionary<long, int> unitDepth = [];
    readonly Dictionary<long, int> lotDepth = [];
    readonly HashSet<long> rootUnits = [];
    readonly HashSet<long> rootLots = [];
    readonly HashSet<long> containers = [];
    readonly List<EdgeRow> genealogy = [];
    readonly HashSet<long> edgeIds = [];
    readonly List<TraceEdge> edges = [];
    readonly HashSet<(string, string, string)> otherEdges = [];
    readonly HashSet<long> parties = [];
    readonly HashSet<long> supplierIds = [];
    readonly HashSet<long> orderIds = [];

    bool Forward => direction == TraceDirection.Forward;

    public async Task<TraceResult> RunAsync(CancellationToken ct)
    {
        foreach (var u in roots.UnitIds)
        {
            unitDepth.TryAdd(u, 0);
            rootUnits.Add(u);
        }
        foreach (var l in roots.LotIds)
        {
            lotDepth.TryAdd(l, 0);
            rootLots.Add(l);
        }
        await OpenContainersAsync(ct);
        await WalkAsync(ct);

        var units = await UnitsAsync(ct);
        var lots = await LotsAsync(ct);
        var steps = new List<TracedStep>();
        var tests = new List<TracedTest>();
        var shipments = new List<TracedShipment>();
        List<TracedContainer> traced;
        if (Forward)
        {
            await HoldingContainersAsync(units, ct);
            traced = await ContainersAsync(ct);
            shipments = await ShipmentsAsync(ct);
        }
        else
        {
            await TravelledContainersAsync(ct);
            traced = await ContainersAsync(ct);
            await ReceiptsAsync(ct);
            steps = await StepsAsync(ct);
            tests = await TestsAsync(ct);
        }
        foreach (var e in genealogy.Where(e => e.OrderId is not null))
        {
            orderIds.Add(e.OrderId!.Value);
        }
        var orders = await OrdersAsync(ct);
        var known = await PartiesAsync(ct);
        units = units.Select(u => u.CustomerId is { } c && known.TryGetValue(c, out var p) ? u with { Customer = p.Name } : u).ToList();
        var customerIds = shipments.Where(s => s.CustomerId is not null).Select(s => s.CustomerId!.Value).Concat(units.Where(u => u.CustomerId is not null).Select(u => u.CustomerId!.Value)).ToHashSet();

        edges.InsertRange(0, genealogy.OrderBy(e => e.Id).Select(e => new TraceEdge(e.From, e.To, e.Removed ? "removed" : "consumed", e.Quantity)));
        return new TraceResult(direction, roots,
            units.OrderBy(u => u.Depth).ThenBy(u => u.Product, StringComparer.Ordinal).ThenBy(u => u.Serial, StringComparer.Ordinal).ToList(),
            lots.OrderBy(l => l.Depth).ThenBy(l => l.Product, StringComparer.Ordinal).ThenBy(l => l.Lot, StringComparer.Ordinal).ToList(),
            traced,
            known.Values.Where(p => customerIds.Contains(p.Id)).OrderBy(p => p.Code, StringComparer.Ordinal).ToList(),
            known.Values.Where(p => supplierIds.Contains(p.Id)).OrderBy(p => p.Code, StringComparer.Ordinal).ToList(),
            orders, steps, tests, shipments, edges);
    }

    // A container root stands for what it holds now: its units and lots, and those of the containers in it.
    async Task OpenContainersAsync(CancellationToken ct)
    {
        var frontier = roots.ContainerIds.Where(containers.Add).ToList();
        var all = new List<long>(frontier);
        while (frontier.Count > 0)
        {
            var next = new List<long>();
            await sql.ReadWhereInAsync("SELECT id, parent_container_id FROM containers WHERE parent_container_id IN ({ids})", frontier, r =>
            {
                var id = r.GetInt64(0);
                if (containers.Add(id))
                {
                    next.Add(id);
                    AddEdge(TraceKeys.Container(id), TraceKeys.Container(r.GetInt64(1)), "packed", null);
                }
            }, ct);
            all.AddRange(next);
            frontier = next;
        }
        if (all.Count == 0)
        {
            return;
        }
        await sql.ReadWhereInAsync("SELECT id, container_id FROM units WHERE container_id IN ({ids})", all, r =>
        {
            var id = r.GetInt64(0);
            unitDepth.TryAdd(id, 0);
            rootUnits.Add(id);
            AddEdge(TraceKeys.Unit(id), TraceKeys.Container(r.GetInt64(1)), "packed", null);
        }, ct);
        await sql.ReadWhereInAsync("SELECT lot_id, container_id, quantity FROM container_lots WHERE container_id IN ({ids}) AND quantity > 0", all, r =>
        {
            var id = r.GetInt64(0);
            lotDepth.TryAdd(id, 0);
            rootLots.Add(id);
            AddEdge(TraceKeys.Lot(id), TraceKeys.Container(r.GetInt64(1)), "packed", sql.ReadQuantity(r, 2));
        }, ct);
    }

    // Backward: from outputs to their inputs, removed components included (they were in it once).
    // Forward: from inputs to their outputs; an edge a repair removed is listed but not followed, because
    // the output no longer holds the component.
    async Task WalkAsync(CancellationToken ct)
    {
        var (unitEnd, lotEnd) = Forward ? ("input_unit_id", "input_lot_id") : ("output_unit_id", "output_lot_id");
        var units = unitDepth.Keys.ToList();
        var lots = lotDepth.Keys.ToList();
        for (var depth = 1; units.Count + lots.Count > 0; depth++)
        {
            // One statement per level: both halves probe their index with the same list (unit and lot ids
            // together); an edge that matched the other kind's id is dropped below.
            var found = new List<EdgeRow>();
            const string columns = "SELECT id, event_id, output_unit_id, output_lot_id, input_unit_id, input_lot_id, quantity, order_id, removed_event_id FROM genealogy_edges WHERE ";
            var (unitSet, lotSet) = (units.ToHashSet(), lots.ToHashSet());
            await sql.ReadWhereInAsync(columns + unitEnd + " IN ({ids}) UNION ALL " + columns + lotEnd + " IN ({ids})", units.Concat(lots).Distinct().ToList(), r => found.Add(Edge(r)), ct);
            units = [];
            lots = [];
            foreach (var e in found)
            {
                var (u0, l0) = Forward ? (e.InputUnit, e.InputLot) : (e.OutputUnit, e.OutputLot);
                if ((u0 is { } a ? !unitSet.Contains(a) : !lotSet.Contains(l0!.Value)) || !edgeIds.Add(e.Id))
                {
                    continue;
                }
                genealogy.Add(e);
                if (Forward && e.Removed)
                {
                    continue;
                }
                var (u, l) = Forward ? (e.OutputUnit, e.OutputLot) : (e.InputUnit, e.InputLot);
                if (u is { } unit && unitDepth.TryAdd(unit, depth))
                {
                    units.Add(unit);
                }
                if (l is { } lot && lotDepth.TryAdd(lot, depth))
                {
                    lots.Add(lot);
                }
            }
        }
    }

    EdgeRow Edge(DbDataReader r) => new(r.GetInt64(0), r.GetInt64(1), SqlSession.ReadOptionalLong(r, 2), SqlSession.ReadOptionalLong(r, 3),
        SqlSession.ReadOptionalLong(r, 4), SqlSession.ReadOptionalLong(r, 5), sql.ReadQuantity(r, 6), SqlSession.ReadOptionalLong(r, 7), !r.IsDBNull(8));

    // Backward only: units reached solely through removed edges are history, not part of the roots now.
    // Forward never follows a removed edge, so everything it reached is live.
    HashSet<string> LiveKeys()
    {
        if (Forward)
        {
            return unitDepth.Keys.Select(TraceKeys.Unit).ToHashSet();
        }
        var live = rootUnits.Select(TraceKeys.Unit).Concat(rootLots.Select(TraceKeys.Lot)).ToHashSet();
        var byOutput = genealogy.Where(e => !e.Removed).ToLookup(e => e.To);
        var queue = new Queue<string>(live);
        while (queue.TryDequeue(out var key))
        {
            foreach (var e in byOutput[key])
            {
                if (live.Add(e.From))
                {
                    queue.Enqueue(e.From);
                }
            }
        }
        return live;
    }

    async Task<List<TracedUnit>> UnitsAsync(CancellationToken ct)
    {
        var live = LiveKeys();
        var result = new List<TracedUnit>(unitDepth.Count);
        await sql.ReadWhereInAsync("""
            SELECT u.id, p.sku, p.gtin, u.serial, u.status, u.stage, l.code, u.container_id, u.owner_party_id, e.event_time
            FROM units u JOIN products p ON p.id = u.product_id LEFT JOIN locations l ON l.id = u.location_id LEFT JOIN events e ON e.id = u.last_event_id
            WHERE u.id IN ({ids})
            """, unitDepth.Keys, r =>
        {
            var id = r.GetInt64(0);
            var gtin = r.IsDBNull(2) ? null : r.GetString(2);
            var serial = r.GetString(3);
            var status = (UnitStatus)r.GetInt32(4);
            long? owner = SqlSession.ReadOptionalLong(r, 8);
            // At a customer, or on its way to one (a partner's shipment in transit, owned by the customer).
            long? customer = status is UnitStatus.AtCustomer or UnitStatus.InTransit ? owner : null;
            if (customer is { } c)
            {
                parties.Add(c);
            }
            result.Add(new TracedUnit(id, r.GetString(1), serial, DigitalLinkOf(gtin, "21", serial), status, (Stage)r.GetInt32(5), r.IsDBNull(6) ? null : r.GetString(6),
                SqlSession.ReadOptionalLong(r, 7), customer, null, sql.ReadOptionalTime(r, 9) ?? DateTimeOffset.MinValue, unitDepth[id], rootUnits.Contains(id),
                !live.Contains(TraceKeys.Unit(id))));
        }, ct);
        return result;
    }

    async Task<List<TracedLot>> LotsAsync(CancellationToken ct)
    {
        var ids = lotDepth.Keys.ToList();
        var onHand = new Dictionary<long, decimal>();
        await sql.ReadWhereInAsync("SELECT lot_id, SUM(quantity) FROM lot_balances WHERE lot_id IN ({ids}) GROUP BY lot_id", ids,
            r => onHand[r.GetInt64(0)] = sql.ReadQuantity(r, 1), ct);
        var quantity = await LotQuantitiesAsync(ct);
        var result = new List<TracedLot>(ids.Count);
        await sql.ReadWhereInAsync("SELECT l.id, p.sku, p.gtin, l.code, l.supplier_lot_code, p.uom FROM lots l JOIN products p ON p.id = l.product_id WHERE l.id IN ({ids})", ids, r =>
        {
            var id = r.GetInt64(0);
            var code = r.GetString(3);
            result.Add(new TracedLot(id, r.GetString(1), code, DigitalLinkOf(r.IsDBNull(2) ? null : r.GetString(2), "10", code), r.IsDBNull(4) ? null : r.GetString(4),
                quantity.GetValueOrDefault(id), r.GetString(5), onHand.GetValueOrDefault(id), lotDepth[id], rootLots.Contains(id)));
        }, ct);
        return result;
    }

    // Roots: the quantity the lot came into being with (received, produced, transformed, split, merged).
    // Forward: what the events on the traced paths put into the lot, so a lot that other events also fed
    // counts only the part that may hold the roots. Backward: what of the lot went into the traced outputs.
    async Task<Dictionary<long, decimal>> LotQuantitiesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, decimal>();
        if (rootLots.Count > 0)
        {
            await sql.ReadWhereInAsync("""
                SELECT el.lot_id, SUM(el.quantity) FROM event_lots el JOIN events e ON e.id = el.event_id
                WHERE el.lot_id IN ({ids}) AND el.from_location_id IS NULL AND el.location_id IS NOT NULL AND e.type IN (@t1, @t2, @t3, @t4, @t5, @t6)
                GROUP BY el.lot_id
                """, rootLots, r => result[r.GetInt64(0)] = sql.ReadQuantity(r, 1), ct,
                ("t1", (int)EventType.LotReceived), ("t2", (int)EventType.Received), ("t3", (int)EventType.Produced),
                ("t4", (int)EventType.LotsTransformed), ("t5", (int)EventType.LotSplit), ("t6", (int)EventType.LotsMerged));
        }
        if (!Forward)
        {
            foreach (var e in genealogy.Where(e => e.InputLot is { } l && !rootLots.Contains(l)))
            {
                result[e.InputLot!.Value] = result.GetValueOrDefault(e.InputLot!.Value) + e.Quantity;
            }
            return result;
        }
        var fed = genealogy.Where(e => !e.Removed && e.OutputLot is { } l && !rootLots.Contains(l)).Select(e => (e.EventId, e.OutputLot!.Value)).ToHashSet();
        if (fed.Count == 0)
        {
            return result;
        }
        await sql.ReadWhereInAsync("SELECT event_id, lot_id, quantity FROM event_lots WHERE lot_id IN ({ids}) AND role = @o", fed.Select(x => x.Value).Distinct().ToList(), r =>
        {
            var lot = r.GetInt64(1);
            if (fed.Contains((r.GetInt64(0), lot)))
            {
                result[lot] = result.GetValueOrDefault(lot) + sql.ReadQuantity(r, 2);
            }
        }, ct, ("o", (int)ObjectRole.Output));
        return result;
    }

    // Forward: the containers that hold reached units and lots now, and the containers those sit in.
    async Task HoldingContainersAsync(List<TracedUnit> units, CancellationToken ct)
    {
        foreach (var u in units.Where(u => u.ContainerId is not null))
        {
            containers.Add(u.ContainerId!.Value);
            AddEdge(TraceKeys.Unit(u.Id), TraceKeys.Container(u.ContainerId!.Value), "packed", null);
        }
        await sql.ReadWhereInAsync("SELECT lot_id, container_id, quantity FROM container_lots WHERE lot_id IN ({ids}) AND quantity > 0", lotDepth.Keys, r =>
        {
            containers.Add(r.GetInt64(1));
            AddEdge(TraceKeys.Lot(r.GetInt64(0)), TraceKeys.Container(r.GetInt64(1)), "packed", sql.ReadQuantity(r, 2));
        }, ct);
    }

    // Backward: every container a reached unit or lot was ever packed in (the unit's rows in the log keep
    // its container after each event; a lot's Packed events name the container), and where those were nested.
    async Task TravelledContainersAsync(CancellationToken ct)
    {
        await sql.ReadWhereInAsync("SELECT DISTINCT unit_id, container_id FROM event_units WHERE unit_id IN ({ids}) AND container_id IS NOT NULL", unitDepth.Keys, r =>
        {
            containers.Add(r.GetInt64(1));
            AddEdge(TraceKeys.Unit(r.GetInt64(0)), TraceKeys.Container(r.GetInt64(1)), "packed", null);
        }, ct);
        await sql.ReadWhereInAsync("""
            SELECT DISTINCT el.lot_id, ec.container_id FROM event_lots el JOIN events e ON e.id = el.event_id
            JOIN event_containers ec ON ec.event_id = el.event_id AND ec.role = @p
            WHERE el.lot_id IN ({ids}) AND e.type = @t
            UNION SELECT lot_id, container_id FROM container_lots WHERE lot_id IN ({ids})
            """, lotDepth.Keys, r =>
        {
            containers.Add(r.GetInt64(1));
            AddEdge(TraceKeys.Lot(r.GetInt64(0)), TraceKeys.Container(r.GetInt64(1)), "packed", null);
        }, ct, ("p", (int)ObjectRole.Parent), ("t", (int)EventType.Packed));
        var frontier = containers.ToList();
        while (frontier.Count > 0)
        {
            var next = new List<long>();
            await sql.ReadWhereInAsync("SELECT DISTINCT container_id, parent_container_id FROM event_containers WHERE container_id IN ({ids}) AND parent_container_id IS NOT NULL", frontier, r =>
            {
                var parent = r.GetInt64(1);
                AddEdge(TraceKeys.Container(r.GetInt64(0)), TraceKeys.Container(parent), "packed", null);
                if (containers.Add(parent))
                {
                    next.Add(parent);
                }
            }, ct);
            frontier = next;
        }
    }

    // Backward: who supplied each reached unit and lot, under which purchase order; and the production
    // orders the reached units and lots were made under.
    async Task ReceiptsAsync(CancellationToken ct)
    {
        (string, object?)[] receiving = [("t1", (int)EventType.Received), ("t2", (int)EventType.LotReceived)];
        await sql.ReadWhereInAsync("""
            SELECT eu.unit_id, e.source_party_id, e.order_id FROM event_units eu JOIN events e ON e.id = eu.event_id
            WHERE eu.unit_id IN ({ids}) AND e.type IN (@t1, @t2)
            """, unitDepth.Keys, r => Received(TraceKeys.Unit(r.GetInt64(0)), SqlSession.ReadOptionalLong(r, 1), SqlSession.ReadOptionalLong(r, 2), 1m), ct, receiving);
        await sql.ReadWhereInAsync("""
            SELECT el.lot_id, e.source_party_id, e.order_id, el.quantity FROM event_lots el JOIN events e ON e.id = el.event_id
            WHERE el.lot_id IN ({ids}) AND e.type IN (@t1, @t2)
            """, lotDepth.Keys, r => Received(TraceKeys.Lot(r.GetInt64(0)), SqlSession.ReadOptionalLong(r, 1), SqlSession.ReadOptionalLong(r, 2), sql.ReadQuantity(r, 3)), ct, receiving);

        void Received(string key, long? party, long? order, decimal quantity)
        {
            if (party is { } p)
            {
                parties.Add(p);
                supplierIds.Add(p);
                AddEdge(TraceKeys.Party(p), key, "received", quantity);
            }
            if (order is { } o)
            {
                orderIds.Add(o);
            }
        }
    }

    // Backward: the work steps on each reached unit and lot, and the production or transformation event that
    // made it (station and actor), as steps too.
    async Task<List<TracedStep>> StepsAsync(CancellationToken ct)
    {
        var steps = new List<TracedStep>();
        const string columns = "SELECT ps.unit_id, ps.lot_id, ps.operation, l.code, ps.operator, ps.started_at, ps.finished_at FROM production_steps ps LEFT JOIN locations l ON l.id = ps.station_id WHERE ";
        void Step(DbDataReader r) => steps.Add(new TracedStep(SqlSession.ReadOptionalLong(r, 0), SqlSession.ReadOptionalLong(r, 1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
            r.GetString(4), sql.ReadTime(r, 5), sql.ReadOptionalTime(r, 6)));
        await sql.ReadWhereInAsync(columns + "ps.unit_id IN ({ids})", unitDepth.Keys, Step, ct);
        await sql.ReadWhereInAsync(columns + "ps.lot_id IN ({ids})", lotDepth.Keys, Step, ct);

        void Made(DbDataReader r, bool unit)
        {
            var id = r.GetInt64(0);
            if (SqlSession.ReadOptionalLong(r, 1) is { } o)
            {
                orderIds.Add(o);
            }
            var operation = Text.Snake((EventType)r.GetInt32(2));
            var at = sql.ReadTime(r, 5);
            steps.Add(new TracedStep(unit ? id : null, unit ? null : id, operation, r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4), at, at));
        }
        (string, object?)[] output = [("o", (int)ObjectRole.Output)];
        await sql.ReadWhereInAsync("""
            SELECT eu.unit_id, e.order_id, e.type, l.code, e.actor, e.event_time FROM event_units eu JOIN events e ON e.id = eu.event_id
            LEFT JOIN locations l ON l.id = e.biz_location_id WHERE eu.unit_id IN ({ids}) AND eu.role = @o
            """, unitDepth.Keys, r => Made(r, true), ct, output);
        await sql.ReadWhereInAsync("""
            SELECT DISTINCT el.lot_id, e.order_id, e.type, l.code, e.actor, e.event_time FROM event_lots el JOIN events e ON e.id = el.event_id
            LEFT JOIN locations l ON l.id = e.biz_location_id WHERE el.lot_id IN ({ids}) AND el.role = @o
            """, lotDepth.Keys, r => Made(r, false), ct, output);
        return steps.OrderBy(s => s.StartedAt).ThenBy(s => s.UnitId).ThenBy(s => s.LotId).ToList();
    }

    async Task<List<TracedTest>> TestsAsync(CancellationToken ct)
    {
        var tests = new List<TracedTest>();
        const string columns = "SELECT unit_id, lot_id, test, passed, recorded_at FROM test_results WHERE ";
        void Test(DbDataReader r) => tests.Add(new TracedTest(SqlSession.ReadOptionalLong(r, 0), SqlSession.ReadOptionalLong(r, 1), r.GetString(2), r.GetBoolean(3), sql.ReadTime(r, 4)));
        await sql.ReadWhereInAsync(columns + "unit_id IN ({ids})", unitDepth.Keys, Test, ct);
        await sql.ReadWhereInAsync(columns + "lot_id IN ({ids})", lotDepth.Keys, Test, ct);
        return tests.OrderBy(t => t.RecordedAt).ToList();
    }

    // Forward: the shipping events that carried reached units, lots or the containers they are in.
    async Task<List<TracedShipment>> ShipmentsAsync(CancellationToken ct)
    {
        var shipments = new List<TracedShipment>();
        (string, object?)[] shipped = [("t", (int)EventType.Shipped)];
        void Shipment(DbDataReader r, long? unit, long? lot, long? container, decimal quantity, string key)
        {
            var customer = SqlSession.ReadOptionalLong(r, 2);
            if (customer is { } c)
            {
                parties.Add(c);
                AddEdge(key, TraceKeys.Party(c), "shipped", quantity);
            }
            if (SqlSession.ReadOptionalLong(r, 4) is { } o)
            {
                orderIds.Add(o);
            }
            shipments.Add(new TracedShipment(r.GetInt64(0), sql.ReadTime(r, 1), customer, r.IsDBNull(3) ? null : r.GetString(3), unit, lot, container, quantity));
        }
        const string events = "SELECT e.id, e.event_time, e.destination_party_id, e.biz_transaction, e.order_id, ";
        await sql.ReadWhereInAsync(events + "eu.unit_id FROM event_units eu JOIN events e ON e.id = eu.event_id WHERE eu.unit_id IN ({ids}) AND e.type = @t", unitDepth.Keys, r =>
        {
            var id = r.GetInt64(5);
            Shipment(r, id, null, null, 1m, TraceKeys.Unit(id));
        }, ct, shipped);
        await sql.ReadWhereInAsync(events + "el.lot_id, el.quantity FROM event_lots el JOIN events e ON e.id = el.event_id WHERE el.lot_id IN ({ids}) AND e.type = @t", lotDepth.Keys, r =>
        {
            var id = r.GetInt64(5);
            Shipment(r, null, id, null, sql.ReadQuantity(r, 6), TraceKeys.Lot(id));
        }, ct, shipped);
        // A container a shipment took something out of (its parent there) stayed behind: it was not shipped.
        await sql.ReadWhereInAsync(events + "ec.container_id FROM event_containers ec JOIN events e ON e.id = ec.event_id WHERE ec.container_id IN ({ids}) AND e.type = @t AND ec.role <> @p",
            containers, r =>
        {
            var id = r.GetInt64(5);
            Shipment(r, null, null, id, 1m, TraceKeys.Container(id));
        }, ct, [.. shipped, ("p", (int)ObjectRole.Parent)]);
        return shipments.OrderBy(s => s.At).ThenBy(s => s.EventId).ToList();
    }

    // The reached containers, and the containers they sit in now, up to the outermost.
    async Task<List<TracedContainer>> ContainersAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, TracedContainer>();
        var frontier = containers.ToList();
        while (frontier.Count > 0)
        {
            var next = new List<long>();
            await sql.ReadWhereInAsync("""
                SELECT c.id, c.code, c.sscc, c.kind, c.status, l.code, c.parent_container_id
                FROM containers c LEFT JOIN locations l ON l.id = c.location_id WHERE c.id IN ({ids})
                """, frontier, r =>
            {
                var id = r.GetInt64(0);
                var parent = SqlSession.ReadOptionalLong(r, 6);
                result[id] = new TracedContainer(id, r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                    ((ContainerStatus)r.GetInt32(4)).ToString().ToLowerInvariant(), r.IsDBNull(5) ? null : r.GetString(5), parent);
                if (parent is { } p)
                {
                    AddEdge(TraceKeys.Container(id), TraceKeys.Container(p), "packed", null);
                    if (containers.Add(p))
                    {
                        next.Add(p);
                    }
                }
            }, ct);
            frontier = next;
        }
        return result.Values.OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
    }

    async Task<List<TracedOrder>> OrdersAsync(CancellationToken ct)
    {
        var orders = new List<TracedOrder>();
        await sql.ReadWhereInAsync("SELECT id, number, kind, party_id FROM orders WHERE id IN ({ids})", orderIds, r =>
            orders.Add(new TracedOrder(r.GetInt64(0), r.GetString(1), ((OrderKind)r.GetInt32(2)).ToString().ToLowerInvariant(), SqlSession.ReadOptionalLong(r, 3))), ct);
        return orders.OrderBy(o => o.Kind, StringComparer.Ordinal).ThenBy(o => o.Number, StringComparer.Ordinal).ToList();
    }

    async Task<Dictionary<long, TracedParty>> PartiesAsync(CancellationToken ct)
    {
        var result = new Dictionary<long, TracedParty>();
        await sql.ReadWhereInAsync("SELECT id, code, name, contact_name, email, phone FROM parties WHERE id IN ({ids})", parties, r =>
        {
            string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
            result[r.GetInt64(0)] = new TracedParty(r.GetInt64(0), r.GetString(1), r.GetString(2), S(3), S(4), S(5));
        }, ct);
        return result;
    }

    void AddEdge(string from, string to, string kind, decimal? quantity)
    {
        if (otherEdges.Add((from, to, kind)))
        {
            edges.Add(new TraceEdge(from, to, kind, quantity));
        }
    }

    // GS1 Digital Link (GS1 Digital Link standard §4): /01/{gtin}/21/{serial} for a unit, /10/{lot} for a lot.
    static string? DigitalLinkOf(string? gtin, string ai, string value) =>
        gtin is { Length: > 0 } g ? $"{Gs1.DigitalLink.DefaultStem}/01/{g}/{ai}/{Uri.EscapeDataString(value)}" : null;
}

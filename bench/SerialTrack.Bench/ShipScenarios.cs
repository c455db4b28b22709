using System.Data;
using System.Diagnostics;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;

namespace SerialTrack.Bench;

// Shipping: N units across N/100 sales orders, each order's 100 units allocated beforehand; one call ships
// an order.
sealed partial class Scenarios
{
    public const int UnitsPerOrder = 100;

    // Both databases: N units at BENCH-A, a customer, and the orders with their units allocated, all through
    // the services. Returns the order numbers with their line id and customer id in the given database.
    async Task<List<(string Number, long Line, long Customer)>> SetupOrdersAsync(DatabaseTarget target, int units, CancellationToken ct)
    {
        await using (var db = Database.CreateContext(target))
        {
            await new PartyCatalog(db, Clock).CreateAsync(new PartyInput("BENCH-C", "Benchmark customer"), ct);
        }
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            await ServiceCommissionAsync(target, Serials(call, units), ct);
        }
        var orders = new List<(string, long, long)>();
        for (var o = 0; o * UnitsPerOrder < units; o++)
        {
            var count = Math.Min(UnitsPerOrder, units - o * UnitsPerOrder);
            await using var db = Database.CreateContext(target);
            var order = await new OrderBook(db, Clock).CreateAsync(new OrderInput(OrderKind.Sales, "BENCH-C", [new OrderLineInput(Sku, count)]), Actor.System, ct);
            var serials = Enumerable.Range(o * UnitsPerOrder, count).Select(Serial).ToList();
            await new Shipping(db, Clock).AllocateAsync(new AllocateRequest(order.Number, [new AllocationLine(1, serials)]), Actor.System, ct);
            orders.Add((order.Number, order.Lines[0].Id, db.Parties.Single(p => p.Code == "BENCH-C").Id));
            if (o % 50 == 0)
            {
                Progress($"{Label} ship setup (orders)", orders.Count, (units + UnitsPerOrder - 1) / UnitsPerOrder);
            }
        }
        return orders;
    }

    public async Task<Result> ShipAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        await SetupAsync(svcDb.Target, ct);
        var ids = await SetupAsync(rawDb.Target, ct);
        var setup = Stopwatch.StartNew();
        var svcOrders = await SetupOrdersAsync(svcDb.Target, units, ct);
        var rawOrders = await SetupOrdersAsync(rawDb.Target, units, ct);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);
        double service = 0, baseline = 0;
        for (var i = 0; i < svcOrders.Count; i++)
        {
            var (number, _, _) = svcOrders[i];
            var rawOrder = rawOrders[i];
            if (i % 2 == 0)
            {
                service += await TimeAsync(() => ServiceShipAsync(svcDb.Target, number, ct));
                baseline += await TimeAsync(() => RawShipAsync(raw, ids, rawOrder, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawShipAsync(raw, ids, rawOrder, ct));
                service += await TimeAsync(() => ServiceShipAsync(svcDb.Target, number, ct));
            }
            if (i % 50 == 0 || i == svcOrders.Count - 1)
            {
                Progress($"{Label} ship", i + 1, svcOrders.Count);
            }
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE status = 4 AND location_id IS NULL AND owner_party_id IS NOT NULL AND version = 2", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM allocations WHERE status = 3", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM orders WHERE status = 3", svcOrders.Count);
        return new Result(Label, "ship", units, service, baseline, setupSeconds, $"separate identical fresh databases, {UnitsPerOrder} allocated units per order, one call per order");
    }

    static async Task ServiceShipAsync(DatabaseTarget target, string order, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new Shipping(db, Clock).ShipAsync(new ShipRequest(order), Actor.System, ct);
    }

    static readonly string[] ShipEventUnitColumns = ["event_id", "unit_id", "role", "from_location_id", "status", "stage", "location_id", "container_id", "owner_party_id"];
    static readonly DbType[] ShipEventUnitTypes = [DbType.Int64, DbType.Int64, DbType.Int32, DbType.Int64, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int64];

    // The same writes as Shipping.ShipAsync for an order whose units are allocated: one event tied to the
    // order and customer, the units at the customer with the ship date, one event_units row per unit, the
    // allocations shipped, the line's done quantity and the order's status. Nothing is checked.
    static async Task RawShipAsync(Raw raw, (long Product, long A, long B) ids, (string Number, long Line, long Customer) order, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        var now = Clock.GetUtcNow();
        var t = raw.Time(now);
        var timeType = raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset;
        var allocations = new List<(long Id, long Unit)>();
        await using (var select = raw.Command("SELECT id, unit_id FROM allocations WHERE order_line_id = @l AND status = 1"))
        {
            Raw.Add(select, "l", DbType.Int64, order.Line);
            await using var r = await select.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                allocations.Add((r.GetInt64(0), r.GetInt64(1)));
            }
        }
        long ev;
        await using (var insert = raw.Command("""
            INSERT INTO events (type, action, event_time, event_time_zone_offset, record_time, biz_step, disposition, read_point_id, biz_location_id,
                destination_party_id, biz_transaction, order_id, actor, object_count)
            VALUES (520, 2, @t, '+00:00', @t, 'shipping', 'in_transit', @loc, @loc, @c, @n, (SELECT id FROM orders WHERE kind = 2 AND number = @n), 'system', @count) RETURNING id
            """))
        {
            Raw.Add(insert, "t", timeType, t);
            Raw.Add(insert, "loc", DbType.Int64, ids.A);
            Raw.Add(insert, "c", DbType.Int64, order.Customer);
            Raw.Add(insert, "n", DbType.String, order.Number);
            Raw.Add(insert, "count", DbType.Int32, allocations.Count);
            ev = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        foreach (var chunk in allocations.Chunk(raw.RowsPerStatement))
        {
            await using var update = raw.Command($"""
                UPDATE units SET status = 4, location_id = NULL, container_id = NULL, owner_party_id = @c, shipped_at = COALESCE(shipped_at, @t),
                    last_event_id = @e, updated_at = @t, version = version + 1 WHERE id IN ({Raw.List("i", chunk.Length)})
                """);
            Raw.Add(update, "c", DbType.Int64, order.Customer);
            Raw.Add(update, "t", timeType, t);
            Raw.Add(update, "e", DbType.Int64, ev);
            for (var i = 0; i < chunk.Length; i++)
            {
                Raw.Add(update, "@i" + i, DbType.Int64, chunk[i].Unit);
            }
            await update.ExecuteNonQueryAsync(ct);
            await using var ship = raw.Command($"UPDATE allocations SET status = 3, updated_at = @t WHERE id IN ({Raw.List("i", chunk.Length)})");
            Raw.Add(ship, "t", timeType, t);
            for (var i = 0; i < chunk.Length; i++)
            {
                Raw.Add(ship, "@i" + i, DbType.Int64, chunk[i].Id);
            }
            await ship.ExecuteNonQueryAsync(ct);
        }
        await raw.InsertAsync("event_units", ShipEventUnitColumns, ShipEventUnitTypes,
            allocations.Select(a => new object?[] { ev, a.Unit, 1, ids.A, 4, 3, null, null, order.Customer }).ToList(), ct);
        await using (var line = raw.Command("UPDATE order_lines SET done_quantity = done_quantity + @q, version = version + 1 WHERE id = @l"))
        {
            Raw.Add(line, "q", raw.IsSqlite ? DbType.Double : DbType.Decimal, raw.IsSqlite ? (object)(double)allocations.Count : (decimal)allocations.Count);
            Raw.Add(line, "l", DbType.Int64, order.Line);
            await line.ExecuteNonQueryAsync(ct);
        }
        await using (var status = raw.Command("UPDATE orders SET status = 3, updated_at = @t, version = version + 1 WHERE kind = 2 AND number = @n"))
        {
            Raw.Add(status, "t", timeType, t);
            Raw.Add(status, "n", DbType.String, order.Number);
            await status.ExecuteNonQueryAsync(ct);
        }
        await raw.CommitAsync(ct);
    }
}

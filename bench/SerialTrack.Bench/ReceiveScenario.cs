using System.Data;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;

namespace SerialTrack.Bench;

// Receive N serialized units against one purchase order line, SerialsPerCall per receipt.
sealed partial class Scenarios
{
    const string Po = "PO-BENCH";

    static async Task<(long Product, long A, long Supplier, long Order, long Line)> SetupReceiveAsync(DatabaseTarget target, int units, CancellationToken ct)
    {
        var (product, a, _) = await SetupAsync(target, ct);
        await using var db = Database.CreateContext(target);
        var supplier = await new PartyCatalog(db, Clock).CreateAsync(new PartyInput("BENCH-SUP", "Benchmark supplier", PartyRole.Supplier), ct);
        var order = await new OrderBook(db, Clock).CreateAsync(new OrderInput(OrderKind.Purchase, "BENCH-SUP", [new OrderLineInput(Sku, units)], Po), Actor.System, ct);
        return (product, a, supplier.Id, order.Id, order.Lines[0].Id);
    }

    static async Task ServiceReceiveAsync(DatabaseTarget target, List<string> serials, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new Receiving(db, Clock).ReceiveAsync(new ReceiveRequest("BENCH-A", [new ReceiptLine(Sku, serials)], Po), Actor.System, ct);
    }

    static readonly string[] ReceivedUnitColumns = ["id", "product_id", "serial", "status", "stage", "location_id", "lot_id", "last_event_id", "created_at", "updated_at", "archived", "version", "test_failed"];
    static readonly string[] ReceivedLinkColumns = ["event_id", "unit_id", "role", "from_location_id", "status", "stage", "location_id", "container_id", "owner_party_id"];
    static readonly DbType[] ReceivedLinkTypes = [DbType.Int64, DbType.Int64, DbType.Int32, DbType.Int64, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int64];

    // The rows the service writes: the event (with order, supplier and business transaction), the units, their
    // event_units rows, and the order line's and order's progress. Nothing is checked.
    static async Task RawReceiveAsync(Raw raw, (long Product, long A, long Supplier, long Order, long Line) ids, List<string> serials, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        var now = Clock.GetUtcNow();
        var time = raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset;
        long ev;
        await using (var cmd = raw.Command("""
            INSERT INTO events (type, action, event_time, event_time_zone_offset, record_time, biz_step, disposition, read_point_id, biz_location_id,
                source_party_id, biz_transaction, order_id, actor, object_count)
            VALUES (120, 1, @t, '+00:00', @t, 'receiving', 'active', @loc, @loc, @sup, @po, @o, 'system', @n) RETURNING id
            """))
        {
            Raw.Add(cmd, "t", time, raw.Time(now));
            Raw.Add(cmd, "loc", DbType.Int64, ids.A);
            Raw.Add(cmd, "sup", DbType.Int64, ids.Supplier);
            Raw.Add(cmd, "po", DbType.String, Po);
            Raw.Add(cmd, "o", DbType.Int64, ids.Order);
            Raw.Add(cmd, "n", DbType.Int32, serials.Count);
            ev = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var unitIds = await raw.ReserveIdsAsync("units", serials.Count, ct);
        var t = raw.Time(now);
        var units = new object?[serials.Count][];
        var links = new object?[serials.Count][];
        for (var i = 0; i < serials.Count; i++)
        {
            units[i] = [unitIds[i], ids.Product, serials[i], 1, 1, ids.A, null, ev, t, t, false, 0, false];
            links[i] = [ev, unitIds[i], 1, null, 1, 1, ids.A, null, null];
        }
        DbType[] unitTypes =
        [
            DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int64, time, time, DbType.Boolean, DbType.Int32, DbType.Boolean,
        ];
        await raw.InsertAsync("units", ReceivedUnitColumns, unitTypes, units, ct);
        await raw.InsertAsync("event_units", ReceivedLinkColumns, ReceivedLinkTypes, links, ct);
        await using (var line = raw.Command("UPDATE order_lines SET done_quantity = done_quantity + @n, version = version + 1 WHERE id = @l"))
        {
            Raw.Add(line, "n", raw.IsSqlite ? DbType.Double : DbType.Decimal, raw.IsSqlite ? (double)serials.Count : (decimal)serials.Count);
            Raw.Add(line, "l", DbType.Int64, ids.Line);
            await line.ExecuteNonQueryAsync(ct);
        }
        await using (var order = raw.Command("""
            UPDATE orders SET status = CASE WHEN (SELECT done_quantity >= quantity FROM order_lines WHERE id = @l) THEN 3 ELSE 2 END,
                updated_at = @t, version = version + 1 WHERE id = @o
            """))
        {
            Raw.Add(order, "l", DbType.Int64, ids.Line);
            Raw.Add(order, "t", time, raw.Time(now));
            Raw.Add(order, "o", DbType.Int64, ids.Order);
            await order.ExecuteNonQueryAsync(ct);
        }
        await raw.CommitAsync(ct);
    }

    public async Task<Result> ReceiveAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        await SetupReceiveAsync(svcDb.Target, units, ct);
        var ids = await SetupReceiveAsync(rawDb.Target, units, ct);
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);

        double service = 0, baseline = 0;
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            if (call % 2 == 0)
            {
                service += await TimeAsync(() => ServiceReceiveAsync(svcDb.Target, serials, ct));
                baseline += await TimeAsync(() => RawReceiveAsync(raw, ids, serials, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawReceiveAsync(raw, ids, serials, ct));
                service += await TimeAsync(() => ServiceReceiveAsync(svcDb.Target, serials, ct));
            }
            Progress($"{Label} receive", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE location_id = (SELECT id FROM locations WHERE code = 'BENCH-A')", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM event_units", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM orders WHERE status = 3", 1);
        return new Result(Label, "receive", units, service, baseline, 0, "separate identical fresh databases, same serials, one purchase order line");
    }
}

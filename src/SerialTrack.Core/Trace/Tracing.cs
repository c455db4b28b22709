using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Trace;

// Trace backward (what went into it) and forward (what it went into, where that is now), from roots that
// the resolvers find: a scanned code, a supplier lot, a production order, a supplier, a station's time
// window or a serial range. The walk itself is TraceWalk.
public sealed class Tracing(SerialTrackDbContext db)
{
    public async Task<TraceRoots> ResolveAsync(string id, CancellationToken ct)
    {
        var text = (id ?? "").Trim();
        if (text.Length == 0)
        {
            throw DomainException.BadInput("field.required", "id", "id is required: a serial, lot, container code or GS1 code.");
        }
        ScanResult scan;
        try
        {
            scan = await new Scanner(db).ScanAsync(text, ct);
        }
        catch (DomainException e) when (e.Field == "text")
        {
            throw new DomainException(e.Code, e.Message, "id", e.Kind);
        }
        var matches = scan.Matches.Where(m => m.Kind is ScanKind.Unit or ScanKind.Lot or ScanKind.Container).ToList();
        if (matches.Count == 0)
        {
            var why = scan.Message is { Length: > 0 } m && scan.Matches.Count == 0 ? $" {m}" : "";
            throw DomainException.NotFound("trace.not_found", $"No unit, lot or container is known as '{text}'.{why}", "id");
        }
        if (matches.Count > 1)
        {
            throw DomainException.BadInput("trace.ambiguous", "id",
                $"'{text}' matches {matches.Count} things: {string.Join("; ", matches.Select(x => x.Label))}. Scan its GS1 code or give the product too.");
        }
        var hit = matches[0];
        return hit.Kind switch
        {
            ScanKind.Unit => new TraceRoots([hit.Id], [], [], hit.Label),
            ScanKind.Lot => new TraceRoots([], [hit.Id], [], hit.Label),
            _ => new TraceRoots([], [], [hit.Id], hit.Label),
        };
    }

    public async Task<TraceRoots> SupplierLotAsync(string supplierLotCode, CancellationToken ct)
    {
        var code = Text.Required(supplierLotCode, "supplierLot", 64);
        var lots = await db.Lots.AsNoTracking().Where(l => l.SupplierLotCode == code).Select(l => l.Id).ToListAsync(ct);
        if (lots.Count == 0)
        {
            throw DomainException.NotFound("trace.supplier_lot_not_found", $"No lot was received with supplier lot '{code}'.", "supplierLot");
        }
        // Serialized goods received under a supplier's lot keep it on the unit (Unit.LotId).
        var units = await IdsAsync("SELECT id FROM units WHERE lot_id IN ({ids})", lots, ct);
        return new TraceRoots(units, lots, [], $"supplier lot {code}");
    }

    public async Task<TraceRoots> ProductionOrderAsync(string number, CancellationToken ct)
    {
        var code = Text.Required(number, "order", 64);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrderKind.Production && o.Number == code, ct)
            ?? throw DomainException.NotFound("order.not_found", $"Production order '{code}' does not exist.", "order");
        // The outputs of the order's events: units and lots made under it, with or without components.
        var units = await IdsAsync("SELECT DISTINCT eu.unit_id FROM events e JOIN event_units eu ON eu.event_id = e.id WHERE e.order_id = @o AND eu.role = @r", ct,
            ("o", order.Id), ("r", (int)ObjectRole.Output));
        var lots = await IdsAsync("SELECT DISTINCT el.lot_id FROM events e JOIN event_lots el ON el.event_id = e.id WHERE e.order_id = @o AND el.role = @r", ct,
            ("o", order.Id), ("r", (int)ObjectRole.Output));
        return new TraceRoots(units, lots, [], $"production order {order.Number}");
    }

    public async Task<TraceRoots> SupplierAsync(string partyCode, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var code = Text.Required(partyCode, "supplier", 64);
        var party = await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct)
            ?? throw DomainException.NotFound("party.not_found", $"Party '{code}' does not exist.", "supplier");
        RequireWindow(from, to);
        var sql = new SqlSession(db);
        var start = sql.Time(from ?? DateTimeOffset.UnixEpoch);
        var end = sql.Time(to ?? new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero));
        const string events = "SELECT id FROM events WHERE source_party_id = @p AND event_time >= @f AND event_time < @t AND type IN (@r1, @r2)";
        (string, object?)[] p = [("p", party.Id), ("f", start), ("t", end), ("r1", (int)EventType.Received), ("r2", (int)EventType.LotReceived)];
        var units = await IdsAsync($"SELECT DISTINCT unit_id FROM event_units WHERE event_id IN ({events})", ct, p);
        var lots = await IdsAsync($"SELECT DISTINCT lot_id FROM event_lots WHERE event_id IN ({events})", ct, p);
        return new TraceRoots(units, lots, [], $"received from {party.Code}{Window(from, to)}");
    }

    public async Task<TraceRoots> StationWindowAsync(string stationCode, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var code = Text.Required(stationCode, "station", 64);
        var station = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct)
            ?? throw DomainException.NotFound("location.not_found", $"Location '{code}' does not exist.", "station");
        RequireWindow(from, to);
        var sql = new SqlSession(db);
        (string, object?)[] p = [("s", station.Id), ("f", sql.Time(from)), ("t", sql.Time(to)), ("o", (int)ObjectRole.Output)];
        // A work step started at the station in the window, or the station produced it in the window.
        var units = await IdsAsync("""
            SELECT unit_id FROM production_steps WHERE station_id = @s AND started_at >= @f AND started_at < @t AND unit_id IS NOT NULL
            UNION SELECT eu.unit_id FROM events e JOIN event_units eu ON eu.event_id = e.id
            WHERE e.biz_location_id = @s AND e.event_time >= @f AND e.event_time < @t AND eu.role = @o
            """, ct, p);
        var lots = await IdsAsync("""
            SELECT lot_id FROM production_steps WHERE station_id = @s AND started_at >= @f AND started_at < @t AND lot_id IS NOT NULL
            UNION SELECT el.lot_id FROM events e JOIN event_lots el ON el.event_id = e.id
            WHERE e.biz_location_id = @s AND e.event_time >= @f AND e.event_time < @t AND el.role = @o
            """, ct, p);
        return new TraceRoots(units, lots, [], $"made at {station.Code}{Window(from, to)}");
    }

    // Ordinal comparison, so that it means the same on both databases. When first and last are as long as
    // each other only serials of that length count: S0001..S0010 then does not also take S001234.
    public async Task<TraceRoots> SerialRangeAsync(string sku, string firstSerial, string lastSerial, CancellationToken ct)
    {
        var code = Text.Required(sku, "sku", 64);
        var first = Text.Required(firstSerial, "first", 128);
        var last = Text.Required(lastSerial, "last", 128);
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == code, ct)
            ?? throw DomainException.NotFound("product.not_found", $"Product '{code}' does not exist.", "sku");
        if (string.CompareOrdinal(first, last) > 0)
        {
            throw DomainException.BadInput("trace.range_reversed", "last", $"The range ends at '{last}', before its first serial '{first}'.");
        }
        var sql = new SqlSession(db);
        var collate = sql.IsSqlite ? "" : " COLLATE \"C\"";
        var sameLength = first.Length == last.Length ? " AND LENGTH(serial) = @n" : "";
        var units = await IdsAsync($"SELECT id FROM units WHERE product_id = @p AND serial{collate} >= @a AND serial{collate} <= @b{sameLength}", ct,
            ("p", product.Id), ("a", first), ("b", last), ("n", first.Length));
        return new TraceRoots(units, [], [], $"{product.Sku} serials {first} to {last}");
    }

    public Task<TraceResult> TraceAsync(TraceRoots roots, TraceDirection direction, CancellationToken ct)
    {
        if (!Enum.IsDefined(direction))
        {
            throw DomainException.BadInput("trace.direction", "direction", "direction is backward or forward.");
        }
        var sql = new SqlSession(db);
        // One connection for the whole walk: a trace makes a few dozen queries.
        return sql.OnOpenConnectionAsync(() => new TraceWalk(sql, roots, direction).RunAsync(ct), ct);
    }

    static void RequireWindow(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f && to is { } t && t <= f)
        {
            throw DomainException.BadInput("trace.window", "to", "The window ends before it starts: 'to' must be after 'from'.");
        }
    }

    static string Window(DateTimeOffset? from, DateTimeOffset? to) => (from, to) switch
    {
        (null, null) => "",
        ({ } f, null) => $" from {f:yyyy-MM-dd HH:mm}",
        (null, { } t) => $" until {t:yyyy-MM-dd HH:mm}",
        ({ } f, { } t) => $" from {f:yyyy-MM-dd HH:mm} to {t:yyyy-MM-dd HH:mm}",
    };

    Task<List<long>> IdsAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        ReadIdsAsync(s => s.Command(sql, parameters), ct);

    Task<List<long>> IdsAsync(string sql, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        ReadIdsAsync(s => s.IdsCommand(sql, ids), ct);

    Task<List<long>> ReadIdsAsync(Func<SqlSession, DbCommand> command, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        return sql.OnOpenConnectionAsync(async () =>
        {
            var result = new List<long>();
            await using var cmd = command(sql);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                if (!r.IsDBNull(0))
                {
                    result.Add(r.GetInt64(0));
                }
            }
            return result;
        }, ct);
    }
}

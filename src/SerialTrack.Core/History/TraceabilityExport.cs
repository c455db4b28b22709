using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.History;

// For one traceability lot (its code, optionally narrowed to a product) or a time window [From, To).
public sealed record TraceabilityQuery(string? Lot = null, string? Product = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

// One critical tracking event for one traceability lot, with the key data elements of FDA FSMA 204
// (21 CFR 1.1325-1.1350): what (lot code, product, quantity and unit), when, where (location and its GLN),
// the immediate previous source or subsequent recipient, the reference document, and for a
// transformation the lots that went into it.
public sealed record TraceabilityRow(string Cte, DateTimeOffset EventTime, string Offset, string TraceabilityLotCode, string Sku, string? Gtin,
    string Description, decimal Quantity, string Uom, string? Location, string? LocationGln, string? SourceCode, string? SourceName,
    string? RecipientCode, string? RecipientName, string? ReferenceType, string? ReferenceNumber, string? InputLots, long EventId);

public sealed class TraceabilityExport(SerialTrackDbContext db)
{
    public const string Receiving = "Receiving";
    public const string Transformation = "Transformation";
    public const string Shipping = "Shipping";

    const int Batch = 500;

    static readonly EventType[] ReceivingTypes = [EventType.Received, EventType.LotReceived, EventType.Returned];
    static readonly EventType[] TransformationTypes = [EventType.Produced, EventType.LotsTransformed, EventType.LotSplit, EventType.LotsMerged];
    static readonly EventType[] ShippingTypes = [EventType.Shipped, EventType.ReturnedToSupplier];
    static readonly EventType[] Critical = [.. ReceivingTypes, .. TransformationTypes, .. ShippingTypes];

    // Rows sorted by event time; the events are read in batches so a year of shipments streams.
    public async IAsyncEnumerable<TraceabilityRow> RowsAsync(TraceabilityQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = db.Events.AsNoTracking().Where(e => Critical.Contains(e.Type));
        long[]? lotIds = null;
        if (!string.IsNullOrWhiteSpace(query.Lot))
        {
            var code = query.Lot.Trim();
            var lots = db.Lots.Where(l => l.Code == code);
            if (!string.IsNullOrWhiteSpace(query.Product))
            {
                var sku = query.Product.Trim();
                lots = lots.Where(l => db.Products.Any(p => p.Id == l.ProductId && p.Sku == sku));
            }
            lotIds = await lots.Select(l => l.Id).ToArrayAsync(ct);
            if (lotIds.Length == 0)
            {
                throw DomainException.NotFound("lot.not_found", $"No lot with code '{code}'.", "lot");
            }
            var ids = lotIds;
            events = events.Where(e => db.EventLots.Any(x => x.EventId == e.Id && ids.Contains(x.LotId))
                || db.EventUnits.Any(x => x.EventId == e.Id && db.Units.Any(u => u.Id == x.UnitId && u.LotId != null && ids.Contains(u.LotId.Value))));
        }
        else if (query.From is null || query.To is null)
        {
            throw DomainException.BadInput("export.scope_required", "lot", "Give a lot, or both from and to.");
        }
        if (query.From is { } f && query.To is { } t && f > t)
        {
            throw DomainException.BadInput("history.from_after_to", "from", "from is later than to.");
        }
        if (query.From is { } from)
        {
            var fu = from.ToUniversalTime();
            events = events.Where(e => e.EventTime >= fu);
        }
        if (query.To is { } to)
        {
            var tu = to.ToUniversalTime();
            events = events.Where(e => e.EventTime < tu);
        }

        DateTimeOffset? lastTime = null;
        long lastId = 0;
        while (true)
        {
            var page = events;
            if (lastTime is { } lt)
            {
                var li = lastId;
                page = page.Where(e => e.EventTime > lt || (e.EventTime == lt && e.Id > li));
            }
            var batch = await page.OrderBy(e => e.EventTime).ThenBy(e => e.Id).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                yield break;
            }
            foreach (var row in await RowsOfAsync(batch, lotIds, ct))
            {
                yield return row;
            }
            (lastTime, lastId) = (batch[^1].EventTime, batch[^1].Id);
        }
    }

    sealed record Line(long EventId, ObjectRole Role, long ProductId, long? LotId, string Code, decimal Quantity);

    async Task<List<TraceabilityRow>> RowsOfAsync(List<Event> events, long[]? onlyLots, CancellationToken ct)
    {
        var ids = events.Select(e => e.Id).ToArray();
        var lotLines = await (from x in db.EventLots
                              where ids.Contains(x.EventId)
                              join l in db.Lots on x.LotId equals l.Id
                              orderby x.EventId, x.Line
                              select new Line(x.EventId, x.Role, l.ProductId, l.Id, l.Code, x.Quantity)).ToListAsync(ct);
        // Serialized units count as their lot when they have one (the traceability lot code of a unit),
        // otherwise each serial is its own lot of one.
        var unitLines = await (from x in db.EventUnits
                               where ids.Contains(x.EventId)
                               join u in db.Units on x.UnitId equals u.Id
                               join l in db.Lots on u.LotId equals l.Id into ls
                               from l in ls.DefaultIfEmpty()
                               select new Line(x.EventId, x.Role, u.ProductId, u.LotId, l == null ? u.Serial : l.Code, 1m)).ToListAsync(ct);
        var lines = lotLines.Concat(unitLines
            .GroupBy(u => (u.EventId, u.Role, u.ProductId, u.LotId, u.Code))
            .Select(g => g.First() with { Quantity = g.Count() }))
            .ToLookup(x => x.EventId);

        var productIds = lines.SelectMany(g => g).Select(x => x.ProductId).Distinct().ToArray();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.Sku, p.Gtin, Description = p.Description ?? p.Name, p.Uom }, ct);
        var locationIds = events.Where(e => e.BizLocationId != null).Select(e => e.BizLocationId!.Value).Distinct().ToArray();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => new { l.Code, l.Gln }, ct);
        var orderIds = events.Where(e => e.OrderId != null).Select(e => e.OrderId!.Value).Distinct().ToArray();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => new { o.Kind, o.Number, o.PartyId }, ct);
        var partyIds = events.SelectMany(e => new[] { e.SourcePartyId, e.DestinationPartyId }).Concat(orders.Values.Select(o => o.PartyId))
            .Where(p => p != null).Select(p => p!.Value).Distinct().ToArray();
        var parties = await db.Parties.AsNoTracking().Where(p => partyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Code, p.Name }, ct);

        var rows = new List<TraceabilityRow>();
        foreach (var e in events)
        {
            var cte = ReceivingTypes.Contains(e.Type) ? Receiving : TransformationTypes.Contains(e.Type) ? Transformation : Shipping;
            var objects = lines[e.Id].ToList();
            var inputs = objects.Where(x => x.Role == ObjectRole.Input).ToList();
            var subjects = cte == Transformation ? objects.Where(x => x.Role == ObjectRole.Output) : objects.Where(x => x.Role != ObjectRole.Input);
            if (onlyLots is not null && cte != Transformation)
            {
                // A receipt or shipment of several lots: only the asked lot's lines.
                subjects = subjects.Where(x => x.LotId is { } l && onlyLots.Contains(l));
            }
            var order = e.OrderId is { } oid && orders.TryGetValue(oid, out var o) ? o : null;
            // The order's party stands in when the event did not name one: the supplier of a PO, the customer of an SO.
            var sourceId = e.SourcePartyId ?? (cte == Receiving ? order?.PartyId : null);
            var recipientId = e.DestinationPartyId ?? (cte == Shipping ? order?.PartyId : null);
            var source = sourceId is { } s && parties.TryGetValue(s, out var sp) ? sp : null;
            var recipient = recipientId is { } r && parties.TryGetValue(r, out var rp) ? rp : null;
            var location = e.BizLocationId is { } lid && locations.TryGetValue(lid, out var loc) ? loc : null;
            var inputText = inputs.Count == 0 ? null
                : string.Join("; ", inputs.Select(i => $"{products[i.ProductId].Sku} {i.Code} {i.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {products[i.ProductId].Uom}"));
            foreach (var x in subjects)
            {
                var p = products[x.ProductId];
                rows.Add(new TraceabilityRow(cte, e.EventTime, e.EventTimeZoneOffset, x.Code, p.Sku, p.Gtin, p.Description, x.Quantity, p.Uom,
                    location?.Code, location?.Gln, source?.Code, source?.Name, recipient?.Code, recipient?.Name,
                    order is null ? null : ReferenceType(order.Kind), order?.Number ?? e.BizTransaction, inputText, e.Id));
            }
        }
        return rows;
    }

    static string ReferenceType(OrderKind kind) => kind switch
    {
        OrderKind.Purchase => "PO",
        OrderKind.Sales => "SO",
        OrderKind.Production => "MO",
        _ => "RMA",
    };
}

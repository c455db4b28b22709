using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Printing;

// The data keys a label template binds to. They are SerialTrack.Labels.LabelFields' names, repeated here
// because Core must not reference the renderers.
public static class LabelKeys
{
    public const string ProductName = "product_name";
    public const string Sku = "sku";
    public const string Serial = "serial";
    public const string Lot = "lot";
    public const string Expiry = "expiry";
    public const string Location = "location";
    public const string Customer = "customer";
    public const string Handling = "handling";
    public const string Gtin = "gtin";
    public const string Sscc = "sscc";
    public const string Container = "container";
    public const string Gs1Raw = "gs1_raw";
    public const string Gs1Hri = "gs1_hri";
    public const string DigitalLink = "digital_link";
}

// What to print: one kind of selection per request (checked by LabelData.Select).
public sealed record LabelSelection(
    IReadOnlyList<long>? UnitIds = null,
    string? Product = null,
    IReadOnlyList<string>? Serials = null,
    long? Reservation = null,
    string? Location = null,
    long? Lot = null,
    long? Container = null,
    string? Order = null,
    OrderKind? OrderKind = null);

// Builds label data (field -> text) from current state. Every GS1 string comes from the GS1 module, never
// from concatenation, so a label's symbol always parses back to the element string it claims.
// Selections stream page by page (1,000 rows, untracked) so 100,000 labels never sit in memory.
public sealed record OrderLabelCount(int Units, int Lots);

public sealed class LabelData(SerialTrackDbContext db)
{
    public const int PageSize = 1000;

    public async Task<IReadOnlyDictionary<string, string>> ForUnitAsync(long unitId, CancellationToken ct)
    {
        var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId, ct)
            ?? throw DomainException.NotFound("unit.not_found", $"No unit with id {unitId}.", "unit");
        var product = await ProductAsync(unit.ProductId, ct);
        var page = await UnitPageAsync(db.Units.Where(u => u.Id == unitId), ct);
        return ForUnit(product, page[0]);
    }

    public async Task<IReadOnlyDictionary<string, string>> ForSerialAsync(string sku, string serial, CancellationToken ct)
    {
        var product = await ProductAsync(sku, ct);
        var page = await UnitPageAsync(db.Units.Where(u => u.ProductId == product.Id && u.Serial == serial), ct);
        return page.Count > 0 ? ForUnit(product, page[0]) : ForUnit(product, new UnitRow(0, product.Id, serial, null, null, null));
    }

    public async Task<IReadOnlyDictionary<string, string>> ForLotAsync(long lotId, CancellationToken ct)
    {
        var lot = await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct)
            ?? throw DomainException.NotFound("lot.not_found", $"No lot with id {lotId}.", "lot");
        var product = await ProductAsync(lot.ProductId, ct);
        return ForLot(product, lot);
    }

    static Dictionary<string, string> ForLot(Product product, Lot lot)
    {
        var data = ProductFields(product);
        data[LabelKeys.Lot] = lot.Code;
        if (lot.ExpiryDate is { } expiry)
        {
            data[LabelKeys.Expiry] = expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (product.Gtin is { } gtin)
        {
            // GS1 General Specifications §3.4.6: (17) is YYMMDD; the element order (01)(17)(10) puts the
            // variable-length batch last so it needs no separator.
            var elements = new List<Gs1Element> { new("01", gtin) };
            if (lot.ExpiryDate is { } e)
            {
                elements.Add(new("17", e.ToString("yyMMdd", CultureInfo.InvariantCulture)));
            }
            elements.Add(new("10", lot.Code));
            AddGs1(data, elements);
        }
        return data;
    }

    public async Task<IReadOnlyDictionary<string, string>> ForLocationAsync(string code, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct)
            ?? throw DomainException.NotFound("location.not_found", $"No location '{code}'.", "location");
        return ForLocation(location);
    }

    public async Task<IReadOnlyDictionary<string, string>> ForContainerAsync(long containerId, CancellationToken ct)
    {
        var container = await db.Containers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == containerId, ct)
            ?? throw DomainException.NotFound("container.not_found", $"No container with id {containerId}.", "container");
        var data = new Dictionary<string, string>(StringComparer.Ordinal) { [LabelKeys.Container] = container.Code };
        if (container.Sscc is { } sscc)
        {
            data[LabelKeys.Sscc] = sscc;
            AddGs1(data, [new("00", sscc)]);
        }
        if (container.LocationId is { } locationId
            && await db.Locations.AsNoTracking().Where(l => l.Id == locationId).Select(l => l.Code).FirstOrDefaultAsync(ct) is { } where)
        {
            data[LabelKeys.Location] = where;
        }
        return data;
    }

    // Resolves the selection (unknown product, location or reservation is refused here, before anything
    // streams) and returns the labels to pull.
    public async Task<IAsyncEnumerable<IReadOnlyDictionary<string, string>>> SelectAsync(LabelSelection s, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(s);
        var kinds = (s.UnitIds is { Count: > 0 } ? 1 : 0) + (s.Serials is { Count: > 0 } ? 1 : 0) + (s.Reservation is null ? 0 : 1)
            + (s.Lot is null ? 0 : 1) + (s.Container is null ? 0 : 1) + (s.Order is null ? 0 : 1)
            + (s.Product is not null && s.Serials is not { Count: > 0 } ? 1 : 0)
            + (s.Location is not null && s.Product is null ? 1 : 0);
        if (kinds != 1)
        {
            throw DomainException.BadInput("label.selection", "selection",
                "Choose exactly one of: unitIds; serials with product; reservation; product (optionally with location); location; lot; container; order.");
        }
        if (s.UnitIds is { Count: > 0 } ids)
        {
            return UnitsByIdAsync(ids, ct);
        }
        if (s.Serials is { Count: > 0 } serials)
        {
            if (s.Product is null)
            {
                throw DomainException.BadInput("label.product_required", "product", "A list of serials needs the product they belong to.");
            }
            return SerialsAsync(await ProductAsync(s.Product, ct), serials, ct);
        }
        if (s.Reservation is { } reservation)
        {
            var r = await db.SerialReservations.AsNoTracking().FirstOrDefaultAsync(x => x.Id == reservation, ct)
                ?? throw DomainException.NotFound("reservation.not_found", $"No serial reservation {reservation}.", "reservation");
            return ReservationAsync(await ProductAsync(r.ProductId, ct), r.Id, ct);
        }
        if (s.Lot is { } lot)
        {
            return One(await ForLotAsync(lot, ct));
        }
        if (s.Container is { } container)
        {
            return One(await ForContainerAsync(container, ct));
        }
        if (s.Order is { } number)
        {
            var order = await OrderAsync(number, s.OrderKind, ct);
            var customer = order.Kind == OrderKind.Sales && order.PartyId is { } partyId
                ? await db.Parties.AsNoTracking().Where(p => p.Id == partyId).Select(p => p.Name).FirstOrDefaultAsync(ct)
                : null;
            return OrderItemsAsync(order, customer, ct);
        }
        if (s.Product is { } sku)
        {
            var product = await ProductAsync(sku, ct);
            var path = s.Location is null ? null : (await LocationAsync(s.Location, ct)).Path;
            return UnitsOfProductAsync(product, path, ct);
        }
        return LocationSubtreeAsync((await LocationAsync(s.Location!, ct)).Path, ct);
    }

    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> UnitsByIdAsync(IReadOnlyList<long> ids, [EnumeratorCancellation] CancellationToken ct)
    {
        var products = new Dictionary<long, Product>();
        foreach (var chunk in ids.Chunk(PageSize))
        {
            var byId = (await UnitPageAsync(db.Units.Where(u => chunk.Contains(u.Id)), ct)).ToDictionary(u => u.Id);
            foreach (var id in chunk)
            {
                if (!byId.TryGetValue(id, out var unit))
                {
                    throw DomainException.NotFound("unit.not_found", $"No unit with id {id}.", "unitIds");
                }
                if (!products.TryGetValue(unit.ProductId, out var product))
                {
                    products[unit.ProductId] = product = await ProductAsync(unit.ProductId, ct);
                }
                yield return ForUnit(product, unit);
            }
        }
    }

    // Serials that are not (yet) units still get a label: printing before commissioning is the usual order.
    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> SerialsAsync(Product product, IReadOnlyList<string> serials, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var chunk in serials.Chunk(PageSize))
        {
            var page = await UnitPageAsync(db.Units.Where(u => u.ProductId == product.Id && chunk.Contains(u.Serial)), ct);
            var bySerial = page.ToDictionary(u => u.Serial, StringComparer.Ordinal);
            foreach (var serial in chunk)
            {
                yield return ForUnit(product, bySerial.GetValueOrDefault(serial) ?? new UnitRow(0, product.Id, serial, null, null, null));
            }
        }
    }

    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> ReservationAsync(Product product, long reservationId, [EnumeratorCancellation] CancellationToken ct)
    {
        var serials = PagesAsync(after => db.ExpectedSerials.AsNoTracking()
            .Where(x => x.ReservationId == reservationId && x.Id > after)
            .OrderBy(x => x.Id).Take(PageSize).Select(x => new { x.Id, x.Serial }).ToListAsync(ct), x => x.Id);
        await foreach (var x in serials)
        {
            yield return ForUnit(product, new UnitRow(0, product.Id, x.Serial, null, null, null));
        }
    }

    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> UnitsOfProductAsync(Product product, string? path, [EnumeratorCancellation] CancellationToken ct)
    {
        var query = db.Units.Where(u => u.ProductId == product.Id && !u.Archived);
        if (path is not null)
        {
            // A location means its whole subtree, as in the units list.
            query = query.Where(u => db.Locations.Any(l => l.Id == u.LocationId && l.Path.StartsWith(path)));
        }
        await foreach (var row in PagesAsync(after => UnitPageAsync(query.Where(u => u.Id > after).OrderBy(u => u.Id).Take(PageSize), ct), u => u.Id))
        {
            yield return ForUnit(product, row);
        }
    }

    // What the order page offers to print, before anything is rendered.
    public async Task<OrderLabelCount> CountOrderAsync(long orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == orderId, ct);
        return new OrderLabelCount(await OrderUnitIds(order).Distinct().CountAsync(ct), await OrderLotIds(order).Distinct().CountAsync(ct));
    }

    // A sales order's units and lots are those promised to it and not released (shipping records direct
    // ships as allocations too); any other order's are those its events name, except components consumed
    // into its output: a purchase order's receipts, a production order's builds, a return's returned units.
    IQueryable<long> OrderUnitIds(Order order) => order.Kind == OrderKind.Sales
        ? from a in db.Allocations
          join l in db.OrderLines on a.OrderLineId equals l.Id
          where l.OrderId == order.Id && a.Status != AllocationStatus.Released && a.UnitId != null
          select a.UnitId!.Value
        : from e in db.Events
          join x in db.EventUnits on e.Id equals x.EventId
          where e.OrderId == order.Id && x.Role != ObjectRole.Input
          select x.UnitId;

    IQueryable<long> OrderLotIds(Order order) => order.Kind == OrderKind.Sales
        ? from a in db.Allocations
          join l in db.OrderLines on a.OrderLineId equals l.Id
          where l.OrderId == order.Id && a.Status != AllocationStatus.Released && a.LotId != null
          select a.LotId!.Value
        : from e in db.Events
          join x in db.EventLots on e.Id equals x.EventId
          where e.OrderId == order.Id && x.Role != ObjectRole.Input
          select x.LotId;

    // The order's unit labels in unit-id order, then its lot labels; a sales order's carry its customer.
    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> OrderItemsAsync(Order order, string? customer, [EnumeratorCancellation] CancellationToken ct)
    {
        var products = new Dictionary<long, Product>();
        var unitIds = OrderUnitIds(order);
        var units = PagesAsync(async after => (await UnitPageAsync(db.Units.Where(u => u.Id > after && unitIds.Contains(u.Id)).OrderBy(u => u.Id).Take(PageSize), ct))
            .OrderBy(u => u.Id).ToList(), u => u.Id);
        await foreach (var unit in units)
        {
            yield return WithCustomer(ForUnit(await ProductOfAsync(unit.ProductId), unit), customer);
        }
        var lotIds = OrderLotIds(order);
        var lots = PagesAsync(after => db.Lots.AsNoTracking().Where(l => l.Id > after && lotIds.Contains(l.Id)).OrderBy(l => l.Id).Take(PageSize).ToListAsync(ct), l => l.Id);
        await foreach (var lot in lots)
        {
            yield return WithCustomer(ForLot(await ProductOfAsync(lot.ProductId), lot), customer);
        }

        async Task<Product> ProductOfAsync(long id) =>
            products.TryGetValue(id, out var product) ? product : products[id] = await ProductAsync(id, ct);
    }

    // Rows read a page at a time in id order, so a job of any size holds one page in memory.
    static async IAsyncEnumerable<T> PagesAsync<T>(Func<long, Task<List<T>>> page, Func<T, long> idOf)
    {
        long after = 0;
        while (true)
        {
            var rows = await page(after);
            foreach (var row in rows)
            {
                yield return row;
            }
            if (rows.Count < PageSize)
            {
                yield break;
            }
            after = idOf(rows[^1]);
        }
    }

    static IReadOnlyDictionary<string, string> WithCustomer(IReadOnlyDictionary<string, string> data, string? customer)
    {
        if (customer is null)
        {
            return data;
        }
        return new Dictionary<string, string>(data, StringComparer.Ordinal) { [LabelKeys.Customer] = customer };
    }

    // Order numbers are unique per kind; a number two kinds share needs its kind.
    async Task<Order> OrderAsync(string number, OrderKind? kind, CancellationToken ct)
    {
        var found = await db.Orders.AsNoTracking().Where(o => o.Number == number && (kind == null || o.Kind == kind)).Take(2).ToListAsync(ct);
        return found.Count switch
        {
            0 => throw DomainException.NotFound("order.not_found", $"No order '{number}'.", "order"),
            1 => found[0],
            _ => throw DomainException.BadInput("label.order_kind", "orderKind", $"Order number '{number}' is used by more than one kind of order: give its kind."),
        };
    }

    // A location label for every location in the subtree that holds stock: the bins, not the building.
    async IAsyncEnumerable<IReadOnlyDictionary<string, string>> LocationSubtreeAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        var parents = db.Locations.Where(c => c.ParentId != null).Select(c => c.ParentId);
        var any = false;
        var locations = PagesAsync(after => db.Locations.AsNoTracking()
            .Where(l => l.Path.StartsWith(path) && !l.Archived && l.Id > after && !parents.Contains(l.Id))
            .OrderBy(l => l.Id).Take(PageSize).ToListAsync(ct), l => l.Id);
        await foreach (var l in locations)
        {
            any = true;
            yield return ForLocation(l);
        }
        if (!any)
        {
            var root = await db.Locations.AsNoTracking().FirstAsync(l => l.Path == path, ct);
            yield return ForLocation(root);
        }
    }

    static async IAsyncEnumerable<IReadOnlyDictionary<string, string>> One(IReadOnlyDictionary<string, string> data)
    {
        await Task.CompletedTask;
        yield return data;
    }

    sealed record UnitRow(long Id, long ProductId, string Serial, string? Location, string? Lot, DateOnly? Expiry);

    // Order of the result follows the query's order (callers that need it sort before the call).
    Task<List<UnitRow>> UnitPageAsync(IQueryable<Unit> units, CancellationToken ct) =>
        (from u in units.AsNoTracking()
         join l in db.Locations on u.LocationId equals l.Id into ls
         from l in ls.DefaultIfEmpty()
         join lot in db.Lots on u.LotId equals lot.Id into lots
         from lot in lots.DefaultIfEmpty()
         select new UnitRow(u.Id, u.ProductId, u.Serial, l == null ? null : l.Code, lot == null ? null : lot.Code, lot == null ? null : lot.ExpiryDate))
        .ToListAsync(ct);

    static IReadOnlyDictionary<string, string> ForUnit(Product product, UnitRow unit)
    {
        var data = ProductFields(product);
        data[LabelKeys.Serial] = unit.Serial;
        if (unit.Location is { } location)
        {
            data[LabelKeys.Location] = location;
        }
        if (unit.Lot is { } lot)
        {
            data[LabelKeys.Lot] = lot;
        }
        if (unit.Expiry is { } expiry)
        {
            data[LabelKeys.Expiry] = expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        if (product.Gtin is { } gtin)
        {
            AddGs1(data, [new("01", gtin), new("21", unit.Serial)]);
        }
        return data;
    }

    static IReadOnlyDictionary<string, string> ForLocation(Location location) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [LabelKeys.Location] = location.Code, [LabelKeys.ProductName] = location.Name };

    static Dictionary<string, string> ProductFields(Product product)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LabelKeys.ProductName] = product.Name,
            [LabelKeys.Sku] = product.Sku,
        };
        if (product.Gtin is { } gtin)
        {
            data[LabelKeys.Gtin] = gtin;
        }
        if (product.HandlingInstructions is { Length: > 0 } handling)
        {
            data[LabelKeys.Handling] = handling;
        }
        return data;
    }

    // A serial or lot code outside the GS1 character set (AI 21/10 take CSET 82, at most 20 characters)
    // cannot be encoded: the label then carries no GS1 symbol rather than a wrong one.
    static void AddGs1(Dictionary<string, string> data, IEnumerable<Gs1Element> elements)
    {
        if (!ElementString.TryCreate(elements, out var es, out _))
        {
            return;
        }
        data[LabelKeys.Gs1Raw] = es.ToRaw();
        data[LabelKeys.Gs1Hri] = es.ToBracketed();
        if (DigitalLink.TryCreate(es, DigitalLink.DefaultStem, out var uri, out _))
        {
            data[LabelKeys.DigitalLink] = uri;
        }
    }

    async Task<Product> ProductAsync(long id, CancellationToken ct) =>
        await db.Products.AsNoTracking().FirstAsync(p => p.Id == id, ct);

    async Task<Product> ProductAsync(string sku, CancellationToken ct) =>
        await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product '{sku}'.", "product");

    async Task<Location> LocationAsync(string code, CancellationToken ct) =>
        await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct)
            ?? throw DomainException.NotFound("location.not_found", $"No location '{code}'.", "location");
}

using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Receiving;

// Scan-driven goods in: the purchase order (or NONE), then the location, then each item; every item scan
// is received at once as its own receipt. The state travels in hidden fields, so the scanner's Enter is
// the only key needed; each form carries a fresh idempotency key, so a resubmitted form receives nothing twice.
[Microsoft.AspNetCore.Authorization.Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(Core.Processes.Receiving receiving, OrderBook orders, SerialTrackDbContext db, TimeProvider clock) : PageModel
{
    public const string NoOrder = "NONE";

    [BindProperty(SupportsGet = true)]
    public string? Order { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Location { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    [BindProperty]
    public string? Scan { get; set; }

    [BindProperty]
    public decimal? Quantity { get; set; }

    [BindProperty]
    public Stage Stage { get; set; } = Stage.RawMaterial;

    [BindProperty]
    public bool AllowExceptions { get; set; }

    [BindProperty]
    public string? Key { get; set; }

    public OrderView? OrderView { get; private set; }
    public Product? Current { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<ReceiptException> Flagged { get; private set; } = [];
    public string? Error { get; private set; }
    public string NewKey { get; } = Guid.NewGuid().ToString("N");
    public bool IsManager => Auth.LevelOf(User) >= (int)Role.Manager;
    public bool WithoutOrder => string.Equals(Order, NoOrder, StringComparison.OrdinalIgnoreCase);

    public string Step => Order is null ? "order" : Location is null ? "location" : "item";

    public string Prompt => Step switch
    {
        "order" => "Scan the purchase order number, or type NONE to receive without an order",
        "location" => "Scan the receiving location (dock or put-away bin)",
        _ => Current is null ? "Scan an item (GS1 barcode with GTIN and serial or lot), or the product first, then its serials"
            : Current.Tracking == TrackingMode.Lot ? $"Scan or type the lot code of {Current.Sku} (quantity below)" : $"Scan the next serial of {Current.Sku}, or another product",
    };

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostAsync(CancellationToken ct)
    {
        var text = Scan?.Trim();
        try
        {
            switch (Step)
            {
                case "order":
                    await ChooseOrderAsync(text, ct);
                    break;
                case "location":
                    Location = (await new Core.Locations.LocationCatalog(db, clock).FindAsync(Text.RequiredCode(text, "location", 64), "location", ct)).Code;
                    break;
                default:
                    await ReceiveScanAsync(text, ct);
                    break;
            }
        }
        catch (DomainException e)
        {
            Error = $"{e.Message} ({e.Code}{(e.Field is null ? "" : ", " + e.Field)})";
        }
        // The bound values are shown again as they now are; the scan box is empty for the next scan.
        ModelState.Clear();
        Scan = null;
        await LoadAsync(ct);
    }

    async Task ChooseOrderAsync(string? text, CancellationToken ct)
    {
        var number = Text.RequiredCode(text, "order", 64);
        if (string.Equals(number, NoOrder, StringComparison.OrdinalIgnoreCase))
        {
            Order = NoOrder;
            return;
        }
        var view = await orders.GetAsync(OrderKind.Purchase, number, ct);
        if (view.Status is OrderStatus.Closed or OrderStatus.Cancelled)
        {
            throw DomainException.Rule("receipt.order_not_open", $"Purchase order '{view.Number}' is {view.Status.ToString().ToLowerInvariant()}.", "order");
        }
        Order = view.Number;
    }

    async Task ReceiveScanAsync(string? text, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }
        ReceiptLine line;
        if (text[0] is '(' or ']' || text.Contains(ElementString.GroupSeparator, StringComparison.Ordinal) || text.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            line = await FromGs1Async(text, ct);
        }
        else if (await ProductByCodeAsync(text, ct) is { } product)
        {
            // A product scan only chooses what the next plain scans are.
            Product = product.Sku;
            return;
        }
        else
        {
            var current = await CurrentProductAsync(ct);
            line = current.Tracking == TrackingMode.Lot ? new ReceiptLine(current.Sku, Lot: text, Quantity: Quantity) : new ReceiptLine(current.Sku, [text]);
        }
        var result = await receiving.ReceiveAsync(new ReceiveRequest(Location!, [line], WithoutOrder ? null : Order, null, Stage, AllowExceptions && IsManager,
            new EventContext(IdempotencyKey: Key)), Auth.ActorOf(User), ct);
        var received = result.Lines[0];
        Product = received.Product;
        Done = received.Lot is { } lot
            ? $"Received {Show.Quantity(received.Quantity)} of {received.Product} lot {lot}"
            : $"Received {received.Product} {string.Join(", ", line.Serials ?? [])}";
        Done += result.WithoutOrder ? " without an order." : $" on line {received.OrderLine} of {result.Order}.";
        if (result.Replayed)
        {
            Done += " (Already received by this form; nothing new was written.)";
        }
        Flagged = result.Exceptions;
    }

    // GS1: (01) names the product; (21) is a serial, (10) a lot with (17) expiry and (30)/(37) quantity.
    async Task<ReceiptLine> FromGs1Async(string text, CancellationToken ct)
    {
        if (!Gs1Parser.TryParseAny(text, out var es, out var error))
        {
            throw DomainException.BadInput("gs1.invalid", "scan", $"Not valid GS1 data: {error.Message}.");
        }
        var gtin = es.Gtin ?? throw DomainException.BadInput("receipt.gs1_no_gtin", "scan", "The barcode has no GTIN (01): scan the product's barcode.");
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == gtin.Value, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product has GTIN {gtin.Value}.", "scan");
        Product = product.Sku;
        if (es.Serial is { } serial)
        {
            return new ReceiptLine(product.Sku, [serial]);
        }
        var quantity = (es.Get("30") ?? es.Get("37")) is { } count && decimal.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var q) ? q : Quantity;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new ReceiptLine(product.Sku, Lot: es.Batch, Quantity: quantity,
            ExpiryDate: es.ExpiryDate is { } exp ? Gs1Date.ToDate(exp, today) : null,
            ProductionDate: es.Get("11") is { } made ? Gs1Date.ToDate(made, today) : null);
    }

    async Task<Product?> ProductByCodeAsync(string text, CancellationToken ct)
    {
        var gtin = text.Length is 8 or 12 or 13 or 14 && text.All(char.IsAsciiDigit) ? text.PadLeft(14, '0') : null;
        return await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == text || (gtin != null && p.Gtin == gtin), ct);
    }

    // The product chosen by the last scan, else the only product on the order.
    async Task<Product> CurrentProductAsync(CancellationToken ct)
    {
        if (Product is { } sku && await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct) is { } chosen)
        {
            return chosen;
        }
        if (!WithoutOrder && Order is not null)
        {
            var view = await orders.GetAsync(OrderKind.Purchase, Order, ct);
            var skus = view.Lines.Select(l => l.Product).Distinct().ToList();
            if (skus.Count == 1)
            {
                return await db.Products.AsNoTracking().FirstAsync(p => p.Sku == skus[0], ct);
            }
        }
        throw DomainException.BadInput("receipt.product_first", "scan", "Scan the product (SKU or GTIN) first, then its serials or lot.");
    }

    async Task LoadAsync(CancellationToken ct)
    {
        if (Order is not null && !WithoutOrder)
        {
            try
            {
                OrderView = await orders.GetAsync(OrderKind.Purchase, Order, ct);
            }
            catch (DomainException e)
            {
                Error ??= e.Message;
                Order = null;
            }
        }
        if (Product is { } sku)
        {
            Current = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct);
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Pages.Production;

// One box for every scan, and the page says what it expects next: the production order (or product), the
// station, then components one by one, then the output serial (a code that is no unit yet builds at once).
// What was scanned so far rides along in hidden fields, so the page keeps no server state.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(SerialTrackDbContext db, Scanner scanner, Core.Processes.Production production) : PageModel
{
    [BindProperty] public string? Scan { get; set; }

    // The idempotency key of the next write: a second Enter on the same screen replays instead of writing twice.
    [BindProperty] public string Key { get; set; } = Guid.NewGuid().ToString("N");
    [BindProperty] public string? Order { get; set; }
    [BindProperty] public string? Product { get; set; }
    [BindProperty] public string? Station { get; set; }
    [BindProperty] public List<string> Units { get; set; } = [];
    [BindProperty] public List<string> Lots { get; set; } = [];

    public List<string> Handling { get; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public string Prompt => Product is null ? "Scan the production order or the product to build"
        : Station is null ? "Scan the station"
        : "Scan a component, or the new unit's serial to build it";

    public static string UnitKey(UnitRef u) => $"{u.Product}\t{u.Serial}";

    public static UnitRef ParseUnit(string key) => key.Split('\t') is [var p, var s] ? new UnitRef(p, s) : new UnitRef("", key);

    public static string LotKey(LotQuantity l) => string.Join('\t', l.Product, l.Lot, l.From, l.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static LotQuantity ParseLot(string key) => key.Split('\t') is [var p, var l, var f, var q]
        ? new LotQuantity(p, l, decimal.Parse(q, System.Globalization.CultureInfo.InvariantCulture), f) : new LotQuantity("", key, 0, "");

    public void OnGet(string? order)
    {
        Order = order;
    }

    public async Task<IActionResult> OnPostAsync(string? action, CancellationToken ct)
    {
        var text = Scan?.Trim();
        Scan = null;
        ModelState.Clear();
        try
        {
            if (action == "reset")
            {
                (Order, Product, Station, Units, Lots) = (null, null, null, [], []);
            }
            else if (action == "generate")
            {
                await BuildAsync(null, ct);
            }
            else if (!string.IsNullOrEmpty(text))
            {
                await ScannedAsync(text, ct);
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return Page();
    }

    async Task ScannedAsync(string text, CancellationToken ct)
    {
        if (Product is null)
        {
            var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Kind == OrderKind.Production && o.Number == text, ct);
            if (order is not null)
            {
                Order = order.Number;
                Product = await db.Products.Where(p => p.Id == order.ProductId).Select(p => p.Sku).FirstAsync(ct);
                Station = order.LocationId is { } loc ? await db.Locations.Where(l => l.Id == loc).Select(l => l.Code).FirstAsync(ct) : null;
                return;
            }
            var found = await scanner.ScanAsync(text, ct);
            Product = found.Matches.FirstOrDefault(m => m.Kind == ScanKind.Product)?.Product?.Sku
                ?? throw DomainException.NotFound("production.not_order_or_product", $"'{text}' is neither a production order nor a product.", "scan");
            Handling.AddRange(found.HandlingInstructions);
            return;
        }
        var result = await scanner.ScanAsync(text, ct);
        Handling.AddRange(result.HandlingInstructions);
        if (result.Matches.FirstOrDefault(m => m.Kind == ScanKind.Location)?.Location is { } location && (Station is null || result.Matches.All(m => m.Kind != ScanKind.Unit)))
        {
            Station = location.Code;
            return;
        }
        if (Station is null)
        {
            throw DomainException.BadInput("production.station_first", "scan", $"'{text}' is not a location: scan the station first.");
        }
        if (result.Matches.FirstOrDefault(m => m.Kind == ScanKind.Unit)?.Unit is { } unit)
        {
            var added = new UnitRef(unit.Product, unit.Serial);
            if (Units.Contains(UnitKey(added)))
            {
                throw DomainException.BadInput("serials.duplicate", "scan", $"{unit.Product} {unit.Serial} is already in the list.");
            }
            await production.CheckInputsAsync(Product, [added], [], ct);
            Units.Add(UnitKey(added));
            return;
        }
        if (result.Matches.FirstOrDefault(m => m.Kind == ScanKind.Lot)?.Lot is { } lot)
        {
            // One assembly's worth (the BOM quantity) from the place that has the most of it.
            var place = lot.Balances.Where(b => b.Status == BalanceStatus.Available).OrderByDescending(b => b.Quantity).FirstOrDefault()
                ?? throw DomainException.Rule("lot.insufficient", $"Lot '{lot.Lot}' has no available quantity.", "scan");
            var perAssembly = await (from b in db.BomLines
                                     join a in db.Products on b.AssemblyProductId equals a.Id
                                     join c in db.Products on b.ComponentProductId equals c.Id
                                     where a.Sku == Product && c.Sku == lot.Product
                                     select (decimal?)b.Quantity).FirstOrDefaultAsync(ct) ?? 1;
            var line = new LotQuantity(lot.Product, lot.Lot, perAssembly, place.Location);
            await production.CheckInputsAsync(Product, [], [line], ct);
            Lots.Add(LotKey(line));
            return;
        }
        if (result.Kind is ScanKind.Unknown or ScanKind.Expected)
        {
            await BuildAsync(text, ct);
            return;
        }
        throw DomainException.BadInput("production.unexpected_scan", "scan", $"'{text}' is a {result.Kind.ToString().ToLowerInvariant()}: scan a component or the new serial.");
    }

    async Task BuildAsync(string? serial, CancellationToken ct)
    {
        var result = await production.ProduceAsync(new ProduceRequest(Station, Order, Product, [new Build(serial)],
            Components: Units.Select(ParseUnit).ToList(), Lots: Lots.Select(ParseLot).ToList(),
            Context: new EventContext(IdempotencyKey: $"production-page-{Key}")), Auth.ActorOf(User), ct);
        Done = $"Built {Product} {string.Join(", ", result.Outputs)} from {Units.Count} unit(s) and {Lots.Count} lot quantity(ies).";
        Warnings = result.Warnings;
        (Units, Lots) = ([], []);
        Key = Guid.NewGuid().ToString("N");
    }
}

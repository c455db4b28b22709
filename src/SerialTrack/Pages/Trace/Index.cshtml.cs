using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Trace;

namespace SerialTrack.Pages.Trace;

// /trace: scan or type a code, pick a direction, see the trace as a picture and as tables. The other
// roots of the API (supplier lot, production order, supplier, station window, serial range) are under
// "Other starting points"; unitId/lotId/containerId start from our own pages' links.
public sealed class IndexModel(Tracing tracing, SerialTrackDbContext db) : PageModel
{
    // Past this many rows a table says how many it left out: the API and the CLI have all of them.
    public const int MaxRows = 1000;

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true)] public string? Direction { get; set; }
    [BindProperty(SupportsGet = true)] public string? SupplierLot { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    [BindProperty(SupportsGet = true)] public string? Supplier { get; set; }
    [BindProperty(SupportsGet = true)] public string? Station { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sku { get; set; }
    [BindProperty(SupportsGet = true)] public string? First { get; set; }
    [BindProperty(SupportsGet = true)] public string? Last { get; set; }
    [BindProperty(SupportsGet = true)] public long? UnitId { get; set; }
    [BindProperty(SupportsGet = true)] public long? LotId { get; set; }
    [BindProperty(SupportsGet = true)] public long? ContainerId { get; set; }

    public TraceResult? Result { get; private set; }
    public TraceGraph? Graph { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }
    public List<string> Handling { get; } = [];
    public bool Forward => Result?.Direction == TraceDirection.Forward || (Result is null && Direction == "forward");
    public bool OtherRoots => new[] { SupplierLot, Order, Supplier, Station, Sku }.Any(s => !string.IsNullOrWhiteSpace(s));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var query = new TraceQuery(Id, SupplierLot, Order, Supplier, Station, From, To, Sku, First, Last);
        if (UnitId is null && LotId is null && ContainerId is null && !OtherRoots && string.IsNullOrWhiteSpace(Id))
        {
            return Page();
        }
        try
        {
            var direction = TraceQuery.Direction(Direction);
            var roots = await OwnRootsAsync(ct) ?? await query.RootsAsync(tracing, ct);
            Result = await tracing.TraceAsync(roots, direction, ct);
            Graph = TraceGraph.Of(Result);
            await HandlingAsync(Result, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
            ErrorField = e.Field;
        }
        return Page();
    }

    public string? ErrorFor(params string[] fields) => ErrorField is { } f && fields.Contains(f) ? Error : null;

    public static string Link(string key, TraceDirection direction)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var way = direction == TraceDirection.Forward ? "forward" : "backward";
        return key[..colon] switch
        {
            "unit" => $"/trace?unitId={key[(colon + 1)..]}&direction={way}",
            "lot" => $"/trace?lotId={key[(colon + 1)..]}&direction={way}",
            _ => $"/trace?containerId={key[(colon + 1)..]}&direction={way}",
        };
    }

    async Task<TraceRoots?> OwnRootsAsync(CancellationToken ct)
    {
        if (UnitId is { } u)
        {
            var name = await (from x in db.Units join p in db.Products on x.ProductId equals p.Id where x.Id == u select p.Sku + " " + x.Serial).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("unit.not_found", $"Unit {u} does not exist.", "id");
            return new TraceRoots([u], [], [], name);
        }
        if (LotId is { } l)
        {
            var name = await (from x in db.Lots join p in db.Products on x.ProductId equals p.Id where x.Id == l select p.Sku + " lot " + x.Code).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("lot.not_found", $"Lot {l} does not exist.", "id");
            return new TraceRoots([], [l], [], name);
        }
        if (ContainerId is { } c)
        {
            var name = await db.Containers.Where(x => x.Id == c).Select(x => x.Code).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("container.not_found", $"Container {c} does not exist.", "id");
            return new TraceRoots([], [], [c], name);
        }
        return null;
    }

    // What was scanned may need careful handling: say so, as every scan screen does.
    async Task HandlingAsync(TraceResult r, CancellationToken ct)
    {
        var skus = r.Units.Where(u => u.Root).Select(u => u.Product).Concat(r.Lots.Where(l => l.Root).Select(l => l.Product)).Distinct().Take(50).ToList();
        Handling.AddRange(await db.Products.Where(p => skus.Contains(p.Sku) && p.HandlingInstructions != null)
            .Select(p => p.Sku + ": " + p.HandlingInstructions).ToListAsync(ct));
    }
}

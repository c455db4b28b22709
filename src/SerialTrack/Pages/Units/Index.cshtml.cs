using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;

namespace SerialTrack.Pages.Units;

public sealed class IndexModel(SerialTrackDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Location { get; set; }

    [BindProperty(SupportsGet = true)]
    public UnitStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Serial { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<UnitRow> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, false);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var units = db.Units.AsNoTracking().Where(u => !u.Archived);
        if (!string.IsNullOrWhiteSpace(Product))
        {
            var sku = Product.Trim();
            units = units.Where(u => db.Products.Any(p => p.Id == u.ProductId && p.Sku == sku));
        }
        if (!string.IsNullOrWhiteSpace(Location))
        {
            // A location means its whole subtree, as in the API: a warehouse holds what its bins hold.
            var code = Location.Trim();
            var path = await LocationCatalog.SubtreePathAsync(db, code, ct);
            var subtree = db.Locations.Where(l => l.Path.StartsWith(path)).Select(l => (long?)l.Id);
            units = units.Where(u => subtree.Contains(u.LocationId));
        }
        if (Status is { } status)
        {
            units = units.Where(u => u.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(Serial))
        {
            var prefix = Serial.Trim();
            units = units.Where(u => u.Serial.StartsWith(prefix));
        }
        var page = units.OrderBy(u => u.Id).Skip(Pager.Skip(PageNumber)).Take(Pager.Size + 1);
        Rows = [.. (await UnitRow.Query(db, page).ToListAsync(ct)).OrderBy(u => u.Id)];
        Pager = Pager.Of(Rows, PageNumber);
    }
}

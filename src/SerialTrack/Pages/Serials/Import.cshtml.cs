using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Web;

namespace SerialTrack.Pages.Serials;

// The form only: its script posts the list to the import API (SerialImport), a chunk at a time.
[Authorize(Policy = Auth.Operator)]
public sealed class ImportModel(SerialTrackDbContext db) : PageModel
{
    // Small enough for a progress bar that moves and a request that finishes well inside timeouts.
    public const int ChunkLines = 1000;
    const int Suggestions = 500;

    public sealed record Choice(string Code, string Name);

    public List<Choice> Products { get; private set; } = [];
    public List<Choice> Locations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Products = await db.Products.AsNoTracking().Where(p => p.Tracking == TrackingMode.Serial && !p.Archived).OrderBy(p => p.Sku).Take(Suggestions)
            .Select(p => new Choice(p.Sku, p.Name)).ToListAsync(ct);
        Locations = await db.Locations.AsNoTracking().Where(l => !l.Archived).OrderBy(l => l.Code).Take(Suggestions)
            .Select(l => new Choice(l.Code, l.Name)).ToListAsync(ct);
    }
}

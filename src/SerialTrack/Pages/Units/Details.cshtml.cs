using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Parties;

namespace SerialTrack.Pages.Units;

public sealed class DetailsModel(SerialTrackDbContext db, UnitLookup lookup) : PageModel
{
    public UnitSummary Unit { get; private set; } = null!;
    public Lot? Lot { get; private set; }
    public Party? Owner { get; private set; }
    public string? HandlingInstructions { get; private set; }
    public List<EventRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await lookup.FindByIdAsync(id, ct) is not { } unit)
        {
            return NotFound();
        }
        Unit = unit;
        var lotId = await db.Units.Where(u => u.Id == id).Select(u => u.LotId).FirstOrDefaultAsync(ct);
        Lot = lotId is null ? null : await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lotId, ct);
        Owner = unit.OwnerPartyId is null ? null : await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == unit.OwnerPartyId, ct);
        HandlingInstructions = await db.Products.Where(p => p.Id == unit.ProductId).Select(p => p.HandlingInstructions).FirstOrDefaultAsync(ct);
        History = await EventRow.OfUnit(db, id).ToListAsync(ct);
        return Page();
    }
}

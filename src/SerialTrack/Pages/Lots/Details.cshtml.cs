using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages.Lots;

public sealed class DetailsModel(SerialTrackDbContext db) : PageModel
{
    public sealed record BalanceRow(long LocationId, string Location, BalanceStatus Status, decimal Quantity);

    public Lot Lot { get; private set; } = null!;
    public Product Product { get; private set; } = null!;
    public List<BalanceRow> Balances { get; private set; } = [];
    public List<EventRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) is not { } lot)
        {
            return NotFound();
        }
        Lot = lot;
        Product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == lot.ProductId, ct);
        Balances = await (from b in db.LotBalances.AsNoTracking()
                          where b.LotId == id && b.Quantity != 0
                          join l in db.Locations on b.LocationId equals l.Id
                          orderby l.Code
                          select new BalanceRow(l.Id, l.Code, b.Status, b.Quantity)).ToListAsync(ct);
        History = await EventRow.OfLot(db, id).ToListAsync(ct);
        return Page();
    }
}

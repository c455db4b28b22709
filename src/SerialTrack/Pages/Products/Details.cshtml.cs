using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Products;

public sealed class DetailsModel(SerialTrackDbContext db) : PageModel
{
    public Product Product { get; private set; } = null!;
    public int UnitCount { get; private set; }
    public int LotCount { get; private set; }
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } product)
        {
            return NotFound();
        }
        Product = product;
        UnitCount = await db.Units.CountAsync(u => u.ProductId == id && !u.Archived, ct);
        LotCount = await db.Lots.CountAsync(l => l.ProductId == id, ct);
        return Page();
    }
}

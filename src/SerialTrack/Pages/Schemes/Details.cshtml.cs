using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Schemes;

public sealed class DetailsModel(SerialTrackDbContext db) : PageModel
{
    public sealed record ProductRow(long Id, string Sku, string Name, string? Category, bool Own);

    public SerialScheme Scheme { get; private set; } = null!;
    public List<string> Categories { get; private set; } = [];
    public List<ProductRow> Products { get; private set; } = [];
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.SerialSchemes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is not { } scheme)
        {
            return NotFound();
        }
        Scheme = scheme;
        Categories = await db.CategorySchemes.AsNoTracking().Where(c => c.SchemeId == id).OrderBy(c => c.Category).Select(c => c.Category).ToListAsync(ct);
        var categories = Categories;
        // A product's own scheme wins over its category's (SerialNumbers.SchemeOfAsync).
        Products = await db.Products.AsNoTracking()
            .Where(p => p.SerialSchemeId == id || (p.SerialSchemeId == null && p.Category != null && categories.Contains(p.Category)))
            .OrderBy(p => p.Sku)
            .Select(p => new ProductRow(p.Id, p.Sku, p.Name, p.Category, p.SerialSchemeId == id))
            .ToListAsync(ct);
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Schemes;

public sealed class IndexModel(SerialTrackDbContext db) : PageModel
{
    public sealed record Row(long Id, string Name, string Template, string? Description, bool Archived, int Products);

    public List<Row> Rows { get; private set; } = [];
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    // A company has a handful of schemes: one page, no paging. Products count as the details page counts
    // them: their own scheme, or their category's when they have none (SerialNumbers.SchemeOfAsync).
    public async Task OnGetAsync(CancellationToken ct) =>
        Rows = await db.SerialSchemes.AsNoTracking().OrderBy(s => s.Name)
            .Select(s => new Row(s.Id, s.Name, s.Template, s.Description, s.Archived, db.Products.Count(p => p.SerialSchemeId == s.Id
                || (p.SerialSchemeId == null && p.Category != null && db.CategorySchemes.Any(c => c.SchemeId == s.Id && c.Category == p.Category)))))
            .ToListAsync(ct);
}

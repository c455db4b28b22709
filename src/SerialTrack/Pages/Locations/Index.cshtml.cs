using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Locations;

public sealed class IndexModel(SerialTrackDbContext db) : PageModel
{
    public sealed record Row(long Id, string Code, string Name, LocationKind Kind, long? ParentId, string? ParentCode, string? Gln, bool Archived);

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<Row> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, false);
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Locations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(l => l.Code.Contains(q) || l.Name.Contains(q) || (l.Gln != null && l.Gln.Contains(q)));
        }
        // Ordered by path so a parent comes just before its children.
        Rows = await query.OrderBy(l => l.Path).Skip(Pager.Skip(PageNumber)).Take(Pager.Size + 1)
            .Select(l => new Row(l.Id, l.Code, l.Name, l.Kind, l.ParentId, l.Parent == null ? null : l.Parent.Code, l.Gln, l.Archived))
            .ToListAsync(ct);
        Pager = Pager.Of(Rows, PageNumber);
    }
}

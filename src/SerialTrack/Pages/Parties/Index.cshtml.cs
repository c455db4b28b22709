using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Parties;

public sealed class IndexModel(SerialTrackDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public List<Party> Rows { get; private set; } = [];
    public Pager Pager { get; private set; } = new(1, false);
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.Parties.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Q))
        {
            var q = Q.Trim();
            query = query.Where(p => p.Code.Contains(q) || p.Name.Contains(q));
        }
        Rows = await query.OrderBy(p => p.Code).Skip(Pager.Skip(PageNumber)).Take(Pager.Size + 1).ToListAsync(ct);
        Pager = Pager.Of(Rows, PageNumber);
    }
}

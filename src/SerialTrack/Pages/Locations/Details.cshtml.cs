using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Users;
using SerialTrack.Pages.Units;
using SerialTrack.Web;

namespace SerialTrack.Pages.Locations;

public sealed class DetailsModel(SerialTrackDbContext db) : PageModel
{
    public sealed record BalanceRow(long LotId, string Sku, string Lot, string Uom, BalanceStatus Status, decimal Quantity);

    public Location Location { get; private set; } = null!;
    public List<Location> Ancestors { get; private set; } = [];
    public List<Location> Children { get; private set; } = [];
    public int UnitCount { get; private set; }
    public List<UnitRow> Units { get; private set; } = [];
    public List<BalanceRow> Balances { get; private set; } = [];
    public List<EventRow> History { get; private set; } = [];
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) is not { } location)
        {
            return NotFound();
        }
        Location = location;
        // The materialized path ("/1/4/9/") names every ancestor, root first.
        var ids = location.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).Where(x => x != id).ToList();
        var ancestors = await db.Locations.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        Ancestors = [.. ids.Where(ancestors.ContainsKey).Select(x => ancestors[x])];
        Children = await db.Locations.AsNoTracking().Where(l => l.ParentId == id).OrderBy(l => l.Code).ToListAsync(ct);

        var subtree = db.Locations.Where(l => l.Path.StartsWith(location.Path)).Select(l => (long?)l.Id);
        UnitCount = await db.Units.CountAsync(u => !u.Archived && subtree.Contains(u.LocationId), ct);
        Units = await UnitRow.Query(db, db.Units.Where(u => !u.Archived && u.LocationId == id).OrderBy(u => u.Id).Take(50)).ToListAsync(ct);

        Balances = await (from b in db.LotBalances.AsNoTracking()
                          where b.LocationId == id && b.Quantity != 0
                          join l in db.Lots on b.LotId equals l.Id
                          join p in db.Products on l.ProductId equals p.Id
                          orderby p.Sku, l.Code
                          select new BalanceRow(l.Id, p.Sku, l.Code, p.Uom, b.Status, b.Quantity)).ToListAsync(ct);
        // The latest events here and below; the history search pages through all of them.
        History = await EventRow.LatestAsync(db, db.Events.Where(e => subtree.Contains(e.BizLocationId)), 50, ct);
        return Page();
    }
}

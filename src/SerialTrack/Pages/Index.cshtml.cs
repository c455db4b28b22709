using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages;

public sealed class IndexModel(SerialTrackDbContext db) : PageModel
{
    public sealed record StatusCount(UnitStatus Status, int Count);
    public sealed record LocationStock(long Id, string Code, string Name, int Units, decimal LotQuantity);

    public List<StatusCount> ByStatus { get; private set; } = [];
    public List<LocationStock> Stock { get; private set; } = [];
    public List<EventRow> Latest { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ByStatus = await db.Units.Where(u => !u.Archived).GroupBy(u => u.Status)
            .Select(g => new StatusCount(g.Key, g.Count())).ToListAsync(ct);
        ByStatus.Sort((a, b) => a.Status.CompareTo(b.Status));

        var units = await db.Units.Where(u => !u.Archived && u.LocationId != null).GroupBy(u => u.LocationId!.Value)
            .Select(g => new { Location = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Location, x => x.Count, ct);
        // Summed here, not in SQL: SQLite stores quantities as REAL through a converter EF cannot aggregate.
        var lots = (await db.LotBalances.Where(b => b.Quantity != 0).Select(b => new { b.LocationId, b.Quantity }).ToListAsync(ct))
            .GroupBy(b => b.LocationId).ToDictionary(g => g.Key, g => g.Sum(b => b.Quantity));
        var top = units.Keys.Union(lots.Keys)
            .OrderByDescending(id => units.GetValueOrDefault(id)).ThenByDescending(id => lots.GetValueOrDefault(id)).Take(15).ToList();
        var names = await db.Locations.Where(l => top.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        Stock = [.. top.Where(names.ContainsKey).Select(id => new LocationStock(id, names[id].Code, names[id].Name, units.GetValueOrDefault(id), lots.GetValueOrDefault(id)))];

        Latest = [.. (await EventRow.Query(db, db.Events.OrderByDescending(e => e.Id).Take(20)).ToListAsync(ct)).OrderByDescending(e => e.Id)];
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;

namespace SerialTrack.Pages.Containers;

// A container (case, pallet; by code or SSCC): where it is, what it holds at every level, and its timeline.
// The scan box links containers by id, so a number that is no container's code or SSCC is tried as an id.
public sealed class DetailsModel(SerialTrackDbContext db, Packing packing) : PageModel
{
    public ContainerView Container { get; private set; } = null!;
    public long? LocationId { get; private set; }
    public Dictionary<(string Sku, string Serial), long> UnitIds { get; private set; } = [];
    public Dictionary<(string Sku, string Lot), long> LotIds { get; private set; } = [];
    public List<EventRow> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        try
        {
            Container = await packing.GetAsync(key, ct);
        }
        catch (DomainException e) when (e.Code == "container.not_found")
        {
            var byId = long.TryParse(key, out var id) ? await db.Containers.Where(c => c.Id == id).Select(c => c.Code).FirstOrDefaultAsync(ct) : null;
            return byId is null ? NotFound() : LocalRedirect("/containers/" + Uri.EscapeDataString(byId));
        }
        var container = Container;
        LocationId = await db.Containers.Where(c => c.Id == container.Id).Select(c => c.LocationId).FirstAsync(ct);
        var all = Flatten(Container).ToList();
        var serials = all.SelectMany(c => c.Units).Select(u => u.Serial).Distinct().ToList();
        UnitIds = (await (from u in db.Units where serials.Contains(u.Serial) join p in db.Products on u.ProductId equals p.Id select new { p.Sku, u.Serial, u.Id }).ToListAsync(ct))
            .ToDictionary(x => (x.Sku, x.Serial), x => x.Id);
        var lots = all.SelectMany(c => c.Lots).Select(l => l.Lot).Distinct().ToList();
        LotIds = (await (from l in db.Lots where lots.Contains(l.Code) join p in db.Products on l.ProductId equals p.Id select new { p.Sku, l.Code, l.Id }).ToListAsync(ct))
            .ToDictionary(x => (x.Sku, x.Code), x => x.Id);
        History = await EventRow.LatestAsync(db, db.Events.Where(e => db.EventContainers.Any(x => x.EventId == e.Id && x.ContainerId == container.Id)), 500, ct);
        return Page();
    }

    static IEnumerable<ContainerView> Flatten(ContainerView c) => c.Containers.SelectMany(Flatten).Prepend(c);
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Pages.Shipping;

// The scan box links containers by id: show them on the packing screen.
public sealed class ContainerModel(SerialTrackDbContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await db.Containers.Where(c => c.Id == id).Select(c => c.Code).FirstOrDefaultAsync(ct) is { } code
            ? LocalRedirect("/packing?c=" + Uri.EscapeDataString(code))
            : NotFound();
}

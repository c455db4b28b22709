using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Reservations;

public sealed class DetailsModel(SerialTrackDbContext db, SerialNumbers serials) : PageModel
{
    public sealed record Header(long Id, long ProductId, string Sku, string ProductName, int Count, string? Reference, string Actor, DateTimeOffset CreatedAt);

    public sealed record Row(string Serial, ExpectedStatus Status, long? UnitId);

    // A reservation may hold a million serials: the page shows the first ones, the CSV has them all.
    public const int Shown = 1000;

    public bool HasExpected { get; private set; }

    public Header Reservation { get; private set; } = null!;
    public List<Row> Serials { get; private set; } = [];
    public bool CanCancel => Auth.LevelOf(User) >= (int)Role.Manager;

    [TempData]
    public string? Done { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostCancelAsync(long id, string? reason, CancellationToken ct)
    {
        if (!CanCancel)
        {
            return Forbid();
        }
        try
        {
            var cancelled = await serials.CancelReservationAsync(id, reason, ct);
            Done = $"{cancelled} serial(s) cancelled.";
            return Redirect($"/reservations/{id}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        var header = await (from r in db.SerialReservations.AsNoTracking()
                            join p in db.Products on r.ProductId equals p.Id
                            where r.Id == id
                            select new Header(r.Id, p.Id, p.Sku, p.Name, r.Count, r.Reference, r.Actor, r.CreatedAt)).FirstOrDefaultAsync(ct);
        if (header is null)
        {
            return false;
        }
        Reservation = header;
        // Over the whole reservation, not the first Shown serials: a large one may still wait for later ones.
        HasExpected = await db.ExpectedSerials.AnyAsync(e => e.ReservationId == id && e.Status == ExpectedStatus.Expected, ct);
        Serials = await db.ExpectedSerials.AsNoTracking().Where(e => e.ReservationId == id).OrderBy(e => e.Id).Take(Shown)
            .Select(e => new Row(e.Serial, e.Status, e.UnitId)).ToListAsync(ct);
        return true;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Orders;
using SerialTrack.Web;

namespace SerialTrack.Pages.Orders;

public sealed class DetailsModel(SerialTrackDbContext db, OrderBook book) : PageModel
{
    public OrderView Order { get; private set; } = null!;
    public List<EventRow> History { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string kind, string number, CancellationToken ct)
    {
        if (OrderRoutes.Kind(kind) is not { } k)
        {
            return NotFound();
        }
        try
        {
            Order = await book.GetAsync(k, number, ct);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
        History = await EventRow.Query(db, db.Events.Where(e => e.OrderId == Order.Id)).OrderByDescending(e => e.Time).ThenByDescending(e => e.Id).Take(200).ToListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string kind, string number, bool cancel, CancellationToken ct)
    {
        if (OrderRoutes.Kind(kind) is not { } k)
        {
            return NotFound();
        }
        if (Auth.LevelOf(User) < (int)Core.Users.Role.Manager)
        {
            return Forbid();
        }
        try
        {
            await book.CloseAsync(k, number, cancel, ct);
            return Redirect(OrderRoutes.Link(k, number));
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return await OnGetAsync(kind, number, ct);
        }
    }
}

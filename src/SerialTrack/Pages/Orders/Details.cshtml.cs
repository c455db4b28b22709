using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Printing;
using SerialTrack.Web;

namespace SerialTrack.Pages.Orders;

public sealed class DetailsModel(SerialTrackDbContext db, OrderBook book, LabelData labels) : PageModel
{
    public OrderView Order { get; private set; } = null!;
    public List<EventRow> History { get; private set; } = [];
    public string? Error { get; private set; }
    public Labels.LabelPreview? Label { get; private set; }

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
        Label = LabelOf(Order, await labels.CountOrderAsync(Order.Id, ct));
        History = await EventRow.LatestAsync(db, db.Events.Where(e => e.OrderId == Order.Id), 200, ct);
        return Page();
    }

    // What the order has to label: its units (on sheets by default, there are usually many), else its lots.
    static Labels.LabelPreview? LabelOf(OrderView o, OrderLabelCount count)
    {
        if (count.Units + count.Lots == 0)
        {
            return null;
        }
        var kind = o.Kind.ToString().ToLowerInvariant();
        var query = $"order={Uri.EscapeDataString(o.Number)}&orderKind={kind}";
        var (preview, sheet) = count.Units > 0 ? ("unit", "unit-sheet") : ("lot", "lot");
        var parts = new[] { (count.Units, "unit"), (count.Lots, "lot") }.Where(p => p.Item1 > 0).Select(p => $"{p.Item1} {p.Item2}{(p.Item1 == 1 ? "" : "s")}");
        return new Labels.LabelPreview(preview, query, "Order", o.Number)
        {
            Also = ("OrderKind", kind),
            PrintLink = $"/labels/print?{query}&template={sheet}",
            Count = $"{string.Join(" and ", parts)} on this order.",
        };
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

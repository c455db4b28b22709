using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Api;
using SerialTrack.Core.Orders;

namespace SerialTrack.Pages.Orders;

public sealed class IndexModel(OrderBook book) : PageModel
{
    public OrderKind Kind { get; private set; }
    public string Slug { get; private set; } = "";
    public string? Status { get; private set; }
    public List<OrderBook.OrderSummary> Rows { get; private set; } = [];
    public long? Next { get; private set; }

    public async Task<IActionResult> OnGetAsync(string kind, string? status, string? party, long? after, CancellationToken ct)
    {
        if (OrderRoutes.Kind(kind) is not { } k)
        {
            return NotFound();
        }
        Kind = k;
        Slug = kind;
        Status = status;
        Rows = await book.ListAsync(k, EnumQuery.Parse<OrderStatus>(status, "status"), party, after, Pager.Size + 1, ct);
        if (Rows.Count > Pager.Size)
        {
            Rows.RemoveAt(Rows.Count - 1);
            Next = Rows[^1].Id;
        }
        return Page();
    }
}

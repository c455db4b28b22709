using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Shipping;

// Scan the sales order, then scan units to pick them (or a pallet to ship it whole); Enter on an empty
// box (or scanning SHIP) ships what was picked.
public sealed class ShippingModel(OrderBook orders, Core.Processes.Shipping shipping, Scanner scanner, SerialTrackDbContext db) : PageModel
{
    public const string ShipCommand = "SHIP";

    [BindProperty(SupportsGet = true, Name = "order")]
    public string? Order { get; set; }

    [BindProperty]
    public string? Scan { get; set; }

    public OrderView? View { get; private set; }
    public Dictionary<long, decimal> Picked { get; private set; } = [];
    public string? Said { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<string> Handling { get; private set; } = [];
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var text = Scan?.Trim() ?? "";
        Scan = null;
        try
        {
            if (string.IsNullOrWhiteSpace(Order))
            {
                Order = text.Length > 0 ? text : throw DomainException.BadInput("field.required", "scan", "Scan a sales order number.");
            }
            else if (text.Length == 0 || text.Equals(ShipCommand, StringComparison.OrdinalIgnoreCase))
            {
                var result = await shipping.ShipAsync(new ShipRequest(Order), Auth.ActorOf(User), ct);
                Said = $"Shipped {result.Units} unit(s) and {result.Lots} lot quantity(ies) on {Order}.";
            }
            else
            {
                var scanned = await ScanStep.ReadAsync(scanner, db, text, ct);
                Handling = scanned.HandlingInstructions;
                if (scanned.Unit is { } u)
                {
                    await shipping.PickAsync(new PickRequest(Order, [u]), Auth.ActorOf(User), ct);
                    Said = $"Picked {scanned.Label}.";
                }
                else
                {
                    var result = await shipping.ShipAsync(new ShipRequest(Order, Containers: [scanned.Container!]), Auth.ActorOf(User), ct);
                    Said = $"Shipped {scanned.Label} with {result.Units} unit(s) inside.";
                }
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Order))
        {
            Order = null;
            return;
        }
        try
        {
            View = await orders.GetAsync(OrderKind.Sales, Order.Trim(), ct);
            Order = View.Number;
            var lineIds = View.Lines.Select(l => l.Id).ToList();
            Picked = (await db.Allocations.AsNoTracking().Where(a => lineIds.Contains(a.OrderLineId) && a.Status == AllocationStatus.Picked)
                .Select(a => new { a.OrderLineId, a.Quantity }).ToListAsync(ct))
                .GroupBy(a => a.OrderLineId).ToDictionary(g => g.Key, g => g.Sum(a => a.Quantity));
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Order = null;
        }
    }
}

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
public sealed class ShippingModel(OrderBook orders, Core.Processes.Shipping shipping, Scanner scanner, SerialTrackDbContext db, Core.Warehouse.Instructions instructions) : PageModel
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

    // A blocking instruction waiting for an acknowledgement (Acknowledge button or an ACK scan).
    [BindProperty] public Instructions.PendingAck Ack { get; set; } = new();

    public IReadOnlyList<Core.Warehouse.AppliedInstruction> Applied { get; private set; } = [];

    // The pick list: what is allocated to the order and not yet picked, where it is, with its instructions.
    public List<PickListLine> PickList { get; private set; } = [];

    public sealed record PickListLine(string Product, string What, string? Location, IReadOnlyList<Core.Warehouse.AppliedInstruction> Instructions);

    public async Task<IActionResult> OnPostAckAsync(CancellationToken ct)
    {
        try
        {
            Said = await Ack.AcknowledgeAsync(instructions, Auth.ActorOf(User), ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        await LoadAsync(ct);
        return Page();
    }

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
            else if (Instructions.PendingAck.IsAck(text))
            {
                Said = await Ack.AcknowledgeAsync(instructions, Auth.ActorOf(User), ct);
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
                Applied = scanned.Instructions;
                Ack = new();
                if (scanned.Unit is { } u)
                {
                    try
                    {
                        await shipping.PickAsync(new PickRequest(Order, [u]), Auth.ActorOf(User), ct);
                    }
                    catch (DomainException e)
                    {
                        await Ack.CatchAsync(e, instructions, u, null, Core.Warehouse.InstructionProcesses.Pick, ct);
                        throw;
                    }
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
            var open = await (from a in db.Allocations.AsNoTracking()
                              where lineIds.Contains(a.OrderLineId) && a.Status == AllocationStatus.Allocated
                              join u in db.Units on a.UnitId equals u.Id into us
                              from u in us.DefaultIfEmpty()
                              join lt in db.Lots on a.LotId equals lt.Id into lts
                              from lt in lts.DefaultIfEmpty()
                              join l in db.Locations on a.LocationId equals l.Id into ls
                              from l in ls.DefaultIfEmpty()
                              select new
                              {
                                  a.Id,
                                  a.UnitId,
                                  a.LotId,
                                  Serial = u != null ? u.Serial : null,
                                  LotCode = lt != null ? lt.Code : null,
                                  a.Quantity,
                                  Location = l != null ? l.Code : null,
                                  ProductId = u != null ? (long?)u.ProductId : (long?)lt.ProductId,
                                  UnitLotId = u != null ? u.LotId : null,
                              })
                .OrderBy(x => x.Location).ThenBy(x => x.Id).Take(500).ToListAsync(ct);
            var productIds = open.Select(x => x.ProductId!.Value).Distinct().ToList();
            var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
            var units = open.Where(x => x.UnitId != null).Select(x => new Core.Warehouse.Instructions.Handled(x.UnitId!.Value, x.ProductId!.Value, x.UnitLotId)).ToList();
            var lots = open.Where(x => x.LotId != null).Select(x => new Core.Warehouse.Instructions.Handled(x.LotId!.Value, x.ProductId!.Value, x.LotId)).DistinctBy(x => x.Id).ToList();
            var anyInstructions = open.Count > 0 && await db.HandlingInstructions.AnyAsync(i => i.Active, ct);
            var forUnits = anyInstructions ? await Core.Warehouse.Instructions.ApplyingAsync(db, units, [], ct) : [];
            var forLots = anyInstructions ? await Core.Warehouse.Instructions.ApplyingAsync(db, [], lots, ct) : [];
            PickList = open.Select(x => new PickListLine(skus[x.ProductId!.Value], x.Serial ?? $"lot {x.LotCode} × {Show.Quantity(x.Quantity)}", x.Location,
                x.UnitId is { } uid ? forUnits.GetValueOrDefault(uid) ?? [] : x.LotId is { } lid ? forLots.GetValueOrDefault(lid) ?? [] : [])).ToList();
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Order = null;
        }
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Pages.Returns;

// Returns desk: scan the RMA number, the quarantine (or restock) location and an action word once; then
// every unit scanned is received or decided with them.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(Scanner scanner, OrderBook orders, Core.Processes.Returns returns) : ScanStationPage
{
    public static readonly string[] Actions = ["receive", "restock", "repair", "return_to_supplier", "scrap"];

    [BindProperty] public string? Rma { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Supplier { get; set; }
    [BindProperty] public string Action { get; set; } = "receive";

    // A scanned lot code returns or decides this quantity of the lot.
    [BindProperty] public decimal? Quantity { get; set; }

    public OrderView? Order { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => await LoadOrderAsync(ct);

    protected override async Task HandleAsync(string text, CancellationToken ct)
    {
        if (Actions.Contains(ScanStation.Word(text)))
        {
            Action = ScanStation.Word(text);
            Feedback.Done = $"Action: {Action.Replace('_', ' ')}.";
            return;
        }
        if (text.StartsWith(OrderBook.Prefix(OrderKind.Return), StringComparison.OrdinalIgnoreCase))
        {
            Rma = (await orders.FindAsync(OrderKind.Return, text.ToUpperInvariant(), ct, "rma")).Number;
            Feedback.Done = $"{Rma}: scan the returned units.";
            return;
        }
        var (match, result) = await ScanStation.ResolveAsync(scanner, text, ct);
        Feedback.Handling = result.HandlingInstructions;
        Feedback.Scanned = match;
        switch (match?.Kind)
        {
            case ScanKind.Location:
                Location = match.Location!.Code;
                Feedback.Done = $"Location: {Location}.";
                return;
            case ScanKind.Unit or ScanKind.Lot when Rma is null:
                throw DomainException.BadInput("field.required", "rma", "Scan the RMA number first.");
            case ScanKind.Lot:
                var quantity = Quantity ?? throw DomainException.BadInput("field.required", "quantity", $"Type the quantity of lot {match.Lot!.Lot}, then scan the lot again.");
                var lot = new LotRef(match.Lot!.Product, match.Lot.Lot, quantity);
                if (Action == "receive")
                {
                    await returns.ReceiveReturnAsync(new ReceiveReturnRequest(Rma, Location ?? "", Lots: [lot]), Auth.ActorOf(User), ct);
                    Feedback.Done = $"{Show.Quantity(quantity)} of {lot.Product} lot {lot.Lot} received into quarantine at {Location}.";
                }
                else
                {
                    var decided = Enum.Parse<ReturnDisposition>(Action.Replace("_", ""), ignoreCase: true);
                    await returns.DecideAsync(new DecideReturnRequest(Rma, decided, Lots: [lot], Location: Location, Supplier: Supplier), Auth.ActorOf(User), ct);
                    Feedback.Done = $"{Show.Quantity(quantity)} of {lot.Product} lot {lot.Lot}: {Action.Replace('_', ' ')}.";
                }
                Quantity = null;
                return;
            case ScanKind.Unit:
                var unit = new UnitRef(match.Unit!.Product, match.Unit.Serial);
                var context = new EventContext();
                var actor = Auth.ActorOf(User);
                if (Action == "receive")
                {
                    await returns.ReceiveReturnAsync(new ReceiveReturnRequest(Rma, Location ?? "", [unit], Context: context), actor, ct);
                    Feedback.Done = $"{unit.Product} {unit.Serial} received into quarantine at {Location}.";
                }
                else
                {
                    var disposition = Enum.Parse<ReturnDisposition>(Action.Replace("_", ""), ignoreCase: true);
                    await returns.DecideAsync(new DecideReturnRequest(Rma, disposition, [unit], Location: Location, Supplier: Supplier, Context: context), actor, ct);
                    Feedback.Done = $"{unit.Product} {unit.Serial}: {Action.Replace('_', ' ')}.";
                }
                Feedback.Scanned = (await scanner.ScanAsync(match.Unit.Serial, ct)).Matches.FirstOrDefault(m => m.Kind == ScanKind.Unit) ?? match;
                return;
            default:
                throw DomainException.NotFound("scan.unknown", result.Message ?? $"'{text}' is not a unit, location, RMA or action.", "scan");
        }
    }

    async Task LoadOrderAsync(CancellationToken ct)
    {
        if (Rma is not null)
        {
            try
            {
                Order = await orders.GetAsync(OrderKind.Return, Rma, ct);
            }
            catch (DomainException)
            {
                Rma = null;
            }
        }
    }
}

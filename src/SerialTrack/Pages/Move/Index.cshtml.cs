using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Pages.Returns;
using SerialTrack.Web;

namespace SerialTrack.Pages.Move;

// Moving by scanning: scan the destination location once, then every unit, container (case, pallet, by
// code or SSCC) or lot scanned goes there at once. A lot moves what is loose at its one location, or the
// quantity typed; a lot in several places is refused with where it is.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(Scanner scanner, Moving moving, SerialTrackDbContext db, Core.Warehouse.Instructions instructions) : ScanStationPage
{
    [BindProperty] public string? To { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }

    // A new key each time the page is drawn: the same form sent twice (a double Enter) moves once.
    [BindProperty] public string? Key { get; set; }

    // A blocking instruction waiting for an acknowledgement (Acknowledge button or an ACK scan).
    [BindProperty] public Instructions.PendingAck Ack { get; set; } = new();

    public IReadOnlyList<Core.Warehouse.AppliedInstruction> Applied { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAckAsync(CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            Feedback.Done = await Ack.AcknowledgeAsync(instructions, Auth.ActorOf(User), ct);
        }
        catch (DomainException e)
        {
            ScanStation.Refused(Feedback, e);
        }
        return Page();
    }

    protected override async Task HandleAsync(string text, CancellationToken ct)
    {
        if (Instructions.PendingAck.IsAck(text))
        {
            Feedback.Done = await Ack.AcknowledgeAsync(instructions, Auth.ActorOf(User), ct);
            return;
        }
        var (match, result) = await ScanStation.ResolveAsync(scanner, text, ct);
        Feedback.Handling = result.HandlingInstructions;
        Applied = result.Instructions;
        Ack = new();
        Feedback.Scanned = match;
        if (match?.Kind == ScanKind.Location)
        {
            To = match.Location!.Code;
            Feedback.Done = $"Moving to {To}: scan what goes there.";
            return;
        }
        if (To is null)
        {
            throw DomainException.BadInput("move.to_first", "scan", "Scan the destination location first.");
        }
        var (request, what) = match?.Kind switch
        {
            ScanKind.Unit => (new MoveRequest(To, Units: [new UnitRef(match.Unit!.Product, match.Unit.Serial)]), $"{match.Unit.Product} {match.Unit.Serial}"),
            ScanKind.Container => (new MoveRequest(To, Containers: [await ContainerCodeAsync(match.Id, ct)]), match.Label),
            ScanKind.Lot => LotMove(match.Lot!),
            _ => throw DomainException.NotFound("scan.unknown", result.Message ?? $"'{text}' is not a unit, container, lot or location.", "scan"),
        };
        Core.Events.ProcessResult moved;
        try
        {
            moved = await moving.MoveAsync(request with { Context = new Core.Events.EventContext(IdempotencyKey: Key) }, Auth.ActorOf(User), ct);
        }
        catch (DomainException e)
        {
            var lot = request.Lots is [var l] ? new LotRef(l.Product, l.Lot) : null;
            await Ack.CatchAsync(e, instructions, request.Units is [var u] ? u : null, lot, Core.Warehouse.InstructionProcesses.Move, ct);
            throw;
        }
        Feedback.Done = $"Moved {what} to {To}" + (moved.Units > 1 ? $" ({moved.Units} units)." : ".");
        Quantity = null;
    }

    (MoveRequest, string) LotMove(LotState lot)
    {
        var places = lot.Balances.Where(b => b.Status == BalanceStatus.Available && b.Quantity > 0).ToList();
        if (places.Count != 1)
        {
            throw DomainException.Rule("move.lot_place", places.Count == 0
                ? $"Lot {lot.Lot} of {lot.Product} has nothing available to move."
                : $"Lot {lot.Lot} of {lot.Product} is at {string.Join(", ", places.Select(p => p.Location))}: move it from the lot page or the API, naming where from.", "scan");
        }
        var quantity = Quantity ?? places[0].Quantity;
        return (new MoveRequest(To!, Lots: [new LotQuantity(lot.Product, lot.Lot, quantity, places[0].Location)]), $"{Show.Quantity(quantity)} of lot {lot.Lot}");
    }

    async Task<string> ContainerCodeAsync(long id, CancellationToken ct) =>
        await db.Containers.Where(c => c.Id == id).Select(c => c.Code).FirstAsync(ct);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Pages.Returns;
using SerialTrack.Web;

namespace SerialTrack.Pages.Adjust;

// Stock corrections by scanning: pick (or scan) the reason code, scan a location to set where, then scan
// units (found, lost, damaged) or lots (the quantity field applies: signed for count corrections).
// The word SCRAP scraps what is scanned next.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(Scanner scanner, Adjustments adjustments) : ScanStationPage
{
    public const string ScrapAction = "scrap";

    [BindProperty] public string ReasonCode { get; set; } = Adjustments.Lost;
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }


    public void OnGet()
    {
    }

    protected override async Task HandleAsync(string text, CancellationToken ct)
    {
        var word = ScanStation.Word(text);
        if (Adjustments.ReasonCodes.Contains(word) || word == ScrapAction)
        {
            ReasonCode = word;
            Feedback.Done = $"Reason: {word.Replace('_', ' ')}.";
            return;
        }
        var (match, result) = await ScanStation.ResolveAsync(scanner, text, ct);
        Feedback.Handling = result.HandlingInstructions;
        Feedback.Scanned = match;
        var actor = Auth.ActorOf(User);
        switch (match?.Kind)
        {
            case ScanKind.Location:
                Location = match.Location!.Code;
                Feedback.Done = $"Location: {Location}.";
                return;
            case ScanKind.Unit:
                var unit = new UnitRef(match.Unit!.Product, match.Unit.Serial);
                if (ReasonCode == ScrapAction)
                {
                    await adjustments.ScrapAsync(new ScrapRequest(Note, [unit]), actor, ct);
                }
                else
                {
                    await adjustments.AdjustAsync(new AdjustRequest(ReasonCode, Note, [unit], Location: Location), actor, ct);
                }
                Feedback.Done = $"{unit.Product} {unit.Serial}: {ReasonCode.Replace('_', ' ')}.";
                return;
            case ScanKind.Lot:
                var lot = match.Lot!;
                var quantity = Quantity ?? throw DomainException.BadInput("field.required", "quantity", "Type the quantity before scanning a lot.");
                if (ReasonCode == ScrapAction)
                {
                    await adjustments.ScrapAsync(new ScrapRequest(Note, Lots: [new LotQuantity(lot.Product, lot.Lot, quantity, Location ?? "")]), actor, ct);
                }
                else
                {
                    await adjustments.AdjustAsync(new AdjustRequest(ReasonCode, Note, Lots: [new LotAdjustment(lot.Product, lot.Lot, Location ?? "", quantity)]), actor, ct);
                }
                Feedback.Done = $"{lot.Product} lot {lot.Lot}: {ReasonCode.Replace('_', ' ')} {Show.Quantity(quantity)} at {Location}.";
                return;
            default:
                throw DomainException.NotFound("scan.unknown", result.Message ?? $"'{text}' is not a unit, lot, location or reason code.", "scan");
        }
    }
}

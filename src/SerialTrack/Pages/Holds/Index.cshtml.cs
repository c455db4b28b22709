using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Pages.Returns;
using SerialTrack.Web;

namespace SerialTrack.Pages.Holds;

// Scan a unit, lot or location to hold or release it with the reason typed (or scanned) once; the action
// words HOLD and RELEASE switch between the two. Open holds are listed with a release button each.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(Scanner scanner, Core.Processes.Holds holds) : ScanStationPage
{
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string Action { get; set; } = "hold";
    [BindProperty] public long? HoldId { get; set; }

    public List<OpenHold> Open { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Open = await holds.ListOpenAsync(200, ct);

    public async Task<IActionResult> OnPostReleaseAsync(CancellationToken ct)
    {
        try
        {
            await holds.ReleaseAsync(new ReleaseRequest(Reason ?? "", [HoldId ?? 0]), Auth.ActorOf(User), ct);
            Feedback.Done = $"Hold {HoldId} released.";
        }
        catch (DomainException e)
        {
            ScanStation.Refused(Feedback, e);
        }
        Open = await holds.ListOpenAsync(200, ct);
        return Page();
    }

    protected override async Task HandleAsync(string text, CancellationToken ct)
    {
        if (ScanStation.Word(text) is "hold" or "release")
        {
            Action = ScanStation.Word(text);
            Feedback.Done = $"Action: {Action}.";
            return;
        }
        var (match, result) = await ScanStation.ResolveAsync(scanner, text, ct);
        Feedback.Handling = result.HandlingInstructions;
        Feedback.Scanned = match;
        var (units, lots, locations, what) = match?.Kind switch
        {
            ScanKind.Unit => ((IReadOnlyList<UnitRef>)[new UnitRef(match.Unit!.Product, match.Unit.Serial)], (IReadOnlyList<LotRef>)[], (IReadOnlyList<string>)[], $"{match.Unit.Product} {match.Unit.Serial}"),
            ScanKind.Lot => ([], [new LotRef(match.Lot!.Product, match.Lot.Lot)], [], $"{match.Lot.Product} lot {match.Lot.Lot}"),
            ScanKind.Location => ([], [], [match.Location!.Code], $"location {match.Location.Code}"),
            _ => throw DomainException.NotFound("scan.unknown", result.Message ?? $"'{text}' is not a unit, lot or location.", "scan"),
        };
        if (Action == "release")
        {
            await holds.ReleaseAsync(new ReleaseRequest(Reason ?? "", Units: units, Lots: lots, Locations: locations), Auth.ActorOf(User), ct);
            Feedback.Done = $"Released {what}.";
        }
        else
        {
            await holds.HoldAsync(new HoldRequest(Reason ?? "", units, lots, locations), Auth.ActorOf(User), ct);
            Feedback.Done = $"{what} is on hold: {Reason}.";
        }
    }
}

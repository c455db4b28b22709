using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages.Returns;

// What the scan pages of returns, holds and adjustments share: one scan box that takes either a command
// word (printed as a barcode on the station's sheet), or a thing to act on, resolved by the Scanner so a
// serial, a lot code, a location code or GS1 data all work. Each answer says what happened and shows the
// handling instructions of what was scanned.
public sealed class ScanFeedback
{
    public string? Done { get; set; }
    public string? Error { get; set; }
    public IReadOnlyList<string> Handling { get; set; } = [];
    public ScanMatch? Scanned { get; set; }
}

public static class ScanStation
{
    // A code that means one thing: a single match, or a unit only (a serial that is also a lot code is
    // asked again with the product).
    public static async Task<(ScanMatch? Match, ScanResult Result)> ResolveAsync(Scanner scanner, string text, CancellationToken ct)
    {
        var result = await scanner.ScanAsync(text, ct);
        var match = result.Matches.Count == 1 ? result.Matches[0] : null;
        return (match, result);
    }

    public static string Word(string text) => text.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');

    public static void Refused(ScanFeedback feedback, DomainException e) =>
        feedback.Error = e.Message + (e.Field is null ? "" : $" ({e.Code}, {e.Field})");
}

// A scan page posts one scan at a time: HandleAsync does what it means, a refusal is shown beside the box,
// and LoadAsync reads what the page lists (the RMA, open holds) for the answer.
public abstract class ScanStationPage : PageModel
{
    [BindProperty] public string? Scan { get; set; }

    public ScanFeedback Feedback { get; } = new();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var text = Scan?.Trim() ?? "";
        Scan = null;
        // The page shows what the scan changed (action, location, RMA), not what was posted.
        ModelState.Clear();
        try
        {
            if (text.Length > 0)
            {
                await HandleAsync(text, ct);
            }
        }
        catch (DomainException e)
        {
            ScanStation.Refused(Feedback, e);
        }
        await LoadAsync(ct);
        return Page();
    }

    protected abstract Task HandleAsync(string text, CancellationToken ct);

    protected virtual Task LoadAsync(CancellationToken ct) => Task.CompletedTask;
}

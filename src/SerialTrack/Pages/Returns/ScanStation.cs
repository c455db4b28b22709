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

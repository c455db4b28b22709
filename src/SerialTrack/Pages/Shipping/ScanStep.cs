using SerialTrack.Core;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Pages.Shipping;

// What the packing and shipping screens make of one scan: a unit, a container, a lot (packing only), or
// nothing they can use.
public sealed record Scanned(UnitRef? Unit, string? Container, string Label, IReadOnlyList<string> HandlingInstructions, LotState? Lot = null)
{
    public IReadOnlyList<Core.Warehouse.AppliedInstruction> Instructions { get; init; } = [];
}

public static class ScanStep
{
    public static async Task<Scanned> ReadAsync(Scanner scanner, Core.Data.SerialTrackDbContext db, string text, CancellationToken ct, bool lots = false)
    {
        var result = await scanner.ScanAsync(text, ct);
        var usable = result.Matches.Where(m => m.Kind is ScanKind.Unit or ScanKind.Container || (lots && m.Kind == ScanKind.Lot)).ToList();
        if (usable.Count != 1)
        {
            throw DomainException.NotFound(usable.Count == 0 ? "scan.not_unit_or_container" : "scan.ambiguous",
                usable.Count == 0 ? result.Message ?? $"'{text}' is not a unit or a container." : $"'{text}' matches {usable.Count} things: scan a more specific code.", "scan");
        }
        var m = usable[0];
        if (m.Lot is { } lot)
        {
            return new Scanned(null, null, m.Label, result.HandlingInstructions, lot) { Instructions = result.Instructions };
        }
        if (m.Unit is { } u)
        {
            return new Scanned(new UnitRef(u.Product, u.Serial), null, m.Label, result.HandlingInstructions) { Instructions = result.Instructions };
        }
        var code = db.Containers.Where(c => c.Id == m.Id).Select(c => c.Code).First();
        return new Scanned(null, code, m.Label, result.HandlingInstructions) { Instructions = result.Instructions };
    }
}

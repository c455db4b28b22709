using SerialTrack.Core;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Pages.Instructions;

// A scan refused for a blocking instruction keeps, in hidden fields, what waits for an acknowledgement;
// the Acknowledge button (or scanning ACK) records it, and the next scan of the same thing goes through.
public sealed class PendingAck
{
    public const string Word = "ACK";

    public string? Product { get; set; }
    public string? Serial { get; set; }
    public string? Lot { get; set; }
    public string? Ids { get; set; }
    public List<PendingInstruction> Pending { get; set; } = [];

    public static bool IsAck(string text) => text.Trim().Equals(Word, StringComparison.OrdinalIgnoreCase);

    // Called where a scan was refused: a blocking instruction not yet acknowledged fills the box to show.
    public async Task CatchAsync(DomainException e, Core.Warehouse.Instructions instructions, UnitRef? unit, LotRef? lot, InstructionProcesses process, CancellationToken ct)
    {
        if (e.Code != "instruction.unacknowledged")
        {
            return;
        }
        Pending = await instructions.PendingAsync(unit, lot, process, ct);
        (Product, Serial, Lot) = (unit?.Product ?? lot?.Product, unit?.Serial, lot?.Lot);
        Ids = string.Join(",", Pending.Select(p => p.InstructionId).Distinct());
    }

    public async Task<string> AcknowledgeAsync(Core.Warehouse.Instructions instructions, Actor actor, CancellationToken ct)
    {
        var ids = (Ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.TryParse(s, out var id) ? id : 0).Where(id => id > 0).ToList();
        if (ids.Count == 0 || Product is null)
        {
            throw DomainException.BadInput("acknowledge.nothing", "scan", "Nothing waits for an acknowledgement here.");
        }
        UnitRef? unit = Serial is null ? null : new UnitRef(Product, Serial);
        LotRef? lot = Lot is null ? null : new LotRef(Product, Lot);
        foreach (var id in ids)
        {
            await instructions.AcknowledgeAsync(new AcknowledgeRequest(id, unit is null ? null : [unit], lot is null ? null : [lot]), actor, ct);
        }
        var what = unit is not null ? $"{unit.Product} {unit.Serial}" : $"lot {lot!.Lot} of {lot.Product}";
        (Product, Serial, Lot, Ids) = (null, null, null, null);
        return $"Acknowledged for {what}: scan it again to go on.";
    }
}

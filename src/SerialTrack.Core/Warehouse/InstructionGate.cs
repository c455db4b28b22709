using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// A blocking instruction not yet acknowledged for one unit or lot of a request.
public sealed record PendingInstruction(long InstructionId, string Text, long? UnitId, long? LotId, string What);

// Blocking instructions stop the processes they name until an operator acknowledged them for the unit or
// lot at hand (InstructionAcknowledgement, written with an InstructionAcknowledged event). Every process
// calls this once for all the units and once for all the lots of its request: three queries whatever the
// size, and one cheap query when no blocking instruction concerns the process at all.
public static class InstructionGate
{
    // Units and lots each with the request field that named them; the first one refused is the first in the lists.
    public static async Task RequireAsync(SerialTrackDbContext db, InstructionProcesses process,
        IEnumerable<(LoadedUnit Unit, string Field)> units, IEnumerable<(Lot Lot, string Field)> lots, CancellationToken ct)
    {
        var (unitList, lotList) = (units.ToList(), lots.ToList());
        var pending = await PendingForUnitsAsync(db, unitList.Select(x => new Instructions.Handled(x.Unit.Id, x.Unit.ProductId, x.Unit.LotId)).ToList(), process, ct);
        if (pending.Count > 0)
        {
            var (u, field) = unitList.First(x => pending.Any(p => p.UnitId == x.Unit.Id));
            throw Refusal($"Unit {u.Name}", pending.First(p => p.UnitId == u.Id), process, field);
        }
        var pendingLots = await PendingForLotsAsync(db, lotList.Select(x => new Instructions.Handled(x.Lot.Id, x.Lot.ProductId, x.Lot.Id)).ToList(), process, ct);
        if (pendingLots.Count > 0)
        {
            var (l, field) = lotList.First(x => pendingLots.Any(p => p.LotId == x.Lot.Id));
            throw Refusal($"Lot '{l.Code}'", pendingLots.First(p => p.LotId == l.Id), process, field);
        }
    }

    // Each item with its position in the request: units[0], units[1], ...
    public static IEnumerable<(T, string)> At<T>(IEnumerable<T> items, string field) => items.Select((x, i) => (x, $"{field}[{i}]"));

    static DomainException Refusal(string what, PendingInstruction p, InstructionProcesses process, string field) =>
        DomainException.Rule("instruction.unacknowledged",
            $"{what} cannot be {Verb(process)} before its blocking instruction {p.InstructionId} is acknowledged: \"{p.Text}\"", field);

    public static string Verb(InstructionProcesses process) => process switch
    {
        InstructionProcesses.Receive => "received",
        InstructionProcesses.Move => "moved",
        InstructionProcesses.Pick => "picked",
        InstructionProcesses.Pack => "packed",
        InstructionProcesses.Ship => "shipped",
        InstructionProcesses.Produce => "consumed",
        InstructionProcesses.Count => "counted",
        _ => "handled",
    };

    // A unit is cleared by an acknowledgement for the unit, or for its lot, made since the instruction last changed.
    public static async Task<List<PendingInstruction>> PendingForUnitsAsync(SerialTrackDbContext db, IReadOnlyList<Instructions.Handled> units, InstructionProcesses process, CancellationToken ct)
    {
        if (units.Count == 0 || !await AnyBlockingAsync(db, process, ct))
        {
            return [];
        }
        var applying = await Instructions.ApplyingAsync(db, units, [], ct, only: InstructionSeverity.Blocking, process: process);
        if (applying.Count == 0)
        {
            return [];
        }
        var instructionIds = applying.Values.SelectMany(l => l.Select(a => a.Id)).Distinct().ToList();
        var unitIds = applying.Keys.ToList();
        var lotIds = units.Where(u => applying.ContainsKey(u.Id) && u.LotId is not null).Select(u => u.LotId!.Value).Distinct().ToList();
        var acks = await AcknowledgedAsync(db, instructionIds, unitIds, lotIds, ct);
        return units.Where(u => applying.ContainsKey(u.Id))
            .SelectMany(u => applying[u.Id].Where(a => !acks.Contains((a.Id, u.Id, false)) && !(u.LotId is { } l && acks.Contains((a.Id, l, true))))
                .Select(a => new PendingInstruction(a.Id, a.Text, u.Id, null, a.FromLabel)))
            .ToList();
    }

    public static async Task<List<PendingInstruction>> PendingForLotsAsync(SerialTrackDbContext db, IReadOnlyList<Instructions.Handled> lots, InstructionProcesses process, CancellationToken ct)
    {
        if (lots.Count == 0 || !await AnyBlockingAsync(db, process, ct))
        {
            return [];
        }
        var applying = await Instructions.ApplyingAsync(db, [], lots, ct, only: InstructionSeverity.Blocking, process: process);
        if (applying.Count == 0)
        {
            return [];
        }
        var instructionIds = applying.Values.SelectMany(l => l.Select(a => a.Id)).Distinct().ToList();
        var acks = await AcknowledgedAsync(db, instructionIds, [], applying.Keys.ToList(), ct);
        return lots.Where(l => applying.ContainsKey(l.Id)).DistinctBy(l => l.Id)
            .SelectMany(l => applying[l.Id].Where(a => !acks.Contains((a.Id, l.Id, true))).Select(a => new PendingInstruction(a.Id, a.Text, null, l.Id, a.FromLabel)))
            .ToList();
    }

    static Task<bool> AnyBlockingAsync(SerialTrackDbContext db, InstructionProcesses process, CancellationToken ct) =>
        db.HandlingInstructions.AnyAsync(i => i.Active && i.Severity == InstructionSeverity.Blocking && (i.Processes & process) != InstructionProcesses.None, ct);

    // (instruction, unit or lot id, is a lot) of every acknowledgement still valid.
    static async Task<HashSet<(long, long, bool)>> AcknowledgedAsync(SerialTrackDbContext db, List<long> instructionIds, List<long> unitIds, List<long> lotIds, CancellationToken ct)
    {
        var rows = await (from a in db.InstructionAcknowledgements.AsNoTracking()
                          join i in db.HandlingInstructions on a.InstructionId equals i.Id
                          where instructionIds.Contains(a.InstructionId)
                                && ((a.UnitId != null && unitIds.Contains(a.UnitId.Value)) || (a.LotId != null && lotIds.Contains(a.LotId.Value)))
                          select new { a.InstructionId, a.UnitId, a.LotId, a.AcknowledgedAt, i.UpdatedAt }).ToListAsync(ct);
        return rows.Where(r => r.AcknowledgedAt >= r.UpdatedAt)
            .Select(r => r.UnitId is { } u ? (r.InstructionId, u, false) : (r.InstructionId, r.LotId!.Value, true)).ToHashSet();
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// The operator confirms having read an instruction for these units and lots.
public sealed record AcknowledgeRequest(long Instruction, IReadOnlyList<UnitRef>? Units = null, IReadOnlyList<LotRef>? Lots = null, EventContext? Context = null);

public sealed partial class Instructions
{
    public const string AcknowledgedReasonCode = "instruction.acknowledged";

    // One InstructionAcknowledged event: the units in event_units with their state unchanged (the version
    // bump makes a concurrent change a conflict), each lot as a zero-quantity line in event_lots (nothing
    // moved; the line says which lot), the instruction id in the reason; plus one acknowledgement row per
    // unit or lot, by the actor.
    public async Task<ProcessResult> AcknowledgeAsync(AcknowledgeRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.InstructionAcknowledged, ct) is { } replay)
        {
            return replay;
        }
        var instruction = await db.HandlingInstructions.AsNoTracking().FirstOrDefaultAsync(i => i.Id == request.Instruction, ct)
            ?? throw DomainException.NotFound("instruction.not_found", $"No handling instruction {request.Instruction}.", "instruction");
        if (!instruction.Active)
        {
            throw DomainException.Rule("instruction.inactive", $"Instruction {instruction.Id} is no longer active: there is nothing to acknowledge.", "instruction");
        }
        var (unitRefs, lotRefs) = (request.Units ?? [], request.Lots ?? []);
        if (unitRefs.Count + lotRefs.Count == 0)
        {
            throw DomainException.BadInput("acknowledge.empty", "units", "Name the units or lots the instruction is acknowledged for.");
        }
        var sql = new SqlSession(db);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        var lots = new List<Lot>(lotRefs.Count);
        for (var i = 0; i < lotRefs.Count; i++)
        {
            var (lot, _) = await Places.LotAsync(db, lotRefs[i], $"lots[{i}]", ct);
            if (lots.Any(l => l.Id == lot.Id))
            {
                throw DomainException.BadInput("lots.duplicate", $"lots[{i}]", $"Lot '{lot.Code}' appears twice in the request.");
            }
            lots.Add(lot);
        }
        // Units and lots are looked up apart: a unit and a lot may share an id.
        var applying = await ApplyingAsync(db, units.Select(u => new Handled(u.Id, u.ProductId, u.LotId)).ToList(), [], ct);
        var applyingLots = await ApplyingAsync(db, [], lots.Select(l => new Handled(l.Id, l.ProductId, l.Id)).ToList(), ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (!applying.TryGetValue(units[i].Id, out var list) || list.All(a => a.Id != instruction.Id))
            {
                throw DomainException.Rule("instruction.not_applicable", $"Instruction {instruction.Id} does not apply to unit {units[i].Name}.", $"units[{i}]");
            }
        }
        for (var i = 0; i < lots.Count; i++)
        {
            if (!applyingLots.TryGetValue(lots[i].Id, out var list) || list.All(a => a.Id != instruction.Id))
            {
                throw DomainException.Rule("instruction.not_applicable", $"Instruction {instruction.Id} does not apply to lot '{lots[i].Code}'.", $"lots[{i}]");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = EventLog.New(EventType.InstructionAcknowledged, EventAction.Observe, "other", null, actor, context, clock);
        ev.ReasonCode = AcknowledgedReasonCode;
        var reason = $"Instruction {instruction.Id} acknowledged: {instruction.Text}";
        ev.Reason = reason.Length <= 2000 ? reason : reason[..1997] + "...";
        ev.ReadPointId = ev.BizLocationId = units.FirstOrDefault()?.LocationId;
        ev.ObjectCount = units.Count + lots.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now)).ToList(), now, ct);
        for (var i = 0; i < lots.Count; i++)
        {
            db.EventLots.Add(new EventLot { EventId = ev.Id, Line = i, LotId = lots[i].Id, Role = ObjectRole.Subject, Quantity = 0 });
        }
        await db.SaveChangesAsync(ct);
        await sql.InsertAsync("instruction_acknowledgements", ["instruction_id", "unit_id", "lot_id", "event_id", "acknowledged_by", "acknowledged_at"],
            units.Select(u => new object?[] { instruction.Id, u.Id, null, ev.Id, actor.Name, sql.Time(now) })
                .Concat(lots.Select(l => new object?[] { instruction.Id, null, l.Id, ev.Id, actor.Name, sql.Time(now) })).ToList(), ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.InstructionAcknowledged, units.Count, lots.Count);
    }

    // What a screen must show before the process can go on: the blocking instructions not yet acknowledged
    // for this unit or lot.
    public async Task<List<PendingInstruction>> PendingAsync(UnitRef? unit, LotRef? lot, InstructionProcesses process, CancellationToken ct)
    {
        if (unit is not null)
        {
            var loaded = await UnitBatch.LoadAsync(db, new SqlSession(db), [unit], "units", ct);
            return await InstructionGate.PendingForUnitsAsync(db, loaded.Select(u => new Handled(u.Id, u.ProductId, u.LotId)).ToList(), process, ct);
        }
        if (lot is not null)
        {
            var (l, _) = await Places.LotAsync(db, lot, "lot", ct);
            return await InstructionGate.PendingForLotsAsync(db, [new Handled(l.Id, l.ProductId, l.Id)], process, ct);
        }
        return [];
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Processes;

// An operation on units (or one lot) at a station: started, later finished. Operator defaults to the actor.
public sealed record StepRequest(
    string Operation,
    string Station,
    IReadOnlyList<UnitRef>? Units = null,
    LotRef? Lot = null,
    string? Order = null,
    string? Operator = null,
    EventContext? Context = null);

public sealed record StageChangeRequest(Stage Stage, IReadOnlyList<UnitRef>? Units = null, LotRef? Lot = null, EventContext? Context = null);

// Work in progress: operation steps (production_steps rows opened by StepStarted, closed by StepFinished)
// and explicit stage changes (raw material -> work in progress -> finished good).
public sealed class WorkInProgress(SerialTrackDbContext db, TimeProvider clock)
{
    static readonly UnitStatus[] Workable = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine];

    public Task<ProcessResult> StartStepAsync(StepRequest request, Actor actor, CancellationToken ct) => StepAsync(request, actor, start: true, ct);

    public Task<ProcessResult> FinishStepAsync(StepRequest request, Actor actor, CancellationToken ct) => StepAsync(request, actor, start: false, ct);

    async Task<ProcessResult> StepAsync(StepRequest request, Actor actor, bool start, CancellationToken ct)
    {
        var type = start ? EventType.StepStarted : EventType.StepFinished;
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, type, ct) is { } replay)
        {
            return replay;
        }
        var operation = Text.RequiredCode(request.Operation, "operation", 64);
        var station = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(request.Station, "station", 64), "station", ct);
        var who = Text.Optional(request.Operator, "operator", 128) ?? actor.Name;
        var unitRefs = request.Units ?? [];
        if ((unitRefs.Count == 0) == (request.Lot is null))
        {
            throw DomainException.BadInput("step.subject", "units", "Give the units or one lot the step is done on (one of them).");
        }
        Order? order = Text.Optional(request.Order, "order", 64) is { } number ? await new OrderBook(db, clock).FindAsync(OrderKind.Production, number, ct) : null;

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (!Workable.Contains(units[i].Status))
            {
                throw DomainException.Rule("unit.not_workable", $"Unit {units[i].Name} is {UnitBatch.Describe(units[i].Status)}: no work can be done on it.", $"units[{i}]");
            }
        }
        (Lot Lot, Product Product)? lot = request.Lot is null ? null : await Places.LotAndProductAsync(db, request.Lot, "lot", ct);

        // Open steps of this operation on these units or this lot: a start refuses them, a finish needs them.
        var open = new Dictionary<long, long>();
        if (units.Count > 0)
        {
            await sql.OnOpenConnectionAsync(async () =>
            {
                foreach (var chunk in units.Select(u => u.Id).Chunk(50_000))
                {
                    await using var cmd = sql.IdsCommand("SELECT unit_id, id FROM production_steps WHERE unit_id IN ({ids}) AND operation = @op AND finish_event_id IS NULL",
                        chunk, ("op", operation));
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        open[reader.GetInt64(0)] = reader.GetInt64(1);
                    }
                }
                return 0;
            }, ct);
        }
        ProductionStep? openLot = lot is null ? null
            : await db.ProductionSteps.FirstOrDefaultAsync(s => s.LotId == lot.Value.Lot.Id && s.Operation == operation && s.FinishEventId == null, ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (start && open.ContainsKey(units[i].Id))
            {
                throw DomainException.Rule("step.already_started", $"Operation '{operation}' is already under way on unit {units[i].Name}.", $"units[{i}]");
            }
            if (!start && !open.ContainsKey(units[i].Id))
            {
                throw DomainException.Rule("step.not_started", $"Operation '{operation}' was not started on unit {units[i].Name}.", $"units[{i}]");
            }
        }
        if (lot is not null && start && openLot is not null)
        {
            throw DomainException.Rule("step.already_started", $"Operation '{operation}' is already under way on lot '{lot.Value.Lot.Code}'.", "lot");
        }
        if (lot is not null && !start && openLot is null)
        {
            throw DomainException.Rule("step.not_started", $"Operation '{operation}' was not started on lot '{lot.Value.Lot.Code}'.", "lot");
        }

        var ev = EventLog.New(type, EventAction.Observe, "assembling", "in_progress", actor, context, clock);
        ev.ReadPointId = station.Id;
        ev.BizLocationId = station.Id;
        ev.OrderId = order?.Id;
        ev.BizTransaction = order?.Number;
        ev.ObjectCount = units.Count + (lot is null ? 0 : 1);
        ev.Notes ??= $"{operation} by {who}";
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now)).ToList(), now, ct);
        var at = context.EventTime ?? now;
        if (start)
        {
            var rows = units.Select(u => new object?[] { u.Id, null, order?.Id, operation, station.Id, who, ev.Id, sql.Time(at) }).ToList();
            if (lot is not null)
            {
                rows.Add([null, lot.Value.Lot.Id, order?.Id, operation, station.Id, who, ev.Id, sql.Time(at)]);
            }
            await sql.InsertAsync("production_steps", ["unit_id", "lot_id", "order_id", "operation", "station_id", "operator", "start_event_id", "started_at"], rows, ct);
        }
        else
        {
            var ids = units.Select(u => open[u.Id]).ToList();
            if (openLot is not null)
            {
                ids.Add(openLot.Id);
            }
            var changed = 0;
            foreach (var chunk in ids.Chunk(50_000))
            {
                await using var cmd = sql.IdsCommand("UPDATE production_steps SET finish_event_id = @e, finished_at = @t WHERE id IN ({ids}) AND finish_event_id IS NULL",
                    chunk, ("e", ev.Id), ("t", sql.Time(at)));
                changed += await cmd.ExecuteNonQueryAsync(ct);
            }
            if (changed != ids.Count)
            {
                throw DomainException.Conflict("step.changed", "A step was finished by someone else at the same time; nothing was done. Try again.");
            }
        }
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, type, units.Count, lot is null ? 0 : 1);
    }

    // Forward only: raw material -> work in progress -> finished good (raw material may go straight to
    // finished good, a bought part sold as it is). Going back, or to the stage it has, is refused.
    public static bool CanChange(Stage from, Stage to) => to > from;

    public async Task<ProcessResult> ChangeStageAsync(StageChangeRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.StageChanged, ct) is { } replay)
        {
            return replay;
        }
        if (!Enum.IsDefined(request.Stage))
        {
            throw DomainException.BadInput("unit.stage", "stage", $"Unknown stage '{request.Stage}'.");
        }
        var unitRefs = request.Units ?? [];
        if ((unitRefs.Count == 0) == (request.Lot is null))
        {
            throw DomainException.BadInput("stage.subject", "units", "Give the units or one lot whose stage changes (one of them).");
        }
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            if (!Workable.Contains(u.Status))
            {
                throw DomainException.Rule("unit.not_workable", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}: its stage cannot change.", $"units[{i}]");
            }
            if (!CanChange(u.Stage, request.Stage))
            {
                throw DomainException.Rule("stage.invalid_transition", $"Unit {u.Name} cannot go from {Describe(u.Stage)} to {Describe(request.Stage)}.", $"units[{i}]");
            }
        }
        (Lot Lot, Product Product)? lot = request.Lot is null ? null : await Places.LotAndProductAsync(db, request.Lot, "lot", ct);
        if (lot is { } l && !CanChange(l.Lot.Stage, request.Stage))
        {
            throw DomainException.Rule("stage.invalid_transition", $"Lot '{l.Lot.Code}' cannot go from {Describe(l.Lot.Stage)} to {Describe(request.Stage)}.", "lot");
        }

        var ev = EventLog.New(EventType.StageChanged, EventAction.Observe, "other", null, actor, context, clock);
        ev.ObjectCount = units.Count + (lot is null ? 0 : 1);
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { Stage = request.Stage })).ToList(), clock.GetUtcNow(), ct);
        if (lot is { } changed)
        {
            changed.Lot.Stage = request.Stage;
            changed.Lot.Version++;
        }
        await Production.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.StageChanged, units.Count, lot is null ? 0 : 1);
    }

    public static string Describe(Stage stage) => stage switch
    {
        Stage.RawMaterial => "raw material",
        Stage.WorkInProgress => "work in progress",
        Stage.FinishedGood => "finished good",
        _ => stage.ToString(),
    };
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// Stored nowhere; the API names them by these words. Task plans a move for staff instead of moving now.
public enum BulkAction
{
    Move = 1,
    Hold = 2,
    Release = 3,
    Tag = 4,
    Untag = 5,
    Task = 6,
}

// What a bulk action works on: a saved group, an ad-hoc filter, or a selection of units. A group or a
// filter skips the members that cannot take part (the preview says how many and why); a selection is
// what the user picked one by one, so one unit that cannot take part refuses the whole request.
public sealed record BulkTarget(string? Group = null, GroupFilter? Filter = null, IReadOnlyList<UnitRef>? Units = null);

public sealed record BulkRequest(
    BulkAction Action,
    BulkTarget Target,
    string? To = null,
    string? Reason = null,
    string? Tag = null,
    long? ExpectedCount = null,
    EventContext? Context = null,
    TaskRequest? Task = null);

public sealed record BulkRefusal(string Code, string Message, long Count);

public sealed record BulkPreview(BulkAction Action, long Members, long Affected, IReadOnlyList<BulkRefusal> Refused);

// TaskNumber: the move task a Task action created.
public sealed record BulkResult(BulkAction Action, long Affected, long? EventId, bool Replayed = false, string? TaskNumber = null);

// Preview, then confirm with the count the user saw: if the group's membership (or the members' state)
// changed in between so that the count differs, the confirm is refused with a conflict and nothing moves.
// The actions themselves are the ordinary processes (Moving, Holds, Tagging), so every rule still holds;
// Task plans the move as a task for staff (StaffTasks) and moves nothing until they scan it.
public sealed class BulkActions(SerialTrackDbContext db, Groups groups, Moving moving, Holds holds, Tagging tagging, StaffTasks tasks)
{
    public async Task<BulkPreview> PreviewAsync(BulkRequest request, CancellationToken ct) => (await PlanAsync(request, ct)).Preview;

    public async Task<BulkResult> ConfirmAsync(BulkRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        // A retry of a confirm that already ran answers as the first time, before the recount that would
        // now find a different membership.
        if (EventTypeOf(request.Action) is { } type && await EventLog.ReplayAsync(db, context, type, ct) is { } replay)
        {
            return new BulkResult(request.Action, replay.Units, replay.EventId, Replayed: true);
        }
        var taskRequest = request.Action == BulkAction.Task
            ? (request.Task ?? new TaskRequest(TaskKind.Move)) with { Kind = TaskKind.Move, To = request.To, Target = request.Target, Context = context }
            : null;
        if (taskRequest is not null && await tasks.ReplayAsync(taskRequest, ct) is { } made)
        {
            return new BulkResult(request.Action, made.Task.Lines, null, Replayed: true, TaskNumber: made.Task.Number);
        }
        if (request.ExpectedCount is not { } expected)
        {
            throw DomainException.BadInput("field.required", "expectedCount", "expectedCount is required: confirm the count the preview showed.");
        }
        var plan = await PlanAsync(request, ct);
        if (plan.FirstRefused is { } refused)
        {
            throw refused;
        }
        if (plan.Preview.Affected != expected)
        {
            throw DomainException.Conflict("group.changed",
                $"The preview showed {expected} units but {plan.Preview.Affected} would now be affected: the group changed. Preview again.", "expectedCount");
        }
        if (plan.Affected.Count == 0)
        {
            return new BulkResult(request.Action, 0, null);
        }
        var refs = plan.Affected.Select(c => new UnitRef(c.Sku, c.Serial)).ToList();
        switch (request.Action)
        {
            case BulkAction.Move:
                var moved = await moving.MoveAsync(new MoveRequest(request.To!, refs, Context: context), actor, ct);
                return new BulkResult(request.Action, moved.Units, moved.EventId, moved.Replayed);
            case BulkAction.Hold:
                var held = await holds.HoldAsync(new HoldRequest(request.Reason!, refs, Context: context), actor, ct);
                return new BulkResult(request.Action, held.Units, held.EventId, held.Replayed);
            case BulkAction.Task:
                var groupId = request.Target.Group is { } name ? await db.SavedGroups.Where(g => g.Name == name).Select(g => (long?)g.Id).FirstOrDefaultAsync(ct) : null;
                var task = await tasks.CreateMoveAsync(taskRequest!, plan.Affected, groupId, actor, ct);
                return new BulkResult(request.Action, task.Task.Lines, null, task.Replayed, task.Task.Number);
            case BulkAction.Release:
                var released = await holds.ReleaseAsync(new ReleaseRequest(request.Reason!, Units: refs, Context: context), actor, ct);
                return new BulkResult(request.Action, released.Units, released.EventId, released.Replayed);
            default:
                var tag = await tagging.FindAsync(request.Tag!, "tag", ct);
                var sql = new SqlSession(db);
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    var ids = plan.Affected.Select(c => c.Id).ToList();
                    var n = request.Action == BulkAction.Tag
                        ? await tagging.TagUnitIdsAsync(sql, tag.Id, ids, actor, ct)
                        : await Tagging.UntagUnitIdsAsync(sql, tag.Id, ids, ct);
                    await tx.CommitAsync(ct);
                    return new BulkResult(request.Action, n, null);
                }
        }
    }

    static EventType? EventTypeOf(BulkAction action) => action switch
    {
        BulkAction.Move => EventType.Moved,
        BulkAction.Hold => EventType.Held,
        BulkAction.Release => EventType.Released,
        _ => null,
    };

    internal sealed record Plan(BulkPreview Preview, List<GroupCandidate> Affected, DomainException? FirstRefused);

    async Task<Plan> PlanAsync(BulkRequest request, CancellationToken ct)
    {
        switch (request.Action)
        {
            case BulkAction.Move or BulkAction.Task:
                await Places.LocationAsync(db, request.To, "to", ct);
                break;
            case BulkAction.Hold or BulkAction.Release:
                Text.Required(request.Reason, "reason", 500);
                break;
            case BulkAction.Tag or BulkAction.Untag:
                await tagging.FindAsync(request.Tag ?? "", "tag", ct);
                break;
            default:
                throw DomainException.BadInput("bulk.unknown_action", "action", $"Unknown bulk action '{request.Action}'.");
        }
        return await PlanMembersAsync(db, groups, request.Action, request.Target, ct);
    }

    // Who takes part and who is skipped (with counts by reason); move tasks plan their lines from this too.
    internal static async Task<Plan> PlanMembersAsync(SerialTrackDbContext db, Groups groups, BulkAction action, BulkTarget target, CancellationToken ct)
    {
        var (members, selection) = await MembersAsync(db, groups, target, ct);
        var affected = new List<GroupCandidate>(members.Count);
        var refused = new Dictionary<(string Code, string Why), long>();
        DomainException? first = null;
        for (var i = 0; i < members.Count; i++)
        {
            var c = members[i];
            if (Refusal(action, c) is { } why)
            {
                refused[why] = refused.GetValueOrDefault(why) + 1;
                if (selection && first is null)
                {
                    first = DomainException.Rule(why.Code, $"Unit {c.Sku} {c.Serial} is {why.Why}.", $"units[{i}]");
                }
                continue;
            }
            affected.Add(c);
        }
        var refusals = refused.Select(kv => new BulkRefusal(kv.Key.Code, $"{kv.Value} {(kv.Value == 1 ? "unit is" : "units are")} {kv.Key.Why}.", kv.Value))
            .OrderByDescending(r => r.Count).ToList();
        return new Plan(new BulkPreview(action, members.Count, affected.Count, refusals), affected, first);
    }

    static (string Code, string Why)? Refusal(BulkAction action, GroupCandidate c) => action switch
    {
        BulkAction.Move or BulkAction.Task when !Moving.Movable.Contains(c.Status) => ("unit.not_movable", $"{UnitBatch.Describe(c.Status)} and cannot move"),
        BulkAction.Move or BulkAction.Task when c.ContainerId is not null => ("unit.in_container", "packed in a container (move the container instead)"),
        BulkAction.Hold when c.Status == UnitStatus.OnHold => ("hold.already_open", "already on hold"),
        BulkAction.Hold when !Holds.Holdable.Contains(c.Status) => ("hold.not_holdable", $"{UnitBatch.Describe(c.Status)} and cannot be held"),
        BulkAction.Release when c.Status != UnitStatus.OnHold => ("hold.none_open", "not on hold"),
        _ => null,
    };

    static async Task<(List<GroupCandidate> Members, bool Selection)> MembersAsync(SerialTrackDbContext db, Groups groups, BulkTarget target, CancellationToken ct)
    {
        var given = (target.Group is not null ? 1 : 0) + (target.Filter is not null ? 1 : 0) + (target.Units is not null ? 1 : 0);
        if (given != 1)
        {
            throw DomainException.BadInput("bulk.target", "group", "Name exactly one of: a group, a filter, or a selection of units.");
        }
        if (target.Units is { } units)
        {
            if (units.Count == 0)
            {
                throw DomainException.BadInput("bulk.empty", "units", "The selection is empty.");
            }
            var loaded = await UnitBatch.LoadAsync(db, new SqlSession(db), units, "units", ct);
            return (loaded.Select(u => new GroupCandidate(u.Id, u.ProductId, u.Sku, u.Serial, u.Status, u.ContainerId, u.LocationId)).ToList(), true);
        }
        var filter = target.Filter ?? await groups.FilterOfAsync(target.Group!, ct);
        var list = new List<GroupCandidate>();
        await foreach (var c in groups.StreamAsync(filter, ct))
        {
            list.Add(c);
        }
        return (list, false);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Warehouse.TaskWorld;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class TaskWorkTests
{
    readonly TestClock clock = new();

    async Task<TaskScanAnswer> Scan(SerialTrackDbContext db, string task, string code, TaskTrip? trip = null, Actor? who = null, decimal? quantity = null, string? key = null) =>
        await Work(db, clock).ScanAsync(new TaskScanRequest(task, code, trip, quantity, new EventContext(IdempotencyKey: key)), who ?? Op1, default);

    // Source, then every item, then the destination: one trip.
    async Task<TaskScanAnswer> Trip(SerialTrackDbContext db, string task, string from, string to, Actor who, params string[] items)
    {
        var answer = await Scan(db, task, from, who: who);
        foreach (var item in items)
        {
            answer = await Scan(db, task, item, answer.Trip, who);
        }
        return await Scan(db, task, to, answer.Trip, who);
    }

    static Task<List<string>> SerialsAt(SerialTrackDbContext db, string location) =>
        db.Units.Where(u => db.Locations.Any(l => l.Id == u.LocationId && l.Code == location)).Select(u => u.Serial).OrderBy(s => s).ToListAsync();

    static Task<string> PlaceOf(SerialTrackDbContext db, string serial) =>
        db.Units.Where(u => u.Serial == serial).Select(u => db.Locations.Where(l => l.Id == u.LocationId).Select(l => l.Code).First()).SingleAsync();

    static async Task<(int Events, int Scans, int Done)> Written(TestDb t)
    {
        await using var check = t.NewContext();
        return (await check.Events.CountAsync(), await check.TaskScans.CountAsync(s => s.UnitId != null || s.LotId != null),
            await check.TaskLines.CountAsync(l => l.Status != TaskLineStatus.Open));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Moving_a_group_by_task_with_scans_puts_the_units_at_the_destination_and_records_the_scans(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock)).Task.Number;

        var atSource = await Scan(db, task, "B1");
        var first = await Scan(db, task, "S1", atSource.Trip);
        var second = await Scan(db, task, "S2", first.Trip);
        var confirmed = await Scan(db, task, "B2", second.Trip);

        Assert.Equal((TaskStep.Item, "B1"), (atSource.Next, atSource.Trip.From));
        Assert.Equal([1, 2], second.Trip.Items!.Select(i => i.LineNo));
        Assert.Equal(TaskStep.Source, confirmed.Next);
        Assert.Equal([1, 2], confirmed.Confirmed);
        await using (var check = t.NewContext())
        {
            Assert.Equal(["S1", "S2", "S5"], await SerialsAt(check, "B2"));
            var ev = await check.Events.SingleAsync(e => e.Id == confirmed.EventId);
            Assert.Equal((EventType.Moved, task, "op1"), (ev.Type, ev.BizTransaction, ev.Actor));
            Assert.Equal(2, await check.TaskScans.CountAsync(s => s.UnitId != null && s.ScannedBy == "op1"));
            var line = await check.TaskLines.SingleAsync(l => l.LineNo == 1);
            Assert.Equal((TaskLineStatus.Done, "op1", ev.Id), (line.Status, line.DoneBy, line.EventId));
            var head = await check.WarehouseTasks.SingleAsync();
            Assert.Equal((WarehouseTaskStatus.InProgress, "op1"), (head.Status, head.LastWorkedBy));
        }

        var last = await Trip(db, task, "B1", "B2", Op1, "S3", "S4");

        Assert.Equal(TaskStep.Done, last.Next);
        await using var after = t.NewContext();
        Assert.Equal(WarehouseTaskStatus.Done, (await after.WarehouseTasks.SingleAsync()).Status);
        Assert.Equal(["S1", "S2", "S3", "S4", "S5"], await SerialsAt(after, "B2"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_wrong_item_a_wrong_location_and_a_scan_out_of_order_are_refused_and_write_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock)).Task.Number;
        var before = await Written(t);

        var outOfOrder = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "S1"));
        var wrongSource = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "B2"));
        var atB1 = await Scan(db, task, "B1");
        var wrongItem = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "S5", atB1.Trip));
        var took = await Scan(db, task, "S1", atB1.Trip);
        var wrongDestination = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "DOCK", took.Trip));
        var twice = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "S1", took.Trip));

        Assert.Equal(("task.scan_order", "code"), (outOfOrder.Code, outOfOrder.Field));
        Assert.Contains("B1", outOfOrder.Message);
        Assert.Equal("task.wrong_location", wrongSource.Code);
        Assert.Equal("task.wrong_item", wrongItem.Code);
        Assert.Equal("task.wrong_destination", wrongDestination.Code);
        Assert.Contains("B2", wrongDestination.Message);
        Assert.Equal("task.already_scanned", twice.Code);
        Assert.Equal(before, await Written(t));
        await using var check = t.NewContext();
        Assert.Equal(["S1", "S2", "S3", "S4"], await SerialsAt(check, "B1"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_item_the_books_place_elsewhere_is_refused_at_the_source(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock)).Task.Number;
        await new Moving(db, clock).MoveAsync(new MoveRequest("DOCK", [new UnitRef("A100", "S3")]), Boss, default);

        var atB1 = await Scan(db, task, "B1");
        var refused = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "S3", atB1.Trip));

        Assert.Equal("task.item_not_here", refused.Code);
        Assert.Contains("DOCK", refused.Message);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_missing_item_is_reported_as_a_line_exception_and_the_task_finishes_without_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock)).Task.Number;
        await Trip(db, task, "B1", "B2", Op1, "S1", "S2", "S3");

        var view = await Work(db, clock).ReportExceptionAsync(new LineExceptionRequest(task, 4, "not on the shelf"), Op1, default);

        var line = view.Lines.Single(l => l.LineNo == 4);
        Assert.Equal((TaskLineStatus.Exception, "not on the shelf", "op1"), (line.Status, line.ExceptionReason, line.DoneBy));
        Assert.Equal((WarehouseTaskStatus.Done, 3, 1), (view.Task.Status, view.Task.Done, view.Task.Exceptions));
        await using var check = t.NewContext();
        Assert.Equal("B1", await PlaceOf(check, "S4"));
        var empty = await Assert.ThrowsAsync<DomainException>(() => Work(db, clock).ReportExceptionAsync(new LineExceptionRequest(task, 4, " "), Op1, default));
        Assert.Equal(("field.required", "reason"), (empty.Code, empty.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_task_partly_done_is_resumed_by_another_user(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock, assignee: "op1")).Task.Number;
        await Trip(db, task, "B1", "B2", Op1, "S1", "S2");
        // op1 took S3 but left without confirming: nothing of that trip counts.
        var left = await Scan(db, task, "S3", (await Scan(db, task, "B1")).Trip);

        clock.Advance(TimeSpan.FromHours(1));
        var done = await Trip(db, task, "B1", "B2", Op2, "S3", "S4");

        Assert.Single(left.Trip.Items!);
        Assert.Equal(TaskStep.Done, done.Next);
        var view = await Tasks(db, clock).GetAsync(task, default);
        Assert.Equal(["op1", "op1", "op2", "op2"], view.Lines.Select(l => l.DoneBy));
        Assert.Equal((WarehouseTaskStatus.Done, "op2"), (view.Task.Status, view.Task.LastWorkedBy));
        Assert.Equal(["op1", "op2"], view.Task.WorkedBy);
        await using var check = t.NewContext();
        Assert.Equal(2, await check.Events.CountAsync(e => e.Type == EventType.Moved && e.BizTransaction == task));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retried_confirmation_with_the_same_key_replays_and_moves_nothing_twice(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await AMoveTask(db, clock)).Task.Number;
        var took = await Scan(db, task, "S1", (await Scan(db, task, "B1")).Trip);

        var first = await Scan(db, task, "B2", took.Trip, key: "k-1");
        var retry = await Scan(db, task, "B2", took.Trip, key: "k-1");

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.Equal(first.EventId, retry.EventId);
        Assert.Equal(first.Confirmed, retry.Confirmed);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Moved));
        Assert.Equal(1, await check.TaskScans.CountAsync(s => s.UnitId != null));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_workers_confirming_the_same_line_the_second_gets_a_conflict_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var setup = t.NewContext())
        {
            await AWarehouseWithStock(setup, clock);
            await AMoveTask(setup, clock);
        }
        await using var one = t.NewContext();
        await using var two = t.NewContext();
        var tripOne = (await Scan(one, "TSK-000001", "S1", (await Scan(one, "TSK-000001", "B1")).Trip)).Trip;
        var tripTwo = (await Scan(two, "TSK-000001", "S1", (await Scan(two, "TSK-000001", "B1", who: Op2)).Trip, Op2)).Trip;

        await Scan(one, "TSK-000001", "B2", tripOne);
        var before = await Written(t);
        var loser = await Assert.ThrowsAsync<DomainException>(() => Scan(two, "TSK-000001", "B2", tripTwo, Op2));

        Assert.Equal((ErrorKind.Conflict, "task.line_done"), (loser.Kind, loser.Code));
        Assert.Equal(before, await Written(t));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_blocking_instruction_must_be_acknowledged_before_its_line_can_be_taken(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var instructions = new Instructions(db, clock);
        var esd = await instructions.CreateAsync(new InstructionInput("ESD-safe handling", InstructionSeverity.Blocking, [InstructionProcesses.Move], Product: "A100", Serial: "S1"), Boss, default);
        var task = (await AMoveTask(db, clock)).Task.Number;
        var atB1 = await Scan(db, task, "B1");

        var refused = await Assert.ThrowsAsync<DomainException>(() => Scan(db, task, "S1", atB1.Trip));
        await instructions.AcknowledgeAsync(new AcknowledgeRequest(esd.Id, [new UnitRef("A100", "S1")]), Op1, default);
        var took = await Scan(db, task, "S1", atB1.Trip);

        Assert.Equal(("instruction.unacknowledged", "code"), (refused.Code, refused.Field));
        Assert.Contains(took.Instructions, i => i.Id == esd.Id && i.Severity == InstructionSeverity.Blocking);
        Assert.Contains((await Tasks(db, clock).GetAsync(task, default)).Instructions, i => i.Id == esd.Id);
        Assert.Equal(TaskStep.Source, (await Scan(db, task, "B2", took.Trip)).Next);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Counting_a_location_with_a_difference_writes_adjustments_with_the_counters_name(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await Tasks(db, clock).CreateAsync(new TaskRequest(TaskKind.Count, Location: "B1"), Boss, default)).Task.Number;

        // S4 is not found, S5 (booked at B2) is, and the flour is 97 kg instead of 100.
        var at = await Scan(db, task, "B1", who: Op2);
        foreach (var serial in new[] { "S1", "S2", "S3", "S5" })
        {
            await Scan(db, task, serial, at.Trip, Op2);
        }
        await Scan(db, task, "L1", at.Trip, Op2, quantity: 97);
        var result = await Work(db, clock).ReconcileAsync(task, Op2, default, new EventContext(IdempotencyKey: "count-1"));
        var retry = await Work(db, clock).ReconcileAsync(task, Op2, default, new EventContext(IdempotencyKey: "count-1"));

        Assert.Equal((1, 0, 1, 1), (result.Lost, result.Found, result.Moved, result.LotCorrections));
        Assert.True(retry.Replayed);
        await using var check = t.NewContext();
        var adjusted = await check.Events.Where(e => e.Type == EventType.Adjusted).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([("lost", "op2", task), ("count_correction", "op2", task)], adjusted.Select(e => (e.ReasonCode!, e.Actor, e.BizTransaction!)));
        Assert.Equal(UnitStatus.Lost, (await check.Units.SingleAsync(u => u.Serial == "S4")).Status);
        Assert.Equal("B1", await PlaceOf(check, "S5"));
        Assert.Equal(97m, (await check.LotBalances.ToListAsync()).Sum(b => b.Quantity));
        var lotLine = await check.EventLots.SingleAsync(x => x.EventId == adjusted[1].Id);
        Assert.Equal((3m, (long?)null), (lotLine.Quantity, lotLine.LocationId));
        var head = await check.WarehouseTasks.SingleAsync();
        Assert.Equal(WarehouseTaskStatus.Done, head.Status);
        Assert.Equal(3, await check.Events.CountAsync(e => e.BizTransaction == task));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Counting_a_location_that_matches_the_books_writes_no_event(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var task = (await Tasks(db, clock).CreateAsync(new TaskRequest(TaskKind.Count, Location: "B1"), Boss, default)).Task.Number;
        var before = (await Written(t)).Events;

        var blind = await Tasks(db, clock).GetAsync(task, default, blind: true);
        var at = await Scan(db, task, "B1");
        foreach (var serial in new[] { "S1", "S2", "S3", "S4" })
        {
            await Scan(db, task, serial, at.Trip);
        }
        await Scan(db, task, "L1", at.Trip, quantity: 100);
        var result = await Work(db, clock).ReconcileAsync(task, Op1, default);

        Assert.All(blind.Lines, l => Assert.Null(l.Quantity));
        Assert.All(blind.Lines, l => Assert.Null(l.Serial));
        Assert.Empty(result.EventIds);
        Assert.Equal(WarehouseTaskStatus.Done, result.Task.Status);
        Assert.Equal(5, result.Task.Done);
        Assert.Equal(before, (await Written(t)).Events);
    }
}

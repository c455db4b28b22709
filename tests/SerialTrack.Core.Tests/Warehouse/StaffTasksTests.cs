using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Warehouse.TaskWorld;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class StaffTasksTests
{
    readonly TestClock clock = new();

    Task<TaskView> Create(SerialTrackDbContext db, TaskRequest request) => Tasks(db, clock).CreateAsync(request, Boss, default);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_move_task_from_a_group_has_one_line_per_unit_from_where_it_is(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);

        var view = await Create(db, new TaskRequest(TaskKind.Move, Zone: "WH1", Priority: 5, DueAt: clock.GetUtcNow().AddHours(4),
            Target: new BulkTarget(Group: "b1-widgets"), To: "B2"));

        Assert.Equal(("TSK-000001", WarehouseTaskStatus.Open, "Move 4 units to B2", "WH1", 5), (view.Task.Number, view.Task.Status, view.Task.Title, view.Task.Zone, view.Task.Priority));
        Assert.Equal(["S1", "S2", "S3", "S4"], view.Lines.Select(l => l.Serial));
        Assert.All(view.Lines, l => Assert.Equal(("B1", "B2", 1m, TaskLineStatus.Open), (l.From, l.To, l.Quantity, l.Status)));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Events.CountAsync(e => e.Type == EventType.Moved));
        Assert.NotNull((await check.WarehouseTasks.SingleAsync()).GroupId);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Creating_tasks_as_a_bulk_action_previews_the_count_and_the_confirm_creates_a_move_task(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        await new Holds(db, clock).HoldAsync(new HoldRequest("check", [new UnitRef("A100", "S5")]), Boss, default);
        await new Adjustments(db, clock).ScrapAsync(new ScrapRequest("broken", [new UnitRef("A100", "S4")]), Boss, default);
        var request = new BulkRequest(BulkAction.Task, new BulkTarget(Filter: new GroupFilter { Products = ["A100"], Statuses = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Scrapped] }), To: "DOCK",
            Task: new TaskRequest(TaskKind.Move, Assignee: "op1", Priority: 3));

        var preview = await Bulk(db, clock).PreviewAsync(request, default);
        var result = await Bulk(db, clock).ConfirmAsync(request with { ExpectedCount = preview.Affected }, Boss, default);

        Assert.Equal((5L, 4L), (preview.Members, preview.Affected));
        Assert.Equal("unit.not_movable", Assert.Single(preview.Refused).Code);
        Assert.Equal(("TSK-000001", 4L, (long?)null), (result.TaskNumber, result.Affected, result.EventId));
        var view = await Tasks(db, clock).GetAsync("TSK-000001", default);
        Assert.Equal(("op1", 3, 4), (view.Task.Assignee, view.Task.Priority, view.Task.Lines));
        Assert.Equal(["S1", "S2", "S3", "S5"], view.Lines.Select(l => l.Serial));
        var stale = await Assert.ThrowsAsync<DomainException>(() => Bulk(db, clock).ConfirmAsync(request with { ExpectedCount = 9 }, Boss, default));
        Assert.Equal("group.changed", stale.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pick_task_takes_the_allocated_units_and_lots_of_a_sales_order_to_the_dock(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme", PartyRole.Customer), default);
        var so = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("A100", 2), new OrderLineInput("FLOUR", 30)]), Boss, default)).Number;
        await new Shipping(db, clock).AllocateAsync(new AllocateRequest(so, [new AllocationLine(1, ["S2", "S3"]), new AllocationLine(2, Lots: [new LotAt("L1", "B1", 30)])]), Boss, default);

        var view = await Create(db, new TaskRequest(TaskKind.Pick, Order: so, To: "DOCK"));

        Assert.Equal((so, $"Pick {so} to DOCK"), (view.Task.Order, view.Task.Title));
        Assert.Equal([("S2", (string?)null, 1m), ("S3", null, 1m), (null, "L1", 30m)], view.Lines.Select(l => (l.Serial, l.Lot, l.Quantity!.Value)));
        Assert.All(view.Lines, l => Assert.Equal(("B1", "DOCK"), (l.From, l.To)));

        // Executed by scanning: picked for the order, then at the dock.
        var work = Work(db, clock);
        var trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "B1"), Op1, default)).Trip;
        trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "S2", trip), Op1, default)).Trip;
        trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "L1", trip, Quantity: 30), Op1, default)).Trip;
        var done = await work.ScanAsync(new TaskScanRequest(view.Task.Number, "DOCK", trip), Op1, default);

        Assert.Equal([1, 3], done.Confirmed);
        await using var check = t.NewContext();
        Assert.Equal(EventType.Picked, (await check.Events.SingleAsync(e => e.Id == done.EventId)).Type);
        Assert.Equal(2, await check.Allocations.CountAsync(a => a.Status == AllocationStatus.Picked));
        var dock = await check.Locations.SingleAsync(l => l.Code == "DOCK");
        Assert.Equal(dock.Id, (await check.Units.SingleAsync(u => u.Serial == "S2")).LocationId);
        Assert.Equal(view.Task.Number, (await check.Events.SingleAsync(e => e.Type == EventType.Moved)).BizTransaction);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pick_task_is_refused_for_an_order_that_is_not_a_sale_or_has_nothing_allocated(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme", PartyRole.Customer | PartyRole.Supplier), default);
        var so = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("A100", 2)]), Boss, default)).Number;
        var po = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Purchase, "ACME", [new OrderLineInput("A100", 2)]), Boss, default)).Number;

        var notASale = await Assert.ThrowsAsync<DomainException>(() => Create(db, new TaskRequest(TaskKind.Pick, Order: po, To: "DOCK")));
        var nothing = await Assert.ThrowsAsync<DomainException>(() => Create(db, new TaskRequest(TaskKind.Pick, Order: so, To: "DOCK")));
        var noDock = await Assert.ThrowsAsync<DomainException>(() => Create(db, new TaskRequest(TaskKind.Pick, Order: so)));

        Assert.Equal(("task.wrong_order_kind", "order"), (notASale.Code, notASale.Field));
        Assert.Equal(("task.nothing_allocated", "order"), (nothing.Code, nothing.Field));
        Assert.Equal(("field.required", "to"), (noDock.Code, noDock.Field));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.WarehouseTasks.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pack_task_packs_the_scanned_units_into_its_container(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var box = await new Packing(db, clock).CreateContainerAsync(new ContainerInput("B1", "case", "BOX1"), Boss, default);

        var view = await Create(db, new TaskRequest(TaskKind.Pack, Units: [new UnitRef("A100", "S1"), new UnitRef("A100", "S2")], Container: "BOX1"));
        var work = Work(db, clock);
        var trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "B1"), Op1, default)).Trip;
        trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "S1", trip), Op1, default)).Trip;
        trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "S2", trip), Op1, default)).Trip;
        var done = await work.ScanAsync(new TaskScanRequest(view.Task.Number, "BOX1", trip), Op1, default);

        Assert.Equal("Pack 2 units into BOX1", view.Task.Title);
        Assert.Equal(TaskStep.Done, done.Next);
        await using var check = t.NewContext();
        var boxId = await check.Containers.Where(c => c.Code == "BOX1").Select(c => c.Id).SingleAsync();
        Assert.Equal(2, await check.Units.CountAsync(u => u.ContainerId == boxId));
        var ev = await check.Events.SingleAsync(e => e.Id == done.EventId);
        Assert.Equal((EventType.Packed, view.Task.Number), (ev.Type, ev.BizTransaction));
        Assert.NotNull(box);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pack_task_remembers_its_container_and_refuses_another_one_at_the_same_location(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var packing = new Packing(db, clock);
        await packing.CreateContainerAsync(new ContainerInput("B1", "case", "BOX1"), Boss, default);
        await packing.CreateContainerAsync(new ContainerInput("B1", "case", "BOX2"), Boss, default);
        var view = await Create(db, new TaskRequest(TaskKind.Pack, Units: [new UnitRef("A100", "S1")], Container: "BOX1"));
        var work = Work(db, clock);
        var trip = (await work.ScanAsync(new TaskScanRequest(view.Task.Number, "B1"), Op1, default)).Trip;
        var took = await work.ScanAsync(new TaskScanRequest(view.Task.Number, "S1", trip), Op1, default);

        var wrong = await Assert.ThrowsAsync<DomainException>(() => work.ScanAsync(new TaskScanRequest(view.Task.Number, "BOX2", took.Trip), Op1, default));
        var done = await work.ScanAsync(new TaskScanRequest(view.Task.Number, "BOX1", took.Trip), Op1, default);

        Assert.Equal(("BOX1", "B1"), (view.Lines.Single().ToContainer, view.Lines.Single().To));
        Assert.Contains("BOX1", took.Message, StringComparison.Ordinal);
        Assert.Equal(("task.wrong_container", "code"), (wrong.Code, wrong.Field));
        Assert.Equal("Pack into BOX1, not case BOX2.", wrong.Message);
        Assert.Equal(TaskStep.Done, done.Next);
        await using var check = t.NewContext();
        var boxes = await check.Containers.ToDictionaryAsync(c => c.Code, c => c.Id);
        Assert.Equal(boxes["BOX1"], (await check.TaskLines.SingleAsync()).ToContainerId);
        Assert.Equal(boxes["BOX1"], (await check.Units.SingleAsync(u => u.Serial == "S1")).ContainerId);
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Packed));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Creating_a_task_again_with_the_same_key_returns_the_first_task_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var request = new TaskRequest(TaskKind.Count, Location: "B1", Context: new EventContext(IdempotencyKey: "count-b1"));

        var first = await Create(db, request);
        var retry = await Create(db, request);
        var reused = await Assert.ThrowsAsync<DomainException>(() => Create(db, request with { Location = "B2" }));

        Assert.Equal((first.Task.Number, false, true), (retry.Task.Number, first.Replayed, retry.Replayed));
        Assert.Equal(first.Lines.Count, retry.Lines.Count);
        Assert.Equal(("idempotency.key_reused", "idempotencyKey", ErrorKind.RuleBroken), (reused.Code, reused.Field, reused.Kind));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.WarehouseTasks.CountAsync());
        Assert.Equal(first.Lines.Count, await check.TaskLines.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retried_create_tasks_bulk_action_returns_the_first_task(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var request = new BulkRequest(BulkAction.Task, new BulkTarget(Group: "b1-widgets"), To: "B2", ExpectedCount: 4,
            Context: new EventContext(IdempotencyKey: "group-action-1"), Task: new TaskRequest(TaskKind.Move, Zone: "WH1", Priority: 2));

        var first = await Bulk(db, clock).ConfirmAsync(request, Boss, default);
        var retry = await Bulk(db, clock).ConfirmAsync(request, Boss, default);

        Assert.Equal((first.TaskNumber, true), (retry.TaskNumber, retry.Replayed));
        var view = await Tasks(db, clock).GetAsync(first.TaskNumber!, default);
        Assert.Equal(("WH1", 2, 4), (view.Task.Zone, view.Task.Priority, view.Task.Lines));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.WarehouseTasks.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_creates_with_the_same_key_make_one_task(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var setup = t.NewContext())
        {
            await AWarehouseWithStock(setup, clock);
        }

        async Task<TaskView> Attempt()
        {
            await using var db = t.NewContext();
            return await Create(db, new TaskRequest(TaskKind.Count, Location: "WH1", Context: new EventContext(IdempotencyKey: "race")));
        }

        var views = await Task.WhenAll(Task.Run(Attempt), Task.Run(Attempt));

        Assert.Equal(views[0].Task.Number, views[1].Task.Number);
        Assert.Single(views, v => v.Replayed);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.WarehouseTasks.CountAsync());
        Assert.Equal(views[0].Lines.Count, await check.TaskLines.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_count_task_lists_what_the_books_expect_at_each_location(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);

        var ofWarehouse = await Create(db, new TaskRequest(TaskKind.Count, Location: "WH1"));
        var ofFlour = await Create(db, new TaskRequest(TaskKind.Count, Product: "FLOUR", Assignee: "op2"));
        var both = await Assert.ThrowsAsync<DomainException>(() => Create(db, new TaskRequest(TaskKind.Count, Location: "B1", Product: "A100")));

        Assert.Equal(("Count WH1", "WH1"), (ofWarehouse.Task.Title, ofWarehouse.Task.Zone));
        Assert.Equal([("B1", "S1", null), ("B1", "S2", null), ("B1", "S3", null), ("B1", "S4", null), ("B2", "S5", null), ("B1", null, "L1")],
            ofWarehouse.Lines.Select(l => (l.From!, l.Serial, l.Lot)));
        Assert.Equal(100m, ofWarehouse.Lines.Last().Quantity);
        Assert.Equal(("FLOUR", "L1", 100m, "op2"), (ofFlour.Lines.Single().Product!, ofFlour.Lines.Single().Lot!, ofFlour.Lines.Single().Quantity!.Value, ofFlour.Task.Assignee!));
        Assert.Equal(("task.count_scope", "location"), (both.Code, both.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_put_away_task_takes_what_a_purchase_order_received_from_receiving_to_a_bin(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("SUP", "Supplier", PartyRole.Supplier), default);
        var po = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 2), new OrderLineInput("FLOUR", 40)]), Boss, default)).Number;
        await new Receiving(db, clock).ReceiveAsync(new ReceiveRequest("WH1", [new ReceiptLine("A100", ["R1", "R2"]), new ReceiptLine("FLOUR", Lot: "L9", Quantity: 40)], po), Boss, default);

        var view = await Create(db, new TaskRequest(TaskKind.PutAway, Order: po, To: "B2"));

        Assert.Equal([("R1", (string?)null, 1m), ("R2", null, 1m), (null, "L9", 40m)], view.Lines.Select(l => (l.Serial, l.Lot, l.Quantity!.Value)));
        Assert.All(view.Lines, l => Assert.Equal(("WH1", "B2"), (l.From, l.To)));
        var wrongKind = await Assert.ThrowsAsync<DomainException>(() => Create(db, new TaskRequest(TaskKind.PutAway, Order: "SO-000001", To: "B2")));
        Assert.Equal("order.not_found", wrongKind.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Bad_task_input_is_refused_by_field_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var group = new BulkTarget(Group: "b1-widgets");

        async Task<(string, string?)> Refused(TaskRequest r) { var e = await Assert.ThrowsAsync<DomainException>(() => Create(db, r)); return (e.Code, e.Field); }

        Assert.Equal(("task.assignee_and_zone", "zone"), await Refused(new TaskRequest(TaskKind.Move, Assignee: "op1", Zone: "WH1", Target: group, To: "B2")));
        Assert.Equal(("user.not_found", "assignee"), await Refused(new TaskRequest(TaskKind.Move, Assignee: "nobody", Target: group, To: "B2")));
        Assert.Equal(("task.priority", "priority"), await Refused(new TaskRequest(TaskKind.Move, Priority: 10, Target: group, To: "B2")));
        Assert.Equal(("location.not_found", "to"), await Refused(new TaskRequest(TaskKind.Move, Target: group, To: "MARS")));
        Assert.Equal(("field.required", "target"), await Refused(new TaskRequest(TaskKind.Move, To: "B2")));
        Assert.Equal(("container.not_found", "container"), await Refused(new TaskRequest(TaskKind.Pack, Units: [new UnitRef("A100", "S1")], Container: "NONE")));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.WarehouseTasks.CountAsync());
        Assert.Equal(0, await check.TaskLines.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_queue_shows_my_tasks_zone_tasks_and_unassigned_ones_most_urgent_first(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        var units = (string s) => new BulkTarget(Units: [new UnitRef("A100", s)]);
        var now = clock.GetUtcNow();
        await Create(db, new TaskRequest(TaskKind.Move, Title: "later", Target: units("S1"), To: "B2", DueAt: now.AddHours(5)));
        await Create(db, new TaskRequest(TaskKind.Move, Title: "mine", Assignee: "op1", Target: units("S2"), To: "B2", Priority: 1));
        await Create(db, new TaskRequest(TaskKind.Move, Title: "theirs", Assignee: "op2", Target: units("S3"), To: "B2", Priority: 9));
        await Create(db, new TaskRequest(TaskKind.Move, Title: "soon", Target: units("S4"), To: "B2", DueAt: now.AddHours(1)));
        await Create(db, new TaskRequest(TaskKind.Move, Title: "dock zone", Zone: "DOCK", Target: units("S5"), To: "B1", Priority: 2));
        var cancelled = await Create(db, new TaskRequest(TaskKind.Count, Title: "cancelled", Product: "FLOUR"));
        await Tasks(db, clock).CancelAsync(cancelled.Task.Number, Boss, default);

        var anyZone = await Tasks(db, clock).QueueAsync("op1", null, default);
        var b1Zone = await Tasks(db, clock).QueueAsync("op1", "B1", default);
        clock.Advance(TimeSpan.FromMinutes(30));
        var overview = await Tasks(db, clock).ListAsync(new TaskFilter(Status: WarehouseTaskStatus.Cancelled), default);

        Assert.Equal(["dock zone", "mine", "soon", "later"], anyZone.Select(x => x.Title));
        Assert.Equal(["mine", "soon", "later"], b1Zone.Select(x => x.Title));
        Assert.Equal(["dock zone", "mine", "soon", "later"], (await Tasks(db, clock).QueueAsync("op1", "WH1", default)).Select(x => x.Title));
        var c = Assert.Single(overview);
        Assert.Equal(("cancelled", TimeSpan.FromMinutes(30), 1, 0, 1), (c.Title, c.Age, c.Lines, c.Done, c.Exceptions));
        Assert.Equal(["theirs"], (await Tasks(db, clock).ListAsync(new TaskFilter(Assignee: "op2"), default)).Select(x => x.Title));
    }
}

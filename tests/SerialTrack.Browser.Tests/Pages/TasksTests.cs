using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class TasksTests
{
    static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };

    [BrowserFact]
    public async Task A_group_is_moved_by_a_task_that_an_operator_executes_by_scanning_on_a_phone_and_a_wrong_item_is_refused()
    {
        await using var b = await BrowserSession.StartAsync();
        await AStockAsync(b, ("WH1", ["SN-1", "SN-2", "SN-3", "XX-1"]), ("WH2", []));

        var desk = await b.LoggedInAsync(Role.Operator);
        await desk.GotoAsync("/groups");
        await desk.ClickAsync("#new-group");
        await desk.FillAsync("#Form_Location", "WH1");
        await desk.FillAsync("#Form_Serial", "SN-");
        await Expect(desk.Locator("#live-count")).ToHaveTextAsync("3 unit(s)");
        await desk.FillAsync("#GroupName", "pumps in WH1");
        await desk.ClickAsync("#group-save button[type=submit]");
        await Expect(desk.Locator("#member-count")).ToHaveTextAsync("3 member(s)");
        await desk.SelectOptionAsync("#Action", "task");
        await desk.FillAsync("#To", "WH2");
        await desk.FillAsync("#Priority", "4");
        await desk.ClickAsync("#preview-button");
        await Expect(desk.Locator("#preview-affected")).ToHaveTextAsync("3");
        await desk.ClickAsync("#confirm-button");
        await Expect(desk.Locator("#action-done")).ToContainTextAsync("Created task TSK-000001 to move 3 unit(s) to WH2");
        await Expect(desk.Locator("#task-link")).ToHaveAttributeAsync("href", "/tasks/TSK-000001");
        Assert.Equal(4, await UnitsAtAsync(b, "WH1"));

        var phone = await b.LoggedInAsync(Role.Operator, Phone);
        await phone.GotoAsync("/tasks");
        await Expect(phone.Locator("#queue li[data-task='TSK-000001']")).ToContainTextAsync("0 of 3 line(s) done");
        await AssertNoSidewaysScrollAsync(phone);
        await phone.ClickAsync("#queue li[data-task='TSK-000001'] a");
        await Expect(phone.Locator("#task-lines li")).ToHaveCountAsync(3);
        await phone.ClickAsync("#start-task");

        await Expect(phone.Locator("#task-prompt")).ToContainTextAsync("Scan the source location: WH1");
        await ScanAsync(phone, "WH1");
        await ScanAsync(phone, "SN-1");
        await Expect(phone.Locator("#scan-done")).ToContainTextAsync("Took");
        await ScanAsync(phone, "SN-2");
        await ScanAsync(phone, "XX-1");
        await Expect(phone.Locator("#scan-error")).ToContainTextAsync("is not on task TSK-000001");
        await Expect(phone.Locator("#scan-error")).ToHaveAttributeAsync("role", "alert");
        Assert.Equal(4, await UnitsAtAsync(b, "WH1"));
        await Expect(phone.Locator("#trip li")).ToHaveCountAsync(2);
        await ScanAsync(phone, "SN-3");
        await Expect(phone.Locator("#task-prompt")).ToContainTextAsync("or the destination WH2");
        await AssertNoSidewaysScrollAsync(phone);
        await ScanAsync(phone, "WH2");

        await Expect(phone.Locator("#task-done")).ToContainTextAsync("Task TSK-000001 is done.");
        await Expect(phone.Locator("table.events")).ToContainTextAsync("operator");
        await phone.ScreenshotAsync(new() { Path = "/tmp/web-task-done.png", FullPage = true });
        await using var db = b.App.Db.NewContext();
        var wh2 = await db.Locations.FirstAsync(l => l.Code == "WH2");
        Assert.Equal(["SN-1", "SN-2", "SN-3"], await db.Units.Where(u => u.LocationId == wh2.Id).Select(u => u.Serial).OrderBy(s => s).ToListAsync());
        var task = await db.WarehouseTasks.SingleAsync();
        Assert.Equal(WarehouseTaskStatus.Done, task.Status);
        Assert.Equal("operator", task.LastWorkedBy);
        Assert.Equal(4, task.Priority);
    }

    [BrowserFact]
    public async Task Counting_a_location_with_a_unit_missing_writes_a_lost_adjustment_with_the_counters_name()
    {
        await using var b = await BrowserSession.StartAsync();
        await AStockAsync(b, ("B1", ["S1", "S2", "S3"]));
        await ACountTaskAsync(b, "B1");

        var phone = await b.LoggedInAsync(Role.Operator, Phone);
        await phone.GotoAsync("/tasks");
        await phone.ClickAsync("#queue li[data-task='TSK-000001'] a");
        await phone.ClickAsync("#start-task");
        await ScanAsync(phone, "S1");
        await Expect(phone.Locator("#scan-error")).ToContainTextAsync("Scan the location you count first");
        await ScanAsync(phone, "B1");
        await ScanAsync(phone, "S1");
        await ScanAsync(phone, "S2");
        await Expect(phone.Locator("#counted li")).ToHaveCountAsync(2);
        await AssertNoSidewaysScrollAsync(phone);
        await phone.RunAndWaitForResponseAsync(() => phone.ClickAsync("#finish-count"), r => r.Request.Method == "POST");

        await Expect(phone.Locator("#scan-done")).ToContainTextAsync("1 unit(s) lost");
        await Expect(phone.Locator("#task-done")).ToContainTextAsync("is done");
        await Expect(phone.Locator("table.events")).ToContainTextAsync("Adjusted");
        await Expect(phone.Locator("table.events")).ToContainTextAsync("operator");
        long s3;
        await using (var db = b.App.Db.NewContext())
        {
            var unit = await db.Units.SingleAsync(u => u.Serial == "S3");
            Assert.Equal(UnitStatus.Lost, unit.Status);
            s3 = unit.Id;
            var adjusted = await db.Events.Where(e => e.Type == Core.Events.EventType.Adjusted).SingleAsync();
            Assert.Equal("operator", adjusted.Actor);
            Assert.Equal(2, await db.Units.CountAsync(u => u.Status == UnitStatus.Available));
        }
        await phone.GotoAsync($"/units/{s3}");
        await Expect(phone.Locator("table.events tr", new() { HasText = "Adjusted" })).ToContainTextAsync("operator");
    }

    [BrowserFact]
    public async Task The_manager_overview_lists_a_task_with_its_status_and_who_worked_on_it_and_another_worker_resumes_it()
    {
        await using var b = await BrowserSession.StartAsync();
        await AStockAsync(b, ("B1", ["S1", "S2"]));
        var manager = await ACountTaskAsync(b, "B1");

        var phone = await b.LoggedInAsync(Role.Operator, Phone);
        await phone.GotoAsync("/tasks/TSK-000001/work");
        await ScanAsync(phone, "B1");
        await ScanAsync(phone, "S1");
        await phone.GotoAsync("/tasks");
        await phone.ClickAsync("#queue li[data-task='TSK-000001'] a");
        await phone.ClickAsync("#start-task");
        await Expect(phone.Locator("#task-prompt")).ToContainTextAsync("Counting B1");

        await manager.GotoAsync("/tasks/overview");
        var row = manager.Locator("#tasks tr[data-task='TSK-000001']");
        await Expect(row.Locator(".task-status")).ToHaveTextAsync("In progress");
        await Expect(row.Locator(".task-worked-by")).ToHaveTextAsync("operator");
        await manager.SelectOptionAsync("#Status", "Done");
        await manager.RunAndWaitForResponseAsync(() => manager.ClickAsync("#task-filter button"), r => r.Url.Contains("Status=Done"));
        await Expect(manager.Locator("#tasks tr[data-task]")).ToHaveCountAsync(0);

        // The admin picks up where the operator left off: same location, and the count so far stands.
        var other = await b.LoggedInAsync(Role.Admin, Phone);
        await other.GotoAsync("/tasks/TSK-000001/work");
        await Expect(other.Locator("#counted li")).ToHaveCountAsync(1);
        await ScanAsync(other, "S2");
        await other.RunAndWaitForResponseAsync(() => other.ClickAsync("#finish-count"), r => r.Request.Method == "POST");
        await Expect(other.Locator("#scan-done")).ToContainTextAsync("matches the books");

        await manager.GotoAsync("/tasks/TSK-000001");
        await Expect(manager.Locator("#task-status")).ToHaveTextAsync("Done");
        await Expect(manager.Locator("#task-worked-by")).ToHaveTextAsync("admin, operator");
        await Expect(manager.Locator("#task-scans")).ToContainTextAsync("S2");
    }

    [BrowserFact]
    public async Task A_blocking_instruction_stops_an_item_until_acknowledged_and_a_missing_item_is_reported_as_an_exception()
    {
        await using var b = await BrowserSession.StartAsync();
        await AStockAsync(b, ("B1", ["S1", "S2"]), ("B2", []));
        await using (var db = b.App.Db.NewContext())
        {
            await new Instructions(db, TimeProvider.System).CreateAsync(new InstructionInput("Check the seal before moving.", InstructionSeverity.Blocking, Serial: "S1", Product: "A100"), Actor.System, default);
            var target = new BulkTarget(Units: [new UnitRef("A100", "S1"), new UnitRef("A100", "S2")]);
            await new StaffTasks(db, new Groups(db, TimeProvider.System), TimeProvider.System).CreateAsync(new TaskRequest(TaskKind.Move, Target: target, To: "B2", Assignee: "operator"), Actor.System, default);
        }

        var phone = await b.LoggedInAsync(Role.Operator, Phone);
        await phone.GotoAsync("/tasks");
        await Expect(phone.Locator("#queue li[data-task='TSK-000001'] [data-severity]")).ToHaveTextAsync("Blocking");
        await phone.GotoAsync("/tasks/TSK-000001/work");
        await ScanAsync(phone, "B1");
        await ScanAsync(phone, "S1");
        await Expect(phone.Locator("#scan-error")).ToBeVisibleAsync();
        await Expect(phone.Locator("#blocking")).ToContainTextAsync("Check the seal before moving.");
        await phone.ClickAndReplaceAsync("#acknowledge");
        await Expect(phone.Locator("#scan-done")).ToContainTextAsync("Acknowledged for A100 S1");
        await ScanAsync(phone, "S1");
        await Expect(phone.Locator("#trip li")).ToHaveCountAsync(1);

        await phone.SelectOptionAsync("#LineNo", "2");
        await phone.RunAndWaitForResponseAsync(() => phone.ClickAsync("#report-missing"), r => r.Request.Method == "POST");
        await Expect(phone.Locator("#scan-done")).ToContainTextAsync("Line 2 reported: missing");
        await Expect(phone.Locator("#trip li")).ToHaveCountAsync(1);
        await ScanAsync(phone, "B2");

        await Expect(phone.Locator("#task-done")).ToContainTextAsync("is done");
        await Expect(phone.Locator("#task-lines li[data-line='2']")).ToContainTextAsync("missing");
        await using var check = b.App.Db.NewContext();
        Assert.Equal(1, await UnitsAtAsync(b, "B2"));
        Assert.Equal(TaskLineStatus.Exception, (await check.TaskLines.SingleAsync(l => l.LineNo == 2)).Status);
        Assert.Equal("operator", (await check.Events.SingleAsync(e => e.Type == Core.Events.EventType.InstructionAcknowledged)).Actor);
    }

    [BrowserFact]
    public async Task A_manager_plans_a_pack_task_on_the_new_task_page_and_a_wrong_serial_is_shown_beside_the_units()
    {
        await using var b = await BrowserSession.StartAsync();
        await AStockAsync(b, ("B1", ["S1", "S2"]));
        await using (var db = b.App.Db.NewContext())
        {
            await new Packing(db, TimeProvider.System).CreateContainerAsync(new ContainerInput("B1", "case", "BOX1"), Actor.System, default);
        }

        var manager = await b.LoggedInAsync(Role.Manager);
        await manager.GotoAsync("/tasks/new");
        await manager.SelectOptionAsync("#Form_Kind", "Pack");
        await manager.FillAsync("#Form_Container", "BOX1");
        await manager.FillAsync("#Form_PackProduct", "A100");
        await manager.FillAsync("#Form_Units", "S1\nS9");
        await manager.RunAndWaitForResponseAsync(() => manager.ClickAsync("#create-task"), r => r.Request.Method == "POST");
        await Expect(manager.Locator("[data-valmsg-for='Form.Units']")).ToContainTextAsync("S9");

        await manager.FillAsync("#Form_Units", "S1\nA100 S2");
        await manager.RunAndWaitForResponseAsync(() => manager.ClickAsync("#create-task"), r => r.Request.Method == "POST");

        await Expect(manager.Locator("h1")).ToContainTextAsync("TSK-000001");
        await Expect(manager.Locator("#task-lines li")).ToHaveCountAsync(2);
        await Expect(manager.Locator("#task-lines li").First).ToContainTextAsync("B1 → BOX1 (at B1)");
    }

    static async Task AStockAsync(BrowserSession b, params (string Location, string[] Serials)[] places)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
        foreach (var (location, serials) in places)
        {
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput(location, location, LocationKind.Bin), default);
            if (serials.Length > 0)
            {
                await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", serials, location), Actor.System, default);
            }
        }
    }

    // Through the manager's "new task" form; the manager's page stays open for the overview.
    static async Task<IPage> ACountTaskAsync(BrowserSession b, string location)
    {
        var manager = await b.LoggedInAsync(Role.Manager);
        await manager.GotoAsync("/tasks/new");
        await manager.SelectOptionAsync("#Form_Kind", "Count");
        await manager.FillAsync("#Form_Location", location);
        await manager.RunAndWaitForResponseAsync(() => manager.ClickAsync("#create-task"), r => r.Request.Method == "POST");
        await Expect(manager.Locator("h1")).ToContainTextAsync("TSK-000001");
        return manager;
    }

    static Task ScanAsync(IPage page, string text) => page.ScanAsync("#task-scan", text);

    static async Task<int> UnitsAtAsync(BrowserSession b, string location)
    {
        await using var db = b.App.Db.NewContext();
        return await db.Units.CountAsync(u => db.Locations.Any(l => l.Id == u.LocationId && l.Code == location));
    }

    static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= Phone.Width, $"{page.Url} is {width}px wide at a {Phone.Width}px viewport");
    }
}

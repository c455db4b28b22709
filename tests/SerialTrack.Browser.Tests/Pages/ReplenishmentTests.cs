using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ReplenishmentTests
{
    [BrowserFact]
    public async Task A_rule_below_its_minimum_shows_on_the_page_and_create_tasks_plans_a_move_task_with_its_lines()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
            var locations = new LocationCatalog(db, TimeProvider.System);
            await locations.CreateAsync(new LocationInput("RESERVE", "Reserve", LocationKind.Bin), default);
            await locations.CreateAsync(new LocationInput("PICK", "Pick face", LocationKind.Bin), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3"], "RESERVE"), Actor.System, default);
        }

        var page = await b.LoggedInAsync(Role.Manager);
        await page.GotoAsync("/replenishment");
        await page.FillAsync("#Form_Product", "A100");
        await page.FillAsync("#Form_Location", "PICK");
        await page.FillAsync("#Form_Min", "1");
        await page.FillAsync("#Form_Max", "2");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#set-rule"), r => r.Request.Method == "POST");

        var row = page.Locator("#rules tbody tr", new() { HasText = "PICK" });
        await Expect(row).ToContainTextAsync("below min");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#create-tasks"), r => r.Request.Method == "POST");
        await Expect(page.Locator("#run-result")).ToContainTextAsync("1 task(s) created");
        await Expect(page.Locator("#run-result li[data-status='created']")).ToContainTextAsync("task TSK-000001 takes 2");
        await Expect(row.Locator("a")).ToHaveTextAsync("TSK-000001");

        await page.ClickAsync("#run-result a");
        await Expect(page.Locator("h1")).ToContainTextAsync("TSK-000001");
        await Expect(page.Locator("#task-lines li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#task-lines")).ToContainTextAsync("RESERVE → PICK");
        await Expect(page.Locator("#task-lines")).ToContainTextAsync("S1");
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class GroupsTests
{
    [BrowserFact]
    public async Task A_group_is_built_with_a_live_count_saved_previewed_and_moved()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Operator);
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1", "SN-2", "SN-3", "XX-1"], "WH1"), Actor.System, default);
        }

        await page.GotoAsync("/groups");
        await page.ClickAsync("#new-group");
        await page.FillAsync("#Form_Location", "WH1");
        await Expect(page.Locator("#live-count")).ToHaveTextAsync("4 unit(s)");
        await page.FillAsync("#Form_Serial", "SN-");
        await Expect(page.Locator("#live-count")).ToHaveTextAsync("3 unit(s)");
        await page.FillAsync("#GroupName", "pumps in WH1");
        await page.ClickAsync("#group-save button[type=submit]");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/groups/pumps%20in%20WH1$"));
        await Expect(page.Locator("#member-count")).ToHaveTextAsync("3 member(s)");
        await page.SelectOptionAsync("#Action", "move");
        await page.FillAsync("#To", "WH2");
        await page.ClickAsync("#preview-button");
        await Expect(page.Locator("#preview-affected")).ToHaveTextAsync("3");
        await page.ClickAsync("#confirm-button");

        await Expect(page.Locator("#action-done")).ToContainTextAsync("3 unit(s)");
        await Expect(page.Locator("#member-count")).ToHaveTextAsync("0 member(s)");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-groups.png", FullPage = true });
        await using var check = b.App.Db.NewContext();
        var wh2 = await check.Locations.FirstAsync(l => l.Code == "WH2");
        Assert.Equal(["SN-1", "SN-2", "SN-3"], await check.Units.Where(u => u.LocationId == wh2.Id).Select(u => u.Serial).OrderBy(s => s).ToListAsync());
    }

    [BrowserFact]
    public async Task Scanning_units_tags_each_one_at_once()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Operator);
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial, HandlingInstructions: "Keep upright."), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1"], "WH1"), Actor.System, default);
        }

        await page.GotoAsync("/tags/scan");
        await page.FillAsync("#NewTag", "demo");
        await page.ClickAsync("#new-tag-form button");
        await Expect(page.Locator("#Tag")).ToHaveValueAsync("demo");
        await page.FillAsync("#Scan", "SN-1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Tagged");
        await Expect(page.Locator(".handling")).ToContainTextAsync("Keep upright.");
        await page.FillAsync("#Scan", "SN-1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("already carries 'demo'");
    }
}

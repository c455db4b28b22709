using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class WhereIsTests
{
    [BrowserFact]
    public async Task Scanning_a_location_shows_its_contents_and_a_unit_from_elsewhere_is_flagged()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Operator);
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1", "SN-2"], "WH1"), Actor.System, default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-9"], "WH2"), Actor.System, default);
        }

        await page.GotoAsync("/whereis");
        await Expect(page.Locator("#Q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("WH1");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#whereis-totals")).ToContainTextAsync("A100: 2 units");
        await Expect(page.Locator("#At")).ToHaveValueAsync("WH1");
        await Expect(page.Locator("#Q")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("SN-9");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#misplaced")).ToContainTextAsync("A100 SN-9 is recorded at WH2");
        await Expect(page.Locator("#whereis-lines")).ToContainTextAsync("WH2");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-whereis.png", FullPage = true });
    }
}

using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class HoldsTests
{
    [BrowserFact]
    public async Task Scanning_a_unit_on_the_holds_page_puts_it_on_hold_shows_its_handling_and_scanning_release_then_the_unit_releases_it()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial, HandlingInstructions: "Keep upright"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1"], "WH1"), Actor.System, default);
        }
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/holds");
        await page.FillAsync("#Reason", "dented housing");

        // Only the scanner from here: it types into the focused box and sends Enter.
        await page.FocusAsync("#Scan");
        await page.Keyboard.TypeAsync("SN-1");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#scan-done")).ToContainTextAsync("A100 SN-1 is on hold");
        await Expect(page.Locator(".handling")).ToContainTextAsync("Keep upright");
        await Expect(page.Locator("#open-holds")).ToContainTextAsync("dented housing");
        await Expect(page.Locator("#Scan")).ToBeFocusedAsync();

        await page.Keyboard.TypeAsync("RELEASE");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Action: release");
        await page.Keyboard.TypeAsync("SN-1");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Released A100 SN-1");
        await Expect(page.Locator("#open-holds")).ToContainTextAsync("Nothing is on hold");
    }
}

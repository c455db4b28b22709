using System.Text.RegularExpressions;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ScanTests
{
    static async Task AUnitCommissioned(BrowserSession b, string serial)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial,
            HandlingInstructions: "Keep upright"), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
        await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", [serial], "WH1"), Actor.System, default);
    }

    [BrowserFact]
    public async Task Scanning_a_serial_opens_the_unit_with_its_commissioning_in_the_history()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Operator);
        await AUnitCommissioned(b, "SN-1");

        // A keyboard-wedge scanner types into the focused scan box and sends Enter.
        await Expect(page.Locator("#scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("SN-1");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/units/\\d+$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("SN-1");
        await Expect(page.Locator("dd.serial")).ToHaveTextAsync("SN-1");
        await Expect(page.Locator("table.events tbody tr").First).ToContainTextAsync("Commissioned");
        await Expect(page.Locator("table.events")).ToContainTextAsync("WH1");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-unit.png", FullPage = true });

        await page.GotoAsync("/");
        await Expect(page.Locator(".cards")).ToContainTextAsync("Available");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-dashboard.png", FullPage = true });
    }

    [BrowserFact]
    public async Task Scanning_a_gtin_with_a_wrong_check_digit_says_so()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Viewer);

        await page.FillAsync("#scan", "09506000134353");
        await page.PressAsync("#scan", "Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/scan\\?q=09506000134353$"));
        await Expect(page.Locator(".notice.bad")).ToContainTextAsync("check digit should be 2");
        await Expect(page.Locator("#scan")).ToHaveValueAsync("09506000134353");
    }
    static async Task AGs1UnitCommissioned(BrowserSession b, string serial)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Gtin: "09506000134352", Tracking: TrackingMode.Serial), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
        await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", [serial], "WH1"), Actor.System, default);
    }

    [BrowserFact]
    public async Task Scanning_a_gs1_datamatrix_with_gtin_and_serial_opens_the_unit()
    {
        await using var b = await BrowserSession.StartAsync();
        await AGs1UnitCommissioned(b, "ABC123");
        var page = await b.LoggedInAsync(Role.Operator);

        // What a scanner types for a GS1 DataMatrix: the AIM prefix ]d2, then (01) GTIN, (17) expiry,
        // (10) lot ended by the GS separator, and (21) serial.
        await Expect(page.Locator("#scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("]d2010950600013435217301231" + "10LOT1\u001d21ABC123");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/units/\\d+$"));
        await Expect(page.Locator("dd.serial")).ToHaveTextAsync("ABC123");
    }

    [BrowserFact]
    public async Task Scanning_gs1_data_that_matches_nothing_shows_its_application_identifiers()
    {
        await using var b = await BrowserSession.StartAsync();
        await AGs1UnitCommissioned(b, "ABC123");
        var page = await b.LoggedInAsync(Role.Viewer);

        await page.FillAsync("#scan", "]d2010950600013435221NOPE");
        await page.PressAsync("#scan", "Enter");

        await Expect(page.Locator(".notice.bad")).ToContainTextAsync("nothing known matches it");
        await Expect(page.Locator("main")).ToContainTextAsync("symbology ]d2");
        await Expect(page.Locator("#ais tbody td")).ToHaveTextAsync(["(01)", "09506000134352", "(21)", "NOPE"]);
    }
}

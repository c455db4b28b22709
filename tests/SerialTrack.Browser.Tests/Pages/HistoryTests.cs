using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class HistoryTests
{
    [BrowserFact]
    public async Task Searching_history_by_a_serial_prefix_lists_those_units_events_and_exports_them_as_csv()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1", "SN-2"], "WH1"), Actor.System, default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["XY-9"], "WH1", Context: new(Notes: "other batch")), Actor.System, default);
        }
        var page = await b.LoggedInAsync(Role.Viewer);
        await page.GotoAsync("/history");

        await page.FillAsync("#Serial", "SN*");
        await page.PressAsync("#Serial", "Enter");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("serial=SN"));
        var results = page.Locator("#history-results");
        await Expect(results).ToContainTextAsync("A100 SN-1");
        await Expect(results).ToContainTextAsync("A100 SN-2");
        await Expect(results).Not.ToContainTextAsync("XY-9");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-csv"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith("event_id,time,type", csv, StringComparison.Ordinal);
        Assert.Contains("A100 SN-1; A100 SN-2", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("XY-9", csv, StringComparison.Ordinal);
    }
}

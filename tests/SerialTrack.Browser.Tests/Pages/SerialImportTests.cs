using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class SerialImportTests
{
    static async Task AProductAndAWarehouse(BrowserSession b)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("P100", "Pressure pump", Tracking: TrackingMode.Serial), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
    }

    [BrowserFact]
    public async Task Pasted_serials_become_units_and_the_bad_lines_are_reported_by_number()
    {
        await using var b = await BrowserSession.StartAsync();
        await AProductAndAWarehouse(b);
        var page = await b.LoggedInAsync(Role.Operator);

        await page.ClickAsync("#nav a:text-is('Import serials')");
        await page.CheckAsync("input[name=target][value=units]");
        await page.FillAsync("#product", "P100");
        await page.FillAsync("#location", "WH1");
        await page.FillAsync("#text", "SN-1\nSN-2\nSN-1\nSN-4\nSN 5");
        await page.ClickAsync("#import-form button[type=submit]");

        await Expect(page.Locator("#summary")).ToHaveTextAsync("Accepted 3, rejected 2.");
        await Expect(page.Locator("#progress-text")).ToHaveTextAsync("5 of 5 lines");
        Assert.Equal(5, await page.EvalOnSelectorAsync<int>("#progress", "p => p.max"));
        Assert.Equal(5, await page.EvalOnSelectorAsync<int>("#progress", "p => p.value"));
        await Expect(page.Locator("#rejects tbody tr td:first-child")).ToHaveTextAsync(["3", "5"]);
        await Expect(page.Locator("#rejects tbody tr").Nth(0)).ToContainTextAsync("appears earlier in the list");
        await Expect(page.Locator("#rejects tbody tr").Nth(1)).ToContainTextAsync("must not contain spaces");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-import.png", FullPage = true });

        await using var db = b.App.Db.NewContext();
        Assert.Equal(["SN-1", "SN-2", "SN-4"], await db.Units.OrderBy(u => u.Serial).Select(u => u.Serial).ToListAsync());
    }

    [BrowserFact]
    public async Task A_long_csv_goes_in_chunks_and_rejects_keep_the_line_numbers_of_the_file()
    {
        await using var b = await BrowserSession.StartAsync();
        await AProductAndAWarehouse(b);
        var page = await b.LoggedInAsync(Role.Operator);
        // A file read into the textarea. Line 1 is the header, lines 2..2501 the serials; line 1802 repeats the serial of line 2, which an
        // earlier chunk has already received by the time its own chunk arrives.
        var csv = new StringBuilder("serial,mac\n");
        for (var i = 1; i <= 2500; i++)
        {
            var serial = i == 1801 ? "S0001" : string.Create(CultureInfo.InvariantCulture, $"S{i:D4}");
            csv.Append(CultureInfo.InvariantCulture, $"{serial},02:00:00:00:{i / 256:X2}:{i % 256:X2}\n");
        }

        await page.GotoAsync("/serials/import");
        await page.FillAsync("#product", "P100");
        await page.FillAsync("#location", "WH1");
        await page.SetInputFilesAsync("#file", new FilePayload { Name = "serials.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()) });
        await Expect(page.Locator("#text")).ToHaveValueAsync(new Regex("^serial,mac\nS0001,"));
        await page.ClickAsync("#import-form button[type=submit]");

        await Expect(page.Locator("#summary")).ToHaveTextAsync("Accepted 2499, rejected 1.", new() { Timeout = 60_000 });
        await Expect(page.Locator("#progress-text")).ToHaveTextAsync("2500 of 2500 lines");
        await Expect(page.Locator("#rejects tbody tr td:first-child")).ToHaveTextAsync(["1802"]);
        await Expect(page.Locator("#rejects tbody tr")).ToContainTextAsync("S0001");
        await using var db = b.App.Db.NewContext();
        Assert.Equal(2499, await db.Units.CountAsync());
        Assert.Equal(2499, await db.UnitIdentifiers.CountAsync(i => i.Kind == "mac"));
    }
}

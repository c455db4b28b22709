using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class SchemesTests
{
    static async Task AProductAndAWarehouse(BrowserSession b)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("P100", "Pressure pump", Tracking: TrackingMode.Serial), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
    }

    [BrowserFact]
    public async Task A_manager_defines_a_scheme_assigns_it_and_commissions_units_whose_serials_decode()
    {
        await using var b = await BrowserSession.StartAsync();
        await AProductAndAWarehouse(b);
        var page = await b.LoggedInAsync(Role.Manager);

        await page.ClickAsync("#nav a:text-is('Schemes')");
        await page.ClickAsync("a:text-is('New scheme')");
        await page.FillAsync("#Form_Name", "WEEKLY");
        await page.FillAsync("#Form_Template", "{SKU}-{YY}{WW}-{SEQ:4}{CHECK:luhn}");
        await page.ClickAsync("button:text-is('Preview')");

        await Expect(page.Locator("#preview ol.serials li")).ToHaveCountAsync(5);
        await Expect(page.Locator("#preview ol.serials li").First).ToHaveTextAsync(new Regex("^SKU1-\\d{4}-0001\\d$"));
        await Expect(page.Locator("#preview .check-character")).ToHaveTextAsync("Check character valid.");
        await Expect(page.Locator("#preview table.parts")).ToContainTextAsync("sequence 1");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-scheme-preview.png", FullPage = true });
        await page.ClickAsync("button:text-is('Save')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("WEEKLY");

        await page.GotoAsync("/products");
        await page.ClickAsync("a:text-is('P100')");
        await page.SelectOptionAsync("#Serials_Scheme", "WEEKLY");
        await page.ClickAsync("button:text-is('Set serials')");
        await Expect(page.Locator("#serials")).ToContainTextAsync("WEEKLY");

        await page.FillAsync("#Commission_Generate", "3");
        await page.FillAsync("#Commission_Location", "WH1");
        await page.ClickAsync("#commission-form button[type=submit]");
        var generated = page.Locator("#generated li");
        await Expect(generated).ToHaveCountAsync(3);
        var first = await generated.First.InnerTextAsync();
        Assert.Matches("^P100-\\d{4}-0001\\d$", first);
        await page.ScreenshotAsync(new() { Path = "/tmp/web-product-serials.png", FullPage = true });

        await page.GotoAsync($"/serials/decode?serial={Uri.EscapeDataString(first)}");
        await Expect(page.Locator(".answer h2")).ToContainTextAsync("WEEKLY");
        await Expect(page.Locator(".check-character")).ToHaveTextAsync("Check character valid.");

        var wrong = first[..^1] + (char)('0' + (first[^1] - '0' + 1) % 10);
        await page.FillAsync("#serial", wrong);
        await page.PressAsync("#serial", "Enter");
        await Expect(page.Locator(".check-character.bad")).ToContainTextAsync($"Check character wrong: expected {first[^1]}");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-decode.png", FullPage = true });

        await using var db = b.App.Db.NewContext();
        Assert.Equal(3, await db.Units.CountAsync());
    }

    [BrowserFact]
    public async Task A_template_error_is_shown_beside_the_template_and_saves_nothing()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Manager);

        await page.GotoAsync("/schemes/new");
        await page.FillAsync("#Form_Name", "BAD");
        await page.FillAsync("#Form_Template", "{SKU}-{SEQ:4");
        await page.ClickAsync("button:text-is('Preview')");

        await Expect(page.Locator("[data-valmsg-for='Form.Template']")).ToContainTextAsync("is not closed");
        await Expect(page.Locator("#preview")).ToHaveCountAsync(0);
        await page.ClickAsync("button:text-is('Save')");
        await Expect(page.Locator("[data-valmsg-for='Form.Template']")).ToContainTextAsync("is not closed");
        await using var db = b.App.Db.NewContext();
        Assert.Equal(0, await db.SerialSchemes.CountAsync());
    }

    [BrowserFact]
    public async Task An_operator_reserves_serials_and_sees_them_listed_with_a_csv_link()
    {
        await using var b = await BrowserSession.StartAsync();
        await AProductAndAWarehouse(b);
        await using (var db = b.App.Db.NewContext())
        {
            var serials = new Core.Serials.SerialNumbers(db, TimeProvider.System);
            await serials.CreateSchemeAsync(new Core.Serials.SchemeInput("PLAIN", "{SKU}{SEQ:5}"), default);
            var product = await db.Products.SingleAsync();
            await new ProductCatalog(db, TimeProvider.System).SetSerialsAsync(product.Id, "PLAIN", SerialUniqueness.WithinProduct, default);
        }
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync("/products");
        await page.ClickAsync("a:text-is('P100')");
        await page.FillAsync("#Reserve_Count", "4");
        await page.FillAsync("#Reserve_Reference", "PO-7");
        await page.ClickAsync("#reserve-form button[type=submit]");

        await Expect(page).ToHaveURLAsync(new Regex("/reservations/\\d+$"));
        await Expect(page.Locator("#reserved tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#reserved tbody tr").First).ToContainTextAsync("P10000001");
        await Expect(page.Locator("#reserved tbody tr").First).ToContainTextAsync("Expected");
        await Expect(page.Locator("button:text-is('Cancel reservation')")).ToHaveCountAsync(0);
        var csv = await page.APIRequest.GetAsync(await page.Locator("a:text-is('Download CSV')").GetAttributeAsync("href") ?? "");
        Assert.Equal(200, csv.Status);
        Assert.Contains("P100,P10000004,expected", await csv.TextAsync(), StringComparison.Ordinal);

        await page.FillAsync("#scan", "P10000002");
        await page.PressAsync("#scan", "Enter");
        await Expect(page.Locator(".notice.expected")).ToContainTextAsync("expected, not yet received");
    }
}

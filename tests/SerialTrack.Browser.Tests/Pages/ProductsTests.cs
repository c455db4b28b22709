using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ProductsTests
{
    [BrowserFact]
    public async Task A_bad_gtin_is_shown_beside_its_field_and_creates_nothing()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Manager);

        await page.GotoAsync("/products/new");
        await page.FillAsync("#Form_Sku", "A100");
        await page.FillAsync("#Form_Name", "Pressure pump");
        await page.FillAsync("#Form_Gtin", "09506000134353");
        await page.ClickAsync("form.form button[type=submit]");

        await Expect(page.Locator("[data-valmsg-for='Form.Gtin']")).ToContainTextAsync("check digit");
        await Expect(page.Locator("#Form_Sku")).ToHaveValueAsync("A100");
        await using var db = b.App.Db.NewContext();
        Assert.Equal(0, await db.Products.CountAsync());
    }

    [BrowserFact]
    public async Task A_manager_creates_a_product_with_attributes_through_the_form()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Manager);

        await page.ClickAsync("#nav a:text-is('Products')");
        await page.ClickAsync("a:text-is('New product')");
        await page.FillAsync("#Form_Sku", "A100");
        await page.FillAsync("#Form_Name", "Pressure pump");
        await page.FillAsync("#Form_Gtin", "09506000134352");
        await page.SelectOptionAsync("#Form_Tracking", "Lot");
        await page.FillAsync("#Form_Attributes", "colour=red\nvoltage=230");
        await page.ClickAsync("form.form button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("A100 — Pressure pump");
        await using var db = b.App.Db.NewContext();
        var product = await db.Products.SingleAsync();
        Assert.Equal("09506000134352", product.Gtin);
        Assert.Equal(Core.Catalog.TrackingMode.Lot, product.Tracking);
        Assert.Equal("230", product.Attributes["voltage"]);
    }

    [BrowserFact]
    public async Task A_viewer_cannot_open_the_product_form()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Viewer);

        await page.GotoAsync("/products/new");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
    }
}

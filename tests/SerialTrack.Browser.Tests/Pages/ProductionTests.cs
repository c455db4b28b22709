using System.Net.Http.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ProductionTests
{
    [BrowserFact]
    public async Task An_operator_builds_by_scanning_order_station_components_and_the_new_serial()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "PC", name = "Computer", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "CPU", name = "Processor", tracking = "serial", handlingInstructions = "ESD: wear a wrist strap" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "LINE1", name = "Line 1", kind = "zone" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "CPU", serials = new[] { "C1", "C2" }, location = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/production-orders", new { number = "MO-7", product = "PC", quantity = 2 })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Operator);
        Task ScanAsync(string text) => page.ScanAsync("#scan-input", text);

        await page.GotoAsync("/production");
        await ScanAsync("MO-7");
        await ScanAsync("LINE1");
        await ScanAsync("C1");
        await Expect(page.Locator(".notice").First).ToContainTextAsync("wrist strap");
        await ScanAsync("C1");
        await Expect(page.Locator("#scan-error")).ToContainTextAsync("already in the list");
        await ScanAsync("PC-1");

        await Expect(page.Locator("#built")).ToContainTextAsync("Built PC PC-1");
        await ScanAsync("C1");
        await Expect(page.Locator("#scan-error")).ToContainTextAsync("already consumed");
        var order = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/production-orders/MO-7");
        Assert.Equal(1m, order.GetProperty("doneQuantity").GetDecimal());
    }

    [BrowserFact]
    public async Task A_transformation_by_scanning_shows_the_mass_balance_warning()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "FLOUR", name = "Flour", tracking = "lot", uom = "kg" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "CAKE", name = "Cake mix", tracking = "lot", uom = "kg" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "FLOUR", lot = "F1", quantity = 100, location = "WH1" })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Operator);
        Task ScanAsync(string text) => page.ScanAsync("#scan-input", text);

        await page.GotoAsync("/lots/transform");
        await ScanAsync("F1");
        await ScanAsync("10000g");
        await ScanAsync("CAKE");
        await ScanAsync("CK1");
        await ScanAsync("12");
        await ScanAsync("WH1");

        await Expect(page.Locator("#done")).ToContainTextAsync("Made lot CK1");
        await Expect(page.Locator("#mass-balance")).ToContainTextAsync("exceeds inputs 10 kg");
    }
}

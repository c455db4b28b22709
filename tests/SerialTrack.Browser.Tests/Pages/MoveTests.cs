using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class MoveTests
{
    [BrowserFact]
    public async Task With_only_a_scanner_a_destination_then_a_unit_and_a_lot_are_moved_and_an_unknown_code_is_refused()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        async Task Post(string url, object body) => (await admin.PostAsJsonAsync(url, body)).EnsureSuccessStatusCode();
        await Post("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial", handlingInstructions = "Fragile." });
        await Post("/api/v1/products", new { sku = "FLOUR", name = "Flour", tracking = "lot", uom = "kg" });
        await Post("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin" });
        await Post("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin" });
        await Post("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1" }, location = "B1" });
        await Post("/api/v1/lots/receive", new { product = "FLOUR", lot = "L1", quantity = 25, location = "B1" });
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/move");
        Task Scan(string text) => page.ScanAsync("#move-scan", text);

        await Scan("S1");
        await Expect(page.Locator("#scan-error")).ToContainTextAsync("destination location first");
        await Scan("B2");
        await Expect(page.Locator("#move-to")).ToHaveTextAsync("Destination: B2");
        await Scan("S1");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Moved A1 S1 to B2");
        await Expect(page.Locator(".handling")).ToContainTextAsync("Fragile.");
        await page.FillAsync("#Quantity", "10");
        await Scan("L1");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Moved 10 of lot L1 to B2");
        await Scan("NOPE-42");
        await Expect(page.Locator("#scan-error")).ToBeVisibleAsync();

        var unit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1?product=A1");
        Assert.Equal("B2", unit[0].GetProperty("location").GetString());
        var lots = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lots");
        var balances = lots.GetProperty("items")[0].GetProperty("balances").EnumerateArray().ToDictionary(x => x.GetProperty("location").GetString()!, x => x.GetProperty("quantity").GetDecimal());
        Assert.Equal(15m, balances["B1"]);
        Assert.Equal(10m, balances["B2"]);
    }
}

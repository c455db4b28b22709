using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class InstructionsTests
{
    [BrowserFact]
    public async Task A_faulty_unit_whose_product_has_no_stock_gets_its_substitute_listed_nearest_first()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        async Task Post(string url, object body) => (await admin.PostAsJsonAsync(url, body)).EnsureSuccessStatusCode();
        await Post("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" });
        await Post("/api/v1/products", new { sku = "B1", name = "Widget B", tracking = "serial" });
        await Post("/api/v1/locations", new { code = "NORTH", name = "North site", kind = "site" });
        await Post("/api/v1/locations", new { code = "N-BIN", name = "North bin", kind = "bin", parentCode = "NORTH" });
        await Post("/api/v1/locations", new { code = "SOUTH", name = "South site", kind = "site" });
        await Post("/api/v1/units/commission", new { product = "A1", serials = new[] { "FAULTY" }, location = "N-BIN" });
        await Post("/api/v1/units/commission", new { product = "B1", serials = new[] { "FAR-1", "FAR-2" }, location = "SOUTH" });
        await Post("/api/v1/units/commission", new { product = "B1", serials = new[] { "NEAR-1" }, location = "NORTH" });
        (await admin.PutAsJsonAsync("/api/v1/products/A1/substitutes", new { substitute = "B1", conditions = "same voltage" })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Operator);
        var unit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/FAULTY?product=A1");

        await page.GotoAsync($"/units/{unit[0].GetProperty("id").GetInt64()}");
        await page.ClickAndReplaceAsync("#find-replacement");

        var rows = page.Locator("#replacements tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("NORTH");
        await Expect(rows.Nth(0)).ToContainTextAsync("same voltage");
        await Expect(rows.Nth(1)).ToContainTextAsync("SOUTH");
    }

    [BrowserFact]
    public async Task A_blocking_instruction_stops_a_move_scan_until_acknowledged_then_the_same_scan_moves_the_unit()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        async Task Post(string url, object body) => (await admin.PostAsJsonAsync(url, body)).EnsureSuccessStatusCode();
        await Post("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" });
        await Post("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin" });
        await Post("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin" });
        await Post("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1", "S2" }, location = "B1" });
        await Post("/api/v1/instructions", new { text = "Check the seal before moving", severity = "blocking", processes = new[] { "move" }, product = "A1" });
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/move");
        Task Scan(string text) => page.ScanAsync("#move-scan", text);

        await Scan("B2");
        await Scan("S1");
        await Expect(page.Locator("#blocking")).ToContainTextAsync("Check the seal before moving");
        await Expect(page.Locator(".notice.instruction.blocking").First).ToBeVisibleAsync();
        await page.ClickAndReplaceAsync("#acknowledge");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Acknowledged for A1 S1");
        await Scan("S1");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Moved A1 S1 to B2");
        await Scan("S2");
        await Expect(page.Locator("#blocking")).ToBeVisibleAsync();
        await Scan("ACK");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Acknowledged for A1 S2");
        await Scan("S2");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("Moved A1 S2 to B2");

        var events = await admin.GetFromJsonAsync<JsonElement>("/api/v1/events?type=instruction_acknowledged");
        Assert.Equal(2, events.GetProperty("items").GetArrayLength());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ReceivingTests
{
    [BrowserFact]
    public async Task An_operator_scans_a_purchase_order_a_dock_and_gs1_barcodes_and_sees_the_refusal_of_an_unannounced_serial()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", gtin = "04006381333931", tracking = "serial", handlingInstructions = "Keep dry." })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "DOCK", name = "Receiving dock", kind = "zone" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "ACME", name = "Acme", role = "supplier" })).EnsureSuccessStatusCode();
        var created = await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "ACME", lines = new[] { new { product = "A1", quantity = 2, expectedSerials = new[] { "W1", "W2" } } } });
        var po = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync("/receiving");
        Task ScanAsync(string text) => page.ScanAsync("#receive-scan", text);
        await ScanAsync(po);
        await ScanAsync("DOCK");
        await ScanAsync("(01)04006381333931(21)W1");

        await Expect(page.Locator("#done")).ToContainTextAsync($"Received A1 W1 on line 1 of {po}");
        await Expect(page.Locator("#handling")).ToContainTextAsync("Keep dry.");
        await Expect(page.Locator("#lines")).ToContainTextAsync("1");
        await Expect(page.Locator("#allow")).ToHaveCountAsync(0);

        await ScanAsync("W9");
        await Expect(page.Locator("#error")).ToContainTextAsync("receipt.unexpected_serial");
        await ScanAsync("W2");
        await Expect(page.Locator("#done")).ToContainTextAsync("Received A1 W2");
        await Expect(page.Locator("h2")).ToContainTextAsync("Completed");
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;
using SkiaSharp;
using ZXing;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ContainerPageTests
{
    [BrowserFact]
    public async Task A_pallet_page_shows_its_contents_timeline_and_a_logistic_label_whose_barcode_carries_its_sscc()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "P1", "P2" }, location = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "0614141" })).EnsureSuccessStatusCode();
        var pallet = await (await admin.PostAsJsonAsync("/api/v1/containers", new { location = "WH1", kind = "pallet" })).Content.ReadFromJsonAsync<JsonElement>();
        var sscc = pallet.GetProperty("sscc").GetString()!;
        (await admin.PostAsJsonAsync("/api/v1/pack", new { container = sscc, units = new[] { new { product = "A1", serial = "P1" }, new { product = "A1", serial = "P2" } } })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync($"/containers/{sscc}");

        await Expect(page.Locator("main")).ToContainTextAsync("P2");
        await Expect(page.Locator("table.events")).ToContainTextAsync("Packed");
        var preview = page.Locator("#label-preview");
        await Expect(preview).ToBeVisibleAsync();
        var src = await preview.GetAttributeAsync("src");
        var png = await admin.GetByteArrayAsync(src);
        using var image = SKBitmap.Decode(png);
        var codes = LabelScan.DecodeAll(image, new SKRectI(0, 0, image.Width, image.Height), BarcodeFormat.CODE_128);
        Assert.Contains(codes, c => c.Text.EndsWith("00" + sscc, StringComparison.Ordinal));

        // The location's timeline lists the same events, its subtree included.
        var locations = await admin.GetFromJsonAsync<JsonElement>("/api/v1/locations?q=WH1");
        await page.GotoAsync($"/locations/{locations.GetProperty("items")[0].GetProperty("id").GetInt64()}");
        await Expect(page.Locator("table.events")).ToContainTextAsync("Commissioned");
    }
}

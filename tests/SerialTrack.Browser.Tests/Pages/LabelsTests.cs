using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;
using SkiaSharp;
using ZXing;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class LabelsTests
{
    [BrowserFact]
    public async Task A_unit_page_shows_its_label_and_the_print_page_downloads_a_sheet_of_the_products_labels_that_scans()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", gtin = "04006381333931", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        string[] serials = ["W001", "W002", "W003", "W004", "W005"];
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials, location = "WH1" })).EnsureSuccessStatusCode();
        var units = await admin.GetFromJsonAsync<JsonElement>("/api/v1/units?product=A1");
        var first = units.GetProperty("items").EnumerateArray().First(u => u.GetProperty("serial").GetString() == "W001").GetProperty("id").GetInt64();
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync($"/units/{first}");
        var preview = page.Locator("#label-preview");
        await Expect(preview).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#label-preview'); return i.complete && i.naturalWidth > 0; }");

        await page.ClickAsync("#nav a:text-is('Labels')");
        await page.SelectOptionAsync("#Template", "unit-sheet");
        await page.FillAsync("#Product", "A1");
        await page.SelectOptionAsync("#Layout", "A4_3x8");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#print-form button[type=submit]"));

        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            const int dpi = 300;
            using var sheet = LabelScan.RasterizeFirstPage(await File.ReadAllBytesAsync(path), dpi);
            static int Px(double mm) => (int)Math.Round(mm / 25.4 * dpi);
            var matrix = Assert.Single(LabelScan.DecodeAll(sheet, new SKRectI(Px(50), Px(2), Px(66), Px(17)), BarcodeFormat.DATA_MATRIX));
            Assert.Equal("\u001d010400638133393121W001", matrix.Text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [BrowserFact]
    public async Task A_manager_adds_a_barcode_in_the_template_editor_previews_it_with_a_real_unit_and_saves_it()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", gtin = "04006381333931", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "E001" }, location = "WH1" })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Manager);

        await page.GotoAsync("/labels/templates/unit");
        await page.SelectOptionAsync("#ElementType", "barcode");
        await page.FillAsync("#X", "60");
        await page.FillAsync("#Y", "22");
        await page.FillAsync("#Size", "10");
        await page.SelectOptionAsync("#Field", "sku");
        await page.ClickAsync("button:text-is('Add element')");
        await Expect(page.Locator("#Json")).ToContainTextAsync("\"field\": \"sku\"");
        await page.FillAsync("#SampleProduct", "A1");
        await page.FillAsync("#SampleSerial", "E001");
        await page.ClickAsync("button:text-is('Preview')");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#template-preview'); return i && i.complete && i.naturalWidth > 0; }");
        await page.ClickAsync("button:text-is('Save')");

        await Expect(page.Locator("p.notice")).ToContainTextAsync("Saved template 'unit'");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/labels/templates");
        Assert.Equal("stored", list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "unit").GetProperty("source").GetString());
    }
}

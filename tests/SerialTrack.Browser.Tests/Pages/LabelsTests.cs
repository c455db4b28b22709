using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using SerialTrack.Labels.Pdf;
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

    [BrowserFact]
    public async Task A_saved_groups_labels_printed_on_an_A4_3x8_sheet_scan_as_exactly_the_groups_members()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        string[] members = ["G001", "G002", "G003", "G004", "G005"];
        var ids = await LabelWorld.UnitsAsync(admin, members);
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "OUT1", "OUT2" }, location = "B2" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/groups", new { name = "bin one", filter = new { location = "B1" } })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync($"/units/{ids[0]}");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#label-preview'); return i.complete && i.naturalWidth > 0; }");
        await page.ClickAsync("#nav a:text-is('Labels')");
        await page.SelectOptionAsync("#Template", "unit-sheet");
        await page.FillAsync("#Group", "bin one");
        await page.SelectOptionAsync("#Layout", "A4_3x8");
        await page.CheckAsync("input[name=Output][value=pdf]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#print-form button[type=submit]"));

        var path = Path.Combine(Path.GetTempPath(), $"group-labels-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        try
        {
            const int dpi = 300;
            using var sheet = LabelScan.RasterizeFirstPage(await File.ReadAllBytesAsync(path), dpi);
            static int Px(double mm) => (int)Math.Round(mm / 25.4 * dpi);
            var spec = SheetSpec.A4_3x8;
            // unit-sheet draws the serial's Code 128 at (4, 14) mm in its cell: read that band of every cell on the sheet.
            var decoded = Enumerable.Range(0, spec.PerSheet).Select(cell =>
            {
                var (x, y) = spec.Cell(cell);
                return LabelScan.DecodeAll(sheet, new SKRectI(Px(x), Px(y + 12), Px(x + 50), Px(y + 30)), BarcodeFormat.CODE_128).Select(r => r.Text).SingleOrDefault();
            }).ToList();
            Assert.Equal(members, decoded.Take(members.Length));
            Assert.All(decoded.Skip(members.Length), Assert.Null);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [BrowserFact]
    public async Task An_order_page_previews_its_first_label_and_prints_the_units_received_on_it_through_the_print_page_or_a_printer()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        var po = await LabelWorld.AReceivedPurchaseOrderAsync(admin, ["R1", "R2"], "STOCK1");
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync($"/orders/purchase/{po}");
        await Expect(page.Locator(".label-preview")).ToContainTextAsync("2 units on this order.");
        await page.WaitForFunctionAsync("() => { const i = document.querySelector('#label-preview'); return i.complete && i.naturalWidth > 0; }");
        await page.ClickAsync("#label-print-link");
        await Expect(page.Locator("#Order")).ToHaveValueAsync(po);
        await Expect(page.Locator("#OrderKind")).ToHaveValueAsync("purchase");
        await Expect(page.Locator("#Template")).ToHaveValueAsync("unit-sheet");
        await page.CheckAsync("input[name=Output][value=zpl]");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#print-form button[type=submit]"));

        var zpl = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.Equal(2, zpl.Split("^XA").Length - 1);
        Assert.True(zpl.Contains("R1", StringComparison.Ordinal) && zpl.Contains("R2", StringComparison.Ordinal) && !zpl.Contains("STOCK1", StringComparison.Ordinal));

        // With a printer configured, the order page prints the same labels straight to it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        (await admin.PutAsJsonAsync("/api/v1/printers", new[] { new { name = "dock", address = $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}" } })).EnsureSuccessStatusCode();
        var received = ReceiveAsync(listener);
        await page.GotoAsync($"/orders/purchase/{po}");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(".label-preview form button[type=submit]"), r => r.Request.Method == "POST");

        await Expect(page.Locator("p.notice")).ToContainTextAsync("Sent 2 label(s)");
        var printed = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, printed.Split("^XA").Length - 1);
        Assert.DoesNotContain("STOCK1", printed, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task An_admin_adds_a_printer_sends_it_a_test_label_and_a_bad_address_is_refused_beside_the_field()
    {
        await using var b = await BrowserSession.StartAsync();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var page = await b.LoggedInAsync(Role.Admin);

        await page.ClickAsync("#nav a:text-is('Admin')");
        await page.ClickAsync("main a:text-is('Printers')");
        await page.FillAsync("#Form_Name", "dock");
        await page.FillAsync("#Form_Address", $"127.0.0.1:{port}");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#printer-form button[type=submit]"), r => r.Request.Method == "POST");
        await Expect(page.Locator("#printers")).ToContainTextAsync($"127.0.0.1:{port}");
        var received = ReceiveAsync(listener);
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[aria-label='Test print on dock']"), r => r.Request.Method == "POST");

        await Expect(page.Locator("p.notice")).ToContainTextAsync($"Test label sent to 'dock' at 127.0.0.1:{port}");
        Assert.Contains("SerialTrack test print", await received.WaitAsync(TimeSpan.FromSeconds(10)), StringComparison.Ordinal);

        await page.FillAsync("#Form_Name", "upstairs");
        await page.FillAsync("#Form_Address", "printer-without-port");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#printer-form button[type=submit]"), r => r.Request.Method == "POST");
        await Expect(page.Locator("[data-valmsg-for='Form.Address']")).ToContainTextAsync("host:port");
        await Expect(page.Locator("#printers tbody tr")).ToHaveCountAsync(1);

        listener.Stop();
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("button[aria-label='Test print on dock']"), r => r.Request.Method == "POST");
        await Expect(page.Locator("#test-error")).ToContainTextAsync("refused the connection");
    }

    static async Task<string> ReceiveAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream());
        return await reader.ReadToEndAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;
using SkiaSharp;
using ZXing;
using static SerialTrack.Tests.Support.LabelWorld;

namespace SerialTrack.Tests.Api;

public sealed class LabelsApiTests
{
    const string Gtin = "04006381333931";

    [Theory, OnSqlite, OnPostgres]
    public async Task The_preview_of_a_unit_label_is_a_png_whose_data_matrix_scans_as_the_units_gtin_and_serial(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        var ids = await UnitsAsync(admin, "SN-0001");
        using var viewer = app.Client(Role.Viewer);

        var response = await viewer.GetAsync($"/api/v1/labels/preview?unit={ids[0]}&format=png");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        // The built-in unit label (100 x 50 mm at 8 dots/mm): Data Matrix top right, Code 128 of the serial below the text.
        var matrix = Assert.Single(LabelScan.DecodeAll(png, new SKRectI(600, 0, 800, 200), BarcodeFormat.DATA_MATRIX));
        // With AssumeGS1 ZXing shows the leading FNC1 of a GS1 Data Matrix as GS.
        Assert.Equal($"\u001d01{Gtin}21SN-0001", matrix.Text);
        Assert.Equal("SN-0001", Assert.Single(LabelScan.DecodeAll(png, new SKRectI(0, 160, 800, 400), BarcodeFormat.CODE_128)).Text);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Thirty_units_on_A4_3x8_sheets_make_a_two_page_pdf_whose_first_cell_scans_as_the_first_unit(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await UnitsAsync(admin, [.. Enumerable.Range(1, 30).Select(i => $"S{i:D3}")]);

        var response = await admin.PostAsJsonAsync("/api/v1/labels/render",
            new { template = "unit-sheet", selection = new { product = "A1" }, format = "pdf", layout = "A4_3x8" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        // 30 labels at 24 a sheet: two pages.
        Assert.Equal(2, Regex.Matches(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page(?!s)").Count);
        const int dpi = 300;
        using var page = LabelScan.RasterizeFirstPage(pdf, dpi);
        static int Px(double mm) => (int)Math.Round(mm / 25.4 * dpi);
        // The first 70 x 37 mm cell starts 0.5 mm down; unit-sheet puts its Data Matrix at (52, 3) mm and the serial's Code 128 at (4, 14) mm.
        Assert.Equal("S001", Assert.Single(LabelScan.DecodeAll(page, new SKRectI(0, Px(14), Px(48), Px(30)), BarcodeFormat.CODE_128)).Text);
        var matrix = Assert.Single(LabelScan.DecodeAll(page, new SKRectI(Px(50), Px(2), Px(66), Px(17)), BarcodeFormat.DATA_MATRIX));
        Assert.Equal($"\u001d01{Gtin}21S001", matrix.Text);
    }

    [Fact]
    public async Task A_unit_of_a_product_without_gtin_still_gets_its_label_without_the_gs1_symbol()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "N1", name = "No GTIN", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "N1", serials = new[] { "N-1" }, location = "WH1" })).EnsureSuccessStatusCode();

        var response = await admin.GetAsync("/api/v1/labels/preview?serial=N-1&product=N1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var png = await response.Content.ReadAsByteArrayAsync();
        Assert.Empty(LabelScan.DecodeAll(png, new SKRectI(600, 0, 800, 200), BarcodeFormat.DATA_MATRIX));
        Assert.Equal("N-1", Assert.Single(LabelScan.DecodeAll(png, new SKRectI(0, 160, 800, 400), BarcodeFormat.CODE_128)).Text);
    }

    [Fact]
    public async Task A_lot_label_carries_gtin_expiry_and_batch_in_one_gs1_128_symbol()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "L1", name = "Saline", gtin = "09506000134352", tracking = "lot" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "L1", lot = "L-42", quantity = 5, location = "WH1", expiryDate = "2027-12-31" })).EnsureSuccessStatusCode();
        var lot = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/lots?product=L1")).GetProperty("items")[0].GetProperty("id").GetInt64();

        var png = await admin.GetByteArrayAsync($"/api/v1/labels/preview?lot={lot}");

        // The built-in lot label is 150 x 75 mm at 8 dots/mm; its GS1-128 starts 32 mm down.
        var symbol = Assert.Single(LabelScan.DecodeAll(png, new SKRectI(0, 240, 1200, 600), BarcodeFormat.CODE_128));
        // "]C1": ZXing's symbology identifier for Code 128 with FNC1 first, i.e. GS1-128.
        Assert.Equal("]C1" + "0109506000134352" + "17271231" + "10L-42", symbol.Text);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_location_selection_labels_the_bins_of_its_subtree_and_a_reservation_its_expected_serials(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await UnitsAsync(admin, "X1");
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        var reserved = await admin.PostAsJsonAsync("/api/v1/reservations", new { product = "A1", serials = new[] { "R1", "R2", "R3" } });
        reserved.EnsureSuccessStatusCode();
        var reservation = (await reserved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        var bins = await (await admin.PostAsJsonAsync("/api/v1/labels/render", new { template = "location", selection = new { location = "WH1" }, format = "zpl" }))
            .Content.ReadAsStringAsync();
        var expected = await (await admin.PostAsJsonAsync("/api/v1/labels/render", new { template = "unit", selection = new { reservation }, format = "zpl" }))
            .Content.ReadAsStringAsync();

        Assert.Equal(2, bins.Split("^XA").Length - 1);
        Assert.Contains("B1", bins, StringComparison.Ordinal);
        Assert.Contains("B2", bins, StringComparison.Ordinal);
        Assert.Equal(3, expected.Split("^XA").Length - 1);
        Assert.Contains("R3", expected, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Zpl_for_three_units_holds_three_label_formats(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        var ids = await UnitsAsync(admin, "Z1", "Z2", "Z3");

        var response = await admin.PostAsJsonAsync("/api/v1/labels/render", new { template = "unit", selection = new { unitIds = ids }, format = "zpl" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var zpl = await response.Content.ReadAsStringAsync();
        Assert.Equal(3, zpl.Split("^XA").Length - 1);
        Assert.Equal(3, zpl.Split("^XZ").Length - 1);
    }

    [Fact]
    public async Task A_template_with_an_unknown_field_is_refused_with_400_naming_the_element_and_is_not_stored()
    {
        await using var app = await TestApp.StartAsync();
        using var manager = app.Client(Role.Manager);
        const string json = """
            {"name":"bad","widthMm":50,"heightMm":25,"dpi":203,"elements":[
              {"type":"text","xmm":1,"ymm":1,"heightMm":3,"field":"serial"},
              {"type":"barcode","xmm":1,"ymm":6,"symbology":"Code128","field":"colour","moduleMm":0.25}]}
            """;

        var response = await manager.PutAsync("/api/v1/labels/templates/bad", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("template.unknown_field", problem.GetProperty("code").GetString());
        Assert.Contains("elements[1].field", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/v1/labels/templates/bad")).StatusCode);
    }

    [Fact]
    public async Task A_stored_template_overrides_the_default_and_exports_back_as_json()
    {
        await using var app = await TestApp.StartAsync();
        using var manager = app.Client(Role.Manager);
        var unit = await (await manager.GetAsync("/api/v1/labels/templates/unit")).Content.ReadAsStringAsync();
        var changed = unit.Replace("\"heightMm\": 50", "\"heightMm\": 60", StringComparison.Ordinal);

        (await manager.PutAsync("/api/v1/labels/templates/unit", new StringContent(changed, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var list = await manager.GetFromJsonAsync<JsonElement>("/api/v1/labels/templates");
        var entry = list.EnumerateArray().Single(t => t.GetProperty("name").GetString() == "unit");
        Assert.Equal(60, entry.GetProperty("heightMm").GetDouble());
        Assert.Equal("stored", entry.GetProperty("source").GetString());
        Assert.Contains("\"heightMm\": 60", await manager.GetStringAsync("/api/v1/labels/templates/unit"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printing_sends_the_zpl_of_each_unit_to_the_printer_over_raw_tcp()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        var ids = await UnitsAsync(admin, "P1", "P2");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        (await admin.PutAsJsonAsync("/api/v1/printers", new[] { new { name = "dock", address = $"127.0.0.1:{port}" } })).EnsureSuccessStatusCode();
        var received = ReceiveAsync(listener);
        using var op = app.Client(Role.Operator);

        var response = await op.PostAsJsonAsync("/api/v1/labels/print", new { template = "unit", selection = new { unitIds = ids }, printer = "dock", copies = 2 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var zpl = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, zpl.Split("^XA").Length - 1);
        Assert.Contains("^PQ2", zpl, StringComparison.Ordinal);
        Assert.Contains("P2", zpl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_printer_is_refused_with_404_and_code_printer_unknown()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        var ids = await UnitsAsync(admin, "U1");

        var response = await admin.PostAsJsonAsync("/api/v1/labels/print", new { template = "unit", selection = new { unitIds = ids }, printer = "nowhere" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("printer.unknown", problem.GetProperty("code").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_orders_labels_are_the_units_received_on_it_and_a_wrong_order_names_its_field(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        var po = await AReceivedPurchaseOrderAsync(admin, ["R1", "R2"], "STOCK1");
        using var viewer = app.Client(Role.Viewer);

        var zpl = await viewer.PostAsJsonAsync("/api/v1/labels/render", new { template = "unit", selection = new { order = po, orderKind = "purchase" }, format = "zpl" });
        var preview = await viewer.GetAsync($"/api/v1/labels/preview?order={po}&orderKind=purchase");
        var unknown = await viewer.PostAsJsonAsync("/api/v1/labels/render", new { template = "unit", selection = new { order = "PO-999" }, format = "zpl" });
        var badKind = await viewer.PostAsJsonAsync("/api/v1/labels/render", new { template = "unit", selection = new { order = po, orderKind = "weekly" }, format = "zpl" });

        Assert.Equal(HttpStatusCode.OK, zpl.StatusCode);
        var text = await zpl.Content.ReadAsStringAsync();
        Assert.Equal(2, text.Split("^XA").Length - 1);
        Assert.True(text.Contains("R1", StringComparison.Ordinal) && text.Contains("R2", StringComparison.Ordinal) && !text.Contains("STOCK1", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal("R1", Assert.Single(LabelScan.DecodeAll(await preview.Content.ReadAsByteArrayAsync(), new SKRectI(0, 160, 800, 400), BarcodeFormat.CODE_128)).Text);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("order", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var problem = await badKind.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("label.order_kind", "orderKind"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task A_test_print_sends_one_small_zpl_label_and_a_printer_that_refuses_gives_502()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        (await admin.PutAsJsonAsync("/api/v1/printers", new[] { new { name = "dock", address = $"127.0.0.1:{port}" }, new { name = "off", address = $"127.0.0.1:{closedPort}" } }))
            .EnsureSuccessStatusCode();
        var received = ReceiveAsync(listener);

        var sent = await admin.PostAsync("/api/v1/printers/dock/test", null);
        var refused = await admin.PostAsync("/api/v1/printers/off/test", null);
        using var op = app.Client(Role.Operator);
        var forbidden = await op.PostAsync("/api/v1/printers/dock/test", null);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var zpl = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, zpl.Split("^XA").Length - 1);
        Assert.Contains("SerialTrack test print", zpl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal("printer.unreachable", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    static async Task<string> ReceiveAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var reader = new StreamReader(client.GetStream(), Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class SerialsApiTests
{
    const string Gtin = "09506000134352";

    [Fact]
    public async Task A_scheme_with_a_bad_template_is_refused_naming_the_template()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();

        var response = await admin.PostAsJsonAsync("/api/v1/schemes", new { name = "bad", template = "{SKU}-{SEQ:5}{NOPE}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("template", problem.GetProperty("field").GetString());
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/schemes") ?? []);
    }

    [Fact]
    public async Task A_template_previews_without_saving()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();

        var preview = await (await admin.PostAsJsonAsync("/api/v1/schemes/preview", new { template = "{SKU}-{SEQ:4}{CHECK:luhn}", sku = "A1", count = 3 }))
            .Content.ReadFromJsonAsync<JsonElement>();

        var next = preview.GetProperty("next").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Equal(3, next.Count);
        Assert.All(next, s => Assert.StartsWith("A1-000", s, StringComparison.Ordinal));
        Assert.Equal(1, preview.GetProperty("decoded").GetProperty("sequence").GetInt64());
        Assert.Empty(await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/schemes") ?? []);
    }

    [Fact]
    public async Task A_product_scheme_decodes_its_serials_and_a_reservation_exports_as_csv()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        var productId = await AProductWithAScheme(admin);

        var decoded = await (await admin.PostAsJsonAsync("/api/v1/serials/decode", new { serial = "A1-00073", product = "A1" })).Content.ReadFromJsonAsync<JsonElement>();
        var reserved = await admin.PostAsJsonAsync("/api/v1/reservations", new { product = "A1", count = 5, reference = "WO-9" });
        var reservation = await reserved.Content.ReadFromJsonAsync<JsonElement>();
        var csv = await admin.GetAsync($"/api/v1/reservations/{reservation.GetProperty("id").GetInt64()}?format=csv");

        Assert.True(productId > 0);
        var answer = Assert.Single(decoded.EnumerateArray());
        Assert.Equal("plain", answer.GetProperty("scheme").GetString());
        Assert.Equal(73, answer.GetProperty("decoded").GetProperty("sequence").GetInt64());
        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["product,serial,status", "A1,A1-00001,expected", "A1,A1-00002,expected", "A1,A1-00003,expected", "A1,A1-00004,expected", "A1,A1-00005,expected"], lines);
    }

    [Fact]
    public async Task A_reservation_csv_quotes_serials_that_hold_a_comma_or_a_quote()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "B1", name = "Bracket", tracking = "serial" })).EnsureSuccessStatusCode();

        var reserved = await admin.PostAsJsonAsync("/api/v1/reservations", new { product = "B1", serials = new[] { "B,1", "B\"2" } });
        var reservation = await reserved.Content.ReadFromJsonAsync<JsonElement>();
        var csv = await admin.GetStringAsync($"/api/v1/reservations/{reservation.GetProperty("id").GetInt64()}?format=csv");

        Assert.Equal(HttpStatusCode.Created, reserved.StatusCode);
        var lines = csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["product,serial,status", "B1,\"B,1\",expected", "B1,\"B\"\"2\",expected"], lines);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Scanning_a_gs1_datamatrix_string_returns_the_unit_with_its_state(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "DRY1", name = "Dryer", gtin = Gtin, tracking = "serial", handlingInstructions = "Keep upright." })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "DRY1", serials = new[] { "ABC123" }, location = "WH1" })).EnsureSuccessStatusCode();

        var scan = await (await admin.PostAsJsonAsync("/api/v1/scan", new { text = $"]d201{Gtin}21ABC123\u001d17271231" })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("unit", scan.GetProperty("kind").GetString());
        var unit = Assert.Single(scan.GetProperty("matches").EnumerateArray()).GetProperty("unit");
        Assert.Equal("ABC123", unit.GetProperty("serial").GetString());
        Assert.Equal("available", unit.GetProperty("status").GetString());
        Assert.Equal("WH1", unit.GetProperty("location").GetString());
        Assert.Equal(["Keep upright."], scan.GetProperty("handlingInstructions").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal("]d2", scan.GetProperty("gs1").GetProperty("symbology").GetString());
    }

    static async Task<long> AProductWithAScheme(HttpClient admin)
    {
        var product = await (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync("/api/v1/schemes", new { name = "plain", template = "{SKU}-{SEQ:5}" })).EnsureSuccessStatusCode();
        var id = product.GetProperty("id").GetInt64();
        (await admin.PutAsJsonAsync($"/api/v1/products/{id}/serials", new { scheme = "plain" })).EnsureSuccessStatusCode();
        return id;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class HistoryApiTests
{
    // SN-1..SN-3 commissioned at B1, SN-1 moved to B2 with notes holding a comma, quotes and a line break,
    // SN-3 scrapped; FLOUR lot L1 received.
    static async Task AWorld(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "FLOUR", name = "Flour", tracking = "lot", uom = "kg" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "SN-1", "SN-2", "SN-3" }, location = "B1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/moves", new { to = "B2", units = new[] { new { product = "A1", serial = "SN-1" } }, notes = "Dented, \"badly\"\nsee photo" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/scrap", new { reason = "dropped", units = new[] { new { product = "A1", serial = "SN-3" } } })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "FLOUR", lot = "L1", quantity = 25, location = "B1" })).EnsureSuccessStatusCode();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task History_search_pages_by_filters_and_follows_the_next_link(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AWorld(admin);
        using var viewer = app.Client(Role.Viewer);

        var first = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/history?serial=SN*&limit=2");
        var next = first.GetProperty("next").GetString()!;
        var second = await viewer.GetFromJsonAsync<JsonElement>(next);

        Assert.Equal(["scrapped", "moved"], first.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(["commissioned"], second.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("type").GetString()));
        Assert.False(second.TryGetProperty("next", out var none) && none.ValueKind != JsonValueKind.Null);
        var lot = Assert.Single((await viewer.GetFromJsonAsync<JsonElement>("/api/v1/history?product=FLOUR&type=lot_received,moved")).GetProperty("items").EnumerateArray());
        Assert.Equal("FLOUR L1", lot.GetProperty("objects")[0].GetProperty("label").GetString());
        var moved = Assert.Single((await viewer.GetFromJsonAsync<JsonElement>("/api/v1/history?location=WH1&text=dented")).GetProperty("items").EnumerateArray());
        Assert.Equal(("B2", "admin"), (moved.GetProperty("location").GetString(), moved.GetProperty("actor").GetString()));
    }

    [Fact]
    public async Task History_csv_quotes_notes_with_commas_quotes_and_line_breaks()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin);

        var response = await admin.GetAsync("/api/v1/history.csv?serial=SN-1");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("event_id,time,type,biz_step,disposition,location,actor,order,", csv, StringComparison.Ordinal);
        Assert.Contains(",\"Dented, \"\"badly\"\"\nsee photo\",", csv, StringComparison.Ordinal);
        Assert.Contains(",A1 SN-1", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_filter_is_a_problem_naming_its_field_for_json_and_csv_alike()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin);

        var unknownProduct = await admin.GetAsync("/api/v1/history?product=NOPE");
        var shortPrefix = await admin.GetAsync("/api/v1/history.csv?serial=S*");
        var badType = await admin.GetAsync("/api/v1/history?type=teleported");

        Assert.Equal(HttpStatusCode.NotFound, unknownProduct.StatusCode);
        Assert.Equal("product", (await unknownProduct.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, shortPrefix.StatusCode);
        Assert.Equal("application/problem+json", shortPrefix.Content.Headers.ContentType?.MediaType);
        Assert.Equal("serial", (await shortPrefix.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
    }

    [Fact]
    public async Task A_scrapped_unit_is_archived_over_the_api_and_one_in_stock_is_refused_with_a_422()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin);
        var scrapped = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/SN-3")).EnumerateArray()).GetProperty("id").GetInt64();
        var inStock = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/SN-2")).EnumerateArray()).GetProperty("id").GetInt64();
        using var op = app.Client(Role.Operator);
        using var viewer = app.Client(Role.Viewer);

        var archived = await op.PostAsync($"/api/v1/units/{scrapped}/archive", null);
        var refused = await op.PostAsync($"/api/v1/units/{inStock}/archive", null);
        var forbidden = await viewer.PostAsync($"/api/v1/units/{scrapped}/unarchive", null);

        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("unit.in_stock", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/units?product=A1");
        Assert.DoesNotContain("SN-3", list.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("serial").GetString()));
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>("/api/v1/history?serial=SN-3")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_fsma_204_export_of_a_lot_is_a_csv_with_its_receipt()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin);

        var csv = await admin.GetStringAsync("/api/v1/exports/fsma204.csv?lot=L1");
        var missing = await admin.GetAsync("/api/v1/exports/fsma204.csv");

        var lines = csv.TrimEnd().Split('\n');
        Assert.StartsWith("Critical tracking event,Event date and time,Traceability lot code,", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Receiving,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",L1,FLOUR,,Flour,25,kg,B1,", lines[1], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }
}

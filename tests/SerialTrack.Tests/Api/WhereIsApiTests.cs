using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class WhereIsApiTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task Whereis_answers_for_a_location_and_flags_a_unit_scanned_in_the_wrong_place(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial", handlingInstructions = "Fragile." })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1", "S2" }, location = "B1" })).EnsureSuccessStatusCode();

        var warehouse = await admin.GetFromJsonAsync<JsonElement>("/api/v1/whereis?q=WH1");
        var unit = await admin.GetFromJsonAsync<JsonElement>("/api/v1/whereis?q=S1&at=B2");
        var nowhere = await admin.GetAsync("/api/v1/whereis?q=S1&at=NOPE");

        Assert.Equal("location", warehouse.GetProperty("kind").GetString());
        Assert.Equal(2m, warehouse.GetProperty("totals")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal("B1", warehouse.GetProperty("lines")[0].GetProperty("location").GetString());
        Assert.StartsWith("A1 S1 is recorded at B1", unit.GetProperty("misplaced").GetString(), StringComparison.Ordinal);
        Assert.Equal("Fragile.", unit.GetProperty("handlingInstructions")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
        Assert.Equal("at", (await nowhere.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}

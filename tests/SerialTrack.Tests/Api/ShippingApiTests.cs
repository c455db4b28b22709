using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ShippingApiTests
{
    static async Task AWarehouseWithWidgets(HttpClient admin, params string[] serials)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial", handlingInstructions = "Fragile." })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "DOCK", name = "Dock", kind = "zone", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "ACME", name = "Acme Corp", role = "customer" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials, location = "WH1" })).EnsureSuccessStatusCode();
    }

    static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pallet_gets_an_sscc_from_the_settings_and_shows_its_nested_contents(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var op = app.Client(Role.Operator);
        await AWarehouseWithWidgets(admin, "S1", "S2", "S3");

        var noPrefix = await op.PostAsJsonAsync("/api/v1/containers", new { location = "WH1", kind = "pallet" });
        var forbidden = await op.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "0614141" });
        var badPrefix = await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "06141X1" });
        (await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "0614141" })).EnsureSuccessStatusCode();
        var pallet = await (await op.PostAsJsonAsync("/api/v1/containers", new { location = "WH1", kind = "pallet" })).Content.ReadFromJsonAsync<JsonElement>();
        var box = await (await op.PostAsJsonAsync("/api/v1/containers", new { location = "WH1" })).Content.ReadFromJsonAsync<JsonElement>();
        var sscc = pallet.GetProperty("sscc").GetString()!;
        var boxCode = box.GetProperty("code").GetString()!;
        var packBox = await op.PostAsJsonAsync("/api/v1/pack", new { container = boxCode, units = new[] { new { product = "A1", serial = "S1" }, new { product = "A1", serial = "S2" } } });
        var packPallet = await op.PostAsJsonAsync("/api/v1/pack", new { container = sscc, containers = new[] { boxCode } });
        var twice = await op.PostAsJsonAsync("/api/v1/pack", new { container = sscc, units = new[] { new { product = "A1", serial = "S2" } } });
        var view = await op.GetFromJsonAsync<JsonElement>($"/api/v1/containers/{sscc}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noPrefix.StatusCode);
        Assert.Equal("sscc.no_company_prefix", (await Problem(noPrefix)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPrefix.StatusCode);
        Assert.Equal("setting.company_prefix", (await Problem(badPrefix)).GetProperty("code").GetString());
        Assert.Equal(18, sscc.Length);
        Assert.StartsWith("00614141", sscc, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (packBox.StatusCode, packPallet.StatusCode));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        var problem = await Problem(twice);
        Assert.Equal(("unit.in_container", "units[0]"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Equal(2, view.GetProperty("totalUnits").GetInt32());
        var inner = Assert.Single(view.GetProperty("containers").EnumerateArray());
        Assert.Equal(["S1", "S2"], inner.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("serial").GetString()));
        Assert.Equal("Fragile.", Assert.Single(view.GetProperty("handlingInstructions").EnumerateArray()).GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_sales_order_ships_what_was_picked_then_what_was_allocated_and_then_refuses_as_completed(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var op = app.Client(Role.Operator);
        await AWarehouseWithWidgets(admin, "S1", "S2", "S3");
        var order = await (await admin.PostAsJsonAsync("/api/v1/sales-orders", new { party = "ACME", lines = new[] { new { product = "A1", quantity = 2 } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var number = order.GetProperty("number").GetString()!;

        var allocate = await op.PostAsJsonAsync($"/api/v1/sales-orders/{number}/allocate", new { suggest = true });
        var notOnOrder = await op.PostAsJsonAsync($"/api/v1/sales-orders/{number}/pick", new { units = new[] { new { product = "A1", serial = "S3" } } });
        var pick = await op.PostAsJsonAsync($"/api/v1/sales-orders/{number}/pick", new { units = new[] { new { product = "A1", serial = "S1" } } });
        var ship = await op.PostAsync($"/api/v1/sales-orders/{number}/ship", JsonContent.Create(new { }));
        var rest = await op.PostAsync($"/api/v1/sales-orders/{number}/ship", JsonContent.Create(new { }));
        var again = await op.PostAsync($"/api/v1/sales-orders/{number}/ship", JsonContent.Create(new { }));
        var unknown = await op.PostAsJsonAsync("/api/v1/sales-orders/SO-999/ship", new { });
        var after = await op.GetFromJsonAsync<JsonElement>($"/api/v1/sales-orders/{number}");
        var s1 = (await op.GetFromJsonAsync<JsonElement>("/api/v1/units?serial=S1")).GetProperty("items")[0];

        Assert.Equal(HttpStatusCode.Created, allocate.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notOnOrder.StatusCode);
        Assert.Equal("unit.not_ordered", (await Problem(notOnOrder)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, pick.StatusCode);
        Assert.Equal(HttpStatusCode.Created, ship.StatusCode);
        Assert.Equal(1, (await ship.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("units").GetInt32());
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("order.finished", (await Problem(again)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("completed", after.GetProperty("status").GetString());
        Assert.Equal(2m, after.GetProperty("lines")[0].GetProperty("doneQuantity").GetDecimal());
        Assert.Equal("at_customer", s1.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Moving_a_container_through_the_moves_endpoint_moves_its_units()
    {
        await using var app = await TestApp.StartAsync();
        using var op = app.Client(Role.Operator);
        using var admin = app.Client();
        await AWarehouseWithWidgets(admin, "S1");
        var box = await (await op.PostAsJsonAsync("/api/v1/containers", new { location = "WH1", code = "BOX-1" })).Content.ReadFromJsonAsync<JsonElement>();
        (await op.PostAsJsonAsync("/api/v1/pack", new { container = "BOX-1", units = new[] { new { product = "A1", serial = "S1" } } })).EnsureSuccessStatusCode();

        var move = await op.PostAsJsonAsync("/api/v1/moves", new { to = "DOCK", containers = new[] { "BOX-1" } });
        var view = await op.GetFromJsonAsync<JsonElement>("/api/v1/containers/BOX-1");

        Assert.Equal("BOX-1", box.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, move.StatusCode);
        Assert.Equal("DOCK", view.GetProperty("location").GetString());
        Assert.Equal("DOCK", (await op.GetFromJsonAsync<JsonElement>("/api/v1/units?serial=S1")).GetProperty("items")[0].GetProperty("location").GetString());
    }
}

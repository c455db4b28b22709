using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class OrdersApiTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_manager_creates_a_purchase_order_and_reads_it_back_with_its_progress(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await ASupplierAndAProduct(admin);

        var created = await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "SUP", lines = new[] { new { product = "P1", quantity = 4, expectedSerials = new[] { "S1", "S2" } } } });
        var order = await created.Content.ReadFromJsonAsync<JsonElement>();
        var number = order.GetProperty("number").GetString();
        var read = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/purchase-orders/{number}");
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/purchase-orders?status=open");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/purchase-orders/{number}", created.Headers.Location?.OriginalString);
        Assert.Equal("open", read.GetProperty("status").GetString());
        Assert.Equal(0, read.GetProperty("progress").GetDouble());
        Assert.Equal(2, read.GetProperty("lines")[0].GetProperty("expectedSerials").GetInt32());
        Assert.Equal(number, list.GetProperty("items")[0].GetProperty("number").GetString());
    }

    [Fact]
    public async Task An_operator_cannot_create_orders_and_a_bad_line_names_its_field()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        using var op = app.Client(Role.Operator);
        await ASupplierAndAProduct(admin);

        var forbidden = await op.PostAsJsonAsync("/api/v1/sales-orders", new { party = "SUP", lines = new[] { new { product = "P1", quantity = 1 } } });
        var bad = await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "SUP", lines = new[] { new { product = "P1", quantity = 1 }, new { product = "NOPE", quantity = 1 } } });
        var missing = await admin.GetAsync("/api/v1/purchase-orders/PO-999999");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("lines[1].product", problem.GetProperty("field").GetString());
        Assert.Equal("product.not_found", problem.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/purchase-orders");
        Assert.Equal(0, list.GetProperty("items").GetArrayLength());
    }

    static async Task ASupplierAndAProduct(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "P1", name = "Part", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "SUP", name = "Supplier", role = "supplier" })).EnsureSuccessStatusCode();
    }
}

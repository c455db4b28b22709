using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ReceivingApiTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task An_operator_receives_announced_serials_against_a_purchase_order_and_the_order_shows_them_arrived(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        var po = await APurchaseOrder(admin, new { product = "A1", quantity = 3, expectedSerials = new[] { "S1", "S2", "S3" } });
        using var op = app.Client(Role.Operator);

        var response = await op.PostAsJsonAsync("/api/v1/receipts", new { order = po, location = "DOCK", lines = new[] { new { product = "A1", serials = new[] { "S1", "S2" } } } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, result.GetProperty("units").GetInt32());
        Assert.False(result.GetProperty("withoutOrder").GetBoolean());
        Assert.Equal("in_progress", result.GetProperty("orderStatus").GetString());
        Assert.Equal($"/api/v1/events/{result.GetProperty("eventId").GetInt64()}", response.Headers.Location?.OriginalString);
        var expected = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/purchase-orders/{po}/expected")).GetProperty("items").EnumerateArray()
            .ToDictionary(e => e.GetProperty("serial").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["S1"] = "received", ["S2"] = "received", ["S3"] = "expected" }, expected);
        var order = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/purchase-orders/{po}");
        Assert.Equal(2m, order.GetProperty("lines")[0].GetProperty("doneQuantity").GetDecimal());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Only_a_manager_may_allow_an_over_receipt(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        var po = await APurchaseOrder(admin, new { product = "A1", quantity = 1 });
        using var op = app.Client(Role.Operator);
        using var manager = app.Client(Role.Manager);
        object Body(bool allow) => new { order = po, location = "DOCK", allowExceptions = allow, lines = new[] { new { product = "A1", serials = new[] { "S1", "S2" } } } };

        var refused = await op.PostAsJsonAsync("/api/v1/receipts", Body(false));
        var forbidden = await op.PostAsJsonAsync("/api/v1/receipts", Body(true));
        var allowed = await manager.PostAsJsonAsync("/api/v1/receipts", Body(true));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(("receipt.over_receipt", "lines[0].serials"), await CodeAndField(refused));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(("receipt.exceptions_need_manager", "allowExceptions"), await CodeAndField(forbidden));
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var result = await allowed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("exceptionsAllowed").GetBoolean());
        Assert.Equal("receipt.over_receipt", result.GetProperty("exceptions")[0].GetProperty("code").GetString());
        var events = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/events?type=received")).GetProperty("items");
        Assert.Single(events.EnumerateArray());
    }

    [Fact]
    public async Task A_receipt_without_an_order_says_so_and_a_viewer_may_not_receive()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await APurchaseOrder(admin, new { product = "A1", quantity = 1 });
        using var viewer = app.Client(Role.Viewer);
        var body = new { location = "DOCK", supplier = "ACME", lines = new[] { new { product = "A1", serials = new[] { "S9" } } } };

        var denied = await viewer.PostAsJsonAsync("/api/v1/receipts", body);
        var response = await app.Client(Role.Operator).PostAsJsonAsync("/api/v1/receipts", body);

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(result.GetProperty("withoutOrder").GetBoolean());
        Assert.False(result.TryGetProperty("order", out _));
    }

    static async Task<(string?, string?)> CodeAndField(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString());
    }

    // Product A1 (serialized), location DOCK, supplier ACME and one purchase order with the given line.
    static async Task<string> APurchaseOrder(HttpClient admin, object line)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "DOCK", name = "Receiving dock", kind = "zone" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "ACME", name = "Acme", role = "supplier" })).EnsureSuccessStatusCode();
        var created = await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "ACME", lines = new[] { line } });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }
}

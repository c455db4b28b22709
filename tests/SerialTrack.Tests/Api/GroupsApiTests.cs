using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class GroupsApiTests
{
    static async Task AStock(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial", category = "power" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1", "S2", "S3" }, location = "B1" })).EnsureSuccessStatusCode();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_group_is_saved_evaluated_previewed_and_moved_with_the_count_seen(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AStock(admin);

        var evaluated = await (await admin.PostAsJsonAsync("/api/v1/groups/evaluate?limit=2", new { location = "B1", statuses = new[] { "available" } })).Content.ReadFromJsonAsync<JsonElement>();
        var created = await admin.PostAsJsonAsync("/api/v1/groups", new { name = "bin one", filter = new { location = "B1" } });
        var again = await admin.PostAsJsonAsync("/api/v1/groups", new { name = "bin one", filter = new { location = "B1" } });
        var preview = await (await admin.PostAsJsonAsync("/api/v1/groups/bin%20one/actions/move/preview", new { to = "B2" })).Content.ReadFromJsonAsync<JsonElement>();
        var stale = await admin.PostAsJsonAsync("/api/v1/groups/bin%20one/actions/move/confirm", new { to = "B2", expectedCount = 2 });
        using var confirm = new HttpRequestMessage(HttpMethod.Post, "/api/v1/groups/bin%20one/actions/move/confirm") { Content = JsonContent.Create(new { to = "B2", expectedCount = 3 }) };
        confirm.Headers.Add("Idempotency-Key", "move-bin-one");
        var moved = await admin.SendAsync(confirm);
        var csv = await admin.GetStringAsync("/api/v1/groups/bin%20one/members.csv");
        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/groups/bin%20one");

        Assert.Equal(3, evaluated.GetProperty("count").GetInt64());
        Assert.Equal(2, evaluated.GetProperty("members").GetArrayLength());
        Assert.Equal("S1", evaluated.GetProperty("members")[0].GetProperty("serial").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(3, preview.GetProperty("affected").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("group.changed", problem.GetProperty("code").GetString());
        Assert.Equal("expectedCount", problem.GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(3, (await moved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("affected").GetInt64());
        Assert.Equal("product,serial,status,stage,location,container,lot,expiry,owner", csv.Split('\n')[0].Trim());
        Assert.Equal(0, after.GetProperty("count").GetInt64());
        var b2 = await admin.GetFromJsonAsync<JsonElement>("/api/v1/whereis?q=B2");
        Assert.Equal(3m, b2.GetProperty("totals")[0].GetProperty("quantity").GetDecimal());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Tags_are_created_and_put_on_a_groups_units_once(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var viewer = app.Client(Role.Viewer);
        await AStock(admin);

        var created = await admin.PostAsJsonAsync("/api/v1/tags", new { name = "demo" });
        var first = await (await admin.PostAsJsonAsync("/api/v1/tags/demo/units", new { filter = new { serial = "S" } })).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await admin.PostAsJsonAsync("/api/v1/tags/demo/units", new { units = new[] { new { product = "A1", serial = "S1" } } })).Content.ReadFromJsonAsync<JsonElement>();
        var unknown = await admin.PostAsJsonAsync("/api/v1/tags/nope/units", new { units = new[] { new { product = "A1", serial = "S1" } } });
        var forbidden = await viewer.PostAsJsonAsync("/api/v1/tags", new { name = "x" });
        var badFilter = await admin.PostAsJsonAsync("/api/v1/groups/evaluate", new { products = new[] { "NOPE" } });
        var tags = await admin.GetFromJsonAsync<JsonElement>("/api/v1/tags");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, first.GetProperty("added").GetInt32());
        Assert.Equal(0, second.GetProperty("added").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, badFilter.StatusCode);
        Assert.Equal("filter.products[0]", (await badFilter.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(3, tags[0].GetProperty("units").GetInt64());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ApiTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_product_with_a_bad_gtin_is_refused_as_problem_json_naming_code_and_field_and_nothing_is_created(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();

        var response = await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", gtin = "4006381333932" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("gtin.check_digit", problem.GetProperty("code").GetString());
        Assert.Equal("gtin", problem.GetProperty("field").GetString());
        Assert.Empty((await Items(admin, "/api/v1/products")).EnumerateArray());
    }

    [Fact]
    public async Task Malformed_json_is_refused_with_code_request_malformed()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();

        var response = await admin.PostAsync("/api/v1/products", new StringContent("{\"sku\": \"A1\", \"name\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request.malformed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Paging_120_units_by_50_gives_three_pages_through_next_and_link_without_repeating_a_unit()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await ASerialProductAndTwoLocations(admin);
        var serials = Enumerable.Range(1, 120).Select(i => $"S{i:D3}").ToArray();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials, location = "WH1" })).EnsureSuccessStatusCode();

        var seen = new List<string>();
        var pages = 0;
        string? next = "/api/v1/units?limit=50";
        while (next is not null)
        {
            var response = await admin.GetAsync(next);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            pages++;
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(u => u.GetProperty("serial").GetString()!));
            next = page.TryGetProperty("next", out var n) ? n.GetString() : null;
            if (next is not null)
            {
                Assert.Equal($"<{next}>; rel=\"next\"", Assert.Single(response.Headers.GetValues("Link")));
            }
            else
            {
                Assert.False(response.Headers.Contains("Link"));
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(serials, seen.Order());
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_replays_the_answer_and_a_different_body_is_refused()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();

        var first = await PostWithKey(admin, "/api/v1/products", new { sku = "A1", name = "Widget" }, "key-1");
        var retry = await PostWithKey(admin, "/api/v1/products", new { sku = "A1", name = "Widget" }, "key-1");
        var reused = await PostWithKey(admin, "/api/v1/products", new { sku = "A2", name = "Gadget" }, "key-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("idempotency.key_reused", (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Single((await Items(admin, "/api/v1/products")).EnumerateArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_moved_unit_shows_its_new_location_and_both_events_newest_first_by_the_token_user(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await ASerialProductAndTwoLocations(admin);
        using var op = app.Client(Role.Operator);
        (await op.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1" }, location = "WH1" })).EnsureSuccessStatusCode();

        var move = await op.PostAsJsonAsync("/api/v1/moves", new { to = "B1", units = new[] { new { product = "A1", serial = "S1" } } });

        Assert.Equal(HttpStatusCode.Created, move.StatusCode);
        var unit = Assert.Single((await op.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1")).EnumerateArray());
        Assert.Equal("B1", unit.GetProperty("location").GetString());
        var events = (await Items(op, $"/api/v1/events?unit={unit.GetProperty("id").GetInt64()}")).EnumerateArray().ToList();
        Assert.Equal(["moved", "commissioned"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => Assert.Equal("operator", e.GetProperty("actor").GetString()));
        Assert.True(events[0].GetProperty("id").GetInt64() > events[1].GetProperty("id").GetInt64());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_moves_expecting_the_same_version_give_one_201_one_409_and_one_event(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await ASerialProductAndTwoLocations(admin);
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1" }, location = "WH1" })).EnsureSuccessStatusCode();
        var unit = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1")).EnumerateArray());
        var version = unit.GetProperty("version").GetInt32();
        using var a = app.Client(Role.Operator);
        using var b = app.Client(Role.Operator);

        var responses = await Task.WhenAll(
            a.PostAsJsonAsync("/api/v1/moves", new { to = "B1", units = new[] { new { product = "A1", serial = "S1" } }, expectedVersion = version }),
            b.PostAsJsonAsync("/api/v1/moves", new { to = "B2", units = new[] { new { product = "A1", serial = "S1" } }, expectedVersion = version }));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var moves = await Items(admin, $"/api/v1/events?unit={unit.GetProperty("id").GetInt64()}&type=moved");
        Assert.Single(moves.EnumerateArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partial_lot_move_leaves_the_rest_behind_and_moving_more_than_is_there_changes_nothing(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await ASerialProductAndTwoLocations(admin);
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "FLOUR", name = "Flour", tracking = "lot", uom = "kg" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "FLOUR", lot = "L1", quantity = 100, location = "WH1" })).EnsureSuccessStatusCode();
        var lotId = (await Items(admin, "/api/v1/lots?code=L1")).EnumerateArray().Single().GetProperty("id").GetInt64();

        var partial = await admin.PostAsJsonAsync("/api/v1/moves", new { to = "B1", lots = new[] { new { product = "FLOUR", lot = "L1", quantity = 30, from = "WH1" } } });
        var tooMuch = await admin.PostAsJsonAsync("/api/v1/moves", new { to = "B1", lots = new[] { new { product = "FLOUR", lot = "L1", quantity = 80, from = "WH1" } } });

        Assert.Equal(HttpStatusCode.Created, partial.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);
        Assert.Equal("lot.insufficient", (await tooMuch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var lot = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/lots/{lotId}");
        Assert.Equal(100m, lot.GetProperty("quantity").GetDecimal());
        var balances = lot.GetProperty("balances").EnumerateArray()
            .ToDictionary(b => b.GetProperty("location").GetString()!, b => b.GetProperty("quantity").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["WH1"] = 70m, ["B1"] = 30m }, balances);
        var moves = await Items(admin, $"/api/v1/events?lot={lotId}&type=moved");
        Assert.Single(moves.EnumerateArray());
    }

    static async Task ASerialProductAndTwoLocations(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
    }

    static async Task<JsonElement> Items(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonElement>(url)).GetProperty("items");

    static Task<HttpResponseMessage> PostWithKey(HttpClient client, string url, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }
}

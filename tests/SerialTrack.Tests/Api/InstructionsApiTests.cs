using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class InstructionsApiTests
{
    static async Task<JsonElement> Problem(HttpResponseMessage r) => await r.Content.ReadFromJsonAsync<JsonElement>();

    static async Task AWarehouseWithWidgets(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "B1", name = "Widget B", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH2", name = "Warehouse 2", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1" }, location = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "B1", serials = new[] { "T1", "T2" }, location = "WH2" })).EnsureSuccessStatusCode();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Substitutes_are_declared_listed_and_found_for_a_faulty_unit_and_bad_requests_are_problems(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var viewer = app.Client(Role.Viewer);
        await AWarehouseWithWidgets(admin);

        var declared = await admin.PutAsJsonAsync("/api/v1/products/A1/substitutes", new { substitute = "B1", note = "rev B", conditions = "same voltage" });
        var self = await admin.PutAsJsonAsync("/api/v1/products/A1/substitutes", new { substitute = "A1" });
        var unknown = await admin.PutAsJsonAsync("/api/v1/products/A1/substitutes", new { substitute = "NOPE" });
        var forbidden = await viewer.PutAsJsonAsync("/api/v1/products/A1/substitutes", new { substitute = "B1" });
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/products/A1/substitutes");
        var found = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/replacements?unit=S1");
        var neither = await admin.GetAsync("/api/v1/replacements");
        var removed = await admin.DeleteAsync("/api/v1/products/A1/substitutes?substitute=B1");
        var again = await admin.DeleteAsync("/api/v1/products/A1/substitutes?substitute=B1");

        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        var selfProblem = await Problem(self);
        Assert.Equal((HttpStatusCode.BadRequest, "substitute.self", "substitute"), (self.StatusCode, selfProblem.GetProperty("code").GetString(), selfProblem.GetProperty("field").GetString()));
        Assert.Equal((HttpStatusCode.NotFound, "substitute"), (unknown.StatusCode, (await Problem(unknown)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("B1", list[0].GetProperty("substitute").GetString());
        var line = found.GetProperty("lines")[0];
        Assert.Equal(("B1", "WH2", 2m, "substitute", "same voltage"), (line.GetProperty("product").GetString(), line.GetProperty("location").GetString(),
            line.GetProperty("quantity").GetDecimal(), line.GetProperty("relation").GetString(), line.GetProperty("conditions").GetString()));
        Assert.Equal("replacement.what", (await Problem(neither)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_blocking_instruction_refuses_a_move_with_422_until_acknowledged_once_per_idempotency_key(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var op = app.Client(Role.Operator);
        await AWarehouseWithWidgets(admin);

        var created = await admin.PostAsJsonAsync("/api/v1/instructions", new { text = "Update firmware 2.1", severity = "blocking", processes = new[] { "move", "ship" }, product = "A1" });
        var instruction = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = instruction.GetProperty("id").GetInt64();
        var badTarget = await admin.PostAsJsonAsync("/api/v1/instructions", new { text = "x", product = "A1", category = "Tools" });
        var byOperator = await op.PostAsJsonAsync("/api/v1/instructions", new { text = "x", product = "A1" });
        var refused = await op.PostAsJsonAsync("/api/v1/moves", new { to = "WH2", units = new[] { new { product = "A1", serial = "S1" } } });
        var scan = await (await op.PostAsJsonAsync("/api/v1/scan", new { text = "S1" })).Content.ReadFromJsonAsync<JsonElement>();
        using var ack = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instructions/{id}/acknowledge")
        {
            Content = JsonContent.Create(new { units = new[] { new { product = "A1", serial = "S1" } } }),
        };
        ack.Headers.Add("Idempotency-Key", "ack-s1");
        var acknowledged = await op.SendAsync(ack);
        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instructions/{id}/acknowledge")
        {
            Content = JsonContent.Create(new { units = new[] { new { product = "A1", serial = "S1" } } }),
        };
        retry.Headers.Add("Idempotency-Key", "ack-s1");
        var retried = await op.SendAsync(retry);
        var moved = await op.PostAsJsonAsync("/api/v1/moves", new { to = "WH2", units = new[] { new { product = "A1", serial = "S1" } } });
        var listed = await op.GetFromJsonAsync<JsonElement>("/api/v1/instructions?product=A1");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["move", "ship"], instruction.GetProperty("processes").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "target"), (badTarget.StatusCode, (await Problem(badTarget)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        var problem = await Problem(refused);
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "instruction.unacknowledged", "units[0]"),
            (refused.StatusCode, problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Contains("Update firmware 2.1", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("blocking", scan.GetProperty("instructions")[0].GetProperty("severity").GetString());
        Assert.Equal(HttpStatusCode.Created, acknowledged.StatusCode);
        var first = await acknowledged.Content.ReadFromJsonAsync<JsonElement>();
        var second = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(first.GetProperty("eventId").GetInt64(), second.GetProperty("eventId").GetInt64());
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        Assert.Single(listed.EnumerateArray());
    }
}

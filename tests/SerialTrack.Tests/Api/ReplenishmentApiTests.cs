using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ReplenishmentApiTests
{
    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static async Task<(string Code, string Field)> Problem(HttpResponseMessage response)
    {
        var p = await Json(response);
        return (p.GetProperty("code").GetString()!, p.TryGetProperty("field", out var f) ? f.GetString()! : "");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_manager_sets_a_rule_and_a_run_plans_one_move_task_for_it(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);
        using var viewer = app.Client(Role.Viewer);
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "PICK", name = "Pick face", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1", "S2", "S3" }, location = "WH1" })).EnsureSuccessStatusCode();

        var byOperator = await op.PutAsJsonAsync("/api/v1/replenishment/rules", new { product = "A1", location = "PICK", min = 1, max = 2 });
        var upsideDown = await manager.PutAsJsonAsync("/api/v1/replenishment/rules", new { product = "A1", location = "PICK", min = 3, max = 2 });
        var noProduct = await manager.PutAsJsonAsync("/api/v1/replenishment/rules", new { product = "NOPE", location = "PICK", min = 1, max = 2 });
        var set = await manager.PutAsJsonAsync("/api/v1/replenishment/rules", new { product = "A1", location = "PICK", min = 1, max = 2 });
        var listed = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/replenishment/rules");

        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, upsideDown.StatusCode);
        Assert.Equal(("replenishment.min_above_max", "max"), await Problem(upsideDown));
        Assert.Equal(HttpStatusCode.NotFound, noProduct.StatusCode);
        Assert.Equal(("product.not_found", "product"), await Problem(noProduct));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal((0m, true), (listed[0].GetProperty("level").GetDecimal(), listed[0].GetProperty("belowMin").GetBoolean()));

        var run = await Json(await manager.PostAsync("/api/v1/replenishment/run", null));
        var again = await Json(await manager.PostAsync("/api/v1/replenishment/run", null));
        var outcome = run.GetProperty("rules")[0];
        var number = outcome.GetProperty("task").GetString()!;
        var task = await op.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{number}");

        Assert.Equal(("created", 2m), (outcome.GetProperty("status").GetString(), outcome.GetProperty("planned").GetDecimal()));
        Assert.Equal(("task_open", number), (again.GetProperty("rules")[0].GetProperty("status").GetString(), again.GetProperty("rules")[0].GetProperty("task").GetString()));
        Assert.Equal(2, task.GetProperty("lines").GetArrayLength());
        Assert.All(task.GetProperty("lines").EnumerateArray(), l => Assert.Equal("PICK", l.GetProperty("to").GetString()));

        var removed = await manager.DeleteAsync("/api/v1/replenishment/rules?product=A1&location=PICK");
        var removedAgain = await manager.DeleteAsync("/api/v1/replenishment/rules?product=A1&location=PICK");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removedAgain.StatusCode);
        Assert.Equal(("replenishment.not_found", "location"), await Problem(removedAgain));
    }
}

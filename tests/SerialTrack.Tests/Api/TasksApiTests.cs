using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class TasksApiTests
{
    // A1 S1..S3 at B1; bins B1, B2 under WH1.
    static async Task AStock(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "S1", "S2", "S3" }, location = "B1" })).EnsureSuccessStatusCode();
    }

    static object Units(params string[] serials) => serials.Select(s => new { product = "A1", serial = s }).ToArray();

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static async Task<(string Code, string Field)> Problem(HttpResponseMessage response)
    {
        var p = await Json(response);
        return (p.GetProperty("code").GetString()!, p.TryGetProperty("field", out var f) ? f.GetString()! : "");
    }

    static Task<HttpResponseMessage> Scan(HttpClient client, string task, string code, JsonElement? trip = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/tasks/{task}/scans") { Content = JsonContent.Create(new { code, trip }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        return client.SendAsync(request);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_manager_plans_a_move_task_and_an_operator_executes_it_by_scanning(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);
        using var viewer = app.Client(Role.Viewer);
        await AStock(admin);

        var created = await manager.PostAsJsonAsync("/api/v1/tasks", new { kind = "move", units = Units("S1", "S2"), to = "B2", assignee = "operator", priority = 4 });
        var byOperator = await op.PostAsJsonAsync("/api/v1/tasks", new { kind = "move", units = Units("S3"), to = "B2" });
        var badKind = await manager.PostAsJsonAsync("/api/v1/tasks", new { kind = "fly", to = "B2" });
        var noDestination = await manager.PostAsJsonAsync("/api/v1/tasks", new { kind = "move", units = Units("S3") });
        var queueOfViewer = await viewer.GetAsync("/api/v1/tasks/mine");
        var mine = await op.GetFromJsonAsync<JsonElement>("/api/v1/tasks/mine");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await Json(created)).GetProperty("task").GetProperty("number").GetString()!;
        Assert.Equal($"/api/v1/tasks/{number}", created.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        Assert.Equal(("query.invalid", "kind"), await Problem(badKind));
        Assert.Equal(("field.required", "to"), await Problem(noDestination));
        Assert.Equal(HttpStatusCode.Forbidden, queueOfViewer.StatusCode);
        Assert.Equal(number, mine[0].GetProperty("number").GetString());

        var outOfOrder = await Scan(op, number, "S1");
        var atB1 = await Json(await Scan(op, number, "B1"));
        var took = await Json(await Scan(op, number, "S1", atB1.GetProperty("trip")));
        var confirmed = await Scan(op, number, "B2", took.GetProperty("trip"), key: "trip-1");
        var retried = await Scan(op, number, "B2", took.GetProperty("trip"), key: "trip-1");
        var noReason = await op.PostAsJsonAsync($"/api/v1/tasks/{number}/lines/2/exception", new { reason = "" });
        var missing = await op.PostAsJsonAsync($"/api/v1/tasks/{number}/lines/2/exception", new { reason = "not found" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, outOfOrder.StatusCode);
        Assert.Equal(("task.scan_order", "code"), await Problem(outOfOrder));
        Assert.Equal("item", atB1.GetProperty("next").GetString());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(1, (await Json(confirmed)).GetProperty("confirmed")[0].GetInt32());
        Assert.Equal("true", retried.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, (await Json(retried)).GetProperty("confirmed")[0].GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(("field.required", "reason"), await Problem(noReason));
        var detail = await Json(missing);
        Assert.Equal("done", detail.GetProperty("task").GetProperty("status").GetString());
        Assert.Equal("exception", detail.GetProperty("lines")[1].GetProperty("status").GetString());

        var overview = await manager.GetFromJsonAsync<JsonElement>("/api/v1/tasks?status=done&assignee=operator");
        var forbiddenOverview = await op.GetAsync("/api/v1/tasks");
        var cancelDone = await manager.PostAsync($"/api/v1/tasks/{number}/cancel", null);
        var unknown = await op.GetAsync("/api/v1/tasks/TSK-999999");
        var b2 = await admin.GetFromJsonAsync<JsonElement>("/api/v1/whereis?q=B2");

        Assert.Equal((1, 1, 1), (overview.GetArrayLength(), overview[0].GetProperty("done").GetInt32(), overview[0].GetProperty("exceptions").GetInt32()));
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenOverview.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cancelDone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(("task.not_found", "task"), await Problem(unknown));
        Assert.Equal(1m, b2.GetProperty("totals")[0].GetProperty("quantity").GetDecimal());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pack_task_keeps_its_container_and_two_creates_racing_with_one_key_make_one_task(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);
        await AStock(admin);
        (await admin.PostAsJsonAsync("/api/v1/containers", new { location = "B1", code = "BOX1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/containers", new { location = "B1", code = "BOX2" })).EnsureSuccessStatusCode();

        Task<HttpResponseMessage> CreatePack()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tasks") { Content = JsonContent.Create(new { kind = "pack", units = Units("S1"), container = "BOX1" }) };
            request.Headers.Add("Idempotency-Key", "pack-s1");
            return manager.SendAsync(request);
        }
        var created = await Task.WhenAll(CreatePack(), CreatePack());

        Assert.All(created, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var views = await Task.WhenAll(created.Select(Json));
        var number = views[0].GetProperty("task").GetProperty("number").GetString()!;
        Assert.Equal(number, views[1].GetProperty("task").GetProperty("number").GetString());
        Assert.Equal(1, (await manager.GetFromJsonAsync<JsonElement>("/api/v1/tasks")).GetArrayLength());
        Assert.Equal("BOX1", views[0].GetProperty("lines")[0].GetProperty("toContainer").GetString());

        var at = await Json(await Scan(op, number, "B1"));
        var took = await Json(await Scan(op, number, "S1", at.GetProperty("trip")));
        var wrongBox = await Scan(op, number, "BOX2", took.GetProperty("trip"));
        var packed = await Scan(op, number, "BOX1", took.GetProperty("trip"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongBox.StatusCode);
        Assert.Equal(("task.wrong_container", "code"), await Problem(wrongBox));
        Assert.Equal("done", (await Json(packed)).GetProperty("next").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_count_is_blind_for_the_counter_and_reconciles_into_an_adjustment(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);
        await AStock(admin);

        var number = (await Json(await manager.PostAsJsonAsync("/api/v1/tasks", new { kind = "count", location = "B1" }))).GetProperty("task").GetProperty("number").GetString()!;
        var blind = await op.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{number}");
        var seen = await manager.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{number}");
        var at = await Json(await Scan(op, number, "B1"));
        await Scan(op, number, "S1", at.GetProperty("trip"));
        await Scan(op, number, "S2", at.GetProperty("trip"));
        var twice = await Scan(op, number, "S2", at.GetProperty("trip"));
        var reconciled = await op.PostAsync($"/api/v1/tasks/{number}/reconcile", null);
        var again = await op.PostAsync($"/api/v1/tasks/{number}/reconcile", null);

        Assert.False(blind.GetProperty("lines")[0].TryGetProperty("serial", out _));
        Assert.False(blind.GetProperty("lines")[0].TryGetProperty("quantity", out _));
        Assert.Equal("S1", seen.GetProperty("lines")[0].GetProperty("serial").GetString());
        Assert.Equal(("task.already_counted", "code"), await Problem(twice));
        Assert.Equal(HttpStatusCode.OK, reconciled.StatusCode);
        var result = await Json(reconciled);
        Assert.Equal(1, result.GetProperty("lost").GetInt32());
        Assert.Equal(1, result.GetProperty("eventIds").GetArrayLength());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(("task.closed", "task"), await Problem(again));
        var lost = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/events/{result.GetProperty("eventIds")[0].GetInt64()}");
        Assert.Equal("operator", lost.GetProperty("actor").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Create_tasks_is_a_bulk_action_with_a_preview_and_a_confirm_that_returns_the_task_number(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AStock(admin);
        (await admin.PostAsJsonAsync("/api/v1/groups", new { name = "bin-one", filter = new { location = "B1" } })).EnsureSuccessStatusCode();

        var preview = await Json(await admin.PostAsJsonAsync("/api/v1/groups/bin-one/actions/task/preview", new { to = "B2" }));
        var confirmed = await admin.PostAsJsonAsync("/api/v1/groups/bin-one/actions/task/confirm", new { to = "B2", expectedCount = 3, assignee = "operator", priority = 2 });

        Assert.Equal(3, preview.GetProperty("affected").GetInt64());
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var number = (await Json(confirmed)).GetProperty("taskNumber").GetString();
        var task = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/tasks/{number}");
        Assert.Equal(("operator", 2, 3), (task.GetProperty("task").GetProperty("assignee").GetString(), task.GetProperty("task").GetProperty("priority").GetInt32(), task.GetProperty("lines").GetArrayLength()));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ReturnsApiTests
{
    static async Task AWorld(HttpClient admin, params string[] serials)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial", handlingInstructions = "Fragile." })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "Q", name = "Quarantine", kind = "quarantine", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "ACME", name = "Acme", role = "customer" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials, location = "B1" })).EnsureSuccessStatusCode();
    }

    // Shipping is written elsewhere at the same time: the unit goes to the customer the way a process
    // would (one event, UnitBatch.ApplyAsync, one transaction), not by editing tables.
    static async Task AtCustomer(TestApp app, string serial)
    {
        await using var db = app.Db.NewContext();
        var party = await db.Parties.SingleAsync(p => p.Code == "ACME");
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        var units = await UnitBatch.LoadAsync(db, sql, [new UnitRef("A1", serial)], "units", default);
        var ev = EventLog.New(EventType.Shipped, EventAction.Observe, "shipping", "in_transit", Actor.System, new EventContext(), TimeProvider.System);
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        await UnitBatch.ApplyAsync(sql, ev.Id, [new UnitChange(units[0], new UnitTarget(UnitStatus.AtCustomer, units[0].Stage, null, null, party.Id, DateTimeOffset.UtcNow))], DateTimeOffset.UtcNow, default);
        await tx.CommitAsync();
    }

    static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_return_is_received_and_restocked_over_the_api_and_a_second_receipt_is_a_422_naming_the_unit(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AWorld(admin, "S1");
        await AtCustomer(app, "S1");
        (await admin.PostAsJsonAsync("/api/v1/returns", new { party = "ACME", lines = new[] { new { product = "A1", quantity = 1, serial = "S1", reason = "dead on arrival" } } })).EnsureSuccessStatusCode();
        using var op = app.Client(Role.Operator);
        var unit = new { product = "A1", serial = "S1" };

        var received = await op.PostAsJsonAsync("/api/v1/returns/RMA-000001/receive", new { location = "Q", units = new[] { unit } });
        var again = await op.PostAsJsonAsync("/api/v1/returns/RMA-000001/receive", new { location = "Q", units = new[] { unit } });
        var decided = await op.PostAsJsonAsync("/api/v1/returns/RMA-000001/decide", new { disposition = "restock", location = "B1", units = new[] { unit } });

        Assert.Equal(HttpStatusCode.Created, received.StatusCode);
        Assert.Equal("returned", (await received.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        var problem = await Problem(again);
        Assert.Equal(("return.already_received", "units[0]"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        var now = Assert.Single((await op.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1")).EnumerateArray());
        Assert.Equal(("available", "B1"), (now.GetProperty("status").GetString(), now.GetProperty("location").GetString()));
        var rma = await op.GetFromJsonAsync<JsonElement>("/api/v1/returns/RMA-000001");
        Assert.Equal("restock", rma.GetProperty("lines")[0].GetProperty("disposition").GetString());
    }

    [Fact]
    public async Task A_hold_is_listed_and_released_by_id_and_an_unknown_reason_code_is_a_400_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin, "S1");
        using var op = app.Client(Role.Operator);

        var held = await op.PostAsJsonAsync("/api/v1/holds", new { reason = "QA check", units = new[] { new { product = "A1", serial = "S1" } } });
        var open = await op.GetFromJsonAsync<JsonElement>("/api/v1/holds");
        var id = open[0].GetProperty("id").GetInt64();
        var released = await op.PostAsJsonAsync($"/api/v1/holds/{id}/release", new { reason = "passed" });
        var twice = await op.PostAsJsonAsync($"/api/v1/holds/{id}/release", new { reason = "passed" });
        var badCode = await op.PostAsJsonAsync("/api/v1/adjustments", new { reasonCode = "stolen", units = new[] { new { product = "A1", serial = "S1" } } });
        using var viewer = app.Client(Role.Viewer);
        var forbidden = await viewer.PostAsJsonAsync("/api/v1/holds", new { reason = "x", locations = new[] { "WH1" } });

        Assert.Equal(HttpStatusCode.Created, held.StatusCode);
        Assert.Equal(("unit", "A1 S1", "Fragile."), (open[0].GetProperty("kind").GetString(), open[0].GetProperty("what").GetString(), open[0].GetProperty("handlingInstructions").GetString()));
        Assert.Equal(HttpStatusCode.Created, released.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Equal("hold.released", (await Problem(twice)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badCode.StatusCode);
        Assert.Equal("reasonCode", (await Problem(badCode)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var unit = Assert.Single((await op.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1")).EnumerateArray());
        Assert.Equal("available", unit.GetProperty("status").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_and_a_location_answer_as_of_a_moment_before_the_unit_was_lost(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AWorld(admin, "S1");
        await Task.Delay(20);
        var before = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        (await admin.PostAsJsonAsync("/api/v1/adjustments", new { reasonCode = "lost", units = new[] { new { product = "A1", serial = "S1" } } })).EnsureSuccessStatusCode();
        var id = Assert.Single((await admin.GetFromJsonAsync<JsonElement>("/api/v1/units/by-serial/S1")).EnumerateArray()).GetProperty("id").GetInt64();
        var wh1 = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/locations?q=WH1")).GetProperty("items")[0].GetProperty("id").GetInt64();
        var asOf = Uri.EscapeDataString(before.ToString("O"));

        var then = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/units/{id}?asOf={asOf}");
        var now = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/units/{id}");
        var contentsThen = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/locations/{wh1}/contents?asOf={asOf}");
        var contentsNow = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/locations/{wh1}/contents");
        var beforeItExisted = await admin.GetAsync($"/api/v1/units/{id}?asOf=2000-01-01T00:00:00Z");

        Assert.Equal(("available", "B1"), (then.GetProperty("status").GetString(), then.GetProperty("location").GetString()));
        Assert.Equal("lost", now.GetProperty("status").GetString());
        Assert.Equal("S1", Assert.Single(contentsThen.GetProperty("units").EnumerateArray()).GetProperty("serial").GetString());
        Assert.Empty(contentsNow.GetProperty("units").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, beforeItExisted.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Trace;

public sealed class TraceApiTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_backward_trace_of_a_serial_lists_its_component_unit_and_lot_with_the_edges_to_draw(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        await using (var db = app.Db.NewContext())
        {
            await TraceSample.CreateAsync(db);
        }
        using var viewer = app.Client(Role.Viewer);

        var r = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/trace?id=PC-1&direction=backward");

        Assert.Equal("backward", r.GetProperty("direction").GetString());
        var units = r.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(["PC-1", "C1"], units.Select(u => u.GetProperty("serial").GetString()));
        Assert.Equal(("PC", "available", "LINE1"), (units[0].GetProperty("product").GetString(), units[0].GetProperty("status").GetString(), units[0].GetProperty("location").GetString()));
        Assert.Equal("https://id.gs1.org/01/09506000134352/21/PC-1", units[0].GetProperty("epc").GetString());
        var lot = Assert.Single(r.GetProperty("lots").EnumerateArray());
        Assert.Equal(("PASTE", "P1", 5m, "g"), (lot.GetProperty("product").GetString(), lot.GetProperty("lot").GetString(), lot.GetProperty("quantity").GetDecimal(), lot.GetProperty("uom").GetString()));
        var edges = r.GetProperty("edges").EnumerateArray().ToList();
        Assert.Contains(edges, e => e.GetProperty("from").GetString() == $"lot:{lot.GetProperty("id").GetInt64()}" && e.GetProperty("kind").GetString() == "consumed" && e.GetProperty("quantity").GetDecimal() == 5m);
        Assert.Equal(JsonValueKind.Array, r.GetProperty("customers").ValueKind);
    }

    [Fact]
    public async Task A_forward_trace_from_a_lot_finds_the_assembly_and_where_it_is()
    {
        await using var app = await TestApp.StartAsync();
        await using (var db = app.Db.NewContext())
        {
            await TraceSample.CreateAsync(db);
        }
        using var viewer = app.Client(Role.Viewer);

        var r = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/trace?id=P1&direction=forward");
        var byOrder = await viewer.GetAsync("/api/v1/trace?order=MO-404&direction=forward");

        var unit = Assert.Single(r.GetProperty("units").EnumerateArray());
        Assert.Equal(("PC-1", "LINE1", 1), (unit.GetProperty("serial").GetString(), unit.GetProperty("location").GetString(), unit.GetProperty("depth").GetInt32()));
        Assert.Equal(100m, r.GetProperty("lots")[0].GetProperty("quantity").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, byOrder.StatusCode);
    }

    [Fact]
    public async Task A_bad_direction_a_missing_id_or_two_roots_are_400s_naming_the_field_and_an_unknown_id_is_a_404()
    {
        await using var app = await TestApp.StartAsync();
        using var viewer = app.Client(Role.Viewer);

        var direction = await viewer.GetAsync("/api/v1/trace?id=PC-1&direction=sideways");
        var missing = await viewer.GetAsync("/api/v1/trace?direction=forward");
        var two = await viewer.GetAsync("/api/v1/trace?id=PC-1&supplierLot=SL-1");
        var badTime = await viewer.GetAsync("/api/v1/trace?supplier=SUP&from=yesterday");
        var unknown = await viewer.GetAsync("/api/v1/trace?id=NOPE");

        await AssertProblem(direction, HttpStatusCode.BadRequest, "direction");
        await AssertProblem(missing, HttpStatusCode.BadRequest, "id");
        await AssertProblem(two, HttpStatusCode.BadRequest, "supplierLot");
        await AssertProblem(badTime, HttpStatusCode.BadRequest, "from");
        await AssertProblem(unknown, HttpStatusCode.NotFound, "id");
    }

    static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class ProductionApiTests
{
    // PC = CPU + 5 g of paste, built on LINE1; two CPUs and 100 g of paste in WH1; flour and cake for transformations.
    static async Task AFactory(HttpClient admin)
    {
        foreach (var p in new object[]
        {
            new { sku = "PC", name = "Computer", tracking = "serial" },
            new { sku = "CPU", name = "Processor", tracking = "serial" },
            new { sku = "PASTE", name = "Thermal paste", tracking = "lot", uom = "g" },
            new { sku = "FLOUR", name = "Flour", tracking = "lot", uom = "kg" },
            new { sku = "CAKE", name = "Cake mix", tracking = "lot", uom = "kg" },
        })
        {
            (await admin.PostAsJsonAsync("/api/v1/products", p)).EnsureSuccessStatusCode();
        }
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "LINE1", name = "Line 1", kind = "zone" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "CPU", serials = new[] { "C1", "C2" }, location = "WH1", stage = "raw_material" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "PASTE", lot = "P1", quantity = 100, location = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/lots/receive", new { product = "FLOUR", lot = "F1", quantity = 100, location = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/v1/products/PC/bom", new { components = new object[] { new { component = "CPU", quantity = 1 }, new { component = "PASTE", quantity = 5 } } })).EnsureSuccessStatusCode();
    }

    static object ABuild(string serial, string cpu) => new
    {
        station = "LINE1",
        product = "PC",
        builds = new[] { new { serial, components = new[] { new { product = "CPU", serial = cpu } }, lots = new[] { new { product = "PASTE", lot = "P1", quantity = 5, from = "WH1" } } } },
    };

    [Theory, OnSqlite, OnPostgres]
    public async Task Producing_answers_201_with_the_outputs_and_consuming_a_consumed_unit_again_is_422_naming_it(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AFactory(admin);
        using var op = app.Client(Role.Operator);

        var built = await op.PostAsJsonAsync("/api/v1/production/produce", ABuild("PC-1", "C1"));
        var again = await op.PostAsJsonAsync("/api/v1/production/produce", ABuild("PC-2", "C1"));

        Assert.Equal(HttpStatusCode.Created, built.StatusCode);
        var body = await built.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("PC-1", body.GetProperty("outputs")[0].GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var problem = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unit.consumed", problem.GetProperty("code").GetString());
        Assert.Equal("builds[0].components[0]", problem.GetProperty("field").GetString());
        var bom = await op.GetFromJsonAsync<JsonElement>("/api/v1/products/PC/bom");
        Assert.Equal(2, bom.GetProperty("components").GetArrayLength());
    }

    [Fact]
    public async Task A_viewer_cannot_produce_and_an_operator_cannot_change_a_bill_of_materials()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AFactory(admin);
        using var viewer = app.Client(Role.Viewer);
        using var op = app.Client(Role.Operator);

        var produce = await viewer.PostAsJsonAsync("/api/v1/production/produce", ABuild("PC-1", "C1"));
        var bom = await op.PutAsJsonAsync("/api/v1/products/PC/bom", new { components = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.Forbidden, produce.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, bom.StatusCode);
    }

    [Fact]
    public async Task A_transformation_beyond_the_mass_balance_warns_and_strict_refuses_it()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AFactory(admin);
        object Body(string lot, bool strict) => new
        {
            inputs = new[] { new { product = "FLOUR", lot = "F1", from = "WH1", quantity = 10 } },
            outputProduct = "CAKE",
            outputLot = lot,
            outputQuantity = 12,
            location = "WH1",
            strict,
        };

        var refused = await admin.PostAsJsonAsync("/api/v1/lots/transform", Body("CK1", true));
        var warned = await admin.PostAsJsonAsync("/api/v1/lots/transform", Body("CK1", false));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("mass_balance.exceeded", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Created, warned.StatusCode);
        var body = await warned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Mass balance", body.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tests_steps_stages_and_splits_answer_201_and_a_bad_subject_is_400_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AFactory(admin);
        var cpu = new[] { new { product = "CPU", serial = "C2" } };

        var test = await admin.PostAsJsonAsync("/api/v1/tests", new { test = "burn-in", passed = false, units = cpu, measurements = new { temp = 91.5, verdict = "hot" } });
        var start = await admin.PostAsJsonAsync("/api/v1/production/steps/start", new { operation = "solder", station = "LINE1", units = cpu });
        var finish = await admin.PostAsJsonAsync("/api/v1/production/steps/finish", new { operation = "solder", station = "LINE1", units = cpu });
        var stage = await admin.PostAsJsonAsync("/api/v1/units/stage", new { stage = "work_in_progress", units = cpu });
        var split = await admin.PostAsJsonAsync("/api/v1/lots/split", new { product = "FLOUR", lot = "F1", from = "WH1", quantity = 10, newLot = "F1-B" });
        var merge = await admin.PostAsJsonAsync("/api/v1/lots/merge", new { product = "FLOUR", inputs = new[] { new { product = "FLOUR", lot = "F1-B", from = "WH1", quantity = 10 } }, into = "F9", location = "WH1" });
        var none = await admin.PostAsJsonAsync("/api/v1/tests", new { test = "burn-in", passed = true });
        var blocked = await admin.PostAsJsonAsync("/api/v1/production/produce", ABuild("PC-1", "C2"));

        Assert.All(new[] { test, start, finish, stage, split, merge }, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("units", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal("unit.test_failed", (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}

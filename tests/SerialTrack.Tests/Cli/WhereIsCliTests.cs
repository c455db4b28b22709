using System.Text.Json;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class WhereIsCliTests
{
    [Fact]
    public async Task Where_prints_a_units_place_flags_a_wrong_one_and_exits_3_for_an_unknown_code()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2"], "WH1"), Actor.System, default);
        }
        var file = t.Target.SqlitePath!;

        var unit = await CliRun.RunAsync("where", "S1", "--at", "WH2", "--db", file);
        var location = await CliRun.RunAsync("where", "WH1", "--json", "--db", file);
        var unknown = await CliRun.RunAsync("where", "NOPE", "--db", file);

        Assert.Equal(0, unit.Code);
        Assert.Contains("A1 S1 is recorded at WH1", unit.Out, StringComparison.Ordinal);
        Assert.Equal(0, location.Code);
        var json = JsonDocument.Parse(location.Out).RootElement;
        Assert.Equal("WH1", json.GetProperty("locationCode").GetString());
        Assert.Equal(2m, json.GetProperty("totals")[0].GetProperty("quantity").GetDecimal());
        Assert.True(unknown.Code == 3, unknown.Err + unknown.Out);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Cli;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class ReturnsCliTests
{
    [Fact]
    public async Task Hold_and_release_from_the_command_line_put_a_unit_on_hold_and_back_and_a_refusal_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2"], "WH1"), Actor.System, default);
        }
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, ["S2", ""]);

        var hold = await Cli("hold", "S1", "--file", file, "--product", "A1", "--reason", "QA check", "--db", Db(t));
        var twice = await Cli("hold", "S1", "--product", "A1", "--reason", "again", "--db", Db(t));
        var release = await Cli("release", "S1", "--product", "A1", "--reason", "passed", "--db", Db(t));
        var lost = await Cli("adjust", "S2", "--product", "A1", "--reason-code", "lost", "--db", Db(t));
        File.Delete(file);

        Assert.Equal(0, hold.Code);
        Assert.Contains("held: event", hold.Out, StringComparison.Ordinal);
        Assert.Contains("2 unit(s)", hold.Out, StringComparison.Ordinal);
        Assert.Equal(1, twice.Code);
        Assert.Contains("hold.already_open", twice.Err, StringComparison.Ordinal);
        Assert.Equal(0, release.Code);
        Assert.Equal(0, lost.Code);
        await using var check = t.NewContext();
        var units = await check.Units.OrderBy(u => u.Serial).Select(u => u.Status).ToListAsync();
        Assert.Equal([UnitStatus.Available, UnitStatus.Lost], units);
    }

    static string Db(TestDb t) => CliRun.Db(t);

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

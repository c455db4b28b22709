using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class ReplenishmentCliTests
{
    [Fact]
    public async Task Rules_are_set_listed_run_and_removed_and_a_pack_task_is_created_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget", Tracking: TrackingMode.Serial), default);
            var locations = new LocationCatalog(db, TimeProvider.System);
            await locations.CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await locations.CreateAsync(new LocationInput("PICK", "Pick face", LocationKind.Bin, "WH1"), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2", "S3"], "WH1"), Actor.System, default);
            await new Packing(db, TimeProvider.System).CreateContainerAsync(new ContainerInput("WH1", "case", "BOX1"), Actor.System, default);
        }
        var file = t.Target.SqlitePath!;

        var refused = await CliRun.RunAsync("replenishment", "set", "--product", "A1", "--location", "PICK", "--min", "5", "--max", "2", "--db", file);
        var set = await CliRun.RunAsync("replenishment", "set", "--product", "A1", "--location", "PICK", "--min", "1", "--max", "2", "--db", file);
        var rules = await CliRun.RunAsync("replenishment", "rules", "--db", file);
        var run = await CliRun.RunAsync("replenishment", "run", "--db", file);
        var again = await CliRun.RunAsync("replenishment", "run", "--db", file);
        var pack = await CliRun.RunAsync("tasks", "create", "pack", "--container", "BOX1", "--product", "A1", "--serials", "S3", "--db", file);
        var remove = await CliRun.RunAsync("replenishment", "remove", "--product", "A1", "--location", "PICK", "--db", file);

        Assert.NotEqual(0, refused.Code);
        Assert.Contains("replenishment.min_above_max", refused.Err, StringComparison.Ordinal);
        Assert.True(set.Code == 0, set.Err);
        Assert.Contains("A1 at PICK: min 1, max 2; now 0.", set.Out, StringComparison.Ordinal);
        Assert.Contains("below min", rules.Out, StringComparison.Ordinal);
        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("A1 at PICK:  level 0 (min 1, max 2)  created  TSK-000001  planned 2", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 task(s) created", run.Out, StringComparison.Ordinal);
        Assert.Contains("task_open  TSK-000001", again.Out, StringComparison.Ordinal);
        Assert.True(pack.Code == 0, pack.Err);
        Assert.Contains("Created TSK-000002: Pack 1 unit into BOX1 (1 line(s)).", pack.Out, StringComparison.Ordinal);
        Assert.True(remove.Code == 0, remove.Err);
    }
}

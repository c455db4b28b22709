using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class TasksCliTests
{
    [Fact]
    public async Task Tasks_are_created_listed_shown_and_cancelled_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2"], "WH1"), Actor.System, default);
            await new Groups(db, TimeProvider.System).SaveAsync(new SaveGroupRequest("wh1", new GroupFilter { Location = "WH1" }), Actor.System, default);
        }
        var file = t.Target.SqlitePath!;

        var move = await CliRun.RunAsync("tasks", "create", "move", "--group", "wh1", "--to", "WH2", "--priority", "3", "--db", file);
        var count = await CliRun.RunAsync("tasks", "create", "count", "--location", "WH1", "--db", file);
        var refused = await CliRun.RunAsync("tasks", "create", "count", "--db", file);
        var list = await CliRun.RunAsync("tasks", "list", "--status", "open", "--db", file);
        var show = await CliRun.RunAsync("tasks", "show", "TSK-000001", "--db", file);
        var cancel = await CliRun.RunAsync("tasks", "cancel", "TSK-000002", "--db", file);
        var open = await CliRun.RunAsync("tasks", "list", "--status", "open", "--db", file);

        Assert.True(move.Code == 0, move.Err);
        Assert.Contains("Created TSK-000001: Move 2 units to WH2 (2 line(s)).", move.Out, StringComparison.Ordinal);
        Assert.Contains("Created TSK-000002: Count WH1", count.Out, StringComparison.Ordinal);
        Assert.NotEqual(0, refused.Code);
        Assert.Contains("task.count_scope", refused.Err, StringComparison.Ordinal);
        Assert.Contains("TSK-000002", list.Out, StringComparison.Ordinal);
        Assert.Contains("S2", show.Out, StringComparison.Ordinal);
        Assert.Contains("WH2", show.Out, StringComparison.Ordinal);
        Assert.True(cancel.Code == 0, cancel.Err);
        Assert.DoesNotContain("TSK-000002", open.Out, StringComparison.Ordinal);
        Assert.Contains("TSK-000001", open.Out, StringComparison.Ordinal);
    }
}

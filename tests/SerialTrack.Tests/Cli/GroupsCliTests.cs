using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class GroupsCliTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-groups-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static async Task<string> AStockAsync(TestDb t)
    {
        await using var db = t.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
        await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2", "X1"], "WH1"), Actor.System, default);
        return t.Target.SqlitePath!;
    }

    [Fact]
    public async Task Groups_are_saved_counted_exported_and_moved_only_with_yes()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        var file = await AStockAsync(t);
        var csv = Path.Combine(folder, "members.csv");

        var save = await CliRun.RunAsync("groups", "save", "s-units", "--serial", "S", "--location", "WH1", "--db", file);
        var count = await CliRun.RunAsync("groups", "count", "s-units", "--db", file);
        var members = await CliRun.RunAsync("groups", "members", "s-units", "--csv", "--out", csv, "--db", file);
        var preview = await CliRun.RunAsync("groups", "move", "s-units", "--to", "WH2", "--db", file);
        var move = await CliRun.RunAsync("groups", "move", "s-units", "--to", "WH2", "--yes", "--db", file);
        var list = await CliRun.RunAsync("groups", "list", "--db", file);

        Assert.True(save.Code == 0, save.Err);
        Assert.Equal("2", count.Out.Trim());
        Assert.Equal(0, members.Code);
        Assert.Equal(3, (await File.ReadAllLinesAsync(csv)).Length);
        Assert.Contains("move: 2 of 2 member(s) affected.", preview.Out, StringComparison.Ordinal);
        Assert.Contains("Nothing done", preview.Out, StringComparison.Ordinal);
        Assert.True(move.Code == 0, move.Err);
        Assert.Contains("Done: move 2 unit(s)", move.Out, StringComparison.Ordinal);
        Assert.Contains("s-units", list.Out, StringComparison.Ordinal);
        Assert.Contains(" 0  ", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tags_are_added_to_units_once_and_listed_with_counts()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        var file = await AStockAsync(t);

        var add = await CliRun.RunAsync("tags", "add", "demo", "--product", "A1", "--serials", "S1", "X1", "--db", file);
        var again = await CliRun.RunAsync("tags", "add", "demo", "--product", "A1", "--serials", "S1", "--db", file);
        var list = await CliRun.RunAsync("tags", "list", "--db", file);
        var unknown = await CliRun.RunAsync("tags", "add", "demo", "--product", "A1", "--serials", "NOPE", "--db", file);

        Assert.Contains("Tagged 2 unit(s)", add.Out, StringComparison.Ordinal);
        Assert.Contains("Tagged 0 unit(s)", again.Out, StringComparison.Ordinal);
        Assert.Contains("2 unit(s)", list.Out, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("unit.not_found", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_print_with_a_group_labels_its_members()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        var file = await AStockAsync(t);
        var output = Path.Combine(folder, "labels.zpl");
        await CliRun.RunAsync("groups", "save", "s-units", "--serial", "S", "--db", file);

        var run = await CliRun.RunAsync("labels", "print", "--template", "unit", "--group", "s-units", "--to", "zpl", "--out", output, "--db", file);

        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("Wrote 2 label(s)", run.Out, StringComparison.Ordinal);
        var zpl = await File.ReadAllTextAsync(output);
        Assert.Contains("S2", zpl, StringComparison.Ordinal);
        Assert.DoesNotContain("X1", zpl, StringComparison.Ordinal);
    }
}

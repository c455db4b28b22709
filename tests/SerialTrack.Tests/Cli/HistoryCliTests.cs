using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Events;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class HistoryCliTests
{
    [Fact]
    public async Task History_from_the_command_line_shows_a_table_writes_every_match_as_csv_and_a_bad_prefix_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["SN-1", "SN-2"], "WH1", Context: new EventContext(Notes: "first, \"good\" batch")), Actor.System, default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["TX-1"], "WH1"), Actor.System, default);
        }
        var file = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.csv");

        var table = await CliRun.RunAsync("history", "--serial", "SN*", "--db", CliRun.Db(t));
        var csv = await CliRun.RunAsync("history", "--product", "A1", "--csv", file, "--db", CliRun.Db(t));
        var bad = await CliRun.RunAsync("history", "--serial", "S*", "--db", CliRun.Db(t));

        Assert.True(table.Code == 0, table.Err + table.Out);
        Assert.Contains("A1 SN-1", table.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("TX-1", table.Out, StringComparison.Ordinal);
        Assert.Equal(0, csv.Code);
        Assert.Contains("Exported 2 events", csv.Out, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(file);
        File.Delete(file);
        Assert.Equal(3, lines.Length);
        Assert.Contains(",\"first, \"\"good\"\" batch\",", lines[2], StringComparison.Ordinal);
        Assert.Equal(1, bad.Code);
        Assert.Contains("history.prefix_too_short", bad.Err, StringComparison.Ordinal);
    }
}

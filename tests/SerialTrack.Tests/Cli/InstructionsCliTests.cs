using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class InstructionsCliTests
{
    [Fact]
    public async Task Substitutes_replacements_and_a_blocking_instruction_acknowledged_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("B1", "Widget B"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH2", "Overflow", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1"], "WH1"), Actor.System, default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("B1", ["T1"], "WH2"), Actor.System, default);
        }
        var file = t.Target.SqlitePath!;

        var declared = await CliRun.RunAsync("substitutes", "add", "A1", "B1", "--note", "rev B", "--db", file);
        var replacement = await CliRun.RunAsync("replacement", "--unit", "S1", "--db", file);
        var added = await CliRun.RunAsync("instructions", "add", "Check the seal", "--product", "A1", "--severity", "blocking", "--process", "move", "--db", file);
        var listed = await CliRun.RunAsync("instructions", "list", "--product", "A1", "--db", file);
        var id = listed.Out.Split('\t')[0].Trim();
        var acked = await CliRun.RunAsync("instructions", "ack", id, "--product", "A1", "--serial", "S1", "--db", file);
        var unknown = await CliRun.RunAsync("instructions", "ack", "999", "--product", "A1", "--serial", "S1", "--db", file);
        var badSeverity = await CliRun.RunAsync("instructions", "add", "Check", "--product", "A1", "--severity", "urgent", "--db", file);

        Assert.True(declared.Code == 0, declared.Err);
        Assert.Contains("B1\tWH2", replacement.Out, StringComparison.Ordinal);
        Assert.True(added.Code == 0, added.Err);
        Assert.Contains("blocking\tmove\tCheck the seal", listed.Out, StringComparison.Ordinal);
        Assert.True(acked.Code == 0, acked.Err);
        Assert.Contains("1 unit(s)", acked.Out, StringComparison.Ordinal);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("instruction.not_found", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(1, badSeverity.Code);
        Assert.Contains("severity 'urgent' is not one of: info, warning, blocking.", badSeverity.Err, StringComparison.Ordinal);
    }
}

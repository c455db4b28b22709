using System.Text.Json;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Trace;

[Collection("Console")]
public sealed class TraceCliTests
{
    [Fact]
    public async Task Trace_on_the_command_line_prints_the_tree_and_tables_or_the_apis_json_and_an_unknown_id_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await TraceSample.CreateAsync(db);
        }

        var backward = await CliRun.RunAsync("trace", "PC-1", "--backward", "--db", CliRun.Db(t));
        var forward = await CliRun.RunAsync("trace", "P1", "--forward", "--json", "--db", CliRun.Db(t));
        var unknown = await CliRun.RunAsync("trace", "NOPE", "--db", CliRun.Db(t));

        Assert.Equal(0, backward.Code);
        Assert.Contains("PASTE lot P1 (5)", backward.Out, StringComparison.Ordinal);
        Assert.Contains("CPU C1", backward.Out, StringComparison.Ordinal);
        Assert.Contains("2 unit(s), 1 lot(s)", backward.Out, StringComparison.Ordinal);
        Assert.Equal(0, forward.Code);
        var json = JsonDocument.Parse(forward.Out).RootElement;
        Assert.Equal("forward", json.GetProperty("direction").GetString());
        Assert.Equal("PC-1", json.GetProperty("units")[0].GetProperty("serial").GetString());
        Assert.Equal(1, unknown.Code);
        Assert.Contains("trace.not_found", unknown.Err, StringComparison.Ordinal);
    }
}

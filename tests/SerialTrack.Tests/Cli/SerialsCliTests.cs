using SerialTrack.Cli;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class SerialsCliTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-serials-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Gs1_parse_json_lists_the_ais_in_order()
    {
        var run = await Cli("gs1", "parse", "(01)09506000134352(21)ABC", "--json");

        Assert.Equal(0, run.Code);
        Assert.Equal("""{"ok":true,"ais":[{"ai":"01","value":"09506000134352"},{"ai":"21","value":"ABC"}]}""", run.Out.Trim());
    }

    [Fact]
    public async Task Gs1_parse_of_a_bad_check_digit_exits_with_code_2_and_says_why()
    {
        var run = await Cli("gs1", "parse", "(01)09506000134353", "--json");

        Assert.Equal(Gs1Commands.InvalidExitCode, run.Code);
        Assert.StartsWith("""{"ok":false,"error":{"code":""", run.Out, StringComparison.Ordinal);
        Assert.Contains("should be 2", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_exits_0_for_a_known_unit_and_3_for_an_unknown_code()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await AWidget(t, ["S1"]);

        var known = await Cli("scan", "S1", "--db", Db(t));
        var unknown = await Cli("scan", "NOPE", "--db", Db(t));
        var json = await Cli("scan", "S1", "--json", "--db", Db(t));

        Assert.Equal(0, known.Code);
        Assert.Contains("A1 S1 — Widget", known.Out, StringComparison.Ordinal);
        Assert.Contains("state: available, finished_good at WH1", known.Out, StringComparison.Ordinal);
        Assert.Contains("Handling: Fragile.", known.Out, StringComparison.Ordinal);
        Assert.Equal(ScanCommand.UnknownExitCode, unknown.Code);
        Assert.Contains("Nothing known has the code 'NOPE'", unknown.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        Assert.Contains("\"kind\":\"unit\"", json.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serials_reserve_writes_one_csv_line_per_serial_from_the_scheme_assigned_on_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await AWidget(t, []);
        var csv = Path.Combine(folder, "labels.csv");

        var add = await Cli("schemes", "add", "plain", "{SKU}-{SEQ:4}{CHECK:luhn}", "--db", Db(t));
        var assign = await Cli("schemes", "assign", "--product", "A1", "--scheme", "plain", "--db", Db(t));
        var reserve = await Cli("serials", "reserve", "--product", "A1", "--count", "25", "--reference", "WO-1", "--out", csv, "--db", Db(t));
        var list = await File.ReadAllLinesAsync(csv);
        var decode = await Cli("serials", "decode", list[1].Split(',')[1], "--product", "A1", "--db", Db(t));
        var typo = await Cli("serials", "decode", list[1].Split(',')[1][..^1] + "X", "--product", "A1", "--db", Db(t));

        Assert.Equal((0, 0, 0), (add.Code, assign.Code, reserve.Code));
        Assert.Contains("Reserved 25 serial(s) of A1", reserve.Out, StringComparison.Ordinal);
        Assert.Equal(26, list.Length);
        Assert.Equal("product,serial", list[0]);
        Assert.All(list.Skip(1), l => Assert.StartsWith("A1,A1-", l, StringComparison.Ordinal));
        Assert.Equal(0, decode.Code);
        Assert.Contains("sequence 1", decode.Out, StringComparison.Ordinal);
        Assert.Equal(SerialsCommands.InvalidExitCode, typo.Code);
    }

    [Fact]
    public async Task Serials_import_reports_rejects_by_line_on_stderr_and_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await AWidget(t, ["OLD"]);
        var file = Path.Combine(folder, "serials.txt");
        await File.WriteAllTextAsync(file, "N1\nN2\nOLD\nN2\nN 5\nN6\n");

        var run = await Cli("serials", "import", file, "--product", "A1", "--to", "units", "--location", "WH1", "--db", Db(t));

        Assert.Equal(1, run.Code);
        Assert.Contains("line 3: serial: Serial 'OLD': a unit with this serial exists.", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 4: serial: Serial 'N2' appears earlier in the list.", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: serial:", run.Err, StringComparison.Ordinal);
        Assert.Contains("units: 3 imported, 3 rejected", run.Out, StringComparison.Ordinal);
    }

    static async Task AWidget(TestDb t, string[] serials)
    {
        await using var db = t.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget", HandlingInstructions: "Fragile."), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
        if (serials.Length > 0)
        {
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", serials, "WH1"), Actor.System, default);
        }
    }

    static string Db(TestDb t) => CliRun.Db(t);

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

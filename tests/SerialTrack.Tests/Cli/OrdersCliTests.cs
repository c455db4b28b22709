using SerialTrack.Core.Catalog;
using SerialTrack.Core.Parties;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class OrdersCliTests
{
    [Fact]
    public async Task Orders_create_from_lines_then_show_prints_the_lines_and_a_bad_line_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("P1", "Part", Tracking: TrackingMode.Serial), default);
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("RESIN", "Resin", Tracking: TrackingMode.Lot, Uom: "kg"), default);
            await new PartyCatalog(db, TimeProvider.System).CreateAsync(new PartyInput("SUP", "Supplier", PartyRole.Supplier), default);
        }

        var created = await CliRun.RunAsync("orders", "create", "--kind", "purchase", "--party", "SUP", "--line", "P1, 5", "--line", "RESIN, 12.5, SL-1", "--db", CliRun.Db(t));
        var shown = await CliRun.RunAsync("orders", "show", "PO-000001", "--kind", "purchase", "--db", CliRun.Db(t));
        var bad = await CliRun.RunAsync("orders", "create", "--kind", "purchase", "--party", "SUP", "--line", "P1, five", "--db", CliRun.Db(t));

        Assert.Equal(0, created.Code);
        Assert.StartsWith("Purchase order PO-000001: open, 0", created.Out, StringComparison.Ordinal);
        Assert.Equal(0, shown.Code);
        Assert.Contains("1. P1             0/5 ea", shown.Out, StringComparison.Ordinal);
        Assert.Contains("2. RESIN          0/12.5 kg  SL-1", shown.Out, StringComparison.Ordinal);
        Assert.Equal(1, bad.Code);
        Assert.Contains("field lines[0]", bad.Err, StringComparison.Ordinal);
    }
}

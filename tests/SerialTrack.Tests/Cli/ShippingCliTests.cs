using Microsoft.EntityFrameworkCore;
using SerialTrack.Cli;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class ShippingCliTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-ship-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Settings_pack_a_new_pallet_and_ship_an_order_from_a_serials_file()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        string order;
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new PartyCatalog(db, TimeProvider.System).CreateAsync(new PartyInput("ACME", "Acme Corp"), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["S1", "S2", "S3"], "WH1"), Actor.System, default);
            order = (await new OrderBook(db, TimeProvider.System).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("A1", 3)]), Actor.System, default)).Number;
        }
        var db2 = t.Target.SqlitePath!;
        var file = Path.Combine(folder, "serials.txt");
        await File.WriteAllLinesAsync(file, ["A1,S3", "# a comment", "S1"]);

        var noPrefix = await Cli("pack", "--new", "pallet", "--location", "WH1", "--db", db2);
        var set = await Cli("settings", "set", "gs1.company_prefix", "0614141", "--db", db2);
        var pack = await Cli("pack", "--new", "pallet", "--location", "WH1", "--product", "A1", "--serial", "S1", "--serial", "S2", "--db", db2);
        var ship = await Cli("ship", "--order", order, "--product", "A1", "--serials", file, "--db", db2);

        Assert.Equal(1, noPrefix.Code);
        Assert.Contains("sscc.no_company_prefix", noPrefix.Err, StringComparison.Ordinal);
        Assert.Equal(0, set.Code);
        Assert.Equal(0, pack.Code);
        Assert.Contains("pallet 006141410000000012 SSCC 006141410000000012 at WH1: 2 unit(s)", pack.Out, StringComparison.Ordinal);
        Assert.Equal(0, ship.Code);
        Assert.Contains($"Shipped 2 unit(s) and 0 lot quantity(ies) on {order}", ship.Out, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(["S1", "S3"], await check.Units.Where(u => u.Status == UnitStatus.AtCustomer).OrderBy(u => u.Serial).Select(u => u.Serial).ToListAsync());
    }

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

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
public sealed class ProductionCliTests
{
    [Fact]
    public async Task Produce_and_lots_transform_run_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            var clock = TimeProvider.System;
            var catalog = new ProductCatalog(db, clock);
            await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial), default);
            await catalog.CreateAsync(new ProductInput("CPU", "Processor", Tracking: TrackingMode.Serial), default);
            await catalog.CreateAsync(new ProductInput("SUGAR", "Sugar", Tracking: TrackingMode.Lot, Uom: "g"), default);
            await catalog.CreateAsync(new ProductInput("SYRUP", "Syrup", Tracking: TrackingMode.Lot, Uom: "kg"), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("CPU", ["C1"], "WH1"), Actor.System, default);
            await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("SUGAR", "S1", 5000, "WH1"), Actor.System, default);
        }
        var path = t.Target.SqlitePath ?? t.Target.ConnectionString;

        var bom = await Cli("bom", "set", "PC", "--component", "CPU=1", "--db", path);
        var produce = await Cli("produce", "--station", "WH1", "--product", "PC", "--serial", "PC-1", "--component", "CPU=C1", "--db", path);
        var transform = await Cli("lots", "transform", "--input", "SUGAR:S1@WH1=2kg", "--output", "SYRUP:SY1=2.5kg", "--location", "WH1", "--db", path);
        var refused = await Cli("produce", "--station", "WH1", "--product", "PC", "--serial", "PC-2", "--component", "CPU=C1", "--db", path);

        Assert.Equal(0, bom.Code);
        Assert.Equal(0, produce.Code);
        Assert.Contains("PC-1", produce.Out, StringComparison.Ordinal);
        Assert.Equal(0, transform.Code);
        Assert.Contains("warning: Mass balance", transform.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.Code);
        Assert.Contains("unit.consumed", refused.Err, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(3000m, await check.LotBalances.Where(b => check.Lots.Any(l => l.Id == b.LotId && l.Code == "S1")).Select(b => b.Quantity).SingleAsync());
    }

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Cli;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class ReceivingCliTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-receive-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Receive_takes_a_csv_of_serials_in_batches_against_an_order_and_refuses_an_over_receipt_with_exit_code_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("DOCK", "Dock", LocationKind.Zone), default);
            await new PartyCatalog(db, TimeProvider.System).CreateAsync(new PartyInput("ACME", "Acme", PartyRole.Supplier), default);
            await new OrderBook(db, TimeProvider.System).CreateAsync(new OrderInput(OrderKind.Purchase, "ACME", [new OrderLineInput("A1", 5)]), Actor.System, default);
        }
        var file = Path.Combine(folder, "serials.csv");
        await File.WriteAllLinesAsync(file, ["product,serial", "A1,S1", "A1,S2", "A1,S3", "A1,S4", "A1,S5"]);
        var more = Path.Combine(folder, "more.txt");
        await File.WriteAllLinesAsync(more, ["S6"]);
        var db2 = t.Target.SqlitePath!;

        var run = await Cli("receive", "--order", "PO-000001", "--location", "DOCK", "--product", "A1", "--serials", file, "--batch", "2", "--db", db2);
        var over = await Cli("receive", "--order", "PO-000001", "--location", "DOCK", "--product", "A1", "--serials", more, "--db", db2);

        Assert.Equal(0, run.Code);
        Assert.Contains("Received 5 unit(s) of A1 in 3 receipt(s) against PO-000001, now completed", run.Out, StringComparison.Ordinal);
        Assert.Equal(1, over.Code);
        Assert.Contains("receipt.over_receipt", over.Err, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(5, await check.Units.CountAsync());
        Assert.Equal(3, await check.Events.CountAsync());
        Assert.Equal(OrderStatus.Completed, (await check.Orders.SingleAsync()).Status);
    }

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

using System.CommandLine;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;

namespace SerialTrack.Cli;

// `serialtrack return receive|decide`, `hold`, `release`, `adjust`, `scrap`: the same services as the API
// and the scan pages. Serials come as arguments or one per line from --file (for lists of thousands).
public static class ReturnsCommands
{
    static Actor CliActor => new(null, "cli:" + Environment.UserName);

    static readonly Argument<string[]> Serials = new("serials") { Description = "Serial numbers of units of --product", Arity = ArgumentArity.ZeroOrMore };
    static readonly Option<string?> Product = new("--product") { Description = "SKU of the units' or lots' product" };
    static readonly Option<string?> File = new("--file") { Description = "A file with one serial per line (added to the arguments)" };
    static readonly Option<string[]> Lots = new("--lot") { Description = "Lot code of --product (repeatable)", AllowMultipleArgumentsPerToken = false };
    static readonly Option<string?> Key = new("--idempotency-key") { Description = "Run it once: a retry with the same key does nothing new" };

    public static IEnumerable<Command> Create() => [Return(), Hold(), Release(), Adjust(), Scrap()];

    static Command Return()
    {
        var rma = new Argument<string>("rma") { Description = "RMA number, e.g. RMA-000001" };
        var location = new Option<string>("--location") { Description = "Quarantine location the return arrives in (receive), or where restocked stock goes (decide)" };
        var quantity = new Option<decimal?>("--quantity") { Description = "Returned lot quantity (with --lot)" };
        var receive = new Command("receive", "Receive returned units (or a lot quantity) of an RMA into quarantine") { rma, Serials, Product, File, Lots, quantity, location, Key };
        receive.SetAction((r, ct) => Run(r, ct, (db, units) => new Returns(db, TimeProvider.System).ReceiveReturnAsync(
            new ReceiveReturnRequest(r.GetValue(rma)!, r.GetValue(location)!, units, LotRefs(r, r.GetValue(quantity) ?? 0), Context(r)), CliActor, ct)));

        var disposition = new Option<string>("--disposition") { Description = "restock, repair, return_to_supplier or scrap", Required = true };
        disposition.AcceptOnlyFromAmong("restock", "repair", "return_to_supplier", "scrap");
        var supplier = new Option<string?>("--supplier") { Description = "Supplier code (return_to_supplier)" };
        var decide = new Command("decide", "Record inspection's decision for returned units or lots") { rma, Serials, Product, File, Lots, disposition, location, supplier, Key };
        decide.SetAction((r, ct) => Run(r, ct, (db, units) => new Returns(db, TimeProvider.System).DecideAsync(
            new DecideReturnRequest(r.GetValue(rma)!, Enum.Parse<ReturnDisposition>(r.GetValue(disposition)!.Replace("_", ""), ignoreCase: true), units, LotRefs(r, 0),
                r.GetValue(location), r.GetValue(supplier), Context(r)), CliActor, ct)));
        return new Command("return", "Returns against an RMA: receive into quarantine, decide") { receive, decide };
    }

    static Command Hold()
    {
        var reason = new Option<string>("--reason") { Description = "Why (required)", Required = true };
        var locations = new Option<string[]>("--location") { Description = "Location code to hold with everything in it (repeatable)" };
        var hold = new Command("hold", "Put units, lots or locations on hold") { Serials, Product, File, Lots, locations, reason, Key };
        hold.SetAction((r, ct) => Run(r, ct, (db, units) => new Holds(db, TimeProvider.System).HoldAsync(
            new HoldRequest(r.GetValue(reason)!, units, LotRefs(r, 0), r.GetValue(locations), Context(r)), CliActor, ct)));
        return hold;
    }

    static Command Release()
    {
        var reason = new Option<string>("--reason") { Description = "Why (required)", Required = true };
        var locations = new Option<string[]>("--location") { Description = "Location code to release (repeatable)" };
        var holds = new Option<long[]>("--hold") { Description = "Hold id to release (repeatable)" };
        var release = new Command("release", "Release holds on units, lots or locations; a unit goes back to the status it had before") { Serials, Product, File, Lots, locations, holds, reason, Key };
        release.SetAction((r, ct) => Run(r, ct, (db, units) => new Holds(db, TimeProvider.System).ReleaseAsync(
            new ReleaseRequest(r.GetValue(reason)!, r.GetValue(holds), units, LotRefs(r, 0), r.GetValue(locations), Context(r)), CliActor, ct)));
        return release;
    }

    static Command Adjust()
    {
        var code = new Option<string>("--reason-code") { Description = string.Join(", ", Adjustments.ReasonCodes), Required = true };
        code.AcceptOnlyFromAmong([.. Adjustments.ReasonCodes]);
        var note = new Option<string?>("--note") { Description = "What happened" };
        var location = new Option<string?>("--location") { Description = "Where found units are (found), or the lot's location (lots)" };
        var quantity = new Option<decimal?>("--quantity") { Description = "Lot quantity: signed for count_correction (-3 = three fewer)" };
        var adjust = new Command("adjust", "Correct the books: units found, lost or damaged; lot quantities counted, found, lost or damaged") { Serials, Product, File, Lots, code, note, location, quantity, Key };
        adjust.SetAction((r, ct) => Run(r, ct, (db, units) =>
        {
            var lots = (r.GetValue(Lots) ?? []).Select(l => new LotAdjustment(Sku(r), l, r.GetValue(location) ?? "", r.GetValue(quantity) ?? 0)).ToList();
            return new Adjustments(db, TimeProvider.System).AdjustAsync(new AdjustRequest(r.GetValue(code)!, r.GetValue(note), units, lots, r.GetValue(location), Context(r)), CliActor, ct);
        }));
        return adjust;
    }

    static Command Scrap()
    {
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var from = new Option<string?>("--from") { Description = "Location of the lot quantity" };
        var quantity = new Option<decimal?>("--quantity") { Description = "Lot quantity to scrap" };
        var scrap = new Command("scrap", "Scrap (destroy) units or lot quantities") { Serials, Product, File, Lots, from, quantity, reason, Key };
        scrap.SetAction((r, ct) => Run(r, ct, (db, units) => new Adjustments(db, TimeProvider.System).ScrapAsync(
            new ScrapRequest(r.GetValue(reason), units, (r.GetValue(Lots) ?? []).Select(l => new LotQuantity(Sku(r), l, r.GetValue(quantity) ?? 0, r.GetValue(from) ?? "")).ToList(),
                Context: Context(r)), CliActor, ct)));
        return scrap;
    }

    static Task<int> Run(ParseResult r, CancellationToken ct, Func<Core.Data.SerialTrackDbContext, List<UnitRef>, Task<ProcessResult>> process) => Commands.Guard(async () =>
    {
        var serials = (r.GetValue(Serials) ?? []).ToList();
        if (r.GetValue(File) is { } path)
        {
            serials.AddRange((await System.IO.File.ReadAllLinesAsync(path, ct)).Select(l => l.Trim()).Where(l => l.Length > 0));
        }
        var units = serials.Select(s => new UnitRef(Sku(r), s)).ToList();
        await using var db = await UserCommands.OpenAsync(r, ct);
        var result = await process(db, units);
        Console.WriteLine($"{ImportExport.EnumText(result.Type)}: event {result.EventId}, {result.Units} unit(s), {result.Lots} lot(s){(result.Replayed ? " (already done: nothing new written)" : "")}.");
        return 0;
    });

    static string Sku(ParseResult r) => r.GetValue(Product) ?? throw new CliException("give --product with serials or lots.", 2);

    static List<LotRef> LotRefs(ParseResult r, decimal quantity) => (r.GetValue(Lots) ?? []).Select(l => new LotRef(Sku(r), l, quantity)).ToList();

    static EventContext Context(ParseResult r) => new(IdempotencyKey: r.GetValue(Key));
}

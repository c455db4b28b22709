using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SerialTrack.Core.Orders;
using SerialTrack.Pages.Orders;

namespace SerialTrack.Cli;

// `serialtrack orders create|list|show|close|cancel`: purchase, sales, production orders and returns.
public static class OrdersCommands
{
    public static Command Create()
    {
        var kind = new Option<string>("--kind")
        {
            Description = "purchase, sales, production or returns",
            Required = true,
        };
        kind.Validators.Add(r =>
        {
            if (OrderRoutes.Kind(r.GetValueOrDefault<string>() ?? "") is null)
            {
                r.AddError("--kind must be purchase, sales, production or returns.");
            }
        });
        var json = new Option<bool>("--json") { Description = "Print the order as the JSON of the API" };
        return new Command("orders", "Purchase orders, sales orders, production orders and returns (RMA)")
        {
            CreateCommand(kind, json),
            ListCommand(kind),
            ShowCommand(kind, json),
            CloseCommand(kind, "close", "Close an order with what is done (partial receipt or short shipment accepted)", cancel: false),
            CloseCommand(kind, "cancel", "Cancel an order on which nothing has happened yet", cancel: true),
        };
    }

    static Command CreateCommand(Option<string> kind, Option<bool> json)
    {
        var party = new Option<string?>("--party") { Description = "Supplier (purchase) or customer (sales, returns) code" };
        var number = new Option<string?>("--number") { Description = "Order number (assigned when left out)" };
        var line = new Option<string[]>("--line")
        {
            Description = "A line as \"SKU, quantity[, supplier lot | serial or lot][, reason]\"; repeat for more lines",
            AllowMultipleArgumentsPerToken = false,
        };
        var lines = new Option<FileInfo?>("--lines") { Description = "A file with one line per order line, in the --line format" };
        var product = new Option<string?>("--product") { Description = "Production orders: the product to build" };
        var quantity = new Option<decimal>("--quantity") { Description = "Production orders: how many to build" };
        var location = new Option<string?>("--location") { Description = "Production orders: the station (location code)" };
        var due = new Option<DateOnly?>("--due") { Description = "Due date (yyyy-MM-dd)" };
        var reference = new Option<string?>("--reference") { Description = "Customer's or supplier's reference" };
        var create = new Command("create", "Create an order") { kind, party, number, line, lines, product, quantity, location, due, reference, json };
        create.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var k = OrderRoutes.Kind(r.GetValue(kind)!)!.Value;
            var text = string.Join('\n', r.GetValue(line) ?? []);
            if (r.GetValue(lines) is { } file)
            {
                text += "\n" + await File.ReadAllTextAsync(file.FullName, ct);
            }
            await using var db = await UserCommands.OpenAsync(r, ct);
            var order = await new OrderBook(db, TimeProvider.System).CreateAsync(new OrderInput(k, r.GetValue(party), NewModel.ParseLines(k, text), r.GetValue(number),
                r.GetValue(product), r.GetValue(quantity), r.GetValue(location), r.GetValue(due), r.GetValue(reference)), Commands.CliActor, ct);
            Print(order, r.GetValue(json));
            return 0;
        }));
        return create;
    }

    static Command ListCommand(Option<string> kind)
    {
        var status = new Option<string?>("--status") { Description = "open, in_progress, completed, closed, cancelled" };
        var party = new Option<string?>("--party") { Description = "Only orders of this party" };
        var list = new Command("list", "List orders, newest first") { kind, status, party };
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var k = OrderRoutes.Kind(r.GetValue(kind)!)!.Value;
            await using var db = await UserCommands.OpenAsync(r, ct);
            var rows = await new OrderBook(db, TimeProvider.System).ListAsync(k, Api.EnumQuery.Parse<OrderStatus>(r.GetValue(status), "status"), r.GetValue(party), null, 1000, ct);
            foreach (var o in rows)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{o.Number,-14} {ImportExport.EnumText(o.Status),-12} {o.Party,-12} {o.Done:0.######}/{o.Ordered:0.######}"));
            }
            return 0;
        }));
        return list;
    }

    static Command ShowCommand(Option<string> kind, Option<bool> json)
    {
        var number = new Argument<string>("number");
        var show = new Command("show", "Show an order with its lines and progress") { kind, number, json };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            Print(await new OrderBook(db, TimeProvider.System).GetAsync(OrderRoutes.Kind(r.GetValue(kind)!)!.Value, r.GetValue(number)!, ct), r.GetValue(json));
            return 0;
        }));
        return show;
    }

    static Command CloseCommand(Option<string> kind, string name, string description, bool cancel)
    {
        var number = new Argument<string>("number");
        var command = new Command(name, description) { kind, number };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            Print(await new OrderBook(db, TimeProvider.System).CloseAsync(OrderRoutes.Kind(r.GetValue(kind)!)!.Value, r.GetValue(number)!, cancel, ct), false);
            return 0;
        }));
        return command;
    }

    static void Print(OrderView o, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(o, Json.Options));
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{OrderBook.Describe(o.Kind)} {o.Number}: {ImportExport.EnumText(o.Status)}, {o.Progress:P0} done"));
        if (o.Party is not null)
        {
            Console.WriteLine($"  party: {o.Party} ({o.PartyName})");
        }
        if (o.Product is not null)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  builds: {o.DoneQuantity:0.######} of {o.Quantity:0.######} x {o.Product}{(o.Location is null ? "" : " at " + o.Location)}"));
        }
        foreach (var l in o.Lines)
        {
            var what = l.Serial ?? l.Lot ?? l.SupplierLotCode;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {l.LineNo,3}. {l.Product,-14} {l.DoneQuantity:0.######}/{l.Quantity:0.######} {l.Uom}{(what is null ? "" : "  " + what)}{(l.Reason is null ? "" : "  (" + l.Reason + ")")}"));
        }
    }
}

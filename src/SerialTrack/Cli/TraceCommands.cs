using System.CommandLine;
using System.Text.Json;
using SerialTrack.Core.Trace;
using Spectre.Console;

namespace SerialTrack.Cli;

// `serialtrack trace ID --backward|--forward [--json]`: the same service and JSON as GET /api/v1/trace.
public static class TraceCommands
{
    // Past this many rows a table or tree says how many it left out: --json has everything.
    const int MaxRows = 500;

    public static Command Create()
    {
        var id = new Argument<string?>("id") { Description = "Serial, lot, container code, SSCC, GS1 element string, Digital Link or EPC URI", Arity = ArgumentArity.ZeroOrOne };
        var forward = new Option<bool>("--forward") { Description = "Where it went: everything that contains it, where each is now, shipments and customers" };
        var backward = new Option<bool>("--backward") { Description = "What went into it, through every level, with suppliers, orders, stations and tests (the default)" };
        var json = new Option<bool>("--json") { Description = "Print the API's JSON answer" };
        var supplierLot = new Option<string?>("--supplier-lot") { Description = "Start from the lots received with this supplier lot code" };
        var order = new Option<string?>("--order") { Description = "Start from what production order ORDER made" };
        var supplier = new Option<string?>("--supplier") { Description = "Start from what was received from this supplier (with --from/--to)" };
        var station = new Option<string?>("--station") { Description = "Start from what was made or worked on at this station between --from and --to" };
        var from = new Option<string?>("--from") { Description = "Window start (ISO 8601)" };
        var to = new Option<string?>("--to") { Description = "Window end (ISO 8601), exclusive" };
        var sku = new Option<string?>("--sku") { Description = "Start from the serials --first..--last of this product" };
        var first = new Option<string?>("--first") { Description = "First serial of the range" };
        var last = new Option<string?>("--last") { Description = "Last serial of the range" };
        var command = new Command("trace", "Trace a unit, lot or container backward (what went into it) or forward (where it went)")
        {
            id, forward, backward, json, supplierLot, order, supplier, station, from, to, sku, first, last,
        };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            if (r.GetValue(forward) && r.GetValue(backward))
            {
                throw new CliException("give --forward or --backward, not both.", 2);
            }
            var direction = r.GetValue(forward) ? TraceDirection.Forward : TraceDirection.Backward;
            await using var db = await UserCommands.OpenAsync(r, ct);
            var tracing = new Tracing(db);
            var query = new TraceQuery(r.GetValue(id), r.GetValue(supplierLot), r.GetValue(order), r.GetValue(supplier), r.GetValue(station),
                r.GetValue(from), r.GetValue(to), r.GetValue(sku), r.GetValue(first), r.GetValue(last));
            var result = await tracing.TraceAsync(await query.RootsAsync(tracing, ct), direction, ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json.Options));
            }
            else
            {
                Print(result);
            }
            return 0;
        }));
        return command;
    }

    static void Print(TraceResult r)
    {
        var console = Commands.Out();
        var forward = r.Direction == TraceDirection.Forward;
        console.MarkupLine($"[bold]{(forward ? "Forward" : "Backward")} trace of {Markup.Escape(r.Roots.Description)}[/]");
        console.Write(Tree(r));

        var units = new Table().AddColumns("Product", "Serial", "Level", forward ? "Where now" : "Status", "Since");
        foreach (var u in r.Units.Take(MaxRows))
        {
            units.AddRow(Esc(u.Product), Esc(u.Serial) + (u.Removed ? " [yellow](removed)[/]" : ""), u.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Esc(TraceNodes.Where(u)), u.Since.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }
        Section(console, "Units", units, r.Units.Count);

        var lots = new Table().AddColumns("Product", "Lot", "Level", forward ? "May contain it" : "Went in", "On hand", "Supplier lot");
        foreach (var l in r.Lots.Take(MaxRows))
        {
            lots.AddRow(Esc(l.Product), Esc(l.Lot), l.Depth.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{TraceNodes.Quantity(l.Quantity)} {Esc(l.Uom)}", $"{TraceNodes.Quantity(l.OnHand)} {Esc(l.Uom)}", Esc(l.SupplierLot ?? ""));
        }
        Section(console, "Lots", lots, r.Lots.Count);

        var parties = new Table().AddColumns("Role", "Code", "Name", "Contact", "Email", "Phone");
        foreach (var (role, p) in r.Suppliers.Select(p => ("supplier", p)).Concat(r.Customers.Select(p => ("customer", p))))
        {
            parties.AddRow(role, Esc(p.Code), Esc(p.Name), Esc(p.ContactName ?? ""), Esc(p.Email ?? ""), Esc(p.Phone ?? ""));
        }
        Section(console, forward ? "Customers" : "Suppliers", parties, r.Suppliers.Count + r.Customers.Count);

        if (r.Steps.Count > 0)
        {
            var steps = new Table().AddColumns("What", "Operation", "Station", "Operator", "At");
            var names = TraceNodes.Of(r);
            foreach (var s in r.Steps.Take(MaxRows))
            {
                var key = s.UnitId is { } u ? TraceKeys.Unit(u) : TraceKeys.Lot(s.LotId!.Value);
                steps.AddRow(Esc(names.TryGetValue(key, out var n) ? n.Label : key), Esc(s.Operation), Esc(s.Station ?? ""), Esc(s.Operator),
                    s.StartedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }
            Section(console, "Production steps", steps, r.Steps.Count);
        }

        console.MarkupLine($"{r.Units.Count} unit(s), {r.Lots.Count} lot(s), {r.Containers.Count} container(s), {r.Suppliers.Count} supplier(s), "
            + $"{r.Customers.Count} customer(s), {r.Shipments.Count} shipment row(s), {r.Orders.Count} order(s), {r.Tests.Count} test(s).");
    }

    static void Section(IAnsiConsole console, string title, Table table, int count)
    {
        if (count == 0)
        {
            return;
        }
        console.MarkupLine($"[bold]{title}[/] ({count})");
        console.Write(table);
        if (count > MaxRows)
        {
            console.MarkupLine($"… and {count - MaxRows} more: use --json for all of them.");
        }
    }

    // The genealogy as a tree from the roots: inputs under outputs backward, outputs under inputs forward.
    // A node met twice is shown once; the second time it says so.
    static Tree Tree(TraceResult r)
    {
        var nodes = TraceNodes.Of(r);
        var forward = r.Direction == TraceDirection.Forward;
        var genealogy = r.Edges.Where(e => e.Kind is "consumed" or "removed").ToList();
        var children = genealogy.ToLookup(e => forward ? e.From : e.To);
        var tree = new Tree(Markup.Escape(r.Roots.Description));
        var shown = new HashSet<string>(StringComparer.Ordinal);
        var budget = MaxRows;
        string Label(string key, TraceEdge? via)
        {
            var n = nodes.TryGetValue(key, out var found) ? found : TraceNodes.Unknown(key);
            var quantity = via?.Quantity is { } q && n.Kind == "lot" ? $" ({TraceNodes.Quantity(q)})" : "";
            var removed = via?.Kind == "removed" ? " [yellow]removed by a repair[/]" : "";
            return $"{Esc(n.Label)}{quantity} [grey]{Esc(n.Detail ?? "")}[/]{removed}";
        }
        void Add(IHasTreeNodes parent, string key, TraceEdge? via)
        {
            if (budget-- <= 0)
            {
                return;
            }
            if (!shown.Add(key))
            {
                parent.AddNode(Label(key, via) + " [grey](see above)[/]");
                return;
            }
            var node = parent.AddNode(Label(key, via));
            foreach (var e in children[key])
            {
                Add(node, forward ? e.To : e.From, e);
            }
        }
        foreach (var root in r.Units.Where(u => u.Root).Select(u => TraceKeys.Unit(u.Id)).Concat(r.Lots.Where(l => l.Root).Select(l => TraceKeys.Lot(l.Id))))
        {
            Add(tree, root, null);
        }
        if (budget < 0)
        {
            tree.AddNode($"… the tree is cut at {MaxRows} nodes: use --json for all of it.");
        }
        return tree;
    }

    static string Esc(string s) => Markup.Escape(s);
}

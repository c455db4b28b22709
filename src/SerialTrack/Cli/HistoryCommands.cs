using System.CommandLine;
using SerialTrack.Api;
using SerialTrack.Core.History;
using SerialTrack.Core.Inventory;
using Spectre.Console;

namespace SerialTrack.Cli;

// `history [filters] [--csv FILE|-]`, `export fsma204 --lot X | --from D --to D [--out FILE]` and
// `units archive|unarchive ID`.
public static class HistoryCommands
{
    public static void AddTo(RootCommand root)
    {
        root.Add(History());
        root.Add(Units());
        (root.Subcommands.FirstOrDefault(c => c.Name == "export") ?? AddExport(root)).Add(Fsma204());
    }

    static Command AddExport(RootCommand root)
    {
        var export = new Command("export", "Export data to CSV");
        root.Add(export);
        return export;
    }

    static Command History()
    {
        var product = new Option<string?>("--product") { Description = "SKU" };
        var category = new Option<string?>("--category") { Description = "Product category" };
        var serial = new Option<string?>("--serial") { Description = "Serial, or a prefix ending in * (SN-00*)" };
        var lot = new Option<string?>("--lot") { Description = "Lot code, or a prefix ending in *" };
        var identifier = new Option<string?>("--id") { Description = "Any identifier: serial, GS1 element string, Digital Link, EPC URI, lot, SSCC, MAC..." };
        var location = new Option<string?>("--location") { Description = "Location code: the location and everything below it" };
        var party = new Option<string?>("--party") { Description = "Party code: source, destination or the order's party" };
        var type = new Option<string?>("--type") { Description = "Event types, comma-separated (moved,shipped)" };
        var step = new Option<string?>("--biz-step") { Description = "Business step (receiving, shipping, ...)" };
        var disposition = new Option<string?>("--disposition") { Description = "Disposition (active, in_transit, ...)" };
        var order = new Option<string?>("--order") { Description = "Order number" };
        var actor = new Option<string?>("--actor") { Description = "Who recorded the event" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "From this moment (yyyy-MM-dd or ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Before this moment" };
        var text = new Option<string?>("--text") { Description = "Words in the notes or reason" };
        var limit = new Option<int>("--limit") { Description = "Rows shown in the table (default 50)", DefaultValueFactory = _ => 50 };
        var csv = new Option<string?>("--csv") { Description = "Write every match as CSV to this file (- for standard output)" };
        var command = new Command("history", "Search the event history with any combination of filters; newest first")
        {
            product, category, serial, lot, identifier, location, party, type, step, disposition, order, actor, from, to, text, limit, csv,
        };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var search = new HistorySearch(db, new Scanner(db));
            var query = new HistoryQuery(r.GetValue(product), r.GetValue(category), r.GetValue(serial), r.GetValue(lot), r.GetValue(identifier),
                r.GetValue(location), r.GetValue(party), HistoryParams.Types(r.GetValue(type)), r.GetValue(step), r.GetValue(disposition),
                r.GetValue(order), r.GetValue(actor), r.GetValue(from), r.GetValue(to), r.GetValue(text), Limit: Math.Clamp(r.GetValue(limit), 1, HistorySearch.MaxLimit));
            if (r.GetValue(csv) is { } path)
            {
                return await CsvAsync(search, query, path, ct);
            }
            var page = await search.SearchAsync(query, ct);
            var lines = page.Rows.Select(x => new[]
            {
                $"{x.Id}", Pages.Show.Time(x.Time, x.Offset), Pages.Show.Words(x.Type), x.BizStep ?? "", x.Location ?? "",
                string.Join(", ", x.Objects.Select(o => o.Label)) + (x.ObjectCount > x.Objects.Count ? $" (+{x.ObjectCount - x.Objects.Count})" : ""),
                x.Order ?? "", x.Source ?? x.Destination ?? "", x.Actor, string.Join(" ", new[] { x.ReasonCode, x.Reason, x.Notes }.Where(s => s is not null)),
            }).ToList();
            if (Console.IsOutputRedirected)
            {
                // A pipe or a log gets one tab-separated line per event, never wrapped.
                lines.ForEach(l => Console.WriteLine(string.Join('\t', l)));
            }
            else
            {
                var table = new Table().AddColumns("Id", "Time", "Event", "Step", "Where", "Objects", "Order", "Party", "By", "Why");
                lines.ForEach(l => table.AddRow([.. l.Select(Markup.Escape)]));
                AnsiConsole.Write(table);
            }
            Console.WriteLine(page.Next is { } next ? $"More: add --limit, or --csv FILE for every match (next page after event {next})." : $"{page.Rows.Count} events.");
            return 0;
        }));
        return command;
    }

    static async Task<int> CsvAsync(HistorySearch search, HistoryQuery query, string path, CancellationToken ct)
    {
        var rows = search.AllAsync(query, ct);
        if (path == "-")
        {
            await using var stdout = new StreamWriter(Console.OpenStandardOutput());
            await HistoryCsv.WriteHistoryAsync(stdout, rows, null, ct);
            return 0;
        }
        var full = Path.GetFullPath(path);
        var temp = full + ".partial";
        int count;
        // Written beside the target and moved into place, so a failed export never leaves half a file.
        await using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false)))
        {
            if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
            {
                count = await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn()).StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("Exporting history: 0 events");
                    task.IsIndeterminate = true;
                    var n = await HistoryCsv.WriteHistoryAsync(writer, rows, done => task.Description = $"Exporting history: {done:N0} events", ct);
                    task.StopTask();
                    return n;
                });
            }
            else
            {
                count = await HistoryCsv.WriteHistoryAsync(writer, rows, null, ct);
            }
        }
        File.Move(temp, full, overwrite: true);
        Console.WriteLine($"Exported {count} events to {path}.");
        return 0;
    }

    static Command Fsma204()
    {
        var lot = new Option<string?>("--lot") { Description = "Traceability lot code" };
        var product = new Option<string?>("--product") { Description = "SKU, when several products share the lot code" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Every lot's events from this moment" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "... up to (excluding) this moment" };
        var output = new Option<string?>("--out") { Description = "CSV file (default: standard output)" };
        var command = new Command("fsma204", "Traceability export in the manner of FDA FSMA 204: one row per receiving, transformation and shipping event")
        {
            lot, product, from, to, output,
        };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var rows = new TraceabilityExport(db).RowsAsync(new TraceabilityQuery(r.GetValue(lot), r.GetValue(product), r.GetValue(from), r.GetValue(to)), ct);
            if (r.GetValue(output) is not { } path)
            {
                await using var stdout = new StreamWriter(Console.OpenStandardOutput());
                await HistoryCsv.WriteFsma204Async(stdout, rows, ct);
                return 0;
            }
            var full = Path.GetFullPath(path);
            int count;
            await using (var writer = new StreamWriter(full + ".partial", append: false, new System.Text.UTF8Encoding(false)))
            {
                count = await HistoryCsv.WriteFsma204Async(writer, rows, ct);
            }
            File.Move(full + ".partial", full, overwrite: true);
            Console.WriteLine($"Exported {count} critical tracking events to {path}.");
            return 0;
        }));
        return command;
    }

    static Command Units()
    {
        var units = new Command("units", "Units");
        foreach (var archive in new[] { true, false })
        {
            var id = new Argument<long>("id") { Description = "Unit id (see /units/ID on the web)" };
            var command = new Command(archive ? "archive" : "unarchive",
                archive ? "Hide a unit that left the stock (shipped, consumed, scrapped) from stock views; its history stays" : "Show an archived unit in stock views again") { id };
            command.SetAction((r, ct) => Commands.Guard(async () =>
            {
                await using var db = await UserCommands.OpenAsync(r, ct);
                var archiving = new Archiving(db, TimeProvider.System);
                await (archive ? archiving.ArchiveAsync(r.GetValue(id), ct) : archiving.UnarchiveAsync(r.GetValue(id), ct));
                Console.WriteLine($"Unit {r.GetValue(id)} {(archive ? "archived" : "unarchived")}.");
                return 0;
            }));
            units.Add(command);
        }
        return units;
    }
}

using System.CommandLine;
using System.Globalization;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using Spectre.Console;

namespace SerialTrack.Cli;

// `serialtrack receive`: goods in from a file of serials, a number of new serials, or a lot quantity.
public static class ReceivingCommands
{
    public const int DefaultBatch = 10_000;

    public static Command Create()
    {
        var order = new Option<string?>("--order") { Description = "Purchase order number (leave out to receive without an order)" };
        var location = new Option<string>("--location") { Description = "Receiving dock or put-away location code", Required = true };
        var product = new Option<string>("--product") { Description = "SKU of what arrives", Required = true };
        var serials = new Option<string?>("--serials") { Description = "File of serials: one a line, or CSV with a 'serial' column, or GS1 element strings with AI (21); - reads standard input" };
        var generate = new Option<int?>("--generate") { Description = "Generate this many new serials from the product's scheme" };
        var lot = new Option<string?>("--lot") { Description = "Lot code (lot-tracked products; left out, one is generated from the product's scheme)" };
        var quantity = new Option<decimal?>("--quantity") { Description = "Lot quantity received" };
        var expiry = new Option<DateOnly?>("--expiry") { Description = "Lot expiry date, yyyy-MM-dd" };
        var produced = new Option<DateOnly?>("--production-date") { Description = "Lot production date, yyyy-MM-dd" };
        var supplierLot = new Option<string?>("--supplier-lot") { Description = "The supplier's lot code (defaults to the order line's)" };
        var supplier = new Option<string?>("--supplier") { Description = "Supplier party code (defaults to the order's)" };
        var stage = new Option<string>("--stage") { Description = "raw_material (default), work_in_progress or finished_good", DefaultValueFactory = _ => "raw_material" };
        stage.AcceptOnlyFromAmong("raw_material", "work_in_progress", "finished_good");
        var allow = new Option<bool>("--allow-exceptions") { Description = "Accept over-receipts, unexpected serials and another supplier lot (a manager's decision)" };
        var batch = new Option<int>("--batch") { Description = $"Serials per receipt (default {DefaultBatch:N0}); each batch is one event", DefaultValueFactory = _ => DefaultBatch };
        var key = new Option<string?>("--key") { Description = "Idempotency key: running the command again with the same key receives nothing twice" };
        var output = new Option<string?>("--out") { Description = "Write the generated serials here as product,serial CSV instead of printing them" };
        var receive = new Command("receive", """
            Receive goods against a purchase order or without one: serials from a file, generated serials, or a lot quantity.
            Exit codes: 0 everything was received; 1 a receipt was refused (nothing of that batch was written; earlier
            batches stay received: run again with the same --key to continue); 2 bad arguments or an unreadable file.
            """)
        { order, location, product, serials, generate, lot, quantity, expiry, produced, supplierLot, supplier, stage, allow, batch, key, output };
        receive.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var sku = r.GetValue(product)!;
            var given = (r.GetValue(serials) is not null ? 1 : 0) + (r.GetValue(generate) is not null ? 1 : 0) + (r.GetValue(quantity) is not null ? 1 : 0);
            if (given != 1)
            {
                throw new CliException("give one of --serials FILE, --generate N or --quantity Q (with --lot for a lot).", 2);
            }
            if (r.GetValue(batch) < 1)
            {
                throw new CliException("--batch must be at least 1.", 2);
            }
            var lines = new List<ReceiptLine>();
            if (r.GetValue(serials) is { } path)
            {
                var list = await ReadSerialsAsync(path, ct);
                lines.AddRange(list.Chunk(r.GetValue(batch)).Select(chunk => new ReceiptLine(sku, chunk)));
            }
            else if (r.GetValue(generate) is { } n)
            {
                for (var done = 0; done < n; done += r.GetValue(batch))
                {
                    lines.Add(new ReceiptLine(sku, Generate: Math.Min(r.GetValue(batch), n - done)));
                }
            }
            else
            {
                lines.Add(new ReceiptLine(sku, Lot: r.GetValue(lot), Quantity: r.GetValue(quantity), SupplierLotCode: r.GetValue(supplierLot),
                    ExpiryDate: r.GetValue(expiry), ProductionDate: r.GetValue(produced)));
            }
            var stageValue = r.GetValue(stage) switch
            {
                "work_in_progress" => Stage.WorkInProgress,
                "finished_good" => Stage.FinishedGood,
                _ => Stage.RawMaterial,
            };

            await using var db = await UserCommands.OpenAsync(r, ct);
            var receiving = new Receiving(db, TimeProvider.System);
            var actor = new Actor(null, "cli:" + Environment.UserName);
            var results = new List<ReceiptResult>();
            var total = lines.Sum(l => l.Serials?.Count ?? l.Generate ?? 1);
            await WithProgressAsync($"Receiving {total:N0} of {sku}", total, async advance =>
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    var batchKey = r.GetValue(key) is { } k ? (lines.Count == 1 ? k : $"{k}:{i + 1}") : null;
                    var request = new ReceiveRequest(r.GetValue(location)!, [lines[i]], r.GetValue(order), r.GetValue(supplier), stageValue, r.GetValue(allow),
                        new EventContext(IdempotencyKey: batchKey));
                    results.Add(await receiving.ReceiveAsync(request, actor, ct));
                    advance(lines[i].Serials?.Count ?? lines[i].Generate ?? 1);
                }
            });

            var generated = results.SelectMany(x => x.Lines).SelectMany(l => l.Serials).ToList();
            if (r.GetValue(generate) is not null)
            {
                if (r.GetValue(output) is { } outPath)
                {
                    await File.WriteAllLinesAsync(outPath, generated.Select(s => $"{sku},{s}").Prepend("product,serial"), ct);
                }
                else
                {
                    foreach (var s in generated)
                    {
                        Console.WriteLine(s);
                    }
                }
            }
            var last = results[^1];
            var what = results.Sum(x => x.Units) > 0 ? $"{results.Sum(x => x.Units):N0} unit(s)" : $"lot {last.Lines[0].Lot} ({last.Lines[0].Quantity.ToString(CultureInfo.InvariantCulture)})";
            var against = last.WithoutOrder ? "without an order" : $"against {last.Order}, now {ImportExport.EnumText(last.OrderStatus!.Value)}";
            var summary = $"Received {what} of {sku} in {results.Count} receipt(s) {against} (event {string.Join(", ", results.Select(x => x.EventId))})"
                + (results.Any(x => x.Replayed) ? "; already received before, nothing new written" : "") + ".";
            // Generated serials go to stdout for a pipe; the summary then goes to stderr.
            await (r.GetValue(generate) is not null && r.GetValue(output) is null ? Console.Error : Console.Out).WriteLineAsync(summary);
            foreach (var e in results.SelectMany(x => x.Exceptions))
            {
                await Console.Error.WriteLineAsync($"allowed exception: {e.Message} ({e.Code}, {e.Field})");
            }
            return 0;
        }));
        return receive;
    }

    // One serial a line; a CSV with a header takes its 'serial' column; GS1 data gives its AI (21).
    static async Task<List<string>> ReadSerialsAsync(string path, CancellationToken ct)
    {
        string[] rows;
        try
        {
            rows = path == "-" ? (await Console.In.ReadToEndAsync(ct)).Split('\n') : await File.ReadAllLinesAsync(path, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", 2);
        }
        var lines = rows.Select(l => l.Trim('\r', ' ', '\t', '\uFEFF')).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new CliException($"{path} holds no serials.", 2);
        }
        var separator = lines[0].Contains(',', StringComparison.Ordinal) ? ',' : lines[0].Contains(';', StringComparison.Ordinal) ? ';' : (char?)null;
        if (separator is { } sep)
        {
            var header = lines[0].Split(sep).Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToList();
            var column = header.IndexOf("serial");
            if (column < 0)
            {
                throw new CliException($"{path}: a CSV file needs a 'serial' column in its header line.", 2);
            }
            return lines.Skip(1).Select((l, i) => l.Split(sep) is var cells && cells.Length > column
                ? cells[column].Trim().Trim('"')
                : throw new CliException($"{path} line {i + 2}: no serial column.", 2)).ToList();
        }
        return lines.Select(l => l[0] is '(' or ']' && Gs1Parser.TryParseAny(l, out var es, out _) && es.Serial is { } s ? s : l).ToList();
    }

    static async Task WithProgressAsync(string label, int total, Func<Action<int>, Task> work)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && total > DefaultBatch)
        {
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask(label, maxValue: total);
                await work(n => task.Increment(n));
            });
            return;
        }
        await work(_ => { });
    }
}

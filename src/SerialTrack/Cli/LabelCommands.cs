using System.CommandLine;
using System.Diagnostics;
using SerialTrack.Core.Data;
using SerialTrack.Core.Printing;
using SerialTrack.Labels;
using SerialTrack.Labels.Pdf;
using SerialTrack.Labels.Templates;
using SerialTrack.Printing;

namespace SerialTrack.Cli;

// `labels print ...` and `labels templates list|export|import`: the same LabelJobs as the API and the pages.
public static class LabelCommands
{
    public static Command Create()
    {
        var command = new Command("labels", "Print labels (PDF, ZPL, PNG or straight to a printer) and manage label templates");
        command.Subcommands.Add(CreatePrint());
        command.Subcommands.Add(CreateTemplates());
        return command;
    }

    static Command CreatePrint()
    {
        var template = new Option<string>("--template") { Description = "Template name (see `labels templates list`)", Required = true };
        var serials = new Option<string?>("--serials") { Description = "File with one serial per line (needs --product)" };
        var group = new Option<string?>("--group") { Description = "Saved group name: label its members (instead of --serials)" };
        var order = new Option<string?>("--order") { Description = "Order number: label its units and lots (received, built, allocated or shipped on it)" };
        var orderKind = new Option<string?>("--order-kind") { Description = "purchase, sales, production or return: when two kinds of order share the number" };
        var reservation = new Option<long?>("--reservation") { Description = "Serial reservation id: label its expected serials" };
        var product = new Option<string?>("--product") { Description = "Product SKU: its units, or the product of --serials" };
        var location = new Option<string?>("--location") { Description = "Location code: with --product, only units in its subtree; alone, labels for its bins" };
        var to = new Option<string>("--to") { Description = "pdf, zpl, png or printer:NAME", Required = true };
        var output = new Option<string?>("--out") { Description = "File to write (not with printer:NAME)" };
        var layout = new Option<string?>("--layout") { Description = $"PDF layout: roll (default) or {string.Join(", ", SheetSpec.All.Select(s => s.Name))}" };
        var start = new Option<int?>("--start") { Description = "First sheet position to use, from 1 (a partly used sheet)" };
        var copies = new Option<int?>("--copies") { Description = "Copies of each label (default 1)" };
        var print = new Command("print", "Render labels for a selection to a file or send them to a printer")
        {
            template, serials, group, order, orderKind, reservation, product, location, to, output, layout, start, copies,
        };
        print.SetAction((r, ct) => Commands.Guard(() => PrintAsync(r, new PrintArgs(r.GetValue(template)!, r.GetValue(serials), r.GetValue(reservation),
            r.GetValue(product), r.GetValue(location), r.GetValue(to)!, r.GetValue(output), r.GetValue(layout), r.GetValue(start), r.GetValue(copies) ?? 1, r.GetValue(group), r.GetValue(order), r.GetValue(orderKind)), ct)));
        return print;
    }

    sealed record PrintArgs(string Template, string? Serials, long? Reservation, string? Product, string? Location, string To, string? Out,
        string? Layout, int? Start, int Copies, string? Group = null, string? Order = null, string? OrderKind = null);

    static async Task<int> PrintAsync(ParseResult r, PrintArgs a, CancellationToken ct)
    {
        LabelSelection selection;
        await using var db = await UserCommands.OpenAsync(r, ct);
        if (a.Group is { } groupName)
        {
            selection = new LabelSelection(UnitIds: await new Core.Warehouse.Groups(db, TimeProvider.System).MemberIdsAsync(groupName, ct));
        }
        else if (a.Order is { } number)
        {
            selection = new LabelSelection(Order: number, OrderKind: Api.LabelSelectionDto.ParseKind(a.OrderKind));
        }
        else if (a.Serials is { } file)
        {
            string[] lines;
            try
            {
                lines = await File.ReadAllLinesAsync(file, ct);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {file}: {e.Message}", 2);
            }
            selection = new LabelSelection(Product: a.Product, Serials: [.. lines.Select(l => l.Trim()).Where(l => l.Length > 0)]);
        }
        else
        {
            selection = a.Reservation is { } id ? new LabelSelection(Reservation: id) : new LabelSelection(Product: a.Product, Location: a.Location);
        }

        var jobs = Jobs(db);
        var t = await RunAsync(() => jobs.TemplateAsync(a.Template, ct));
        var labels = await jobs.Data.SelectAsync(selection, ct);
        if (a.To.StartsWith("printer:", StringComparison.Ordinal))
        {
            var printer = a.To["printer:".Length..];
            var sent = await RunAsync(() => jobs.PrintAsync(t, labels, printer, a.Copies, ct));
            Console.WriteLine($"Sent {sent} label(s) to {printer}.");
            return 0;
        }
        var format = Run(() => LabelJobs.ParseFormat(a.To, LabelFormat.Pdf));
        var layout = Run(() => format == LabelFormat.Pdf ? LabelJobs.ParseLayout(a.Layout, a.Start) : PdfLayout.Roll);
        if (a.Out is null)
        {
            throw new CliException("--out FILE is required unless --to is printer:NAME", 2);
        }
        var full = Path.GetFullPath(a.Out);
        var temp = full + ".partial";
        int count;
        // Written beside the target and moved into place, so a failed run never leaves half a file.
        await using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
        {
            var progress = new ProgressLine($"Rendering {format}");
            count = await RunAsync(() => LabelJobs.WriteAsync(t, labels, format, layout, a.Copies, stream, progress, ct), () => File.Delete(temp));
        }
        File.Move(temp, full, overwrite: true);
        Console.WriteLine($"Wrote {count} label(s) to {a.Out}.");
        return 0;
    }

    static Command CreateTemplates()
    {
        var list = new Command("list", "List templates: built-in ones and those stored in the database");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var t in await RunAsync(() => Jobs(db).ListTemplatesAsync(ct)))
            {
                Console.WriteLine($"{t.Name,-20} {t.WidthMm,6:0.#} x {t.HeightMm,-6:0.#} mm {t.Dpi,4} dpi  {t.Source}");
            }
            return 0;
        }));

        var name = new Argument<string>("name") { Description = "Template name" };
        var file = new Argument<string>("file") { Description = "JSON file" };
        var export = new Command("export", "Write a template's JSON to a file") { name, file };
        export.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var t = await RunAsync(() => Jobs(db).TemplateAsync(r.GetValue(name)!, ct));
            await File.WriteAllTextAsync(r.GetValue(file)!, LabelTemplates.ToJson(t), ct);
            Console.WriteLine($"Exported template '{t.Name}' to {r.GetValue(file)}.");
            return 0;
        }));

        var importFile = new Argument<string>("file") { Description = "JSON file; the template's name is the one inside it" };
        var import = new Command("import", "Store a template from a JSON file (it replaces a stored or built-in template of that name)") { importFile };
        import.SetAction((r, ct) => Commands.Guard(async () =>
        {
            string json;
            try
            {
                json = await File.ReadAllTextAsync(r.GetValue(importFile)!, ct);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {r.GetValue(importFile)}: {e.Message}", 2);
            }
            await using var db = await UserCommands.OpenAsync(r, ct);
            var name = Run(() => LabelTemplates.FromJson(json)).Name;
            await RunAsync(() => Jobs(db).SaveTemplateAsync(name, json, ct));
            Console.WriteLine($"Imported template '{name}'.");
            return 0;
        }));

        return new Command("templates", "List, export and import label templates") { list, export, import };
    }

    static LabelJobs Jobs(SerialTrackDbContext db) => new(new LabelTemplateStore(db, TimeProvider.System), new LabelData(db));

    // LabelException is the renderers' refusal; to the CLI it is like a domain error: one line, exit 1.
    static T Run<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (LabelException e)
        {
            throw new CliException($"{e.Message} ({e.Code}{(e.Field is null ? "" : $", field {e.Field}")})");
        }
    }

    static async Task<T> RunAsync<T>(Func<Task<T>> body, Action? onError = null)
    {
        try
        {
            return await body();
        }
        catch (LabelException e)
        {
            onError?.Invoke();
            throw new CliException($"{e.Message} ({e.Code}{(e.Field is null ? "" : $", field {e.Field}")})");
        }
    }

    // One line every 2 seconds (and at the end): readable in a terminal, a log file or a pipe alike.
    sealed class ProgressLine(string label) : IProgress<int>
    {
        long last = Stopwatch.GetTimestamp();

        public void Report(int value)
        {
            if (Stopwatch.GetElapsedTime(last) > TimeSpan.FromSeconds(2))
            {
                Console.WriteLine($"{label}: {value} labels");
                last = Stopwatch.GetTimestamp();
            }
        }
    }
}

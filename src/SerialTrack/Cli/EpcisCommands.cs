using System.CommandLine;
using System.Globalization;
using SerialTrack.Core.Epcis;
using Spectre.Console;

namespace SerialTrack.Cli;

// `epcis export (--serial S [--product P] | --lot L --product P | --from D --to D) [--format json|xml]
// [--epc-format dl|urn] --out FILE`: the EPCIS 2.0 document of a unit's, a lot's or a period's history.
// `epcis capture FILE [--proceed]`: a partner's document captured as POST /epcis/capture would.
// `epcis reviews [--state open|reviewed|all]` and `epcis reviewed ID`: the review queue (/epcis/reviews).
public static class EpcisCommands
{
    public static Command Create()
    {
        var epcis = new Command("epcis", "GS1 EPCIS 2.0 documents");
        epcis.Add(Export());
        epcis.Add(Capture());
        epcis.Add(Reviews());
        epcis.Add(Reviewed());
        return epcis;
    }

    static Command Capture()
    {
        var file = new Argument<string>("file") { Description = "An EPCIS 2.0 document, JSON(-LD) or XML" };
        var proceed = new Option<bool>("--proceed") { Description = "Store the valid events of a document that has invalid ones (default: all or nothing)" };
        var command = new Command("capture", "Capture an EPCIS document into SerialTrack, as POST /epcis/capture does") { file, proceed };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var path = r.GetValue(file)!;
            var body = File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : throw new CliException($"{path}: no such file.", 2);
            var binding = body.AsSpan().TrimStart().StartsWith("<") ? EpcisBinding.Xml : EpcisBinding.Json;
            await using var db = await UserCommands.OpenAsync(r, ct);
            var capturing = new EpcisCapturing(db, TimeProvider.System);
            var behaviour = r.GetValue(proceed) ? EpcisErrorBehaviour.Proceed : EpcisErrorBehaviour.Rollback;
            var result = Console.IsOutputRedirected
                ? await capturing.CaptureAsync(body, binding, behaviour, Commands.CliActor, ct)
                : await Commands.Out().Status().StartAsync($"Capturing {Markup.Escape(Path.GetFileName(path))}…",
                    _ => capturing.CaptureAsync(body, binding, behaviour, Commands.CliActor, ct));
            var job = result.Job;
            Console.WriteLine($"Capture {job.CaptureId}: {job.EventCount} events, {job.StoredCount} stored, {job.DuplicateCount} already stored, {result.Errors.Count} errors.");
            foreach (var group in result.Notes.Where(n => n.Code is not ("epcis.stored" or "epcis.duplicate")).GroupBy(n => n.Code))
            {
                Console.WriteLine($"  {group.Key}: {group.Count()} ({group.First().Message})");
            }
            foreach (var e in result.Errors)
            {
                Console.Error.WriteLine($"  {e.Field}: {e.Code}: {e.Message}");
            }
            return result.Succeeded ? 0 : 1;
        }));
        return command;
    }

    static Command Reviews()
    {
        var state = new Option<string>("--state") { Description = "open (the default), reviewed or all", DefaultValueFactory = _ => "open" };
        state.AcceptOnlyFromAmong("open", "reviewed", "all");
        var limit = new Option<int?>("--limit") { Description = "How many, oldest first (default 100)" };
        var command = new Command("reviews", "The contradictions captured events brought, oldest first") { state, limit };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var reviews = new EpcisReviews(db, TimeProvider.System);
            var n = Math.Clamp(r.GetValue(limit) ?? 100, 1, 1000);
            var rows = await reviews.ListAsync(Enum.Parse<EpcisReviewState>(r.GetValue(state)!, ignoreCase: true), null, n, ct);
            Console.WriteLine($"{await reviews.OpenCountAsync(ct)} open.");
            if (rows.Count == 0)
            {
                return 0;
            }
            var table = new Table().AddColumns("id", "event time", "unit", "code", "message", "reviewed");
            foreach (var x in rows.Take(n))
            {
                table.AddRow(Commands.Cell(x.Id), Commands.Cell(x.EventTime.ToString("u", CultureInfo.InvariantCulture)), Commands.Cell(x.Serial is null ? x.Epc : $"{x.Sku} {x.Serial}"), Commands.Cell(x.Code),
                    Commands.Cell(x.Message), Commands.Cell(x.ResolvedAt is { } at ? $"{x.ResolvedBy}, {at.ToString("u", CultureInfo.InvariantCulture)}" : ""));
            }
            Commands.Out().Write(table);
            return 0;
        }));
        return command;
    }

    static Command Reviewed()
    {
        var id = new Argument<long>("id") { Description = "The review item's id (epcis reviews)" };
        var command = new Command("reviewed", "Mark a review item reviewed") { id };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            await new EpcisReviews(db, TimeProvider.System).ResolveAsync(r.GetValue(id), Commands.CliActor, ct);
            Console.WriteLine($"Review item {r.GetValue(id)} marked reviewed.");
            return 0;
        }));
        return command;
    }


    static Command Export()
    {
        var serial = new Option<string?>("--serial") { Description = "A unit: its own events and those of the containers it was in" };
        var product = new Option<string?>("--product") { Description = "SKU (needed with --lot, and with --serial when the serial is not unique)" };
        var lot = new Option<string?>("--lot") { Description = "A lot code (with --product)" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Every event from this moment (yyyy-MM-dd or ISO 8601)" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "... until before this moment (default now)" };
        var format = new Option<string>("--format") { Description = "json (JSON-LD, the default) or xml", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "xml");
        var epcFormat = new Option<string?>("--epc-format") { Description = "dl: GS1 keys as Digital Links; urn: as EPC URNs; default: as stored" };
        epcFormat.AcceptOnlyFromAmong("dl", "urn");
        var output = new Option<string>("--out") { Description = "File to write (- for standard output)", Required = true };
        var command = new Command("export", "Export the EPCIS document of a unit, a lot or a period") { serial, product, lot, from, to, format, epcFormat, output };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var export = new EpcisExport(db, TimeProvider.System);
            var scope = await export.ScopeAsync(new EpcisExportRequest(r.GetValue(serial), r.GetValue(product), r.GetValue(lot), r.GetValue(from), r.GetValue(to)), ct);
            var options = await export.OptionsAsync(r.GetValue(epcFormat) switch
            {
                "dl" => EpcFormat.AlwaysDigitalLink,
                "urn" => EpcFormat.AlwaysEpcUrn,
                _ => EpcFormat.NoPreference,
            }, ct);
            var kind = r.GetValue(format) == "xml" ? EpcisExportFormat.Xml : EpcisExportFormat.Json;
            var path = r.GetValue(output)!;
            if (path == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await export.WriteAsync(scope, stdout, kind, options, null, ct);
                return 0;
            }

            var full = Path.GetFullPath(path);
            var temp = full + ".partial";
            var total = await scope.CountAsync(ct);
            int count;

            // Written beside the target and moved into place, so a failed export never leaves half a file.
            await using (var file = File.Create(temp))
            {
                var console = Commands.Out();
                if (!Console.IsOutputRedirected && console.Profile.Capabilities.Interactive)
                {
                    count = await console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                        .StartAsync(async ctx =>
                        {
                            var task = ctx.AddTask($"EPCIS export of {Markup.Escape(scope.Description)}", maxValue: Math.Max(total, 1));
                            var n = await export.WriteAsync(scope, file, kind, options, new Progress<int>(done => task.Value = done), ct);
                            task.Value = task.MaxValue;
                            return n;
                        });
                }
                else
                {
                    count = await export.WriteAsync(scope, file, kind, options, null, ct);
                }
            }

            File.Move(temp, full, overwrite: true);
            Console.WriteLine($"Exported {count} events of {scope.Description} to {path}.");
            return 0;
        }));
        return command;
    }
}

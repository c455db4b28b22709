using System.CommandLine;
using SerialTrack.Core.Epcis;
using Spectre.Console;

namespace SerialTrack.Cli;

// `epcis export (--serial S [--product P] | --lot L --product P | --from D --to D) [--format json|xml]
// [--epc-format dl|urn] --out FILE`: the EPCIS 2.0 document of a unit's, a lot's or a period's history.
public static class EpcisCommands
{
    public static Command Create()
    {
        var epcis = new Command("epcis", "GS1 EPCIS 2.0 documents");
        epcis.Add(Export());
        return epcis;
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
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
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

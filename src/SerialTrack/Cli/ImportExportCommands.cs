using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;

namespace SerialTrack.Cli;

// `import products|locations|parties FILE.csv [--all-or-nothing]` and `export products|locations|parties FILE.csv`.
public static class ImportExportCommands
{
    public const string ExitCodes = """
        Exit codes: 0 every row was imported; 1 some rows were rejected (listed on stderr by line number; the
        other rows are written unless --all-or-nothing was given, in which case nothing is); 2 the file could
        not be read (missing, not CSV, or an unknown column).
        """;

    public static Command CreateImport()
    {
        var command = new Command("import", "Import master data from CSV: a row updates the record with its code or SKU, or creates it.\n" + ExitCodes);
        foreach (var kind in Enum.GetValues<MasterData>())
        {
            var name = ImportExport.Name(kind);
            var file = new Argument<string>("file") { Description = $"CSV file with the header {string.Join(",", ImportExport.Columns(kind))}" };
            var allOrNothing = new Option<bool>("--all-or-nothing") { Description = "Write nothing if any row is rejected" };
            var sub = new Command(name, $"Import {name} from CSV\n" + ExitCodes) { file, allOrNothing };
            sub.SetAction((r, ct) => Commands.Guard(() => ImportAsync(r, kind, r.GetValue(file)!, r.GetValue(allOrNothing), ct)));
            command.Subcommands.Add(sub);
        }
        return command;
    }

    public static Command CreateExport()
    {
        var command = new Command("export", "Export master data to CSV, in the columns import reads");
        foreach (var kind in Enum.GetValues<MasterData>())
        {
            var name = ImportExport.Name(kind);
            var file = new Argument<string>("file") { Description = "CSV file to write (replaced if it exists)" };
            var sub = new Command(name, $"Export {name} (archived ones are left out) to CSV") { file };
            sub.SetAction((r, ct) => Commands.Guard(() => ExportAsync(r, kind, r.GetValue(file)!, ct)));
            command.Subcommands.Add(sub);
        }
        return command;
    }

    static async Task<int> ImportAsync(ParseResult r, MasterData kind, string path, bool allOrNothing, CancellationToken ct)
    {
        List<CsvRow> rows;
        try
        {
            using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
            rows = ImportExport.Read(reader, kind, path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", 2);
        }

        await using var db = await UserCommands.OpenAsync(r, ct);
        var name = ImportExport.Name(kind);
        var summary = await WithProgressAsync($"Importing {name}", rows.Count,
            advance => ImportExport.ImportAsync(db, kind, rows, allOrNothing, advance, ct));
        foreach (var rejection in summary.Rejected)
        {
            await Console.Error.WriteLineAsync(rejection.ToString());
        }
        Console.WriteLine($"{name}: {summary}");
        if (summary.NothingWritten)
        {
            Console.WriteLine("Nothing was written (--all-or-nothing): correct the rejected rows and import again.");
        }
        return summary.Rejected.Count == 0 ? 0 : 1;
    }

    static async Task<int> ExportAsync(ParseResult r, MasterData kind, string path, CancellationToken ct)
    {
        await using var db = await UserCommands.OpenAsync(r, ct);
        var full = Path.GetFullPath(path);
        var temp = full + ".partial";
        int count;
        // Written beside the target and moved into place, so a failed export never leaves half a file.
        await using (var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            count = await ImportExport.ExportAsync(db, kind, writer, ct);
        }
        File.Move(temp, full, overwrite: true);
        Console.WriteLine($"Exported {count} {ImportExport.Name(kind)} to {path}.");
        return 0;
    }

    // A progress bar for a person at a terminal; a line every few seconds for a log file or a pipe.
    static async Task<T> WithProgressAsync<T>(string label, int total, Func<Action, Task<T>> work)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask(label, maxValue: Math.Max(total, 1));
                return await work(() => task.Increment(1));
            });
        }
        var done = 0;
        var last = Stopwatch.GetTimestamp();
        return await work(() =>
        {
            done++;
            if (Stopwatch.GetElapsedTime(last) > TimeSpan.FromSeconds(2) && done < total)
            {
                Console.WriteLine($"{label}: {done} of {total} rows");
                last = Stopwatch.GetTimestamp();
            }
        });
    }
}

using System.CommandLine;
using System.Globalization;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using Spectre.Console;

namespace SerialTrack.Cli;

// The command table of `serialtrack`. Every command that touches the database takes --db (or reads
// SERIALTRACK_DB); errors go to stderr with a non-zero exit code.
public static class Commands
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = $"SQLite file path or PostgreSQL connection string (default: ${DatabaseTarget.EnvironmentVariable} or {DatabaseTarget.DefaultSqlitePath})",
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("SerialTrack: serial-number and lot traceability inventory.")
        {
            Db,
            ServeCommand.Create(),
            DbCommands.Create(),
            UserCommands.Create(),
            TokenCommands.Create(),
            ImportExportCommands.CreateImport(),
            ImportExportCommands.CreateExport(),
            Gs1Commands.Create(),
            ScanCommand.Create(),
            WhereIsCommand.Create(),
            SchemesCommands.Create(),
            SerialsCommands.Create(),
            LabelCommands.Create(),
            OrdersCommands.Create(),
            ProductionCommands.Produce(), ProductionCommands.Lots(), ProductionCommands.TestResult(), ProductionCommands.Bom(),
            ReceivingCommands.Create(),
            TraceCommands.Create(),
            EpcisCommands.Create(),
        };
        ShippingCommands.Create().ToList().ForEach(root.Subcommands.Add);
        foreach (var command in ReturnsCommands.Create()) { root.Add(command); }
        HistoryCommands.AddTo(root);
        foreach (var command in QualityCommands.Create()) { root.Add(command); }
        foreach (var command in InstructionsCommands.Create()) { root.Add(command); }
        foreach (var command in GroupsCommands.Create()) { root.Add(command); }
        root.Add(TasksCommands.Create());
        root.Add(ReplenishmentCommands.Create());
        root.Add(WebhookCommands.Create());
        return await root.Parse(args).InvokeAsync();
    }

    // Who the log records for work done from the command line.
    public static Actor CliActor => new(null, "cli:" + Environment.UserName);

    public static DatabaseTarget Target(ParseResult r) => DatabaseTarget.Resolve(r.GetValue(Db));

    // Runs a command body, turning a refused rule into a one-line message on stderr and exit code 1.
    // Spectre output bound to Console.Out as it is now: tests and pipes swap Console.Out, the static AnsiConsole keeps the first.
    public static IAnsiConsole Out() => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });

    // A table cell that shows the value as text, never as markup.
    public static Markup Cell(object? value) => new(Markup.Escape(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""));

    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (DomainException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message} ({e.Code}{(e.Field is null ? "" : $", field {e.Field}")})");
            return 1;
        }
        catch (CliException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (System.Data.Common.DbException e)
        {
            await Console.Error.WriteLineAsync($"error: the database refused: {e.Message}");
            return 1;
        }
    }
}

public sealed class CliException(string message, int exitCode = 1) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

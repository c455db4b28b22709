using System.CommandLine;
using System.Globalization;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;
using Spectre.Console;
using Text = SerialTrack.Core.Text;

namespace SerialTrack.Cli;

// `serialtrack tasks list|show|create|cancel`: plan tasks for staff and watch them, with the same StaffTasks
// service as the API. Executing a task is done by scanning, on the task screens or through the API.
public static class TasksCommands
{
    public static Command Create()
    {
        var number = new Argument<string>("number") { Description = "Task number, e.g. TSK-000001" };
        var status = new Option<string?>("--status") { Description = "open, in_progress, done or cancelled" };
        var assignee = new Option<string?>("--assignee") { Description = "User name" };
        var kind = new Option<string?>("--kind") { Description = "move, pick, pack, count or put_away" };
        var list = new Command("list", "Tasks, newest first, with progress and age") { status, assignee, kind };
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var filter = new TaskFilter(Api.EnumQuery.Parse<WarehouseTaskStatus>(r.GetValue(status), "status"), r.GetValue(assignee), Api.EnumQuery.Parse<TaskKind>(r.GetValue(kind), "kind"));
            // One line per task: wide enough for any terminal, easy to grep.
            foreach (var t in await TasksOf(db).ListAsync(filter, ct))
            {
                var progress = $"{t.Done + t.Exceptions}/{t.Lines}" + (t.Exceptions > 0 ? $" ({t.Exceptions} exc.)" : "");
                System.Console.WriteLine(string.Join("  ", t.Number, $"{Text.Snake(t.Kind),-8}", $"{Text.Snake(t.Status),-11}", $"p{t.Priority}", $"{progress,-12}", $"{Age(t.Age),-8}",
                    t.DueAt is { } d ? "due " + d.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "", $"for {t.Assignee ?? t.Zone ?? "anyone"}", t.Title,
                    t.WorkedBy.Count > 0 ? $"(worked by {string.Join(", ", t.WorkedBy)})" : ""));
            }
            return 0;
        }));

        var show = new Command("show", "A task with its lines, handling instructions and scans") { number };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var view = await TasksOf(db).GetAsync(r.GetValue(number)!, ct);
            var console = Commands.Out();
            var t = view.Task;
            console.MarkupLine($"[bold]{t.Number}[/] {Markup.Escape(t.Title)} — {Text.Snake(t.Kind)}, {Text.Snake(t.Status)}, for {Markup.Escape(t.Assignee ?? t.Zone ?? "anyone")}, priority {t.Priority}");
            console.MarkupLine(Markup.Escape($"Created by {t.CreatedBy} at {t.CreatedAt:yyyy-MM-dd HH:mm}; {t.Done} done, {t.Exceptions} exception(s) of {t.Lines} line(s)"
                + (t.LastWorkedBy is null ? "" : $"; last worked by {t.LastWorkedBy}")));
            foreach (var i in view.Instructions)
            {
                console.MarkupLine($"  [yellow]{Text.Snake(i.Severity)}:[/] {Markup.Escape(i.Text)}");
            }
            var lines = new Table().AddColumns("Line", "Product", "Serial / lot", "From", "To", "Quantity", "Status", "Done by");
            foreach (var l in view.Lines)
            {
                lines.AddRow(l.LineNo.ToString(CultureInfo.InvariantCulture), Markup.Escape(l.Product ?? ""), Markup.Escape(l.Serial ?? l.Lot ?? ""), Markup.Escape(l.From ?? ""),
                    Markup.Escape(l.To ?? ""), l.Quantity?.ToString("0.######", CultureInfo.InvariantCulture) ?? "",
                    Text.Snake(l.Status) + (l.ExceptionReason is null ? "" : $": {Markup.Escape(l.ExceptionReason)}"), Markup.Escape(l.DoneBy ?? ""));
            }
            console.Write(lines);
            return 0;
        }));

        var cancel = new Command("cancel", "Cancel a task: its lines not yet done become exceptions") { number };
        cancel.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var view = await TasksOf(db).CancelAsync(r.GetValue(number)!, Commands.CliActor, ct);
            System.Console.WriteLine($"Cancelled {view.Task.Number}: {view.Task.Done} line(s) were done, {view.Task.Exceptions} not.");
            return 0;
        }));

        return new Command("tasks", "Tasks for staff: move, pick, pack, count, put away") { list, show, CreateCommands(), cancel };
    }

    static Command CreateCommands()
    {
        var title = new Option<string?>("--title") { Description = "Title (default: made from what the task does)" };
        var assignee = new Option<string?>("--assignee") { Description = "User the task is for" };
        var zone = new Option<string?>("--zone") { Description = "Location whose zone queue the task lands in" };
        var priority = new Option<int>("--priority") { Description = "0 (normal) to 9 (most urgent)" };
        var due = new Option<DateTimeOffset?>("--due") { Description = "Due time, e.g. 2026-03-02T16:00+01:00" };
        var to = new Option<string>("--to") { Description = "Destination location", Required = true };
        var group = new Option<string>("--group") { Description = "Saved group whose units move", Required = true };
        var order = new Option<string>("--order") { Description = "Order number", Required = true };
        var location = new Option<string?>("--location") { Description = "Location to count, with everything below it" };
        var product = new Option<string?>("--product") { Description = "Product (SKU) to count everywhere" };
        var container = new Option<string>("--container") { Description = "Container (code or SSCC) to pack into", Required = true };
        var sku = new Option<string>("--product") { Description = "Product (SKU) of the units to pack", Required = true };
        var serials = new Option<string[]>("--serials") { Description = "Serials to pack (of --product)", AllowMultipleArgumentsPerToken = true, Required = true };

        Command Kind(string name, string description, TaskKind kind, Option[] options, Func<ParseResult, TaskRequest, TaskRequest> fill)
        {
            var command = new Command(name, description);
            foreach (var o in options.Concat([title, assignee, zone, priority, due]))
            {
                command.Add(o);
            }
            command.SetAction((r, ct) => Commands.Guard(async () =>
            {
                await using var db = await UserCommands.OpenAsync(r, ct);
                var request = fill(r, new TaskRequest(kind, r.GetValue(title), r.GetValue(assignee), r.GetValue(zone), r.GetValue(priority), r.GetValue(due)));
                var view = await TasksOf(db).CreateAsync(request, Commands.CliActor, ct);
                System.Console.WriteLine($"Created {view.Task.Number}: {view.Task.Title} ({view.Task.Lines} line(s)).");
                return 0;
            }));
            return command;
        }

        return new Command("create", "Plan a task for staff")
        {
            Kind("move", "Move a saved group's units to a location", TaskKind.Move, [group, to],
                (r, q) => q with { Target = new BulkTarget(Group: r.GetValue(group)), To = r.GetValue(to) }),
            Kind("pick", "Pick a sales order's allocated stock to a staging location", TaskKind.Pick, [order, to],
                (r, q) => q with { Order = r.GetValue(order), To = r.GetValue(to) }),
            Kind("pack", "Pack units into a container", TaskKind.Pack, [container, sku, serials],
                (r, q) => q with { Container = r.GetValue(container), Units = [.. r.GetValue(serials)!.Select(s => new UnitRef(r.GetValue(sku)!, s))] }),
            Kind("count", "Count a location (and everything below it) or a product", TaskKind.Count, [location, product],
                (r, q) => q with { Location = r.GetValue(location), Product = r.GetValue(product) }),
            Kind("put-away", "Put away what a purchase order received to a location", TaskKind.PutAway, [order, to],
                (r, q) => q with { Order = r.GetValue(order), To = r.GetValue(to) }),
        };
    }

    static StaffTasks TasksOf(SerialTrackDbContext db) => new(db, new Groups(db, TimeProvider.System), TimeProvider.System);

    // Bound to the console as it is now: tests and pipes swap Console.Out, the static AnsiConsole keeps the first.

    static string Age(TimeSpan age) => age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m" : $"{(int)age.TotalMinutes}m";
}

using System.CommandLine;
using System.Globalization;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Quality;
using SerialTrack.Core.Trace;

namespace SerialTrack.Cli;

// `serialtrack complaint new|show|note|status` and `serialtrack recall open|show|activate|fate|close|notifications`:
// the essentials of the complaint and recall pages, on the same services.
public static class QualityCommands
{
    static readonly Argument<string> Number = new("number") { Description = "Complaint (CMP-000001) or recall (RCL-000001) number" };

    public static IEnumerable<Command> Create() => [Complaint(), Recall()];

    static Complaints ComplaintsOf(SerialTrackDbContext db) => new(db, new Scanner(db), new Tracing(db), TimeProvider.System);

    static Recalls RecallsOf(SerialTrackDbContext db) => new(db, new Tracing(db), new Holds(db, TimeProvider.System), new Scanner(db), TimeProvider.System);

    static Command Complaint()
    {
        var item = new Argument<string>("item") { Description = "Serial, GS1 string, Digital Link or lot code complained about" };
        var symptom = new Option<string>("--symptom") { Description = "What the customer saw", Required = true };
        var product = new Option<string?>("--product") { Description = "SKU, when the code matches several things" };
        var customer = new Option<string?>("--customer") { Description = "Customer code (default: the unit's owner or its last shipment's customer)" };
        var failed = new Option<DateOnly?>("--failed-on") { Description = "Day it failed (yyyy-mm-dd)" };
        var create = new Command("new", "Record a complaint; prints its number and the warranty status") { item, symptom, product, customer, failed };
        create.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var c = await ComplaintsOf(db).CreateAsync(new ComplaintInput(r.GetValue(item), r.GetValue(symptom), r.GetValue(product), r.GetValue(customer), FailedOn: r.GetValue(failed)),
                Commands.CliActor, ct);
            Console.WriteLine($"{c.Number}: {Describe(c)}");
            return 0;
        }));

        var show = new Command("show", "Show a complaint, its warranty, notes and root cause") { Number };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var c = await ComplaintsOf(db).GetAsync(r.GetValue(Number)!, ct);
            Console.WriteLine($"{c.Number} {ImportExport.EnumText(c.Status)}: {Describe(c)}");
            Console.WriteLine($"Symptom: {c.Symptom}");
            if (c.RootCause is not null || c.RootCauseLot is not null || c.RootCauseSupplier is not null || c.RootCauseStation is not null)
            {
                Console.WriteLine($"Root cause: {string.Join("; ", new[] { c.RootCauseLot, c.RootCauseUnit, c.RootCauseStation, c.RootCauseSupplier, c.RootCause }.Where(x => x is not null))}");
            }
            foreach (var n in c.Notes)
            {
                Console.WriteLine($"{n.At:yyyy-MM-dd HH:mm} {n.Author}: {n.Text}");
            }
            return 0;
        }));

        var text = new Argument<string>("text") { Description = "The note" };
        var note = new Command("note", "Add an investigation note") { Number, text };
        note.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var c = await ComplaintsOf(db).AddNoteAsync(r.GetValue(Number)!, r.GetValue(text), Commands.CliActor, ct);
            Console.WriteLine($"{c.Number}: {c.Notes.Count} note(s).");
            return 0;
        }));

        var status = new Argument<string>("status") { Description = "investigating, closed or rejected (or open)" };
        status.AcceptOnlyFromAmong("open", "investigating", "closed", "rejected");
        var why = new Option<string?>("--note") { Description = "Why (required to reject)" };
        var setStatus = new Command("status", "Move a complaint on: investigating, closed (needs a root cause), rejected (needs --note)") { Number, status, why };
        setStatus.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var c = await ComplaintsOf(db).SetStatusAsync(r.GetValue(Number)!, Enum.Parse<ComplaintStatus>(r.GetValue(status)!, ignoreCase: true), r.GetValue(why), null, Commands.CliActor, ct);
            Console.WriteLine($"{c.Number}: {ImportExport.EnumText(c.Status)}.");
            return 0;
        }));
        return new Command("complaint", "Customer complaints: new, show, note, status") { create, show, note, setStatus };
    }

    static string Describe(ComplaintView c) =>
        $"{(c.Serial is not null ? $"{c.Product} {c.Serial}" : $"{c.Product} lot {c.Lot}")}{(c.Customer is null ? "" : $" at {c.Customer}")}. {c.Warranty?.Describe()}".TrimEnd();

    static Command Recall()
    {
        var title = new Option<string>("--title") { Description = "What the recall is about", Required = true };
        var kind = new Option<string?>("--root") { Description = "component_lot, supplier_lot, serial_range, production_order, station_window, supplier or unit" };
        kind.AcceptOnlyFromAmong("component_lot", "supplier_lot", "serial_range", "production_order", "station_window", "supplier", "unit");
        var code = new Option<string?>("--code") { Description = "Lot code, supplier lot, order number, station, supplier code or serial" };
        var product = new Option<string?>("--product") { Description = "SKU of the lot or unit, or of the serial range" };
        var first = new Option<string?>("--first") { Description = "First serial of a serial range" };
        var last = new Option<string?>("--last") { Description = "Last serial of a serial range" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of a station window or supplier window" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of a station window or supplier window" };
        var complaint = new Option<string?>("--complaint") { Description = "Complaint whose root cause to recall from (links both ways)" };
        var reason = new Option<string?>("--reason") { Description = "Why" };
        var open = new Command("open", "Open a recall: the forward trace from the root is frozen as its scope") { title, kind, code, product, first, last, from, to, complaint, reason };
        open.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            RecallRoot? root = r.GetValue(kind) is { } k
                ? new RecallRoot(Enum.Parse<RecallRootKind>(k.Replace("_", "", StringComparison.Ordinal), ignoreCase: true), r.GetValue(code), r.GetValue(product),
                    r.GetValue(first), r.GetValue(last), r.GetValue(from), r.GetValue(to))
                : null;
            var recall = await RecallsOf(db).OpenAsync(new OpenRecallRequest(r.GetValue(title), root, r.GetValue(reason), r.GetValue(complaint)), Commands.CliActor, ct);
            Console.WriteLine($"{recall.Number}: {recall.Root}, {recall.Progress.Total} item(s) in scope (draft: run `serialtrack recall activate {recall.Number}` to hold the stock).");
            return 0;
        }));

        var show = new Command("show", "Show a recall and its progress") { Number };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var v = await RecallsOf(db).GetAsync(r.GetValue(Number)!, ct);
            Console.WriteLine($"{v.Number} {ImportExport.EnumText(v.Status)}: {v.Title} — {v.Root}");
            Console.WriteLine($"{v.Progress.Resolved} of {v.Progress.Total} resolved ({v.Progress.Percent.ToString(CultureInfo.InvariantCulture)}%): "
                + string.Join(", ", v.Progress.ByFate.Where(kv => kv.Value > 0).Select(kv => $"{ImportExport.EnumText(kv.Key)} {kv.Value}")));
            return 0;
        }));

        var activate = new Command("activate", "Hold every affected unit and lot still in stock or WIP (safe to run again)") { Number };
        activate.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var a = await RecallsOf(db).ActivateAsync(r.GetValue(Number)!, null, Commands.CliActor, ct);
            Console.WriteLine($"{a.Recall} {ImportExport.EnumText(a.Status)}: {a.UnitsHeld} unit(s) and {a.LotsHeld} lot(s) put on hold{(a.HoldEventId is { } e ? $" (event {e})" : "")}.");
            return 0;
        }));

        var fate = new Argument<string>("fate") { Description = "notified, returned, repaired, replaced, destroyed, not_found or written_off" };
        fate.AcceptOnlyFromAmong("notified", "returned", "repaired", "replaced", "destroyed", "not_found", "written_off");
        var items = new Argument<string[]>("items") { Description = "Serials or lot codes (or \"SKU serial\")", Arity = ArgumentArity.ZeroOrMore };
        var customer = new Option<string?>("--customer") { Description = "Every item at this customer" };
        var allOpen = new Option<bool>("--all-open") { Description = "Every item still open" };
        var note = new Option<string?>("--note") { Description = "Note (required for written_off)" };
        var setFate = new Command("fate", "Set what became of recalled items") { Number, fate, items, customer, allOpen, note };
        setFate.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var f = await RecallsOf(db).SetFateAsync(r.GetValue(Number)!, new RecallFateRequest(Enum.Parse<RecallFate>(r.GetValue(fate)!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true),
                r.GetValue(items), r.GetValue(customer), r.GetValue(allOpen), r.GetValue(note)), Commands.CliActor, ct);
            Console.WriteLine($"{f.Recall}: {f.Items} item(s) {ImportExport.EnumText(f.Fate)}; {f.Progress.Resolved} of {f.Progress.Total} resolved.");
            return 0;
        }));

        var close = new Command("close", "Close a recall once every item is resolved") { Number };
        close.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var v = await RecallsOf(db).CloseAsync(r.GetValue(Number)!, null, ct);
            Console.WriteLine($"{v.Number}: closed.");
            return 0;
        }));

        var csv = new Option<string?>("--csv") { Description = "Write the list as CSV to this file" };
        var notifications = new Command("notifications", "Customers holding affected units or lots, with contact data") { Number, csv };
        notifications.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var list = await RecallsOf(db).NotificationsAsync(r.GetValue(Number)!, ct);
            if (r.GetValue(csv) is { } path)
            {
                await File.WriteAllTextAsync(path, Recalls.NotificationsCsv(list), ct);
                Console.WriteLine($"{list.Count} customer(s) written to {path}.");
                return 0;
            }
            foreach (var n in list)
            {
                Console.WriteLine($"{n.Code} {n.Name} — {n.ContactName} {n.Email} {n.Phone}".TrimEnd());
                Console.WriteLine("  " + string.Join(", ", n.Units.Select(u => $"{u.Product} {u.Serial}").Concat(n.Lots.Select(l => $"{l.Product} lot {l.Lot} {l.Quantity.ToString(CultureInfo.InvariantCulture)} {l.Uom}"))));
            }
            return 0;
        }));
        return new Command("recall", "Recall campaigns: open, show, activate, fate, close, notifications") { open, show, activate, setFate, close, notifications };
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Pages.Returns;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// Executing a task by scanning, one scan per Enter: the page says what to scan next (source, items,
// destination; for a count the location, then what is there), TaskWork checks each scan and refuses a wrong
// one with the reason, and only the destination scan changes inventory. The trip (source and items taken)
// travels in hidden fields, as TaskWork expects, and in a cookie for this task, so leaving the screen and
// coming back resumes it; another worker starts from what is confirmed (and, for a count, the last place
// counted).
[Authorize(Policy = Auth.Operator)]
public sealed class WorkModel(StaffTasks tasks, TaskWork work, Scanner scanner, Core.Warehouse.Instructions instructions, SerialTrackDbContext db) : PageModel
{
    const int MaxChoices = 200;

    [BindProperty] public string? Scan { get; set; }
    [BindProperty] public decimal? Quantity { get; set; }
    [BindProperty] public string? From { get; set; }
    [BindProperty] public string? Items { get; set; }

    // A new key each time the page is drawn: the same confirming scan sent twice moves once.
    [BindProperty] public string? Key { get; set; }
    [BindProperty] public int? LineNo { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Instructions.PendingAck Ack { get; set; } = new();

    public TaskView View { get; private set; } = null!;
    public string? Done { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<AppliedInstruction> Applied { get; private set; } = [];
    public ReconcileResult? Reconciled { get; private set; }
    public List<EventRow> Written { get; private set; } = [];

    public TaskSummary Task => View.Task;
    public bool IsCount => Task.Kind == TaskKind.Count;
    public bool Closed => Task.Status is WarehouseTaskStatus.Done or WarehouseTaskStatus.Cancelled;
    public IReadOnlyList<TripItem> TripItems => ParseItems(Items);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        if (await LoadAsync(number, ct) is { } missing)
        {
            return missing;
        }
        if (!Closed && Request.Cookies[TripCookie(number)] is { } saved && saved.Split('|') is [var from, var items])
        {
            (From, Items) = (from.Length == 0 ? null : from, items);
        }
        else if (!Closed && IsCount)
        {
            From = View.Scans.LastOrDefault(s => s.Location is not null)?.Location;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string number, CancellationToken ct)
    {
        var text = Scan?.Trim() ?? "";
        Scan = null;
        ModelState.Clear();
        if (Instructions.PendingAck.IsAck(text))
        {
            return await OnPostAckAsync(number, ct);
        }
        if (text.Length > 0)
        {
            try
            {
                var answer = await work.ScanAsync(new TaskScanRequest(number, text, new TaskTrip(From, TripItems), Quantity, Context(number)), Auth.ActorOf(User), ct);
                (From, Items) = (answer.Trip.From, FormatItems(answer.Trip.Items ?? []));
                Done = answer.Message;
                Applied = answer.Instructions;
                Quantity = null;
                Ack = new();
            }
            catch (DomainException e)
            {
                Error = e.Message;
                if (e.Code == "instruction.unacknowledged")
                {
                    var (match, _) = await ScanStation.ResolveAsync(scanner, text, ct);
                    await Ack.CatchAsync(e, instructions, match?.Unit is { } u ? new UnitRef(u.Product, u.Serial) : null,
                        match?.Lot is { } l ? new LotRef(l.Product, l.Lot) : null, ProcessOf((await StaffTasks.FindAsync(db, number, ct, tracked: false)).Kind), ct);
                }
            }
        }
        return await AnswerAsync(number, ct);
    }

    public async Task<IActionResult> OnPostAckAsync(string number, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            Done = await Ack.AcknowledgeAsync(instructions, Auth.ActorOf(User), ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return await AnswerAsync(number, ct);
    }

    // A line that cannot be done as planned (the item is not there): closed as an exception with the reason.
    public async Task<IActionResult> OnPostExceptionAsync(string number, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            var line = LineNo ?? throw DomainException.BadInput("field.required", "lineNo", "Choose the line that cannot be done.");
            await work.ReportExceptionAsync(new LineExceptionRequest(number, line, Reason), Auth.ActorOf(User), ct);
            Items = FormatItems(TripItems.Where(i => i.LineNo != line).ToList());
            Done = $"Line {line} reported: {Reason!.Trim()}.";
            (LineNo, Reason) = (null, null);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return await AnswerAsync(number, ct);
    }

    public async Task<IActionResult> OnPostFinishAsync(string number, CancellationToken ct)
    {
        ModelState.Clear();
        try
        {
            Reconciled = await work.ReconcileAsync(number, Auth.ActorOf(User), ct, Context(number));
            (From, Items) = (null, null);
            var r = Reconciled;
            Done = r.EventIds.Count == 0
                ? "Count finished: it matches the books, nothing was adjusted."
                : $"Count finished: {r.Lost} unit(s) lost, {r.Found} found, {r.Moved} moved here, {r.LotCorrections} lot correction(s).";
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return await AnswerAsync(number, ct);
    }

    // What to scan now, from the trip and the task's open lines.
    public string Prompt()
    {
        var open = View.Lines.Where(l => l.Status == TaskLineStatus.Open).ToList();
        var sources = Places(open.Select(l => l.From)) ?? (Task.Zone is { } zone ? $"any location in {zone}" : "no location left");
        if (IsCount)
        {
            return From is null
                ? $"Scan the location you count: {sources}."
                : $"Counting {From}: scan each unit, and each lot with its counted quantity. Scan another location to go on, or finish the count.";
        }
        if (From is null)
        {
            return $"Scan the source location: {sources}.";
        }
        var trip = TripItems;
        if (trip.Count == 0)
        {
            return $"At {From}: scan an item to take ({open.Count(l => l.From == From)} line(s) here).";
        }
        var line = View.Lines.FirstOrDefault(l => l.LineNo == trip[0].LineNo);
        var to = line?.ToContainer ?? line?.To;
        return $"Scan another item at {From}, or the destination {to}.";
    }

    public List<TaskLineView> TripLines() =>
        TripItems.Select(i => View.Lines.FirstOrDefault(l => l.LineNo == i.LineNo)).OfType<TaskLineView>().ToList();

    public List<TaskScanView> CountedHere() =>
        From is null ? [] : View.Scans.Where(s => s.Location == From && (s.Serial is not null || s.Lot is not null)).ToList();

    // Lines that can be reported missing: the open ones at the current source (all open ones before a source)
    // not already taken on this trip.
    public List<TaskLineView> Reportable()
    {
        var taken = TripItems.Select(i => i.LineNo).ToHashSet();
        return View.Lines.Where(l => l.Status == TaskLineStatus.Open && (From is null || l.From == From) && !taken.Contains(l.LineNo)).Take(MaxChoices).ToList();
    }

    public static string Describe(TaskLineView l) =>
        $"{l.LineNo}. {l.Product} {l.Serial ?? (l.Lot is { } lot ? "lot " + lot : "")}".TrimEnd() + (l.From is { } f ? $" at {f}" : "");

    static InstructionProcesses ProcessOf(TaskKind kind) => kind switch
    {
        TaskKind.Pick => InstructionProcesses.Pick,
        TaskKind.Pack => InstructionProcesses.Pack,
        TaskKind.Count => InstructionProcesses.Count,
        _ => InstructionProcesses.Move,
    };

    EventContext Context(string number) => new(IdempotencyKey: string.IsNullOrWhiteSpace(Key) ? null : $"task-{number}-{Key}");

    async Task<IActionResult> AnswerAsync(string number, CancellationToken ct)
    {
        if (await LoadAsync(number, ct) is { } missing)
        {
            return missing;
        }
        if (Closed)
        {
            (From, Items) = (null, null);
        }
        var cookie = TripCookie(number);
        if (From is null)
        {
            Response.Cookies.Delete(cookie, new CookieOptions { Path = CookiePath(number) });
        }
        else
        {
            Response.Cookies.Append(cookie, $"{From}|{Items}", new CookieOptions
            {
                Path = CookiePath(number),
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                MaxAge = TimeSpan.FromHours(12),
            });
        }
        return Page();
    }

    async Task<IActionResult?> LoadAsync(string number, CancellationToken ct)
    {
        try
        {
            View = await tasks.GetAsync(number, ct, blind: Auth.LevelOf(User) < (int)Role.Manager);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
        Key = Guid.NewGuid().ToString("N");
        if (Closed)
        {
            // What the task wrote: the moves its trips confirmed, the adjustments its count reconciled.
            var ids = (Reconciled?.EventIds ?? []).Concat(View.Lines.Where(l => l.EventId is not null).Select(l => l.EventId!.Value)).Distinct().Take(50).ToList();
            Written = await EventRow.LatestAsync(db, db.Events.Where(e => ids.Contains(e.Id)), 50, ct);
        }
        return null;
    }

    static string? Places(IEnumerable<string?> codes)
    {
        var distinct = codes.OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? null : string.Join(", ", distinct.Take(5)) + (distinct.Count > 5 ? ", ..." : "");
    }

    static string TripCookie(string number) => "task-trip-" + number.ToUpperInvariant();

    static string CookiePath(string number) => $"/tasks/{number.ToUpperInvariant()}";

    // "3:1;7:2.5": line number and quantity taken, for the hidden field and the cookie.
    static string FormatItems(IReadOnlyList<TripItem> items) =>
        string.Join(';', items.Select(i => $"{i.LineNo.ToString(CultureInfo.InvariantCulture)}:{i.Quantity.ToString(CultureInfo.InvariantCulture)}"));

    static List<TripItem> ParseItems(string? text) =>
        (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Split(':')).Where(p => p.Length == 2
            && int.TryParse(p[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && decimal.TryParse(p[1], NumberStyles.Number, CultureInfo.InvariantCulture, out _))
            .Select(p => new TripItem(int.Parse(p[0], CultureInfo.InvariantCulture), decimal.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
}

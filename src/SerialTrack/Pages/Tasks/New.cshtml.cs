using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// A manager plans work: a count of a location or a product, a put-away of a purchase order's receipt, a
// pick of a sales order, packing units into a container. (A move task comes from a group's bulk action.)
[Authorize(Policy = Auth.Manager)]
public sealed class NewModel(StaffTasks tasks) : PageModel
{
    public static readonly TaskKind[] Kinds = [TaskKind.Count, TaskKind.PutAway, TaskKind.Pick, TaskKind.Pack];

    [BindProperty(SupportsGet = true)] public TaskForm Form { get; set; } = new();

    // Each rendering of the form carries a fresh key: a double submit or a resubmitted page creates one task.
    [BindProperty] public string? Key { get; set; }

    public string NewKey { get; } = Guid.NewGuid().ToString("N");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            var context = new EventContext(IdempotencyKey: string.IsNullOrWhiteSpace(Key) ? null : "task-new-" + Key);
            var created = await tasks.CreateAsync(Form.ToRequest() with { Context = context }, Auth.ActorOf(User), ct);
            return Redirect($"/tasks/{created.Task.Number}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(TaskForm));
        }
        return Page();
    }
}

public sealed class TaskForm
{
    public TaskKind Kind { get; set; } = TaskKind.Count;
    public string? Location { get; set; }
    public string? Product { get; set; }
    public string? Order { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Container { get; set; }

    // Pack: one unit a line, "SERIAL" (of PackProduct) or "SKU SERIAL"; a scanner's Enter starts the next line.
    public string? PackProduct { get; set; }
    public string? Units { get; set; }
    public string? Title { get; set; }
    public string? Assignee { get; set; }
    public string? Zone { get; set; }
    public int Priority { get; set; }
    public DateTime? DueAt { get; set; }

    // Each kind reads only its own fields: what another kind's fields still hold is not sent.
    public TaskRequest ToRequest() => new(Kind, Title, Assignee, Zone, Priority,
        DueAt is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
        To: Kind is TaskKind.Count or TaskKind.Pack ? null : To, Order: Kind is TaskKind.Count or TaskKind.Pack ? null : Order,
        Location: Kind == TaskKind.Count ? Location : null, Product: Kind == TaskKind.Count ? Product : null,
        From: Kind == TaskKind.PutAway ? From : null,
        Container: Kind == TaskKind.Pack ? Container : null, Units: Kind == TaskKind.Pack ? UnitRefs() : null);

    List<UnitRef> UnitRefs() => [.. (Units ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(parts => parts.Length == 2 ? new UnitRef(parts[0], parts[1]) : new UnitRef(PackProduct?.Trim() ?? "", parts[0]))];
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// A manager plans work: a count of a location or a product, a put-away of a purchase order's receipt, a
// pick of a sales order. (A move task comes from a group's bulk action; packing from the API.)
[Authorize(Policy = Auth.Manager)]
public sealed class NewModel(StaffTasks tasks) : PageModel
{
    public static readonly TaskKind[] Kinds = [TaskKind.Count, TaskKind.PutAway, TaskKind.Pick];

    [BindProperty(SupportsGet = true)] public TaskForm Form { get; set; } = new();

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
            var created = await tasks.CreateAsync(Form.ToRequest(), Auth.ActorOf(User), ct);
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
    public string? Title { get; set; }
    public string? Assignee { get; set; }
    public string? Zone { get; set; }
    public int Priority { get; set; }
    public DateTime? DueAt { get; set; }

    // Each kind reads only its own fields: what another kind's fields still hold is not sent.
    public TaskRequest ToRequest() => new(Kind, Title, Assignee, Zone, Priority,
        DueAt is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null,
        To: Kind == TaskKind.Count ? null : To, Order: Kind == TaskKind.Count ? null : Order,
        Location: Kind == TaskKind.Count ? Location : null, Product: Kind == TaskKind.Count ? Product : null,
        From: Kind == TaskKind.PutAway ? From : null);
}

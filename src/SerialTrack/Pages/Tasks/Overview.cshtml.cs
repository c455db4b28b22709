using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// The managers' view: every task by status, assignee and kind, newest first, with progress, age and who
// worked on it; a page of 50 at a time, paged by id like the API.
[Authorize(Policy = Auth.Manager)]
public sealed class OverviewModel(StaffTasks tasks) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public WarehouseTaskStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true)] public TaskKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public List<TaskSummary> Tasks { get; private set; } = [];
    public long? Next { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Tasks = await tasks.ListAsync(new TaskFilter(Status, Assignee, Kind, After, PageSize + 1), ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        if (Tasks.Count > PageSize)
        {
            Tasks.RemoveAt(PageSize);
            Next = Tasks[^1].Id;
        }
    }

    public string NextLink() =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/tasks/overview", new Dictionary<string, string?>
        {
            ["Status"] = Status?.ToString(),
            ["Assignee"] = Assignee,
            ["Kind"] = Kind?.ToString(),
            ["After"] = Next?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(kv => kv.Value is not null));

    // "3 d 4 h", "2 h 5 min", "12 min": how long a task has waited, at a glance.
    public static string Age(TimeSpan age) => age.TotalDays >= 1
        ? $"{(int)age.TotalDays} d {age.Hours} h"
        : age.TotalHours >= 1 ? $"{(int)age.TotalHours} h {age.Minutes} min" : $"{Math.Max(0, (int)age.TotalMinutes)} min";
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// The worker's queue on a phone or a scanner: mine, my zone's and anyone's, most urgent first. One scan box:
// a task number opens the task, a location narrows the zone queues to that zone.
[Authorize(Policy = Auth.Operator)]
public sealed class IndexModel(StaffTasks tasks, Scanner scanner, SerialTrackDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Zone { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public List<TaskSummary> Queue { get; private set; } = [];
    public Dictionary<long, InstructionSeverity> Worst { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Q?.Trim() is { Length: > 0 } q)
        {
            if (q.StartsWith("TSK-", StringComparison.OrdinalIgnoreCase))
            {
                return Redirect($"/tasks/{Uri.EscapeDataString(q.ToUpperInvariant())}");
            }
            var scan = await scanner.ScanAsync(q, ct);
            if (scan.Matches.FirstOrDefault(m => m.Kind == ScanKind.Location)?.Location is { } location)
            {
                Zone = location.Code;
            }
            else
            {
                Error = $"'{q}' is neither a task number nor a location.";
            }
            Q = null;
            ModelState.Clear();
        }
        try
        {
            Queue = await tasks.QueueAsync(User.Identity!.Name!, Zone, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Zone = null;
            Queue = await tasks.QueueAsync(User.Identity!.Name!, null, ct);
        }
        Worst = await TaskInstructions.WorstAsync(db, Queue.Select(t => t.Id).ToList(), ct);
        return Page();
    }
}

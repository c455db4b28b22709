using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Tasks;

// One task: its lines, handling instructions and what was scanned. A worker starts or resumes it from here;
// a manager also sees who scanned what, and may cancel it. A count is blind for the counter.
[Authorize(Policy = Auth.Operator)]
public sealed class DetailsModel(StaffTasks tasks) : PageModel
{
    public TaskView View { get; private set; } = null!;
    public string? Error { get; private set; }
    public bool IsManager => Auth.LevelOf(User) >= (int)Role.Manager;
    public bool Open => View.Task.Status is WarehouseTaskStatus.Open or WarehouseTaskStatus.InProgress;

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        try
        {
            View = await tasks.GetAsync(number, ct, blind: !IsManager);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string number, CancellationToken ct)
    {
        if (!IsManager)
        {
            return Forbid();
        }
        try
        {
            await tasks.CancelAsync(number, Auth.ActorOf(User), ct);
            return Redirect($"/tasks/{Uri.EscapeDataString(number)}");
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return await OnGetAsync(number, ct);
        }
    }
}

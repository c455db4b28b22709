using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Pages.Groups;

// Saved groups with how many units each holds right now.
public sealed class IndexModel(Core.Warehouse.Groups groups) : PageModel
{
    public List<GroupDto> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Groups = await groups.ListAsync(withCounts: true, ct);
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Quality;

namespace SerialTrack.Pages.Recalls;

public sealed class IndexModel(Core.Quality.Recalls recalls) : PageModel
{
    public List<RecallSummary> Rows { get; private set; } = [];

    public async Task OnGetAsync(RecallStatus? status, CancellationToken ct) => Rows = await recalls.ListAsync(status, null, 500, ct);
}

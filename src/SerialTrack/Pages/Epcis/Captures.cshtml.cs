using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Epcis;

// EPCIS documents captured from partners: an operator uploads one from a file (the page's script sends it to
// POST /epcis/capture, so it is captured exactly as a partner's program would send it), and everyone sees the recent
// capture jobs, each opening on its own page with its notes and errors.
public sealed class CapturesModel(EpcisCapturing capturing) : PageModel
{
    public const int Shown = 100;

    public List<EpcisCaptureRow> Jobs { get; private set; } = [];
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;
    public static string SizeLimit => $"{EpcisCapturing.MaxDocumentBytes / (1024 * 1024)} MiB";

    // Paging back in time: the page shows the jobs before Before, and OlderThan names the next page when there is one.
    public long? Before { get; private set; }
    public long? OlderThan { get; private set; }

    public async Task OnGetAsync(long? before, CancellationToken ct)
    {
        Before = before;
        Jobs = await capturing.ListAsync(Shown + 1, before, ct);
        if (Jobs.Count > Shown)
        {
            Jobs.RemoveAt(Shown);
            OlderThan = Jobs[^1].Id;
        }
    }
}

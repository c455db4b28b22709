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

    public List<EpcisCapture> Jobs { get; private set; } = [];
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    public async Task OnGetAsync(CancellationToken ct) => Jobs = await capturing.RecentAsync(Shown, ct);
}

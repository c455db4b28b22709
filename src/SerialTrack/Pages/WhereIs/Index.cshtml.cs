using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages.WhereIs;

// "Where is it" and "what is here" on one scan screen. Scanning a location shows its contents and makes it
// the place the operator stands at; a unit scanned next that is recorded elsewhere is flagged.
public sealed class IndexModel(Whereabouts whereabouts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? At { get; set; }

    public WhereIsAnswer? Answer { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q))
        {
            return;
        }
        try
        {
            Answer = await whereabouts.FindAsync(Q, At, ct);
            if (Answer.LocationCode is { } here)
            {
                ModelState.Remove(nameof(At));
                At = here;
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        // The box is for the next scan.
        ModelState.Remove(nameof(Q));
        Q = null;
    }
}

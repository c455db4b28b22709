using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages;

public sealed class ScanModel(Scanner scanner) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    public ScanResult? Result { get; private set; }
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Q))
        {
            return Page();
        }
        try
        {
            Result = await scanner.ScanAsync(Q.Trim(), ct);
        }
        catch (DomainException e)
        {
            Message = e.Message;
            return Page();
        }
        // An expected serial has no unit page yet: say so here rather than jump to its product.
        if (Result.Matches.Count == 1 && Result.Kind != ScanKind.Expected)
        {
            return LocalRedirect(Result.Matches[0].Link);
        }
        Message = Result.Message;
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Serials;

namespace SerialTrack.Pages.Serials;

public sealed class DecodeModel(SerialNumbers serials) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Serial { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Product { get; set; }

    public List<DecodeAnswer>? Answers { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Serial))
        {
            return;
        }
        try
        {
            Answers = await serials.DecodeAsync(Serial.Trim(), Product, ct);
        }
        catch (DomainException e)
        {
            Message = e.Message;
        }
    }
}

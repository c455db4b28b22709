using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Pages.Replacements;

// "Find a replacement": scan a faulty unit (or type a SKU) and see available stock of its product and of
// its substitutes, nearest first.
public sealed class IndexModel(Core.Warehouse.Substitutes substitutes) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Product { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Near { get; set; }

    public ReplacementAnswer? Answer { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Product) && string.IsNullOrWhiteSpace(Unit))
        {
            return;
        }
        try
        {
            Answer = await substitutes.FindAsync(Product, string.IsNullOrWhiteSpace(Product) ? Unit : null, Near, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Printing;
using SerialTrack.Labels;
using SerialTrack.Printing;

namespace SerialTrack.Pages.Admin;

// Admin-only by the /Admin folder convention in Server. One form adds a printer, or edits the one named in
// ?edit= (Was keeps its current name so it can be renamed).
public sealed class PrintersModel(LabelTemplateStore store, LabelJobs jobs) : PageModel
{
    public sealed class PrinterForm
    {
        public string? Was { get; set; }
        public string? Name { get; set; }
        public string? Address { get; set; }
    }

    [BindProperty]
    public PrinterForm Form { get; set; } = new();

    public List<Printer> Printers { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public string? Failed { get; private set; }

    public async Task OnGetAsync(string? edit, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Printers.FirstOrDefault(p => p.Name == edit) is { } p)
        {
            Form = new PrinterForm { Was = p.Name, Name = p.Name, Address = p.Address };
        }
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        try
        {
            var printer = await store.SavePrinterAsync(string.IsNullOrEmpty(Form.Was) ? null : Form.Was, Form.Name, Form.Address, ct);
            Done = $"Printer '{printer.Name}' saved ({printer.Address}).";
            return RedirectToPage();
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(PrinterForm));
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRemoveAsync(string name, CancellationToken ct)
    {
        try
        {
            await store.RemovePrinterAsync(name, ct);
            Done = $"Printer '{name}' removed.";
            return RedirectToPage();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    // A refused or silent printer is the answer the admin came for: shown on the page, not thrown.
    public async Task<IActionResult> OnPostTestAsync(string name, CancellationToken ct)
    {
        try
        {
            Done = $"Test label sent to '{name}' at {await jobs.TestPrintAsync(name, ct)}.";
            return RedirectToPage();
        }
        catch (LabelException e)
        {
            Failed = $"Test print to '{name}' failed: {e.Message} ({e.Code}).";
            await LoadAsync(ct);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken ct) => Printers = await store.PrintersAsync(ct);
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Quality;
using SerialTrack.Web;

namespace SerialTrack.Pages.Complaints;

// Scan the unit (or lot) first: Enter shows what it is, its customer and warranty at once and moves to
// the symptom; Enter on the symptom records the complaint.
[Authorize(Policy = Auth.Operator)]
public sealed class NewModel(Core.Quality.Complaints complaints) : PageModel
{
    [BindProperty] public string? Item { get; set; }
    [BindProperty] public string? Product { get; set; }
    [BindProperty] public string? Symptom { get; set; }
    [BindProperty] public string? Customer { get; set; }
    [BindProperty] public DateOnly? FailedOn { get; set; }
    [BindProperty] public DateOnly? ReportedOn { get; set; }

    public ComplaintSubject? Subject { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public void OnGet(string? item) => Item = item;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Subject = await complaints.SubjectAsync(Item, Product, null, ct);
            if (string.IsNullOrWhiteSpace(Symptom))
            {
                return Page();
            }
            var c = await complaints.CreateAsync(new ComplaintInput(Item, Symptom, Product, Customer, ReportedOn, FailedOn), Auth.ActorOf(User), ct);
            return Redirect($"/complaints/{c.Number}");
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
            return Page();
        }
    }
}

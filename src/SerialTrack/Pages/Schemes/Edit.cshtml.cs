using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Serials;
using SerialTrack.Web;

namespace SerialTrack.Pages.Schemes;

// Serves both /schemes/new (no id) and /schemes/{id}/edit; Preview re-renders without saving.
[Authorize(Policy = Auth.Manager)]
public sealed class EditModel(SerialTrackDbContext db, SerialNumbers serials, TimeProvider clock) : PageModel
{
    public sealed class SchemeForm
    {
        public string? Name { get; set; }
        public string? Template { get; set; }
        public string? Description { get; set; }
        public bool Archived { get; set; }
        public string? SampleSku { get; set; } = "SKU1";
        public string? SampleLocation { get; set; } = "LOC1";
        public DateOnly? SampleDate { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public SchemeForm Form { get; set; } = new();

    public SchemePreview? Preview { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form.SampleDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (Id is { } id)
        {
            if (await db.SerialSchemes.FindAsync([id], ct) is not { } s)
            {
                return NotFound();
            }
            Form.Name = s.Name;
            Form.Template = s.Template;
            Form.Description = s.Description;
            Form.Archived = s.Archived;
        }
        return Page();
    }

    public IActionResult OnPostPreview()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var date = Form.SampleDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var context = new SerialContext(string.IsNullOrWhiteSpace(Form.SampleSku) ? "SKU1" : Form.SampleSku.Trim(),
            new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
        {
            Location = string.IsNullOrWhiteSpace(Form.SampleLocation) ? "LOC1" : Form.SampleLocation.Trim(),
        };
        try
        {
            Preview = SerialNumbers.Preview(Form.Template, context, 5);
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(SchemeForm));
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        try
        {
            var input = new SchemeInput(Form.Name, Form.Template, Form.Description, Form.Archived);
            var scheme = Id is { } id ? await serials.UpdateSchemeAsync(id, input, ct) : await serials.CreateSchemeAsync(input, ct);
            return Redirect($"/schemes/{scheme.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(SchemeForm));
            return Page();
        }
    }
}

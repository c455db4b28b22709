using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Web;

namespace SerialTrack.Pages.Locations;

// Serves both /locations/new (no id) and /locations/{id}/edit.
[Authorize(Policy = Auth.Manager)]
public sealed class EditModel(SerialTrackDbContext db, LocationCatalog catalog) : PageModel
{
    public sealed class LocationForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public LocationKind Kind { get; set; } = LocationKind.Bin;
        public string? ParentCode { get; set; }
        public string? Gln { get; set; }
        public bool Archived { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public LocationForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            if (await db.Locations.AsNoTracking().Include(l => l.Parent).FirstOrDefaultAsync(l => l.Id == id, ct) is not { } l)
            {
                return NotFound();
            }
            Form = new LocationForm { Code = l.Code, Name = l.Name, Kind = l.Kind, ParentCode = l.Parent?.Code, Gln = l.Gln, Archived = l.Archived };
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
            var input = new LocationInput(Form.Code, Form.Name, Form.Kind, Form.ParentCode, Form.Gln, Form.Archived);
            var location = Id is { } id ? await catalog.UpdateAsync(id, input, ct) : await catalog.CreateAsync(input, ct);
            return Redirect($"/locations/{location.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(LocationForm));
            return Page();
        }
    }
}

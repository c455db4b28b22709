using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Parties;
using SerialTrack.Web;

namespace SerialTrack.Pages.Parties;

// Serves both /parties/new (no id) and /parties/{id}/edit.
[Authorize(Policy = Auth.Manager)]
public sealed class EditModel(SerialTrackDbContext db, PartyCatalog catalog) : PageModel
{
    public sealed class PartyForm
    {
        public string? Code { get; set; }
        public string? Name { get; set; }
        public PartyRole Role { get; set; } = PartyRole.Customer;
        public string? ContactName { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Address { get; set; }
        public string? Gln { get; set; }
        public bool Archived { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public PartyForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            if (await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } p)
            {
                return NotFound();
            }
            Form = new PartyForm
            {
                Code = p.Code,
                Name = p.Name,
                Role = p.Role,
                ContactName = p.ContactName,
                Email = p.Email,
                Phone = p.Phone,
                Address = p.Address,
                Gln = p.Gln,
                Archived = p.Archived,
            };
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
            var input = new PartyInput(Form.Code, Form.Name, Form.Role, Form.ContactName, Form.Email, Form.Phone, Form.Address, Form.Gln, Form.Archived);
            var party = Id is { } id ? await catalog.UpdateAsync(id, input, ct) : await catalog.CreateAsync(input, ct);
            return Redirect($"/parties/{party.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(PartyForm));
            return Page();
        }
    }
}

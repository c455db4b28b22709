using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Admin;

// Admin-only by the /Admin folder convention in Server.
public sealed class UsersModel(SerialTrackDbContext db, Accounts accounts) : PageModel
{
    public sealed class NewUser
    {
        public string? Name { get; set; }
        public Role Role { get; set; } = Role.Viewer;
        public string? Password { get; set; }
    }

    [BindProperty]
    public NewUser New { get; set; } = new();

    public List<User> Users { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        try
        {
            if (string.IsNullOrEmpty(New.Password))
            {
                throw DomainException.BadInput("user.password", "password", "A password is required.");
            }
            var user = await accounts.AddUserAsync(New.Name, New.Role, New.Password, ct);
            Done = $"User '{user.Name}' added as {Auth.Name(user.Role)}.";
            return RedirectToPage();
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(New), typeof(NewUser));
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostUpdateAsync(string name, Role role, bool disabled, CancellationToken ct)
    {
        try
        {
            var user = await accounts.UpdateUserAsync(name, role, disabled, ct);
            Done = $"User '{user.Name}' is now {Auth.Name(user.Role)}{(user.Disabled ? ", disabled" : "")}.";
            return RedirectToPage();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken ct) => Users = await db.Users.AsNoTracking().OrderBy(u => u.Name).ToListAsync(ct);
}

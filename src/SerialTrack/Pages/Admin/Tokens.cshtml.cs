using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;

namespace SerialTrack.Pages.Admin;

// Admin-only by the /Admin folder convention in Server.
public sealed class TokensModel(SerialTrackDbContext db, Accounts accounts) : PageModel
{
    public sealed record TokenRow(long Id, string Prefix, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    public List<TokenRow> Tokens { get; private set; } = [];
    public List<SelectListItem> UserNames { get; private set; } = [];

    // Set only on the answer to the create POST and never stored: the secret cannot be shown again.
    public string? Secret { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            (_, Secret) = await accounts.CreateTokenAsync(UserName ?? "", Label, ct);
            Done = null;
            ModelState.Clear();
            Label = null;
            await LoadAsync(ct);
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field is "name" ? nameof(Label) : e.Field is "user" ? nameof(UserName) : "", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        try
        {
            var token = await accounts.RevokeTokenAsync(id.ToString(CultureInfo.InvariantCulture), ct);
            Done = $"Token {token.Prefix}… revoked.";
            return RedirectToPage();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
            await LoadAsync(ct);
            return Page();
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await (from t in db.ApiTokens.AsNoTracking()
                        join u in db.Users on t.UserId equals u.Id
                        orderby t.Id descending
                        select new TokenRow(t.Id, t.Prefix, u.Name, t.Name, t.CreatedAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(ct);
        UserNames = await db.Users.AsNoTracking().Where(u => !u.Disabled).OrderBy(u => u.Name)
            .Select(u => new SelectListItem(u.Name, u.Name)).ToListAsync(ct);
    }
}

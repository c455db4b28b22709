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
    public sealed record TokenRow(
        long Id, string Prefix, string User, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, TokenScope Scope, string? Party);

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Label { get; set; }

    [BindProperty]
    public string? Scope { get; set; }

    [BindProperty]
    public string? Party { get; set; }

    public List<TokenRow> Tokens { get; private set; } = [];
    public List<SelectListItem> UserNames { get; private set; } = [];
    public List<SelectListItem> Parties { get; private set; } = [];

    public List<SelectListItem> Scopes { get; } =
    [
        new("Full rights of the user", ""),
        new($"{TokenScopes.Capture}: a partner sends EPCIS events", TokenScopes.Capture),
        new($"{TokenScopes.QueryOwn}: a partner queries the events of its own shipments", TokenScopes.QueryOwn),
    ];

    // Set only on the answer to the create POST and never stored: the secret cannot be shown again.
    public string? Secret { get; private set; }

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            (_, Secret) = await accounts.CreateTokenAsync(new TokenRequest(UserName ?? "", Label, Scope, Party), ct);
            Done = null;
            ModelState.Clear();
            Label = null;
            Scope = null;
            Party = null;
            await LoadAsync(ct);
            Response.Headers.CacheControl = "no-store";
            return Page();
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field switch { "name" => nameof(Label), "user" => nameof(UserName), "scope" => nameof(Scope), "party" => nameof(Party), _ => "" }, e.Message);
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
                        join p in db.Parties on t.PartyId equals p.Id into party
                        from p in party.DefaultIfEmpty()
                        orderby t.Id descending
                        select new TokenRow(t.Id, t.Prefix, u.Name, t.Name, t.CreatedAt, t.LastUsedAt, t.RevokedAt, t.Scope, p == null ? null : p.Code)).ToListAsync(ct);
        Parties = [new("(none)", ""), .. await db.Parties.AsNoTracking().Where(p => !p.Archived).OrderBy(p => p.Code)
            .Select(p => new SelectListItem(p.Code + " – " + p.Name, p.Code)).ToListAsync(ct)];
        UserNames = await db.Users.AsNoTracking().Where(u => !u.Disabled).OrderBy(u => u.Name)
            .Select(u => new SelectListItem(u.Name, u.Name)).ToListAsync(ct);
    }
}

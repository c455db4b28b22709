using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Units;

public sealed class DetailsModel(SerialTrackDbContext db, UnitLookup lookup, Identifiers identifiers) : PageModel
{
    public sealed record IdentifierRow(string Kind, string Issuer, string Value);

    public sealed class IdentifierForm
    {
        public string? Kind { get; set; }
        public string? Value { get; set; }
        public string? Issuer { get; set; }
    }

    public UnitSummary Unit { get; private set; } = null!;
    public Lot? Lot { get; private set; }
    public Party? Owner { get; private set; }
    public string? HandlingInstructions { get; private set; }
    public List<EventRow> History { get; private set; } = [];
    public List<IdentifierRow> UnitIdentifiers { get; private set; } = [];
    public List<SelectListItem> Kinds { get; private set; } = [];
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    [BindProperty]
    public IdentifierForm Identifier { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostIdentifierAsync(long id, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        try
        {
            await identifiers.AssignAsync(id, [new IdentifierInput(Identifier.Kind, Identifier.Value, Identifier.Issuer)], Auth.ActorOf(User), null, ct);
            return Redirect($"/units/{id}");
        }
        catch (DomainException e)
        {
            // The service names the field "identifiers[0][0].value"; the form has one identifier.
            var field = e.Field?.Split('.')[^1] switch
            {
                "kind" => nameof(IdentifierForm.Kind),
                "value" => nameof(IdentifierForm.Value),
                "issuer" => nameof(IdentifierForm.Issuer),
                _ => null,
            };
            ModelState.AddModelError(field is null ? "" : $"{nameof(Identifier)}.{field}", e.Message);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }
    }

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await lookup.FindByIdAsync(id, ct) is not { } unit)
        {
            return false;
        }
        Unit = unit;
        // Lot, owner and handling instructions in one query, beside the lookup's unit state.
        var extra = await (from u in db.Units.AsNoTracking()
                           join p in db.Products on u.ProductId equals p.Id
                           join l in db.Lots on u.LotId equals l.Id into ls
                           from l in ls.DefaultIfEmpty()
                           join o in db.Parties on u.OwnerPartyId equals o.Id into os
                           from o in os.DefaultIfEmpty()
                           where u.Id == id
                           select new { p.HandlingInstructions, Lot = l, Owner = o }).FirstAsync(ct);
        (Lot, Owner, HandlingInstructions) = (extra.Lot, extra.Owner, extra.HandlingInstructions);
        History = await EventRow.OfUnit(db, id).ToListAsync(ct);
        UnitIdentifiers = await (from i in db.UnitIdentifiers.AsNoTracking()
                                 join k in db.IdentifierKinds on i.Kind equals k.Code into ks
                                 from k in ks.DefaultIfEmpty()
                                 where i.UnitId == id
                                 orderby i.Id
                                 select new IdentifierRow(k == null ? i.Kind : k.Name, i.Issuer, i.Value)).ToListAsync(ct);
        if (CanOperate)
        {
            Kinds = await db.IdentifierKinds.AsNoTracking().OrderBy(k => k.Name).Select(k => new SelectListItem(k.Name, k.Code)).ToListAsync(ct);
        }
        return true;
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Units;

public sealed class DetailsModel(
    SerialTrackDbContext db, UnitLookup lookup, Identifiers identifiers, Core.Warehouse.Instructions instructions, Core.Epcis.EpcisReviews reviews) : PageModel
{
    public sealed record IdentifierRow(string Kind, string Issuer, string Value);

    // A genealogy edge seen from this unit: a component (unit or lot quantity) that went into it, or the
    // unit or lot it went into. Removed is set when a repair took the component out again.
    public sealed record PartRow(long? UnitId, long? LotId, string Sku, string Code, decimal Quantity, DateTimeOffset At, bool Removed);

    public sealed record TestRow(string Test, bool Passed, bool Required, string? Measurements, DateTimeOffset At);

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
    public IReadOnlyList<AppliedInstruction> Applied { get; private set; } = [];
    public List<EventRow> History { get; private set; } = [];
    public List<Core.Epcis.EpcisReviewRow> Reviews { get; private set; } = [];
    public List<IdentifierRow> UnitIdentifiers { get; private set; } = [];
    public List<PartRow> Components { get; private set; } = [];
    public List<PartRow> UsedIn { get; private set; } = [];
    public List<TestRow> Tests { get; private set; } = [];
    public string? Container { get; private set; }
    public long? ContainerId { get; private set; }
    public bool TestFailed { get; private set; }
    public DateTimeOffset? ShippedAt { get; private set; }
    public DateOnly? WarrantyEnds { get; private set; }
    public bool Archived { get; private set; }
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

    // Someone has looked at what a partner's event contradicted; the item stays listed as reviewed.
    public async Task<IActionResult> OnPostReviewedAsync(long id, long item, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        await reviews.ResolveAsync(item, Auth.ActorOf(User), ct);
        return Redirect($"/units/{id}#partner-reports");
    }

    // Archiving hides a unit that left the stock from the stock views; its history stays (docs/history.md).
    public async Task<IActionResult> OnPostArchiveAsync(long id, bool archive, [FromServices] Core.History.Archiving archiving, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        try
        {
            await (archive ? archiving.ArchiveAsync(id, ct) : archiving.UnarchiveAsync(id, ct));
            return Redirect($"/units/{id}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("archive", e.Message);
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
        Applied = (await instructions.ForUnitsAsync([id], ct)).GetValueOrDefault(id) ?? [];
        // Lot, owner and handling instructions in one query, beside the lookup's unit state.
        var extra = await (from u in db.Units.AsNoTracking()
                           join p in db.Products on u.ProductId equals p.Id
                           join l in db.Lots on u.LotId equals l.Id into ls
                           from l in ls.DefaultIfEmpty()
                           join o in db.Parties on u.OwnerPartyId equals o.Id into os
                           from o in os.DefaultIfEmpty()
                           join c in db.Containers on u.ContainerId equals c.Id into cs
                           from c in cs.DefaultIfEmpty()
                           where u.Id == id
                           select new { p.HandlingInstructions, p.WarrantyMonths, Lot = l, Owner = o, Container = c == null ? null : c.Sscc ?? c.Code, u.TestFailed, u.ShippedAt, u.Archived }).FirstAsync(ct);
        (Lot, Owner, HandlingInstructions) = (extra.Lot, extra.Owner, extra.HandlingInstructions);
        (Container, ContainerId, TestFailed, ShippedAt, Archived) = (extra.Container, unit.ContainerId, extra.TestFailed, extra.ShippedAt, extra.Archived);
        // The first shipment to a customer starts the warranty.
        WarrantyEnds = ShippedAt is { } shipped && extra.WarrantyMonths is { } months ? DateOnly.FromDateTime(shipped.UtcDateTime).AddMonths(months) : null;
        Components = await (from g in db.GenealogyEdges.AsNoTracking()
                            where g.OutputUnitId == id
                            join e in db.Events on g.EventId equals e.Id
                            join cu in db.Units on g.InputUnitId equals cu.Id into cus
                            from cu in cus.DefaultIfEmpty()
                            join cl in db.Lots on g.InputLotId equals cl.Id into cls
                            from cl in cls.DefaultIfEmpty()
                            join p in db.Products on cu != null ? cu.ProductId : cl.ProductId equals p.Id
                            orderby g.Id
                            select new PartRow(g.InputUnitId, g.InputLotId, p.Sku, cu != null ? cu.Serial : cl.Code, g.Quantity, e.EventTime, g.RemovedEventId != null)).ToListAsync(ct);
        UsedIn = await (from g in db.GenealogyEdges.AsNoTracking()
                        where g.InputUnitId == id
                        join e in db.Events on g.EventId equals e.Id
                        join ou in db.Units on g.OutputUnitId equals ou.Id into ous
                        from ou in ous.DefaultIfEmpty()
                        join ol in db.Lots on g.OutputLotId equals ol.Id into ols
                        from ol in ols.DefaultIfEmpty()
                        join p in db.Products on ou != null ? ou.ProductId : ol.ProductId equals p.Id
                        orderby g.Id
                        select new PartRow(g.OutputUnitId, g.OutputLotId, p.Sku, ou != null ? ou.Serial : ol.Code, g.Quantity, e.EventTime, g.RemovedEventId != null)).ToListAsync(ct);
        Tests = await db.TestResults.AsNoTracking().Where(t => t.UnitId == id).OrderByDescending(t => t.RecordedAt)
            .Select(t => new TestRow(t.Test, t.Passed, t.Required, t.Measurements, t.RecordedAt)).ToListAsync(ct);
        History = await EventRow.OfUnit(db, id).ToListAsync(ct);
        Reviews = await reviews.ForUnitAsync(id, ct);
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

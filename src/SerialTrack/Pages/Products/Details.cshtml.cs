using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Products;

public sealed class DetailsModel(SerialTrackDbContext db, ProductCatalog catalog, SerialNumbers serials, Commissioning commissioning) : PageModel
{
    public sealed class SerialsForm
    {
        public string? Scheme { get; set; }
        public SerialUniqueness Uniqueness { get; set; }
    }

    public sealed class ReserveForm
    {
        public int? Count { get; set; }
        public string? Reference { get; set; }
    }

    // Named for CommissionRequest's fields so a refusal lands beside the right input.
    public sealed class CommissionForm
    {
        public int? Generate { get; set; }
        public string? Location { get; set; }
    }

    public Product Product { get; private set; } = null!;
    public int UnitCount { get; private set; }
    public int LotCount { get; private set; }
    public SerialScheme? Scheme { get; private set; }
    public bool SchemeViaCategory { get; private set; }
    public List<SelectListItem> SchemeNames { get; private set; } = [];
    public IReadOnlyList<string>? Generated { get; private set; }
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    [BindProperty]
    public SerialsForm Serials { get; set; } = new();

    [BindProperty]
    public ReserveForm Reserve { get; set; } = new();

    [BindProperty]
    public CommissionForm Commission { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Serials.Scheme = Product.SerialSchemeId is null ? null : Scheme?.Name;
        Serials.Uniqueness = Product.SerialUniqueness;
        return Page();
    }

    public async Task<IActionResult> OnPostSerialsAsync(long id, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return Forbid();
        }
        try
        {
            await catalog.SetSerialsAsync(id, Serials.Scheme, Serials.Uniqueness, ct);
            return Redirect($"/products/{id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Serials), typeof(SerialsForm));
            return await ReloadAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostReserveAsync(long id, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        if (await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Sku).FirstOrDefaultAsync(ct) is not { } sku)
        {
            return NotFound();
        }
        try
        {
            var reservation = await serials.ReserveAsync(sku, Reserve.Count, null, null, Reserve.Reference, Auth.ActorOf(User), ct);
            return Redirect($"/reservations/{reservation.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Reserve), typeof(ReserveForm));
            return await ReloadAsync(id, ct);
        }
    }

    public async Task<IActionResult> OnPostCommissionAsync(long id, CancellationToken ct)
    {
        if (!CanOperate)
        {
            return Forbid();
        }
        if (await db.Products.AsNoTracking().Where(p => p.Id == id).Select(p => p.Sku).FirstOrDefaultAsync(ct) is not { } sku)
        {
            return NotFound();
        }
        try
        {
            (_, Generated) = await commissioning.CommissionWithSerialsAsync(
                new CommissionRequest(sku, [], Commission.Location ?? "", Generate: Commission.Generate ?? 0), Auth.ActorOf(User), ct);
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Commission), typeof(CommissionForm));
        }
        return await ReloadAsync(id, ct);
    }

    async Task<IActionResult> ReloadAsync(long id, CancellationToken ct) => await LoadAsync(id, ct) ? Page() : NotFound();

    async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } product)
        {
            return false;
        }
        Product = product;
        UnitCount = await db.Units.CountAsync(u => u.ProductId == id && !u.Archived, ct);
        LotCount = await db.Lots.CountAsync(l => l.ProductId == id, ct);
        Scheme = await serials.SchemeOfAsync(product, ct);
        SchemeViaCategory = Scheme is not null && product.SerialSchemeId is null;
        if (CanEdit)
        {
            SchemeNames = await db.SerialSchemes.AsNoTracking().Where(s => !s.Archived || s.Id == product.SerialSchemeId).OrderBy(s => s.Name)
                .Select(s => new SelectListItem(s.Name, s.Name)).ToListAsync(ct);
            SchemeNames.Insert(0, new SelectListItem(product.Category is null ? "(none)" : "(none: use the category's)", ""));
        }
        return true;
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Web;

namespace SerialTrack.Pages.Products;

// Serves both /products/new (no id) and /products/{id}/edit.
[Authorize(Policy = Auth.Manager)]
public sealed class EditModel(SerialTrackDbContext db, ProductCatalog catalog) : PageModel
{
    public sealed class ProductForm
    {
        public string? Sku { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Gtin { get; set; }
        public TrackingMode Tracking { get; set; } = TrackingMode.Serial;
        public string? Category { get; set; }
        public string? Uom { get; set; }
        public int? WarrantyMonths { get; set; }
        public string? HandlingInstructions { get; set; }
        public string? Attributes { get; set; }
        public bool Archived { get; set; }
    }

    [BindProperty(SupportsGet = true)]
    public long? Id { get; set; }

    [BindProperty]
    public ProductForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            if (await db.Products.FindAsync([id], ct) is not { } p)
            {
                return NotFound();
            }
            Form = new ProductForm
            {
                Sku = p.Sku,
                Name = p.Name,
                Description = p.Description,
                Gtin = p.Gtin,
                Tracking = p.Tracking,
                Category = p.Category,
                Uom = p.Uom,
                WarrantyMonths = p.WarrantyMonths,
                HandlingInstructions = p.HandlingInstructions,
                Archived = p.Archived,
                Attributes = string.Join("\n", p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}")),
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
            var input = new ProductInput(Form.Sku, Form.Name, Form.Description, Form.Gtin, Form.Tracking, Form.Category, Form.Uom,
                Form.WarrantyMonths, Form.HandlingInstructions, ParseAttributes(Form.Attributes), Form.Archived);
            var product = Id is { } id ? await catalog.UpdateAsync(id, input, ct) : await catalog.CreateAsync(input, ct);
            return Redirect($"/products/{product.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(ProductForm));
            return Page();
        }
    }

    // "key=value" lines become the attribute map; the catalog then checks each key and value.
    static Dictionary<string, string> ParseAttributes(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var eq = lines[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw DomainException.BadInput("product.attributes", "attributes",
                    string.Create(CultureInfo.InvariantCulture, $"Line {i + 1} '{lines[i]}' is not key=value."));
            }
            result[lines[i][..eq].Trim()] = lines[i][(eq + 1)..].Trim();
        }
        return result;
    }
}

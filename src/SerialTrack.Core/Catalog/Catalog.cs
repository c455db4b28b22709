using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Catalog;

public sealed record ProductInput(
    string? Sku,
    string? Name,
    string? Description = null,
    string? Gtin = null,
    TrackingMode Tracking = TrackingMode.Serial,
    string? Category = null,
    string? Uom = null,
    int? WarrantyMonths = null,
    string? HandlingInstructions = null,
    Dictionary<string, string>? Attributes = null,
    bool Archived = false);

// Master data rules for products: the API, the web pages and CSV import all come through here.
public sealed class ProductCatalog(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<Product> CreateAsync(ProductInput input, CancellationToken ct)
    {
        var product = new Product { Sku = "", Name = "", CreatedAt = clock.GetUtcNow() };
        Apply(product, input);
        await EnsureUniqueAsync(product, ct);
        db.Products.Add(product);
        await db.SaveChangesAsync(ct);
        return product;
    }

    public async Task<Product> UpdateAsync(long id, ProductInput input, CancellationToken ct)
    {
        var product = await db.Products.FindAsync([id], ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with id {id}.");
        Apply(product, input);
        await EnsureUniqueAsync(product, ct);
        await db.SaveChangesAsync(ct);
        return product;
    }

    // Which scheme a product's serials follow (null: none of its own, the category's applies) and where
    // they must be unique.
    public async Task<Product> SetSerialsAsync(long id, string? schemeName, SerialUniqueness uniqueness, CancellationToken ct)
    {
        var product = await db.Products.FindAsync([id], ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with id {id}.");
        if (!Enum.IsDefined(uniqueness))
        {
            throw DomainException.BadInput("product.uniqueness", "uniqueness", $"Unknown uniqueness '{uniqueness}'.");
        }
        product.SerialSchemeId = Text.Optional(schemeName, "scheme", 64) is { } name
            ? (await new Serials.SerialNumbers(db, clock).FindSchemeAsync(name, "scheme", ct)).Id
            : null;
        product.SerialUniqueness = uniqueness;
        product.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return product;
    }

    public async Task<Product> FindAsync(string sku, CancellationToken ct) =>
        await db.Products.FirstOrDefaultAsync(p => p.Sku == sku, ct)
        ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", "product");

    void Apply(Product product, ProductInput input)
    {
        product.Sku = Text.RequiredCode(input.Sku, "sku", 64);
        product.Name = Text.Required(input.Name, "name", 200);
        product.Description = Text.Optional(input.Description, "description", 4000);
        product.Gtin = string.IsNullOrWhiteSpace(input.Gtin) ? null : Gs1Fields.Gtin(input.Gtin, "gtin").Value;
        if (!Enum.IsDefined(input.Tracking))
        {
            throw DomainException.BadInput("product.tracking", "tracking", $"Tracking must be serial, lot or none, not '{input.Tracking}'.");
        }
        product.Tracking = input.Tracking;
        product.Category = Text.Optional(input.Category, "category", 100);
        product.Uom = Text.Optional(input.Uom, "uom", 16) ?? "ea";
        if (input.WarrantyMonths is < 0 or > 1200)
        {
            throw DomainException.BadInput("product.warranty", "warrantyMonths", "Warranty must be between 0 and 1200 months.");
        }
        product.WarrantyMonths = input.WarrantyMonths;
        product.HandlingInstructions = Text.Optional(input.HandlingInstructions, "handlingInstructions", 4000);
        product.Attributes = ValidateAttributes(input.Attributes);
        product.Archived = input.Archived;
        product.UpdatedAt = clock.GetUtcNow();
    }

    static Dictionary<string, string> ValidateAttributes(Dictionary<string, string>? attributes)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in attributes ?? [])
        {
            var k = Text.RequiredCode(key, "attributes", 64);
            result[k] = Text.Optional(value, $"attributes.{k}", 500) ?? "";
        }
        return result;
    }

    async Task EnsureUniqueAsync(Product product, CancellationToken ct)
    {
        if (await db.Products.AnyAsync(p => p.Sku == product.Sku && p.Id != product.Id, ct))
        {
            throw DomainException.Conflict("product.duplicate_sku", $"SKU '{product.Sku}' is already used by another product.", "sku");
        }
        if (product.Gtin is not null && await db.Products.AnyAsync(p => p.Gtin == product.Gtin && p.Id != product.Id, ct))
        {
            throw DomainException.Conflict("product.duplicate_gtin", $"GTIN {product.Gtin} is already used by another product.", "gtin");
        }
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class ProductsEndpoints
{
    public static void MapProducts(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/products").WithTags("Products");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
        g.MapPost("/", Create).RequireAuthorization(Auth.Manager);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Auth.Manager);
    }

    static async Task<Ok<Page<ProductDto>>> List(SerialTrackDbContext db, HttpRequest request, string? q, string? category, bool? archived, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = db.Products.AsNoTracking().Where(p => p.Id > (after ?? 0));
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(p => p.Sku.StartsWith(q) || p.Name.Contains(q) || p.Gtin == q);
        }
        if (!string.IsNullOrWhiteSpace(category))
        {
            query = query.Where(p => p.Category == category);
        }
        query = query.Where(p => p.Archived == (archived ?? false));
        var rows = await query.OrderBy(p => p.Id).Take(n + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows.Select(ProductDto.From).ToList(), n, p => p.Id, request));
    }

    static async Task<Results<Ok<ProductDto>, NotFound>> Get(long id, SerialTrackDbContext db, CancellationToken ct) =>
        await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? TypedResults.Ok(ProductDto.From(p)) : TypedResults.NotFound();

    static async Task<Created<ProductDto>> Create(ProductInput input, ProductCatalog catalog, CancellationToken ct)
    {
        var p = await catalog.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/products/{p.Id}", ProductDto.From(p));
    }

    static async Task<Ok<ProductDto>> Update(long id, ProductInput input, ProductCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(ProductDto.From(await catalog.UpdateAsync(id, input, ct)));
}

public sealed record ProductDto(long Id, string Sku, string Name, string? Description, string? Gtin, TrackingMode Tracking, string? Category,
    string Uom, int? WarrantyMonths, string? HandlingInstructions, Dictionary<string, string> Attributes, bool Archived, long? SerialSchemeId,
    SerialUniqueness SerialUniqueness)
{
    public static ProductDto From(Product p) => new(p.Id, p.Sku, p.Name, p.Description, p.Gtin, p.Tracking, p.Category, p.Uom,
        p.WarrantyMonths, p.HandlingInstructions, p.Attributes, p.Archived, p.SerialSchemeId, p.SerialUniqueness);
}

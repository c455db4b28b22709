using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Substitute products and "find a replacement": available stock of a product or a faulty unit's product
// and of its substitutes, nearest first.
public static class SubstitutesEndpoints
{
    public static void MapSubstitutes(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Substitutes");
        g.MapGet("/products/{sku}/substitutes", List);
        g.MapPut("/products/{sku}/substitutes", Declare).RequireAuthorization(Auth.Manager);
        g.MapDelete("/products/{sku}/substitutes", Remove).RequireAuthorization(Auth.Manager);
        g.MapGet("/replacements", Find);
    }

    static async Task<Ok<List<SubstituteView>>> List(string sku, Substitutes substitutes, CancellationToken ct) =>
        TypedResults.Ok(await substitutes.ListAsync(sku, ct));

    static async Task<Ok<SubstituteView>> Declare(string sku, SubstituteInput body, Substitutes substitutes, CancellationToken ct) =>
        TypedResults.Ok(await substitutes.DeclareAsync(sku, body, ct));

    static async Task<NoContent> Remove(string sku, string? substitute, Substitutes substitutes, CancellationToken ct)
    {
        await substitutes.RemoveAsync(sku, substitute, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<ReplacementAnswer>> Find(string? product, string? unit, string? near, Substitutes substitutes, CancellationToken ct) =>
        TypedResults.Ok(await substitutes.FindAsync(product, unit, near, ct));
}

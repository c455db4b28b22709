using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Api;

public static class WhereIsEndpoints
{
    // Where a unit, lot, product or container is, or what a location subtree holds; ?at= flags a unit
    // recorded somewhere else than where it was scanned.
    public static void MapWhereIs(this RouteGroupBuilder api) =>
        api.MapGet("/whereis", Find).WithTags("Scan");

    static async Task<Ok<WhereIsAnswer>> Find(string? q, string? at, Whereabouts whereabouts, CancellationToken ct) =>
        TypedResults.Ok(await whereabouts.FindAsync(q, at, ct));
}

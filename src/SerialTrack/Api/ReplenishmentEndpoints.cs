using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Replenishment rules (a product's minimum and maximum at a pick location) and the run that plans a move
// task for every rule below its minimum.
public static class ReplenishmentEndpoints
{
    public static void MapReplenishment(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/replenishment").WithTags("Replenishment");
        g.MapGet("/rules", List);
        g.MapPut("/rules", Set).RequireAuthorization(Auth.Manager);
        g.MapDelete("/rules", Remove).RequireAuthorization(Auth.Manager);
        g.MapPost("/run", Run).RequireAuthorization(Auth.Manager);
    }

    static async Task<Ok<List<ReplenishmentRuleView>>> List(Replenishment replenishment, CancellationToken ct) =>
        TypedResults.Ok(await replenishment.ListAsync(ct));

    static async Task<Ok<ReplenishmentRuleView>> Set(ReplenishmentRuleInput body, Replenishment replenishment, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await replenishment.SetAsync(body, Auth.ActorOf(http.User), ct));

    static async Task<NoContent> Remove(string? product, string? location, Replenishment replenishment, CancellationToken ct)
    {
        await replenishment.RemoveAsync(product, location, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<ReplenishmentRun>> Run(Replenishment replenishment, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await replenishment.RunAsync(Auth.ActorOf(http.User), ct));
}

using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Epcis;
using SerialTrack.Web;

namespace SerialTrack.Api;

// The review queue: the contradictions captured EPCIS events brought (docs/epcis.md), oldest first, and marking one reviewed.
public static class EpcisReviewsEndpoints
{
    public static void MapEpcisReviews(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/epcis/reviews").WithTags("EPCIS reviews");
        g.MapGet("", List);
        g.MapPost("/{id:long}/reviewed", Reviewed).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<Page<EpcisReviewRow>>> List(EpcisReviews reviews, HttpRequest request, string? state, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var rows = await reviews.ListAsync(EnumQuery.Parse<EpcisReviewState>(state, "state") ?? EpcisReviewState.Open, after, n, ct);
        return TypedResults.Ok(Paging.Of(rows, n, r => r.Id, request));
    }

    static async Task<NoContent> Reviewed(long id, EpcisReviews reviews, HttpContext http, CancellationToken ct)
    {
        await reviews.ResolveAsync(id, Auth.ActorOf(http.User), ct);
        return TypedResults.NoContent();
    }
}

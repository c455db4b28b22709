using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Web;
using static SerialTrack.Api.ReturnsEndpoints;

namespace SerialTrack.Api;

// Holds and releases, adjustments with a reason code, and scrapping.
public static class HoldsEndpoints
{
    public static void MapHolds(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Holds and adjustments");
        g.MapGet("/holds", List);
        g.MapPost("/holds", Hold).RequireAuthorization(Auth.Operator);
        g.MapPost("/holds/{id:long}/release", Release).RequireAuthorization(Auth.Operator);
        g.MapPost("/adjustments", Adjust).RequireAuthorization(Auth.Operator);
        g.MapPost("/scrap", Scrap).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<List<OpenHold>>> List(Holds holds, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await holds.ListOpenAsync(Paging.Limit(limit), ct));

    static async Task<Created<ProcessResult>> Hold(HoldBody body, Holds process, HttpContext http, CancellationToken ct) =>
        Created(await process.HoldAsync(new HoldRequest(body.Reason, body.Units, body.Lots, body.Locations, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Release(long id, ReleaseBody body, Holds process, HttpContext http, CancellationToken ct) =>
        Created(await process.ReleaseAsync(new ReleaseRequest(body.Reason, [id], Context: Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Adjust(AdjustBody body, Adjustments process, HttpContext http, CancellationToken ct) =>
        Created(await process.AdjustAsync(new AdjustRequest(body.ReasonCode, body.Note, body.Units, body.Lots, body.Location, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Scrap(ScrapBody body, Adjustments process, HttpContext http, CancellationToken ct) =>
        Created(await process.ScrapAsync(new ScrapRequest(body.Reason, body.Units, body.Lots, body.LotStatus ?? BalanceStatus.Available, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));
}

public sealed record HoldBody(string Reason, List<UnitRef>? Units = null, List<LotRef>? Lots = null, List<string>? Locations = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record ReleaseBody(string Reason, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record AdjustBody(string ReasonCode, string? Note = null, List<UnitRef>? Units = null, List<LotAdjustment>? Lots = null, string? Location = null,
    DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record ScrapBody(string? Reason = null, List<UnitRef>? Units = null, List<LotQuantity>? Lots = null, BalanceStatus? LotStatus = null,
    DateTimeOffset? EventTime = null, string? Notes = null);

using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Allocate, pick and ship a sales order: each writes one event tied to the order (bizTransaction).
public static class ShippingEndpoints
{
    public static void MapShipping(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/sales-orders/{number}").WithTags("Shipping").RequireAuthorization(Auth.Operator);
        g.MapPost("/allocate", Allocate);
        g.MapPost("/pick", Pick);
        g.MapPost("/ship", Ship);
    }

    static async Task<Created<ProcessResult>> Allocate(string number, AllocateBody body, Shipping shipping, HttpContext http, CancellationToken ct) =>
        PackingEndpoints.Created(await shipping.AllocateAsync(new AllocateRequest(number, body.Lines, body.Suggest, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Pick(string number, PickBody body, Shipping shipping, HttpContext http, CancellationToken ct) =>
        PackingEndpoints.Created(await shipping.PickAsync(new PickRequest(number, body.Units, body.Lots, body.Container, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Ship(string number, ShipBody? body, Shipping shipping, HttpContext http, CancellationToken ct) =>
        PackingEndpoints.Created(await shipping.ShipAsync(new ShipRequest(number, body?.Units, body?.Lots, body?.Containers, Context(http, body?.EventTime, body?.Notes)), Auth.ActorOf(http.User), ct));

    static EventContext Context(HttpContext http, DateTimeOffset? eventTime, string? notes) => PackingEndpoints.Context(http, eventTime, notes);
}

public sealed record AllocateBody(List<AllocationLine>? Lines = null, bool Suggest = false, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record PickBody(List<UnitRef>? Units = null, List<LotQuantity>? Lots = null, string? Container = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record ShipBody(List<UnitRef>? Units = null, List<LotQuantity>? Lots = null, List<string>? Containers = null, DateTimeOffset? EventTime = null, string? Notes = null);

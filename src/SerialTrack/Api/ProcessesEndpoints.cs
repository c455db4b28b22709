using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Api;

// The processes that change the physical world. Each writes one event and its projection changes in one
// transaction; the Idempotency-Key header becomes the event's idempotency key.
public static class ProcessesEndpoints
{
    public static void MapProcesses(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Processes").RequireAuthorization(Auth.Operator);
        g.MapPost("/units/commission", Commission);
        g.MapPost("/lots/receive", ReceiveLot);
        g.MapPost("/moves", Move);
    }

    static async Task<Created<ProcessResult>> Commission(CommissionBody body, Commissioning process, HttpContext http, CancellationToken ct) =>
        Created(await process.CommissionAsync(
            new CommissionRequest(body.Product, body.Serials ?? [], body.Location, body.Stage ?? Stage.FinishedGood, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> ReceiveLot(ReceiveLotBody body, Receiving process, HttpContext http, CancellationToken ct) =>
        Created(await process.ReceiveLotAsync(
            new ReceiveLotRequest(body.Product, body.Lot, body.Quantity, body.Location, body.ExpiryDate, body.ProductionDate, body.SupplierLotCode,
                body.Supplier, body.Stage ?? Stage.RawMaterial, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Move(MoveBody body, Moving process, HttpContext http, CancellationToken ct) =>
        Created(await process.MoveAsync(
            new MoveRequest(body.To, body.Units, body.Lots, body.From, body.ExpectedVersion, Context(http, body.EventTime, body.Notes), body.Containers),
            Auth.ActorOf(http.User), ct));

    static EventContext Context(HttpContext http, DateTimeOffset? eventTime, string? notes) =>
        new(eventTime, notes, Idempotency.KeyOf(http.Request));

    static Created<ProcessResult> Created(ProcessResult result) => TypedResults.Created($"/api/v1/events/{result.EventId}", result);
}

public sealed record CommissionBody(string Product, List<string>? Serials, string Location, Stage? Stage = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record ReceiveLotBody(string Product, string Lot, decimal Quantity, string Location, DateOnly? ExpiryDate = null, DateOnly? ProductionDate = null,
    string? SupplierLotCode = null, string? Supplier = null, Stage? Stage = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record MoveBody(string To, List<UnitRef>? Units = null, List<LotQuantity>? Lots = null, string? From = null, int? ExpectedVersion = null,
    DateTimeOffset? EventTime = null, string? Notes = null, List<string>? Containers = null);

using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Goods in: receipts against a purchase order or without one, and the serials an order announced.
public static class ReceivingEndpoints
{
    public static void MapReceiving(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Receiving");
        g.MapPost("/receipts", Receive).RequireAuthorization(Auth.Operator);
        g.MapGet("/purchase-orders/{number}/expected", Expected);
    }

    static async Task<Created<ReceiptResult>> Receive(ReceiptBody body, Receiving process, HttpContext http, CancellationToken ct)
    {
        RequireManagerForExceptions(body.AllowExceptions, http);
        var result = await process.ReceiveAsync(body.ToRequest(new EventContext(body.EventTime, body.Notes, Idempotency.KeyOf(http.Request))), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/events/{result.EventId}", result);
    }

    // Over-receipts and unexpected serials are a manager's call: the service takes the flag, the edge checks who sets it.
    public static void RequireManagerForExceptions(bool allowExceptions, HttpContext http)
    {
        if (allowExceptions && Auth.LevelOf(http.User) < (int)Role.Manager)
        {
            throw new DomainException("receipt.exceptions_need_manager", "Only a manager may allow receipt exceptions (over-receipt, unexpected serials).", "allowExceptions", ErrorKind.Forbidden);
        }
    }

    static async Task<Ok<Page<ExpectedSerialView>>> Expected(string number, Receiving process, HttpRequest request, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        return TypedResults.Ok(Paging.Of(await process.ExpectedAsync(number, after, n + 1, ct), n, e => e.Id, request));
    }
}

public sealed record ReceiptBody(
    string Location,
    List<ReceiptLine>? Lines,
    string? Order = null,
    string? Supplier = null,
    Stage? Stage = null,
    bool AllowExceptions = false,
    DateTimeOffset? EventTime = null,
    string? Notes = null)
{
    public ReceiveRequest ToRequest(EventContext context) =>
        new(Location, Lines ?? [], Order, Supplier, Stage ?? Core.Inventory.Stage.RawMaterial, AllowExceptions, context);
}

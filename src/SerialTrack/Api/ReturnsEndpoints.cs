using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Returns against an RMA (created with POST /returns): receipt into quarantine, the inspection decision,
// and repairs that swap components.
public static class ReturnsEndpoints
{
    public static void MapReturns(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Returns").RequireAuthorization(Auth.Operator);
        g.MapPost("/returns/{number}/receive", Receive);
        g.MapPost("/returns/{number}/decide", Decide);
        g.MapPost("/units/replace-components", ReplaceComponents);
    }

    static async Task<Created<ProcessResult>> Receive(string number, ReceiveReturnBody body, Returns process, HttpContext http, CancellationToken ct) =>
        Created(await process.ReceiveReturnAsync(new ReceiveReturnRequest(number, body.Location, body.Units, body.Lots, Context(http, body.EventTime, body.Notes)),
            Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Decide(string number, DecideReturnBody body, Returns process, HttpContext http, CancellationToken ct) =>
        Created(await process.DecideAsync(new DecideReturnRequest(number, body.Disposition, body.Units, body.Lots, body.Location, body.Supplier,
            Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> ReplaceComponents(ReplaceComponentsBody body, Returns process, HttpContext http, CancellationToken ct) =>
        Created(await process.ReplaceComponentsAsync(new ReplaceComponentsRequest(body.Assembly, body.Remove, body.Add, body.RemovedStatus ?? UnitStatus.Quarantine,
            body.Location, body.Rma, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    internal static EventContext Context(HttpContext http, DateTimeOffset? eventTime, string? notes) => new(eventTime, notes, Idempotency.KeyOf(http.Request));

    internal static Created<ProcessResult> Created(ProcessResult result) => TypedResults.Created($"/api/v1/events/{result.EventId}", result);
}

public sealed record ReceiveReturnBody(string Location, List<UnitRef>? Units = null, List<LotRef>? Lots = null, DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record DecideReturnBody(ReturnDisposition Disposition, List<UnitRef>? Units = null, List<LotRef>? Lots = null, string? Location = null, string? Supplier = null,
    DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record ReplaceComponentsBody(UnitRef Assembly, List<UnitRef>? Remove = null, List<UnitRef>? Add = null, UnitStatus? RemovedStatus = null, string? Location = null,
    string? Rma = null, DateTimeOffset? EventTime = null, string? Notes = null);

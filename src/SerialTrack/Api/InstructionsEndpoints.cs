using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Handling instructions on categories, products, lots and units, and their acknowledgement (an
// InstructionAcknowledged event) that lets a process a blocking instruction stopped go on.
public static class InstructionsEndpoints
{
    public static void MapInstructions(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/instructions").WithTags("Instructions");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
        g.MapPost("/", Create).RequireAuthorization(Auth.Manager);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Auth.Manager);
        g.MapDelete("/{id:long}", Remove).RequireAuthorization(Auth.Manager);
        g.MapPost("/{id:long}/acknowledge", Acknowledge).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<List<InstructionView>>> List(string? product, string? category, bool? all, Instructions instructions, CancellationToken ct) =>
        TypedResults.Ok(await instructions.ListAsync(product, category, all ?? false, ct));

    static async Task<Ok<InstructionView>> Get(long id, Instructions instructions, CancellationToken ct) =>
        TypedResults.Ok(await instructions.GetAsync(id, ct));

    static async Task<Created<InstructionView>> Create(InstructionInput body, Instructions instructions, HttpContext http, CancellationToken ct)
    {
        var view = await instructions.CreateAsync(body, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/instructions/{view.Id}", view);
    }

    static async Task<Ok<InstructionView>> Update(long id, InstructionInput body, Instructions instructions, CancellationToken ct) =>
        TypedResults.Ok(await instructions.UpdateAsync(id, body, ct));

    // An instruction already acknowledged is kept, inactive (200 with it); one never acknowledged is deleted (204).
    static async Task<Results<Ok<InstructionView>, NoContent>> Remove(long id, Instructions instructions, CancellationToken ct) =>
        await instructions.RemoveAsync(id, ct) is { } kept ? TypedResults.Ok(kept) : TypedResults.NoContent();

    static async Task<Created<ProcessResult>> Acknowledge(long id, AcknowledgeBody body, Instructions instructions, HttpContext http, CancellationToken ct)
    {
        var result = await instructions.AcknowledgeAsync(
            new AcknowledgeRequest(id, body.Units, body.Lots, new EventContext(body.EventTime, body.Notes, Idempotency.KeyOf(http.Request))), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/events/{result.EventId}", result);
    }
}

public sealed record AcknowledgeBody(List<UnitRef>? Units = null, List<LotRef>? Lots = null, DateTimeOffset? EventTime = null, string? Notes = null);

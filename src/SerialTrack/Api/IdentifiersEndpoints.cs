using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Web;

namespace SerialTrack.Api;

// More identifiers per unit (manufacturer serial, MAC, IMEI, asset tag): each unique within its kind
// and issuer, and every lookup (scan, by-identifier) finds the unit by any of them.
public static class IdentifiersEndpoints
{
    public static void MapIdentifiers(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Identifiers");
        g.MapGet("/identifier-kinds", Kinds);
        g.MapPost("/identifier-kinds", DeclareKind).RequireAuthorization(Auth.Manager);
        g.MapGet("/units/{id:long}/identifiers", List);
        g.MapPost("/units/{id:long}/identifiers", Assign).RequireAuthorization(Auth.Operator);
        g.MapGet("/units/by-identifier/{value}", ByIdentifier);
    }

    static async Task<Ok<List<IdentifierKind>>> Kinds(SerialTrackDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.IdentifierKinds.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct));

    static async Task<Created<IdentifierKind>> DeclareKind(KindBody body, Identifiers identifiers, CancellationToken ct)
    {
        var k = await identifiers.DeclareKindAsync(body.Code, body.Name, body.Format ?? IdentifierFormat.Text, ct);
        return TypedResults.Created($"/api/v1/identifier-kinds/{k.Id}", k);
    }

    static async Task<Ok<List<IdentifierDto>>> List(long id, SerialTrackDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.UnitIdentifiers.AsNoTracking().Where(i => i.UnitId == id).OrderBy(i => i.Id)
            .Select(i => new IdentifierDto(i.Kind, i.Issuer, i.Value)).ToListAsync(ct));

    static async Task<Created<ProcessResult>> Assign(long id, AssignBody body, Identifiers identifiers, HttpContext http, CancellationToken ct)
    {
        var result = await identifiers.AssignAsync(id, body.Identifiers ?? [], Auth.ActorOf(http.User), new EventContext(Notes: body.Notes, IdempotencyKey: Idempotency.KeyOf(http.Request)), ct);
        return TypedResults.Created($"/api/v1/units/{id}/identifiers", result);
    }

    static async Task<Ok<List<UnitDto>>> ByIdentifier(string value, string? kind, UnitLookup lookup, CancellationToken ct) =>
        TypedResults.Ok((await lookup.FindByIdentifierAsync(value, kind, ct)).Select(UnitDto.From).ToList());
}

public sealed record KindBody(string? Code, string? Name, IdentifierFormat? Format);

public sealed record AssignBody(List<IdentifierInput>? Identifiers, string? Notes = null);

public sealed record IdentifierDto(string Kind, string Issuer, string Value);

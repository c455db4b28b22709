using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Parties;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class PartiesEndpoints
{
    public static void MapParties(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/parties").WithTags("Parties");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
        g.MapPost("/", Create).RequireAuthorization(Auth.Manager);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Auth.Manager);
    }

    static async Task<Ok<Page<PartyDto>>> List(SerialTrackDbContext db, HttpRequest request, string? q, string? role, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = db.Parties.AsNoTracking().Where(p => p.Id > (after ?? 0) && !p.Archived);
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(p => p.Code.StartsWith(q) || p.Name.Contains(q));
        }
        if (EnumQuery.Parse<PartyRole>(role, "role") is { } r)
        {
            query = query.Where(p => (p.Role & r) == r);
        }
        var rows = await query.OrderBy(p => p.Id).Take(n + 1).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows.Select(PartyDto.From).ToList(), n, p => p.Id, request));
    }

    static async Task<Results<Ok<PartyDto>, NotFound>> Get(long id, SerialTrackDbContext db, CancellationToken ct) =>
        await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? TypedResults.Ok(PartyDto.From(p)) : TypedResults.NotFound();

    static async Task<Created<PartyDto>> Create(PartyInput input, PartyCatalog catalog, CancellationToken ct)
    {
        var p = await catalog.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/parties/{p.Id}", PartyDto.From(p));
    }

    static async Task<Ok<PartyDto>> Update(long id, PartyInput input, PartyCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(PartyDto.From(await catalog.UpdateAsync(id, input, ct)));
}

public sealed record PartyDto(long Id, string Code, string Name, PartyRole Role, string? ContactName, string? Email, string? Phone, string? Address, string? Gln, bool Archived)
{
    public static PartyDto From(Party p) => new(p.Id, p.Code, p.Name, p.Role, p.ContactName, p.Email, p.Phone, p.Address, p.Gln, p.Archived);
}

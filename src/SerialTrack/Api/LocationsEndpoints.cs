using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class LocationsEndpoints
{
    public static void MapLocations(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/locations").WithTags("Locations");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
        g.MapGet("/{id:long}/contents", Contents);
        g.MapPost("/", Create).RequireAuthorization(Auth.Manager);
        g.MapPut("/{id:long}", Update).RequireAuthorization(Auth.Manager);
    }

    static async Task<Ok<Page<LocationDto>>> List(SerialTrackDbContext db, HttpRequest request, string? q, string? kind, string? within, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = db.Locations.AsNoTracking().Where(l => l.Id > (after ?? 0) && !l.Archived);
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(l => l.Code.StartsWith(q) || l.Name.Contains(q));
        }
        if (EnumQuery.Parse<LocationKind>(kind, "kind") is { } k)
        {
            query = query.Where(l => l.Kind == k);
        }
        if (!string.IsNullOrWhiteSpace(within))
        {
            var path = await LocationCatalog.SubtreePathAsync(db, within, ct);
            query = query.Where(l => l.Path.StartsWith(path));
        }
        var rows = await query.OrderBy(l => l.Id).Take(n + 1).Select(l => new LocationDto(l.Id, l.Code, l.Name, l.Kind, l.Parent == null ? null : l.Parent.Code, l.Gln, l.Archived)).ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, n, l => l.Id, request));
    }

    static async Task<Results<Ok<LocationDto>, NotFound>> Get(long id, SerialTrackDbContext db, CancellationToken ct) =>
        await db.Locations.AsNoTracking().Where(l => l.Id == id)
            .Select(l => new LocationDto(l.Id, l.Code, l.Name, l.Kind, l.Parent == null ? null : l.Parent.Code, l.Gln, l.Archived))
            .FirstOrDefaultAsync(ct) is { } dto ? TypedResults.Ok(dto) : TypedResults.NotFound();

    // Units and lot balances in the location and everything below it: now, or ?asOf= a past moment (from the log).
    static async Task<Results<Ok<LocationContents>, NotFound>> Contents(long id, DateTimeOffset? asOf, PointInTime history, CancellationToken ct) =>
        await history.ContentsAsync(id, asOf, ct) is { } c ? TypedResults.Ok(c) : TypedResults.NotFound();

    static async Task<Created<LocationDto>> Create(LocationInput input, LocationCatalog catalog, CancellationToken ct)
    {
        var l = await catalog.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/locations/{l.Id}", LocationDto.From(l));
    }

    static async Task<Ok<LocationDto>> Update(long id, LocationInput input, LocationCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(LocationDto.From(await catalog.UpdateAsync(id, input, ct)));
}

public sealed record LocationDto(long Id, string Code, string Name, LocationKind Kind, string? ParentCode, string? Gln, bool Archived)
{
    public static LocationDto From(Location l) => new(l.Id, l.Code, l.Name, l.Kind, l.Parent?.Code, l.Gln, l.Archived);
}

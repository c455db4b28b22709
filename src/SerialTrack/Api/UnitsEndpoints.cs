using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;

namespace SerialTrack.Api;

public static class UnitsEndpoints
{
    public static void MapUnits(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/units").WithTags("Units");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
        g.MapGet("/by-serial/{serial}", BySerial);
    }

    static async Task<Ok<Page<UnitDto>>> List(SerialTrackDbContext db, HttpRequest request, string? product, string? location, string? status,
        string? serial, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = from u in db.Units.AsNoTracking()
                    join p in db.Products on u.ProductId equals p.Id
                    join l in db.Locations on u.LocationId equals l.Id into ls
                    from l in ls.DefaultIfEmpty()
                    where u.Id > (after ?? 0) && !u.Archived
                    select new { u, p.Sku, p.Name, Location = l == null ? null : l.Code, LocationPath = l == null ? null : l.Path };
        if (!string.IsNullOrWhiteSpace(product))
        {
            query = query.Where(x => x.Sku == product);
        }
        if (!string.IsNullOrWhiteSpace(location))
        {
            // A location means its whole subtree: a warehouse holds what its bins hold.
            var path = await LocationCatalog.SubtreePathAsync(db, location, ct);
            query = query.Where(x => x.LocationPath != null && x.LocationPath.StartsWith(path));
        }
        if (EnumQuery.Parse<UnitStatus>(status, "status") is { } st)
        {
            query = query.Where(x => x.u.Status == st);
        }
        if (!string.IsNullOrWhiteSpace(serial))
        {
            query = query.Where(x => x.u.Serial.StartsWith(serial));
        }
        var rows = await query.OrderBy(x => x.u.Id).Take(n + 1)
            .Select(x => new UnitDto(x.u.Id, x.Sku, x.Name, x.u.Serial, x.u.Status, x.u.Stage, x.Location, x.u.ContainerId, x.u.OwnerPartyId, x.u.LastEventId, x.u.UpdatedAt, x.u.Version))
            .ToListAsync(ct);
        return TypedResults.Ok(Paging.Of(rows, n, u => u.Id, request));
    }

    // ?asOf= answers from the log: the unit's state at that moment (404 if it did not exist yet).
    static async Task<Results<Ok<UnitDto>, NotFound>> Get(long id, DateTimeOffset? asOf, UnitLookup lookup, PointInTime history, CancellationToken ct) =>
        await (asOf is { } t ? history.UnitAsync(id, t, ct) : lookup.FindByIdAsync(id, ct)) is { } u ? TypedResults.Ok(UnitDto.From(u)) : TypedResults.NotFound();

    // Without ?product= a serial shared by several products returns them all.
    static async Task<Ok<List<UnitDto>>> BySerial(string serial, string? product, UnitLookup lookup, CancellationToken ct) =>
        TypedResults.Ok((await lookup.FindBySerialAsync(serial, product, ct)).Select(UnitDto.From).ToList());
}

public sealed record UnitDto(long Id, string Product, string ProductName, string Serial, UnitStatus Status, Stage Stage, string? Location,
    long? ContainerId, long? OwnerPartyId, long LastEventId, DateTimeOffset UpdatedAt, int Version)
{
    public static UnitDto From(UnitSummary u) => new(u.Id, u.Sku, u.ProductName, u.Serial, u.Status, u.Stage, u.LocationCode, u.ContainerId,
        u.OwnerPartyId, u.LastEventId, u.UpdatedAt, u.Version);
}

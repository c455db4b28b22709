using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Locations;

namespace SerialTrack.Api;

public static class EventsEndpoints
{
    public static void MapEvents(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/events").WithTags("Events");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
    }

    // Events newest first, filtered by the unit, lot or location (subtree) they concern and a time window.
    static async Task<Ok<Page<EventDto>>> List(SerialTrackDbContext db, HttpRequest request, long? unit, long? lot, string? location, string? type,
        DateTimeOffset? from, DateTimeOffset? to, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = db.Events.AsNoTracking();
        if (after is { } a)
        {
            query = query.Where(e => e.Id < a);
        }
        if (unit is { } u)
        {
            query = query.Where(e => db.EventUnits.Any(x => x.EventId == e.Id && x.UnitId == u));
        }
        if (lot is { } l)
        {
            query = query.Where(e => db.EventLots.Any(x => x.EventId == e.Id && x.LotId == l));
        }
        if (!string.IsNullOrWhiteSpace(location))
        {
            var path = await LocationCatalog.SubtreePathAsync(db, location, ct);
            var ids = db.Locations.Where(x => x.Path.StartsWith(path)).Select(x => (long?)x.Id);
            query = query.Where(e => ids.Contains(e.BizLocationId));
        }
        if (EnumQuery.Parse<EventType>(type, "type") is { } t)
        {
            query = query.Where(e => e.Type == t);
        }
        if (from is { } f)
        {
            var fu = f.ToUniversalTime();
            query = query.Where(e => e.EventTime >= fu);
        }
        if (to is { } t2)
        {
            var tu = t2.ToUniversalTime();
            query = query.Where(e => e.EventTime < tu);
        }
        var rows = (await EventDto.Project(query.OrderByDescending(e => e.Id).Take(n + 1), db).ToListAsync(ct)).OrderByDescending(e => e.Id).ToList();
        return TypedResults.Ok(Paging.Of(rows, n, e => e.Id, request));
    }

    static async Task<Results<Ok<EventDto>, NotFound>> Get(long id, SerialTrackDbContext db, CancellationToken ct) =>
        await EventDto.Project(db.Events.AsNoTracking().Where(e => e.Id == id), db).FirstOrDefaultAsync(ct) is { } e ? TypedResults.Ok(e) : TypedResults.NotFound();
}

public sealed record EventDto(long Id, EventType Type, EventAction Action, DateTimeOffset EventTime, string EventTimeZoneOffset, DateTimeOffset RecordTime,
    string? BizStep, string? Disposition, string? Location, string? Source, string? Destination, string? BizTransaction, string? Reason, string? Notes,
    string Actor, int ObjectCount)
{
    public static IQueryable<EventDto> Project(IQueryable<Event> events, SerialTrackDbContext db) =>
        from e in events
        join l in db.Locations on e.BizLocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        join s in db.Parties on e.SourcePartyId equals s.Id into ss
        from s in ss.DefaultIfEmpty()
        join d in db.Parties on e.DestinationPartyId equals d.Id into ds
        from d in ds.DefaultIfEmpty()
        select new EventDto(e.Id, e.Type, e.Action, e.EventTime, e.EventTimeZoneOffset, e.RecordTime, e.BizStep, e.Disposition,
            l == null ? null : l.Code, s == null ? null : s.Code, d == null ? null : d.Code, e.BizTransaction, e.Reason, e.Notes, e.Actor, e.ObjectCount);
}

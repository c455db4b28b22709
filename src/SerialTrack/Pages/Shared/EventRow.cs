using SerialTrack.Core.Data;
using SerialTrack.Core.Events;

namespace SerialTrack.Pages;

// One line of a history table. From is where the object was before the event (moves), To is the
// event's business location.
public sealed record EventRow(long Id, EventType Type, DateTimeOffset Time, string Offset, string? BizStep, string? From, long? FromId,
    string? To, long? ToId, string Actor, string? Notes, decimal? Quantity = null)
{
    public static IQueryable<EventRow> Query(SerialTrackDbContext db, IQueryable<Event> events) =>
        from e in events
        join l in db.Locations on e.BizLocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, null, null,
            l == null ? null : l.Code, e.BizLocationId, e.Actor, e.Notes, null);

    public static IQueryable<EventRow> OfUnit(SerialTrackDbContext db, long unitId) =>
        from eu in db.EventUnits
        where eu.UnitId == unitId
        join e in db.Events on eu.EventId equals e.Id
        join f in db.Locations on eu.FromLocationId equals f.Id into fs
        from f in fs.DefaultIfEmpty()
        join l in db.Locations on e.BizLocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        orderby e.EventTime descending, e.Id descending
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, f == null ? null : f.Code, eu.FromLocationId,
            l == null ? null : l.Code, e.BizLocationId, e.Actor, e.Notes, null);

    public static IQueryable<EventRow> OfLot(SerialTrackDbContext db, long lotId) =>
        from el in db.EventLots
        where el.LotId == lotId
        join e in db.Events on el.EventId equals e.Id
        join f in db.Locations on el.FromLocationId equals f.Id into fs
        from f in fs.DefaultIfEmpty()
        join l in db.Locations on el.LocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        orderby e.EventTime descending, e.Id descending
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, f == null ? null : f.Code, el.FromLocationId,
            l == null ? null : l.Code, el.LocationId, e.Actor, e.Notes, el.Quantity);
}

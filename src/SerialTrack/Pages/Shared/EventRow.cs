using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;

namespace SerialTrack.Pages;

// One line of a history table. From is where the object was before the event (moves), To is the
// event's business location (or the object's place after it). The order, the party (supplier it came
// from, customer it went to), the reason and, for a unit, its status after the event tell the story.
public sealed record EventRow(long Id, EventType Type, DateTimeOffset Time, string Offset, string? BizStep, string? From, long? FromId,
    string? To, long? ToId, string Actor, string? Notes, decimal? Quantity = null,
    string? Order = null, OrderKind? OrderKind = null, string? Party = null, long? PartyId = null, string? ReasonCode = null,
    UnitStatus? Status = null, string? Role = null)
{
    public static IQueryable<EventRow> Query(SerialTrackDbContext db, IQueryable<Event> events) =>
        from e in events
        join l in db.Locations on e.BizLocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        join o in db.Orders on e.OrderId equals o.Id into os
        from o in os.DefaultIfEmpty()
        join p in db.Parties on e.DestinationPartyId ?? e.SourcePartyId equals p.Id into ps
        from p in ps.DefaultIfEmpty()
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, null, null,
            l == null ? null : l.Code, e.BizLocationId, e.Actor, e.Notes, null,
            o == null ? null : o.Number, o == null ? null : o.Kind, p == null ? null : p.Code, p == null ? null : p.Id, e.ReasonCode, null, null);

    // The latest events of a timeline, newest first. Ordered and cut before the projection: EF cannot
    // translate an ordering on the projected row once the events are filtered by a subquery.
    public static async Task<List<EventRow>> LatestAsync(SerialTrackDbContext db, IQueryable<Event> events, int take, CancellationToken ct) =>
        [.. (await Query(db, events.OrderByDescending(e => e.EventTime).ThenByDescending(e => e.Id).Take(take)).ToListAsync(ct))
            .OrderByDescending(e => e.Time).ThenByDescending(e => e.Id)];

    public static IQueryable<EventRow> OfUnit(SerialTrackDbContext db, long unitId) =>
        from eu in db.EventUnits
        where eu.UnitId == unitId
        join e in db.Events on eu.EventId equals e.Id
        join f in db.Locations on eu.FromLocationId equals f.Id into fs
        from f in fs.DefaultIfEmpty()
            // Rows written since units kept their state in the log name the place after the event (none once
            // shipped or consumed: the party column says where it went); older rows fall back to the event's.
        join l in db.Locations on eu.Status != 0 ? eu.LocationId : e.BizLocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        join o in db.Orders on e.OrderId equals o.Id into os
        from o in os.DefaultIfEmpty()
        join p in db.Parties on e.DestinationPartyId ?? e.SourcePartyId equals p.Id into ps
        from p in ps.DefaultIfEmpty()
        orderby e.EventTime descending, e.Id descending
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, f == null ? null : f.Code, eu.FromLocationId,
            l == null ? null : l.Code, l == null ? null : l.Id, e.Actor, e.Notes, null,
            o == null ? null : o.Number, o == null ? null : o.Kind, p == null ? null : p.Code, p == null ? null : p.Id, e.ReasonCode,
            eu.Status == 0 ? null : eu.Status, eu.Role == ObjectRole.Input ? "consumed" : eu.Role == ObjectRole.Output ? "made" : eu.Role == ObjectRole.Parent ? "container" : null);

    public static IQueryable<EventRow> OfLot(SerialTrackDbContext db, long lotId) =>
        from el in db.EventLots
        where el.LotId == lotId
        join e in db.Events on el.EventId equals e.Id
        join f in db.Locations on el.FromLocationId equals f.Id into fs
        from f in fs.DefaultIfEmpty()
        join l in db.Locations on el.LocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        join o in db.Orders on e.OrderId equals o.Id into os
        from o in os.DefaultIfEmpty()
        join p in db.Parties on e.DestinationPartyId ?? e.SourcePartyId equals p.Id into ps
        from p in ps.DefaultIfEmpty()
        orderby e.EventTime descending, e.Id descending
        select new EventRow(e.Id, e.Type, e.EventTime, e.EventTimeZoneOffset, e.BizStep, f == null ? null : f.Code, el.FromLocationId,
            l == null ? null : l.Code, el.LocationId, e.Actor, e.Notes, el.Quantity,
            o == null ? null : o.Number, o == null ? null : o.Kind, p == null ? null : p.Code, p == null ? null : p.Id, e.ReasonCode, null,
            el.Role == ObjectRole.Input ? "consumed" : el.Role == ObjectRole.Output ? "made" : null);
}

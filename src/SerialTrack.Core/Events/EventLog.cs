using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Events;

// What a process did: the event it wrote and how many objects it touched. Replayed is true when an
// earlier request with the same idempotency key already did it and nothing new was written.
public sealed record ProcessResult(long EventId, EventType Type, int Units, int Lots, bool Replayed = false);

// Common fields of a process request: when it happened (default now), why, and the idempotency key.
// BizTransaction: the business document the event is done for when no order says so (a task number).
public sealed record EventContext(DateTimeOffset? EventTime = null, string? Notes = null, string? IdempotencyKey = null, string? BizTransaction = null);

public static class EventLog
{
    public static Event New(EventType type, EventAction action, string bizStep, string? disposition, Actor actor, EventContext context, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var when = context.EventTime ?? now;
        return new Event
        {
            Type = type,
            Action = action,
            EventTime = when.ToUniversalTime(),
            EventTimeZoneOffset = FormatOffset(when.Offset),
            RecordTime = now,
            BizStep = bizStep,
            Disposition = disposition,
            Notes = Text.Optional(context.Notes, "notes", 4000),
            Actor = actor.Name,
            ActorUserId = actor.UserId,
            IdempotencyKey = Text.Optional(context.IdempotencyKey, "idempotencyKey", 200),
            BizTransaction = context.BizTransaction,
        };
    }

    // The log's columns for hot paths that write many events with one statement (EPCIS capture).
    public static readonly string[] Columns =
    [
        "id", "type", "action", "event_time", "event_time_zone_offset", "record_time", "biz_step", "disposition", "read_point_id", "biz_location_id",
        "source_party_id", "destination_party_id", "biz_transaction", "reason", "notes", "actor_user_id", "actor", "idempotency_key", "object_count",
        "order_id", "reason_code",
    ];

    public static object?[] Row(SqlSession sql, Event e) =>
    [
        e.Id, (int)e.Type, (int)e.Action, sql.Time(e.EventTime), e.EventTimeZoneOffset, sql.Time(e.RecordTime), e.BizStep, e.Disposition, e.ReadPointId,
        e.BizLocationId, e.SourcePartyId, e.DestinationPartyId, e.BizTransaction, e.Reason, e.Notes, e.ActorUserId, e.Actor, e.IdempotencyKey, e.ObjectCount,
        e.OrderId, e.ReasonCode,
    ];

    // EPCIS eventTimeZoneOffset form: "+02:00", "-05:30".
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);

    // A retry with a key already used replays the first result; the same key on a different process is a
    // client bug and is refused.
    public static async Task<ProcessResult?> ReplayAsync(SerialTrackDbContext db, EventContext context, EventType type, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(context.IdempotencyKey))
        {
            return null;
        }
        var key = context.IdempotencyKey.Trim();
        var previous = await db.Events.AsNoTracking().Where(e => e.IdempotencyKey == key)
            .Select(e => new { e.Id, e.Type }).FirstOrDefaultAsync(ct);
        if (previous is null)
        {
            return null;
        }
        if (previous.Type != type)
        {
            throw DomainException.Rule("idempotency.key_reused", $"Idempotency key '{key}' was already used for a different operation.", "idempotencyKey");
        }
        var units = await db.EventUnits.CountAsync(x => x.EventId == previous.Id, ct);
        var lots = await db.EventLots.CountAsync(x => x.EventId == previous.Id, ct);
        return new ProcessResult(previous.Id, type, units, lots, Replayed: true);
    }
}

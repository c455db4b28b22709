namespace SerialTrack.Core.Events;

// Stable codes grouped in ranges (100 creation, 200 movement, ...). Stored; never renumber.
public enum EventType
{
    Commissioned = 100,
    LotReceived = 110,
    IdentifiersAssigned = 150,
    Moved = 200,
    LotMoved = 210,
}

// EPCIS action of the event.
public enum EventAction
{
    Add = 1,
    Observe = 2,
    Delete = 3,
}

// Role of an object in an event, after EPCIS: subject of an ObjectEvent, parent/child of an
// AggregationEvent, input/output of a TransformationEvent.
public enum ObjectRole
{
    Subject = 1,
    Parent = 2,
    Child = 3,
    Input = 4,
    Output = 5,
}

// One row of the append-only log. Never updated or deleted: the database refuses it (triggers) and so
// does the DbContext.
public sealed class Event
{
    public long Id { get; set; }
    public EventType Type { get; set; }
    public EventAction Action { get; set; }
    public DateTimeOffset EventTime { get; set; }
    public string EventTimeZoneOffset { get; set; } = "+00:00";
    public DateTimeOffset RecordTime { get; set; }
    public string? BizStep { get; set; }
    public string? Disposition { get; set; }
    public long? ReadPointId { get; set; }
    public long? BizLocationId { get; set; }
    public long? SourcePartyId { get; set; }
    public long? DestinationPartyId { get; set; }
    public string? BizTransaction { get; set; }
    public string? Reason { get; set; }
    public string? Notes { get; set; }
    public long? ActorUserId { get; set; }
    public required string Actor { get; set; }
    public string? IdempotencyKey { get; set; }
    public int ObjectCount { get; set; }
}

public sealed class EventUnit
{
    public long EventId { get; set; }
    public long UnitId { get; set; }
    public ObjectRole Role { get; set; }
    public long? FromLocationId { get; set; }
}

public sealed class EventLot
{
    public long EventId { get; set; }
    public long LotId { get; set; }
    public ObjectRole Role { get; set; }
    public decimal Quantity { get; set; }
    public long? FromLocationId { get; set; }
    public long? LocationId { get; set; }
}

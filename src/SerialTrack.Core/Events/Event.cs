using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Events;

// Stable codes grouped in ranges (100 creation, 200 movement, ...). Stored; never renumber.
public enum EventType
{
    // 100 creation and receipt
    Commissioned = 100,
    LotReceived = 110,
    Received = 120,
    IdentifiersAssigned = 150,
    // 200 movement
    Moved = 200,
    LotMoved = 210,
    // 300 packing
    Packed = 300,
    Unpacked = 310,
    // 400 production and quality
    Produced = 400,
    StepStarted = 410,
    StepFinished = 420,
    Tested = 430,
    ComponentsReplaced = 440,
    LotsTransformed = 450,
    LotSplit = 460,
    LotsMerged = 470,
    // 500 sales
    Allocated = 500,
    Picked = 510,
    Shipped = 520,
    // 600 returns
    Returned = 600,
    ReturnDecided = 610,
    ReturnedToSupplier = 620,
    // 700 holds, adjustments, disposal
    Held = 700,
    Released = 710,
    Adjusted = 720,
    Scrapped = 730,
    StageChanged = 740,
    // 800 warehouse operations
    InstructionAcknowledged = 800,
    // 900 observations reported by partners (EPCIS capture) that no native process describes
    Observed = 900,
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

    // The business transaction (purchase, sales, production or return order) the event belongs to;
    // BizTransaction keeps its number for display and EPCIS export.
    public long? OrderId { get; set; }
    public string? ReasonCode { get; set; }
}

// A unit in an event, with its state right after the event: the rows of one unit read in event order are
// its history, and the last row at or before a moment is its state then (point in time).
public sealed class EventUnit
{
    public long EventId { get; set; }
    public long UnitId { get; set; }
    public ObjectRole Role { get; set; }
    public long? FromLocationId { get; set; }
    public UnitStatus Status { get; set; }
    public Stage Stage { get; set; }
    public long? LocationId { get; set; }
    public long? ContainerId { get; set; }
    public long? OwnerPartyId { get; set; }
}

// A lot quantity in an event, as a transfer between two balances: from (FromLocationId, FromStatus) to
// (LocationId, Status). A null side is outside the inventory (received from a supplier, consumed,
// shipped, scrapped). Summing the rows up to a moment gives every balance of the lot at that moment.
public sealed class EventLot
{
    public long EventId { get; set; }

    // Position in the event: one lot may take part twice (moved from two locations, input and output).
    public int Line { get; set; }
    public long LotId { get; set; }
    public ObjectRole Role { get; set; }
    public decimal Quantity { get; set; }
    public long? FromLocationId { get; set; }
    public BalanceStatus? FromStatus { get; set; }
    public long? LocationId { get; set; }
    public BalanceStatus? Status { get; set; }
}

// A container in an event (packed, unpacked, moved, shipped), with where it was and where it is after.
public sealed class EventContainer
{
    public long EventId { get; set; }
    public long ContainerId { get; set; }
    public ObjectRole Role { get; set; }
    public long? FromLocationId { get; set; }
    public long? LocationId { get; set; }
    public long? ParentContainerId { get; set; }
    public ContainerStatus Status { get; set; }
}

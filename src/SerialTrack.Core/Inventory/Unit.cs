namespace SerialTrack.Core.Inventory;

// Stored as integers; never renumber. Later processes add values, never reuse one.
public enum UnitStatus
{
    Available = 1,
    OnHold = 2,
    InTransit = 3,
    AtCustomer = 4,
    Consumed = 5,
    Scrapped = 6,
    Quarantine = 7,
    Lost = 8,
    ReturnedToSupplier = 9,
}

public enum Stage
{
    RawMaterial = 1,
    WorkInProgress = 2,
    FinishedGood = 3,
}

// Projection: the current state of one serialized unit, kept in the same transaction as its events.
public sealed class Unit
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Serial { get; set; }
    public UnitStatus Status { get; set; }
    public Stage Stage { get; set; }
    public long? LocationId { get; set; }
    public long? ContainerId { get; set; }
    public long? OwnerPartyId { get; set; }
    public long? LotId { get; set; }
    public long LastEventId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public bool Archived { get; set; }

    // Set when a required test or inspection failed, cleared when a later one passes: shipping refuses it.
    public bool TestFailed { get; set; }

    // The first shipment to a customer: the warranty starts here.
    public DateTimeOffset? ShippedAt { get; set; }

    // Optimistic concurrency: every write bumps it and checks the value it read.
    public int Version { get; set; }
}

public sealed class Lot
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Code { get; set; }
    public DateOnly? ExpiryDate { get; set; }
    public DateOnly? ProductionDate { get; set; }
    public string? SupplierLotCode { get; set; }
    public Stage Stage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    // A hold on the lot stops every balance of it from shipping or being consumed, wherever it is.
    public bool OnHold { get; set; }
    public bool TestFailed { get; set; }
    public int Version { get; set; }
}

public enum BalanceStatus
{
    Available = 1,
    OnHold = 2,
    Quarantine = 7,
    Damaged = 10,
}

// Projection: quantity of one lot at one location in one status.
public sealed class LotBalance
{
    public long Id { get; set; }
    public long LotId { get; set; }
    public long LocationId { get; set; }
    public BalanceStatus Status { get; set; }
    public decimal Quantity { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

public enum ContainerStatus
{
    Open = 1,
    Closed = 2,
    Shipped = 3,
    Emptied = 4,
}

// A case, pallet or tote. Units point at it (Unit.ContainerId), lot quantities sit in ContainerLot, and a
// container may sit in another one. Where it is (location, or a customer once shipped) is the place of
// everything inside.
public sealed class Container
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public string? Sscc { get; set; }
    public string Kind { get; set; } = "case";
    public ContainerStatus Status { get; set; } = ContainerStatus.Open;
    public long? LocationId { get; set; }
    public long? ParentContainerId { get; set; }
    public long? OwnerPartyId { get; set; }
    public long? LastEventId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

// Projection: a lot quantity packed in a container. The quantity also stays in the lot's balance at the
// container's location until it is shipped.
public sealed class ContainerLot
{
    public long ContainerId { get; set; }
    public long LotId { get; set; }
    public decimal Quantity { get; set; }
}

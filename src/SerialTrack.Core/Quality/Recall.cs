namespace SerialTrack.Core.Quality;

// Stored as integers; never renumber.
public enum RecallStatus
{
    // Scope computed and frozen; nothing held yet.
    Draft = 1,

    // Affected stock held, customers to notify, fates being tracked.
    Active = 2,
    Closed = 3,
}

// What a recall starts from. Stored as integers; never renumber.
public enum RecallRootKind
{
    ComponentLot = 1,
    SupplierLot = 2,
    SerialRange = 3,
    ProductionOrder = 4,
    StationWindow = 5,
    Supplier = 6,
    Unit = 7,
}

// What became of one affected unit or lot. Stored as integers; never renumber.
public enum RecallFate
{
    Open = 0,
    Notified = 1,
    Returned = 2,
    Repaired = 3,
    Replaced = 4,
    Destroyed = 5,
    NotFound = 6,
    WrittenOff = 7,
}

// A recall campaign: its root cause, the affected set frozen from a forward trace, and progress.
public sealed class Recall
{
    public long Id { get; set; }

    // RCL-000001, from the "recall" sequence.
    public required string Number { get; set; }
    public required string Title { get; set; }
    public string? Reason { get; set; }
    public RecallStatus Status { get; set; }
    public RecallRootKind RootKind { get; set; }

    // The root as the user gave it (lot code, order number, "SKU:first..last", station and window),
    // and the parameters as JSON so the scope can be recomputed exactly.
    public required string Root { get; set; }
    public required string RootParameters { get; set; }
    public long? ComplaintId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ScopedAt { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
}

// One unit or lot in a recall's frozen scope, with its state when scoped and its fate since.
public sealed class RecallItem
{
    public long Id { get; set; }
    public long RecallId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }

    // For a lot: how much of it may contain the root cause.
    public decimal? Quantity { get; set; }

    // Where it was when scoped: at a customer (to notify) or in our stock or WIP (to hold).
    public long? CustomerPartyId { get; set; }
    public bool InStock { get; set; }
    public RecallFate Fate { get; set; }
    public DateTimeOffset? FateAt { get; set; }
    public string? FateBy { get; set; }
    public string? FateNote { get; set; }

    // Set when a recomputed scope no longer contains it and the user applied the difference.
    public bool OutOfScope { get; set; }
}

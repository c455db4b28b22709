namespace SerialTrack.Core.Warehouse;

// Stored as integers; never renumber.
public enum TaskKind
{
    Move = 1,
    Pick = 2,
    Pack = 3,
    Count = 4,
    PutAway = 5,
}

public enum WarehouseTaskStatus
{
    Open = 1,
    InProgress = 2,
    Done = 3,
    Cancelled = 4,
}

public enum TaskLineStatus
{
    Open = 1,
    Done = 2,

    // Could not be done as planned (item missing, location blocked); the reason says why.
    Exception = 3,
}

// Work planned in software for staff to do physically: a move, pick, pack, count or put-away, for a
// person or a zone's queue, executed by scanning. Only confirmed scans change inventory.
public sealed class WarehouseTask
{
    public long Id { get; set; }

    // TSK-000001, from the "task" sequence.
    public required string Number { get; set; }
    public TaskKind Kind { get; set; }
    public WarehouseTaskStatus Status { get; set; }
    public required string Title { get; set; }

    // For a person (user name) or a zone's queue (a location subtree); neither = anyone.
    public string? Assignee { get; set; }
    public long? ZoneLocationId { get; set; }
    public int Priority { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public long? OrderId { get; set; }
    public long? GroupId { get; set; }

    // The rule a replenishment task was made for: while it is open, the rule gets no second task.
    public long? ReplenishmentRuleId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    // Who worked on it last: a task can be partly done and resumed by someone else.
    public string? LastWorkedBy { get; set; }

    // A retried create with the same key returns this task; RequestHash tells a retry from another request.
    public string? IdempotencyKey { get; set; }
    public string? RequestHash { get; set; }
    public int Version { get; set; }
}

// One line of a task: what (a unit, a lot quantity, or a product to count), from where, to where, how many.
public sealed class TaskLine
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public int LineNo { get; set; }
    public long? ProductId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? FromLocationId { get; set; }
    public long? ToLocationId { get; set; }

    // Pack tasks: the container to pack into; the confirmation accepts no other, even at the same location.
    public long? ToContainerId { get; set; }
    public decimal Quantity { get; set; }
    public decimal DoneQuantity { get; set; }

    // Count tasks: what the counter found; the difference becomes an adjustment when reconciled.
    public decimal? CountedQuantity { get; set; }
    public TaskLineStatus Status { get; set; }
    public string? ExceptionReason { get; set; }
    public string? DoneBy { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public long? EventId { get; set; }
}

// A confirmed scan made while working a task: the record of what was done, by whom, when. Count tasks
// reconcile from these; managers read them as the task's progress.
public sealed class TaskScan
{
    public long Id { get; set; }
    public long TaskId { get; set; }
    public long? TaskLineId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? LocationId { get; set; }
    public decimal Quantity { get; set; }
    public required string ScannedBy { get; set; }
    public DateTimeOffset ScannedAt { get; set; }
}

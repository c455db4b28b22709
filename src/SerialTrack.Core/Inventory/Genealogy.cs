namespace SerialTrack.Core.Inventory;

// Projection: what went into what. An input unit or lot quantity consumed into an output unit or lot by
// a production or transformation event. A repair that takes a component out sets RemovedEventId; the
// edge stays, so history and trace keep both the old and the new component.
public sealed class GenealogyEdge
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long? OutputUnitId { get; set; }
    public long? OutputLotId { get; set; }
    public long? InputUnitId { get; set; }
    public long? InputLotId { get; set; }
    public decimal Quantity { get; set; }
    public long? OrderId { get; set; }
    public long? RemovedEventId { get; set; }
}

// A work-in-progress operation on a unit or lot: started and finished events at a station by an operator.
public sealed class ProductionStep
{
    public long Id { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? OrderId { get; set; }
    public required string Operation { get; set; }
    public long? StationId { get; set; }
    public required string Operator { get; set; }
    public long StartEventId { get; set; }
    public long? FinishEventId { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

// One test or inspection of a unit or lot. Measurements are kept as sent (JSON object of name -> value).
public sealed class TestResult
{
    public long Id { get; set; }
    public long EventId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public required string Test { get; set; }
    public bool Passed { get; set; }
    public bool Required { get; set; }
    public string? Measurements { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

// A hold on a unit, a lot or a location (subtree), placed and released by events, with the reason.
public sealed class Hold
{
    public long Id { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? LocationId { get; set; }
    public required string Reason { get; set; }
    public long PlacedEventId { get; set; }
    public long? ReleasedEventId { get; set; }
    public DateTimeOffset PlacedAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public string? ReleaseReason { get; set; }
}

namespace SerialTrack.Core.Warehouse;

// Keep a pick location stocked: when what is available in its subtree falls below Min, a move task brings
// it back up to Max from stock elsewhere (from the source subtree first, when one is given). Units count
// 1 each; lots by quantity.
public sealed class ReplenishmentRule
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public long LocationId { get; set; }
    public decimal Min { get; set; }
    public decimal Max { get; set; }
    public long? SourceLocationId { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

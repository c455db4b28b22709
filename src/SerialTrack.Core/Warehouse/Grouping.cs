namespace SerialTrack.Core.Warehouse;

// A label put on units and lots by hand or by scanning ("demo stock", "customer A reserved").
public sealed class Tag
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class UnitTag
{
    public long TagId { get; set; }
    public long UnitId { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

public sealed class LotTag
{
    public long TagId { get; set; }
    public long LotId { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

// A saved filter over units' traits. Live: its members are whoever matches when it is evaluated.
// Filter holds the criteria as JSON, in the shape of the group filter record the service defines.
public sealed class SavedGroup
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Filter { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

// A product that can stand in for another. BothWays makes the relation symmetric; Conditions are what
// must hold for the swap ("same voltage", "customer approval needed").
public sealed class ProductSubstitute
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public long SubstituteProductId { get; set; }
    public bool BothWays { get; set; }
    public string? Note { get; set; }
    public string? Conditions { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

namespace SerialTrack.Core.Locations;

// Stored as integers; never renumber.
public enum LocationKind
{
    Site = 1,
    Warehouse = 2,
    Zone = 3,
    Bin = 4,
    ProductionLine = 10,
    InTransit = 20,
    Customer = 30,
    Supplier = 31,
    Quarantine = 40,
}

public sealed class Location
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public LocationKind Kind { get; set; }
    public long? ParentId { get; set; }
    public Location? Parent { get; set; }
    public string? Gln { get; set; }

    // Materialized path of ids ("/1/4/9/") so a subtree is one indexed prefix query.
    public string Path { get; set; } = "/";
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

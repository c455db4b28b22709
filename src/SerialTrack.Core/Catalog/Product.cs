namespace SerialTrack.Core.Catalog;

// Stored as integers; never renumber.
public enum TrackingMode
{
    None = 0,
    Lot = 1,
    Serial = 2,
}

// Where a product's serials must be unique. Stored; never renumber.
public enum SerialUniqueness
{
    WithinProduct = 0,
    AcrossProducts = 1,
}

public sealed class Product
{
    public long Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public string? Gtin { get; set; }
    public TrackingMode Tracking { get; set; }
    public string? Category { get; set; }
    public string Uom { get; set; } = "ea";
    public int? WarrantyMonths { get; set; }
    public string? HandlingInstructions { get; set; }
    public Dictionary<string, string> Attributes { get; set; } = [];
    public long? SerialSchemeId { get; set; }
    public SerialUniqueness SerialUniqueness { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace SerialTrack.Core.Data;

// Installation-wide settings (GS1 company prefix for SSCCs, ...), one row per key.
public sealed class Setting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// Named counters for order numbers and SSCC serial references, taken inside the caller's transaction.
public sealed class Sequence
{
    public required string Name { get; set; }
    public long Next { get; set; }
}

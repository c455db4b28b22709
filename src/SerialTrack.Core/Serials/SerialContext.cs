namespace SerialTrack.Core.Serials;

// What a serial is generated for. Date parts read When's own clock date (its offset as given),
// so the caller decides whose "today" it is by the offset it passes.
public sealed record SerialContext(string Sku, DateTimeOffset When)
{
    public string? Category { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    public string? Location { get; init; }
}

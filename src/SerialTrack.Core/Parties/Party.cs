namespace SerialTrack.Core.Parties;

// Stored as integers; never renumber.
[Flags]
public enum PartyRole
{
    Customer = 1,
    Supplier = 2,
    Both = Customer | Supplier,
}

public sealed class Party
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public PartyRole Role { get; set; }
    public string? ContactName { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Gln { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

namespace SerialTrack.Core.Users;

// Ordered: each role may do everything the roles below it may. Stored; never renumber.
public enum Role
{
    Viewer = 1,
    Operator = 2,
    Manager = 3,
    Admin = 4,
}

public sealed class User
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Role Role { get; set; }
    public string? PasswordHash { get; set; }
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ApiToken
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }

    // SHA-256 of the token: the token itself is shown once and never stored.
    public required string TokenHash { get; set; }
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    // What the token may do beyond its user's role: everything (Full), or one EPCIS door for a partner.
    public TokenScope Scope { get; set; }

    // epcis:query-own only: the party whose shipments the token may see.
    public long? PartyId { get; set; }
}

// Stored; never renumber. The names are what admins type and what problem details say (TokenScopes.Name).
public enum TokenScope
{
    Full = 0,
    EpcisCapture = 1,
    EpcisQueryOwn = 2,
}

// The first answer to a POST carrying an Idempotency-Key, replayed for any retry with that key.
public sealed class IdempotencyRecord
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public long? UserId { get; set; }
    public required string Method { get; set; }
    public required string Path { get; set; }
    public required string RequestHash { get; set; }
    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public byte[] Body { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
}

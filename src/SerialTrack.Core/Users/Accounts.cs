using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Users;

// Users and API tokens. Passwords: PBKDF2-SHA256; tokens: random, shown once, stored as SHA-256.
public sealed class Accounts(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MinPasswordLength = 8;

    public async Task<User> AddUserAsync(string? name, Role role, string? password, CancellationToken ct)
    {
        var n = Text.RequiredCode(name, "name", 64);
        if (!Enum.IsDefined(role))
        {
            throw DomainException.BadInput("user.role", "role", $"Role must be admin, manager, operator or viewer, not '{role}'.");
        }
        if (password is not null && password.Length < MinPasswordLength)
        {
            throw DomainException.BadInput("user.password_short", "password", $"Password must be at least {MinPasswordLength} characters.");
        }
        if (await db.Users.AnyAsync(u => u.Name == n, ct))
        {
            throw DomainException.Conflict("user.duplicate", $"User '{n}' already exists.", "name");
        }
        var user = new User { Name = n, Role = role, PasswordHash = password is null ? null : Passwords.Hash(password), CreatedAt = clock.GetUtcNow() };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task SetPasswordAsync(string name, string password, CancellationToken ct)
    {
        if (password.Length < MinPasswordLength)
        {
            throw DomainException.BadInput("user.password_short", "password", $"Password must be at least {MinPasswordLength} characters.");
        }
        var user = await FindUserAsync(name, ct);
        user.PasswordHash = Passwords.Hash(password);
        await db.SaveChangesAsync(ct);
    }

    public async Task<User> UpdateUserAsync(string name, Role role, bool disabled, CancellationToken ct)
    {
        if (!Enum.IsDefined(role))
        {
            throw DomainException.BadInput("user.role", "role", $"Unknown role '{role}'.");
        }
        var user = await FindUserAsync(name, ct);
        var wasActiveAdmin = user.Role == Role.Admin && !user.Disabled;
        if (wasActiveAdmin && (role != Role.Admin || disabled)
            && !await db.Users.AnyAsync(u => u.Role == Role.Admin && !u.Disabled && u.Id != user.Id, ct))
        {
            throw DomainException.Rule("user.last_admin", "The last active admin cannot be demoted or disabled.", "role");
        }
        user.Role = role;
        user.Disabled = disabled;
        await db.SaveChangesAsync(ct);
        return user;
    }

    public async Task<User> FindUserAsync(string name, CancellationToken ct) =>
        await db.Users.FirstOrDefaultAsync(u => u.Name == name, ct)
        ?? throw DomainException.NotFound("user.not_found", $"No user named '{name}'.", "user");

    public async Task<User?> CheckPasswordAsync(string name, string password, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Name == name, ct);
        return user is { Disabled: false, PasswordHash: { } hash } && Passwords.Verify(password, hash) ? user : null;
    }

    // A partner token is still a user's token (the user is the actor of what it captures), narrowed to one EPCIS door.
    public async Task<(ApiToken Token, string Secret)> CreateTokenAsync(TokenRequest request, CancellationToken ct)
    {
        var scope = TokenScopes.Parse(request.Scope);
        var name = Text.Optional(request.Label, "name", 100) ?? "token";
        var user = await FindUserAsync(request.User, ct);
        if (scope == TokenScope.EpcisCapture && user.Role < Role.Operator)
        {
            throw DomainException.Rule("token.role_too_low", $"An epcis:capture token needs an operator (or higher) user; '{user.Name}' is a {user.Role.ToString().ToLowerInvariant()}.", "user");
        }
        long? partyId = null;
        if (scope == TokenScope.EpcisQueryOwn)
        {
            var code = Text.Optional(request.Party, "party", 64)
                ?? throw DomainException.BadInput("token.party_required", "party", "An epcis:query-own token names the party whose shipments it may see.");
            partyId = await db.Parties.Where(p => p.Code == code).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{code}'.", "party");
        }
        else if (!string.IsNullOrWhiteSpace(request.Party))
        {
            throw DomainException.BadInput("token.party_without_scope", "party", "Only an epcis:query-own token is bound to a party.");
        }
        var secret = "st_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            UserId = user.Id,
            Name = name,
            TokenHash = HashToken(secret),
            Prefix = secret[..10],
            CreatedAt = clock.GetUtcNow(),
            Scope = scope,
            PartyId = partyId,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (token, secret);
    }

    // Revokes by id or by the prefix shown in listings.
    public async Task<ApiToken> RevokeTokenAsync(string idOrPrefix, CancellationToken ct)
    {
        var token = long.TryParse(idOrPrefix, out var id)
            ? await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct)
            : await db.ApiTokens.FirstOrDefaultAsync(t => t.Prefix == idOrPrefix, ct);
        if (token is null)
        {
            throw DomainException.NotFound("token.not_found", $"No API token '{idOrPrefix}'.", "token");
        }
        token.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return token;
    }

    // The token with its user, or null when it is unknown, revoked or its user disabled.
    public async Task<ApiToken?> AuthenticateTokenAsync(string secret, CancellationToken ct)
    {
        var hash = HashToken(secret);
        var token = await db.ApiTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (token is null || token.RevokedAt is not null || token.User is null || token.User.Disabled)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(5))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    public static string HashToken(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record TokenRequest(string User, string? Label, string? Scope = null, string? Party = null);

public static class TokenScopes
{
    public const string Capture = "epcis:capture";
    public const string QueryOwn = "epcis:query-own";

    public static string? Name(TokenScope scope) => scope switch
    {
        TokenScope.EpcisCapture => Capture,
        TokenScope.EpcisQueryOwn => QueryOwn,
        _ => null,
    };

    public static TokenScope Parse(string? scope) => scope?.Trim() switch
    {
        null or "" or "full" => TokenScope.Full,
        Capture => TokenScope.EpcisCapture,
        QueryOwn => TokenScope.EpcisQueryOwn,
        var other => throw DomainException.BadInput("token.scope", "scope", $"A token's scope is {Capture} or {QueryOwn} (or none for the user's full rights), not '{other}'."),
    };
}

public static class Passwords
{
    const int Iterations = 210_000; // OWASP 2023 recommendation for PBKDF2-HMAC-SHA256
    const int SaltSize = 16;
    const int KeySize = 32;

    public static string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var key = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, KeySize);
        return $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(key)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != "pbkdf2-sha256" || !int.TryParse(parts[1], out var iterations))
        {
            return false;
        }
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}

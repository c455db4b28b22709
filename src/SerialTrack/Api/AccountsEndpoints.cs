using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class AccountsEndpoints
{
    public static void MapAccounts(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Users and tokens").RequireAuthorization(Auth.Admin);
        g.MapGet("/users", ListUsers);
        g.MapPost("/users", AddUser);
        g.MapGet("/tokens", ListTokens);
        g.MapPost("/tokens", CreateToken);
        g.MapDelete("/tokens/{id:long}", RevokeToken);
    }

    static async Task<Ok<List<UserDto>>> ListUsers(SerialTrackDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Users.AsNoTracking().OrderBy(u => u.Name).Select(u => new UserDto(u.Id, u.Name, u.Role, u.Disabled)).ToListAsync(ct));

    static async Task<Created<UserDto>> AddUser(AddUserBody body, Accounts accounts, CancellationToken ct)
    {
        var u = await accounts.AddUserAsync(body.Name, body.Role, body.Password, ct);
        return TypedResults.Created($"/api/v1/users/{u.Id}", new UserDto(u.Id, u.Name, u.Role, u.Disabled));
    }

    static async Task<Ok<List<TokenDto>>> ListTokens(SerialTrackDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await (from t in db.ApiTokens.AsNoTracking()
                                join p in db.Parties on t.PartyId equals p.Id into party
                                from p in party.DefaultIfEmpty()
                                orderby t.Id
                                select new { Token = t, UserName = t.User!.Name, Party = p == null ? null : p.Code }).ToListAsync(ct))
            .Select(x => TokenDto.Of(x.Token, x.UserName, x.Party, null)).ToList());

    // The secret is in this answer and nowhere else, ever.
    static async Task<Created<TokenDto>> CreateToken(CreateTokenBody body, Accounts accounts, CancellationToken ct)
    {
        var (t, secret) = await accounts.CreateTokenAsync(new TokenRequest(body.User, body.Name, body.Scope, body.Party), ct);
        return TypedResults.Created($"/api/v1/tokens/{t.Id}", TokenDto.Of(t, body.User, t.PartyId is null ? null : body.Party?.Trim(), secret));
    }

    static async Task<NoContent> RevokeToken(long id, Accounts accounts, CancellationToken ct)
    {
        await accounts.RevokeTokenAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        return TypedResults.NoContent();
    }
}

public sealed record UserDto(long Id, string Name, Role Role, bool Disabled);

public sealed record AddUserBody(string Name, Role Role, string? Password);

// Scope: absent for the user's full rights, "epcis:capture", or "epcis:query-own" with the party's code.
public sealed record CreateTokenBody(string User, string? Name, string? Scope = null, string? Party = null);

public sealed record TokenDto(
    long Id, string User, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? Token,
    string? Scope, string? Party)
{
    public static TokenDto Of(ApiToken t, string user, string? party, string? secret) =>
        new(t.Id, user, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt, secret, TokenScopes.Name(t.Scope), party);
}

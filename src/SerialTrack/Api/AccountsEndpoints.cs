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
        TypedResults.Ok(await db.ApiTokens.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TokenDto(t.Id, t.User!.Name, t.Name, t.Prefix, t.CreatedAt, t.LastUsedAt, t.RevokedAt, null)).ToListAsync(ct));

    // The secret is in this answer and nowhere else, ever.
    static async Task<Created<TokenDto>> CreateToken(CreateTokenBody body, Accounts accounts, CancellationToken ct)
    {
        var (t, secret) = await accounts.CreateTokenAsync(body.User, body.Name, ct);
        return TypedResults.Created($"/api/v1/tokens/{t.Id}", new TokenDto(t.Id, body.User, t.Name, t.Prefix, t.CreatedAt, null, null, secret));
    }

    static async Task<NoContent> RevokeToken(long id, Accounts accounts, CancellationToken ct)
    {
        await accounts.RevokeTokenAsync(id.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        return TypedResults.NoContent();
    }
}

public sealed record UserDto(long Id, string Name, Role Role, bool Disabled);

public sealed record AddUserBody(string Name, Role Role, string? Password);

public sealed record CreateTokenBody(string User, string? Name);

public sealed record TokenDto(long Id, string User, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? Token);

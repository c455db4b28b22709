using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using SerialTrack.Core;
using SerialTrack.Core.Users;

namespace SerialTrack.Web;

// Two ways in: API tokens (Authorization: Bearer) for programs, a cookie for people in the browser.
// Roles are ordered (viewer < operator < manager < admin); each policy admits its role and those above.
public static class Auth
{
    public const string SmartScheme = "smart";
    public const string BearerScheme = "Bearer";
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Manager = "manager";
    public const string Admin = "admin";
    public const string LevelClaim = "serialtrack:role_level";

    public static string SelectScheme(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? BearerScheme
            : CookieAuthenticationDefaults.AuthenticationScheme;

    public static void ConfigurePolicies(AuthorizationOptions o)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var level = (int)role;
            o.AddPolicy(Name(role), p => p.RequireAuthenticatedUser().RequireAssertion(c => LevelOf(c.User) >= level));
        }
        o.FallbackPolicy = o.GetPolicy(Viewer);
    }

    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    public static int LevelOf(ClaimsPrincipal user) =>
        int.TryParse(user.FindFirstValue(LevelClaim), CultureInfo.InvariantCulture, out var level) ? level : 0;

    public static ClaimsPrincipal Principal(User user, string scheme) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.Name),
        new Claim(ClaimTypes.Role, Name(user.Role)),
        new Claim(LevelClaim, ((int)user.Role).ToString(CultureInfo.InvariantCulture)),
    ], scheme));

    public static Actor ActorOf(ClaimsPrincipal user) =>
        new(long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id) ? id : null,
            user.Identity?.Name ?? "anonymous");

    public static void ConfigureCookie(CookieAuthenticationOptions o)
    {
        o.LoginPath = "/login";
        o.LogoutPath = "/logout";
        o.AccessDeniedPath = "/denied";
        o.Cookie.Name = "serialtrack";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.SlidingExpiration = true;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        // Programs get status codes, people get the login page.
        o.Events.OnRedirectToLogin = c => IsApi(c.Request) ? Status(c.Response, 401) : Redirect(c);
        o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request) ? Status(c.Response, 403) : Redirect(c);
    }

    static bool IsApi(HttpRequest r) =>
        r.Path.StartsWithSegments("/api") || r.Path.StartsWithSegments("/openapi") || r.Path.StartsWithSegments("/epcis");

    static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    static Task Redirect(RedirectContext<CookieAuthenticationOptions> c)
    {
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }
}

public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Accounts accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var user = await accounts.AuthenticateTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return user is null
            ? AuthenticateResult.Fail("Unknown, revoked or disabled API token.")
            : AuthenticateResult.Success(new AuthenticationTicket(Auth.Principal(user, Scheme.Name), Scheme.Name));
    }
}

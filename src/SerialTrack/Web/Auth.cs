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
    public const string ScopeClaim = "serialtrack:scope";
    public const string PartyClaim = "serialtrack:party";

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

    public static ClaimsPrincipal Principal(User user, string scheme, ApiToken? token = null) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
        new Claim(ClaimTypes.Name, user.Name),
        new Claim(ClaimTypes.Role, Name(user.Role)),
        new Claim(LevelClaim, ((int)user.Role).ToString(CultureInfo.InvariantCulture)),
        .. TokenScopes.Name(token?.Scope ?? TokenScope.Full) is { } scope ? [new Claim(ScopeClaim, scope)] : Array.Empty<Claim>(),
        .. token?.PartyId is { } party ? [new Claim(PartyClaim, party.ToString(CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
    ], scheme));

    public static string? ScopeOf(ClaimsPrincipal user) => user.FindFirstValue(ScopeClaim);

    // The party an epcis:query-own token sees for; null for every other caller, who sees everything its role allows.
    public static long? OwnPartyOf(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(PartyClaim), CultureInfo.InvariantCulture, out var id) ? id : null;

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
        o.Events.OnRedirectToLogin = c => IsApi(c.Request) ? RefuseAsync(c.HttpContext, StatusCodes.Status401Unauthorized) : Redirect(c);
        o.Events.OnRedirectToAccessDenied = c => IsApi(c.Request) ? RefuseAsync(c.HttpContext, StatusCodes.Status403Forbidden) : Redirect(c);
    }

    // A program's refusal is problem+json like every other (STYLE.md rule 7), and says what to send.
    internal static Task RefuseAsync(HttpContext http, int status)
    {
        if (status == StatusCodes.Status403Forbidden)
        {
            return Errors.WriteAsync(http, status, "auth.forbidden", "Your role may not do this.", "Authorization");
        }
        var sent = http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        // Added as the response starts: writing the problem clears the headers set before it.
        http.Response.OnStarting(() =>
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Task.CompletedTask;
        });
        return Errors.WriteAsync(http, status, "auth.required", sent
            ? "The API token is unknown or revoked, or its user is disabled."
            : "Sign in, or send an API token as Authorization: Bearer <token> (serialtrack tokens create).", "Authorization");
    }

    // The pages under /epcis (captures, reviews) are pages: a signed-out reader is sent to the login page, not given a 401.
    static bool IsApi(HttpRequest r) =>
        (r.Path.StartsWithSegments("/api") || r.Path.StartsWithSegments("/openapi") || r.Path.StartsWithSegments("/epcis"))
        && r.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is null;

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
        var token = await accounts.AuthenticateTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return token?.User is not { } user
            ? AuthenticateResult.Fail("Unknown, revoked or disabled API token.")
            : AuthenticateResult.Success(new AuthenticationTicket(Auth.Principal(user, Scheme.Name, token), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => Auth.RefuseAsync(Context, StatusCodes.Status401Unauthorized);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => Auth.RefuseAsync(Context, StatusCodes.Status403Forbidden);
}

// Marks an endpoint a scoped (partner) token may call: .WithMetadata(new AllowedScope(TokenScopes.Capture)).
public sealed record AllowedScope(string Scope);

// A partner token opens one door only. Checked once here, before any role policy, so that every other endpoint and
// page (including the ones added later, which carry no AllowedScope) refuses it without having to know it exists.
public sealed class ScopedTokens(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Auth.ScopeOf(context.User) is { } scope
            && context.GetEndpoint()?.Metadata.GetOrderedMetadata<AllowedScope>().Any(a => a.Scope == scope) != true)
        {
            throw new DomainException("token.scope", scope == TokenScopes.Capture
                ? $"This token's scope is {scope}: it may only capture EPCIS events (POST /epcis/capture, GET /epcis/capture/{{id}}, POST /epcis/events, OPTIONS /epcis/capture)."
                : $"This token's scope is {scope}: it may only query EPCIS events about its own shipments (GET /epcis/events and the other EPCIS query endpoints).",
                "Authorization", ErrorKind.Forbidden);
        }
        return next(context);
    }
}

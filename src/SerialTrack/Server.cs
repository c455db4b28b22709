using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;
using SerialTrack.Api;
using SerialTrack.Core.Data;
using SerialTrack.Web;

namespace SerialTrack;

public sealed record ServerOptions(DatabaseTarget Database, string? Urls = null, string? ContentRoot = null);

// The web host: REST API under /api/v1, the web UI (Razor Pages), OpenAPI and its reference page.
public static class Server
{
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Server).Assembly.GetName().Name,
            ContentRootPath = options.ContentRoot ?? AppContext.BaseDirectory,
            WebRootPath = Path.Combine(options.ContentRoot ?? AppContext.BaseDirectory, "wwwroot"),
        });
        if (options.Urls is not null)
        {
            builder.WebHost.UseUrls(options.Urls);
        }

        // Quiet by default: requests and EF commands are logged only when something goes wrong.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(options.Database);
        services.AddSingleton(TimeProvider.System);
        services.AddDbContextPool<SerialTrackDbContext>(o => Database.Configure(o, options.Database));
        services.AddCoreServices();
        services.AddOptions<SerialTrack.Core.Webhooks.HookDeliveryOptions>().BindConfiguration("Webhooks"); services.AddHostedService<HookDeliveryService>();
        services.AddSingleton<OpenSockets>();

        services.ConfigureHttpJsonOptions(o => Json.Configure(o.SerializerOptions));
        services.AddProblemDetails();
        // Outside Development minimal APIs answer an unreadable body or query with a bare 400; throwing lets
        // Errors answer it as problem+json with code request.malformed like every other refusal.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "SerialTrack API";
            doc.Info.Description = "Serial-number and lot traceability. Authenticate with `Authorization: Bearer <token>` (create one with `serialtrack tokens create`).";
            return Task.CompletedTask;
        }));

        services.AddAuthentication(Auth.SmartScheme)
            .AddPolicyScheme(Auth.SmartScheme, "Bearer token or cookie", o => o.ForwardDefaultSelector = Auth.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(Auth.BearerScheme, null)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, Auth.ConfigureCookie);
        services.AddAuthorization(Auth.ConfigurePolicies);
        services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/", Auth.Viewer);
            o.Conventions.AuthorizeFolder("/Admin", Auth.Admin);
            o.Conventions.AllowAnonymousToPage("/Login");
        });

        configure?.Invoke(builder);
        var app = builder.Build();

        app.UseMiddleware<Errors>();
        app.UseStaticFiles();
        app.UseWebSockets();
        app.UseAuthentication();
        app.UseMiddleware<ScopedTokens>();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseMiddleware<Idempotency>();

        app.MapGet("/health", Health).AllowAnonymous().WithTags("Health");
        app.MapOpenApi().RequireAuthorization(Auth.Viewer);
        app.MapScalarApiReference("/api/reference", o => o.WithTitle("SerialTrack API")).RequireAuthorization(Auth.Viewer);

        var api = app.MapGroup("/api/v1").RequireAuthorization(Auth.Viewer).AddEndpointFilter<CookieAntiforgery>();
        api.MapProducts();
        api.MapLocations();
        api.MapParties();
        api.MapUnits();
        api.MapLots();
        api.MapEvents();
        api.MapProcesses();
        api.MapScan();
        api.MapWhereIs();
        api.MapSerials();
        api.MapIdentifiers();
        api.MapAccounts();
        api.MapLabels();
        api.MapOrders();
        api.MapPacking();
        api.MapShipping();
        api.MapProduction();
        api.MapReturns();
        api.MapHolds();
        api.MapReceiving();
        api.MapTrace();
        api.MapHistory();
        api.MapComplaints(); api.MapRecalls();
        api.MapSubstitutes(); api.MapInstructions();
        api.MapGroups();
        api.MapTasks();
        api.MapReplenishment();
        app.MapEpcis();
        app.MapEpcisQuery();
        api.MapEpcisExport(); api.MapEpcisReviews();
        api.MapWebhooks(); app.MapEpcisSubscriptions();

        app.MapRazorPages();
        return app;
    }

    static async Task<IResult> Health(SerialTrackDbContext db, CancellationToken ct) =>
        await Database.CanConnectAsync(db, ct)
            ? TypedResults.Ok(new { status = "ok" })
            : TypedResults.Problem("The database does not answer.", statusCode: StatusCodes.Status503ServiceUnavailable);
}

public static class Json
{
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    public static readonly JsonSerializerOptions Options = Create();

    static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(o);
        return o;
    }
}

using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Api;

// GS1 EPCIS 2.0 REST binding under /epcis: the capture interface (documents and single events) and its jobs.
public static class EpcisEndpoints
{
    public const string ErrorBehaviourHeader = "GS1-Capture-Error-Behaviour";

    public static void MapEpcis(this WebApplication app)
    {
        var g = app.MapGroup("/epcis").RequireAuthorization(Auth.Viewer).AddEndpointFilter<CookieAntiforgery>().AddEndpointFilter<EpcisVersionHeaders>()
            .WithTags("EPCIS 2.0");
        var partner = new AllowedScope(TokenScopes.Capture);
        g.MapMethods("/capture", [HttpMethods.Options], CaptureOptions).WithMetadata(partner);
        g.MapPost("/capture", Capture).RequireAuthorization(Auth.Operator).WithMetadata(partner);
        g.MapGet("/capture", Captures);
        g.MapGet("/capture/{captureId}", CaptureJob).WithMetadata(partner);
        g.MapPost("/events", CaptureEvent).RequireAuthorization(Auth.Operator).WithMetadata(partner);
    }

    // The limits a client reads before sending (EPCIS 2.0 REST binding, OPTIONS /capture).
    static NoContent CaptureOptions(HttpContext http)
    {
        http.Response.Headers.Allow = "OPTIONS, GET, POST";
        http.Response.Headers["GS1-EPCIS-Capture-Limit"] = EpcisCapturing.MaxEvents.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers["GS1-EPCIS-Capture-File-Size-Limit"] = EpcisCapturing.MaxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[ErrorBehaviourHeader] = "rollback, proceed";
        return TypedResults.NoContent();
    }

    // The document is processed before the answer, so the job the Location names is already finished.
    static async Task<Accepted<CaptureJobView>> Capture(HttpContext http, EpcisCapturing capturing, CancellationToken ct)
    {
        var (body, binding) = await ReadBodyAsync(http, ct);
        var result = await capturing.CaptureAsync(body, binding, ErrorBehaviour(http), Auth.ActorOf(http.User), ct);
        return TypedResults.Accepted($"/epcis/capture/{result.Job.CaptureId}", CaptureJobView.Of(result.Job));
    }

    // A partner sees its own jobs only; another's answers as if it did not exist.
    static async Task<Ok<CaptureJobView>> CaptureJob(string captureId, HttpContext http, EpcisCapturing capturing, CancellationToken ct)
    {
        var job = await capturing.FindAsync(captureId, ct);
        return Auth.ScopeOf(http.User) is null || job.UserId == Auth.ActorOf(http.User).UserId
            ? TypedResults.Ok(CaptureJobView.Of(job))
            : throw DomainException.NotFound("epcis.capture_not_found", $"No capture job '{captureId}'.", "captureID");
    }

    static async Task<Ok<List<CaptureJobView>>> Captures(EpcisCapturing capturing, int? limit, CancellationToken ct) =>
        TypedResults.Ok((await capturing.RecentAsync(Paging.Limit(limit), ct)).Select(CaptureJobView.Of).ToList());

    static async Task<Created<StoredEventView>> CaptureEvent(HttpContext http, EpcisCapturing capturing, CancellationToken ct)
    {
        var (body, binding) = await ReadBodyAsync(http, ct);
        var stored = await capturing.CaptureEventAsync(body, binding, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/epcis/events/{Uri.EscapeDataString(stored.EventId)}", new StoredEventView(stored.EventId, stored.EventHash));
    }

    static EpcisErrorBehaviour ErrorBehaviour(HttpContext http) =>
        http.Request.Headers[ErrorBehaviourHeader].ToString().Trim().ToLowerInvariant() switch
        {
            "" or "rollback" => EpcisErrorBehaviour.Rollback,
            "proceed" => EpcisErrorBehaviour.Proceed,
            var other => throw DomainException.BadInput("epcis.error_behaviour", ErrorBehaviourHeader, $"{ErrorBehaviourHeader} is 'rollback' or 'proceed', not '{other}'."),
        };

    static async Task<(string Body, EpcisBinding Binding)> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        var type = http.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var binding = type switch
        {
            "application/json" or "application/ld+json" => EpcisBinding.Json,
            "application/xml" or "text/xml" => EpcisBinding.Xml,
            _ => throw new DomainException("epcis.media_type", $"EPCIS documents are sent as application/json, application/ld+json or application/xml, not '{type}'.",
                "Content-Type", ErrorKind.BadInput),
        };
        if (http.Request.ContentLength > EpcisCapturing.MaxDocumentBytes)
        {
            throw DomainException.BadInput("epcis.capture_limit", "Content-Length", $"A capture takes at most {EpcisCapturing.MaxDocumentBytes} bytes.");
        }
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var buffer = new char[64 * 1024];
        var text = new StringBuilder();
        int read;
        while ((read = await reader.ReadBlockAsync(buffer.AsMemory(), ct)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > EpcisCapturing.MaxDocumentBytes)
            {
                throw DomainException.BadInput("epcis.capture_limit", "body", $"A capture takes at most {EpcisCapturing.MaxDocumentBytes} bytes.");
            }
        }
        return (text.ToString(), binding);
    }
}

// The capture job as the REST binding describes it.
public sealed record CaptureJobView(
    string CaptureID, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt, bool Running, bool Success, string CaptureErrorBehaviour,
    int EventCount, int StoredCount, int DuplicateCount, IReadOnlyList<EpcisError> Errors, IReadOnlyList<EpcisCaptureNote> Notes)
{
    public static CaptureJobView Of(EpcisCapture job) => new(
        job.CaptureId, job.CreatedAt, job.FinishedAt, job.Status == EpcisCaptureStatus.Running, job.Status == EpcisCaptureStatus.Succeeded,
        job.ErrorBehaviour.ToString().ToLowerInvariant(), job.EventCount, job.StoredCount, job.DuplicateCount,
        EpcisCapturing.ErrorsOf(job), EpcisCapturing.NotesOf(job));
}

public sealed record StoredEventView(string EventID, string EventHash);

// Every EPCIS answer names the versions it speaks (EPCIS 2.0 REST binding, response headers).
public sealed class EpcisVersionHeaders : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Set as the response starts, so that a refusal (written after the response was cleared) carries them too.
        var response = context.HttpContext.Response;
        response.OnStarting(() =>
        {
            response.Headers["GS1-EPCIS-Version"] = "2.0.0";
            response.Headers["GS1-CBV-Version"] = "2.0.0";
            return Task.CompletedTask;
        });
        return await next(context);
    }
}

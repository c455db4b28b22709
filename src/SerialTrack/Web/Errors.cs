using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;

namespace SerialTrack.Web;

// The one place where a refused request becomes application/problem+json (STYLE.md rule 7).
public sealed class Errors(RequestDelegate next, ILogger<Errors> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (DomainException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, Status(e.Kind), e.Code, e.Message, e.Field);
        }
        catch (SerialTrack.Labels.LabelException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, LabelStatus(e.Code), e.Code, e.Message, e.Field);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "request.malformed", Explain(e), FieldOf(e));
        }
        catch (AntiforgeryValidationException) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, StatusCodes.Status400BadRequest, "request.antiforgery", "The anti-forgery token is missing or invalid; reload the page.", null);
        }
        catch (DbUpdateException e) when (!context.Response.HasStarted)
        {
            // A unique index caught a race that the service's own check could not see.
            log.LogWarning(e, "Write refused by the database");
            await WriteAsync(context, StatusCodes.Status409Conflict, "conflict", "The write conflicts with a concurrent change; nothing was written. Try again.", null);
        }
    }

    public static int Status(ErrorKind kind) => kind switch
    {
        ErrorKind.BadInput => StatusCodes.Status400BadRequest,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.TooMany => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    // A printer that does not answer is a bad gateway, not a bad request: the same request may work later.
    public static int LabelStatus(string code) => code switch
    {
        "printer.unreachable" or "printer.timeout" => StatusCodes.Status502BadGateway,
        "printer.unknown" or "template.not_found" => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status400BadRequest,
    };

    static string Explain(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException j ? $"The JSON body is malformed: {j.Message}" : e.Message;

    static string? FieldOf(BadHttpRequestException e) =>
        e.InnerException is System.Text.Json.JsonException { Path: { } path } ? path.TrimStart('$', '.') : null;

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, string? field)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        return Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = code,
            Detail = detail,
            Extensions = { ["code"] = code, ["field"] = field },
        }).ExecuteAsync(context);
    }
}

// API writes authenticated by the browser cookie must carry the anti-forgery token (a page's script
// sends it as a header); bearer-token clients are not exposed to cross-site requests.
public sealed class CookieAntiforgery(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
            && http.User.Identity?.AuthenticationType != Auth.BearerScheme)
        {
            await antiforgery.ValidateRequestAsync(http);
        }
        return await next(context);
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Api;

// GS1 EPCIS 2.0 REST binding under /epcis: the query interface (events, events of an EPC, one event) and the
// discovery lists, each paged with perPage, nextPageToken and Link: rel="next".
public static class EpcisQueryEndpoints
{
    const string JsonLd = "application/ld+json";

    public static void MapEpcisQuery(this WebApplication app)
    {
        var g = app.MapGroup("/epcis").RequireAuthorization(Auth.Viewer).AddEndpointFilter<CookieAntiforgery>().AddEndpointFilter<EpcisVersionHeaders>()
            .AddEndpointFilter<EpcisQueryAnswers>().AddEndpointFilter<EpcisPublishFirst>().WithTags("EPCIS 2.0")
            .WithMetadata(new AllowedScope(TokenScopes.QueryOwn));
        g.MapGet("/events", Events);
        g.MapGet("/events/{eventId}", Event);
        g.MapGet("/epcs/{epc}/events", EpcEvents);
        g.MapGet("/eventTypes", EventTypes);
        g.MapGet("/bizSteps", (HttpContext http, EpcisQuerying q, int? perPage, string? nextPageToken, CancellationToken ct) =>
            Values(http, q, EpcisVocabularyList.BizSteps, perPage, nextPageToken, ct));
        g.MapGet("/bizLocations", (HttpContext http, EpcisQuerying q, int? perPage, string? nextPageToken, CancellationToken ct) =>
            Values(http, q, EpcisVocabularyList.BizLocations, perPage, nextPageToken, ct));
        g.MapGet("/readPoints", (HttpContext http, EpcisQuerying q, int? perPage, string? nextPageToken, CancellationToken ct) =>
            Values(http, q, EpcisVocabularyList.ReadPoints, perPage, nextPageToken, ct));
        g.MapGet("/dispositions", (HttpContext http, EpcisQuerying q, int? perPage, string? nextPageToken, CancellationToken ct) =>
            Values(http, q, EpcisVocabularyList.Dispositions, perPage, nextPageToken, ct));
        g.MapGet("/epcs", (HttpContext http, EpcisQuerying q, int? perPage, string? nextPageToken, CancellationToken ct) =>
            Values(http, q, EpcisVocabularyList.Epcs, perPage, nextPageToken, ct));
    }

    static async Task<ContentHttpResult> Events(HttpContext http, EpcisQuerying querying, EpcisExport export, TimeProvider clock, CancellationToken ct)
    {
        // Each value of a repeated parameter on its own, so that the query refuses the repetition by name.
        var query = EpcisQuery.Parse(http.Request.Query.SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v ?? ""))));
        return await DocumentAsync(http, await querying.EventsAsync(query with { OwnParty = Auth.OwnPartyOf(http.User) }, ct), export, clock, ct);
    }

    static async Task<ContentHttpResult> EpcEvents(
        string epc, HttpContext http, EpcisQuerying querying, EpcisExport export, TimeProvider clock, int? perPage, string? nextPageToken, CancellationToken ct) =>
        await DocumentAsync(http, await querying.EventsAsync(EpcisQuery.ForEpc(Segment(epc), perPage, nextPageToken) with { OwnParty = Auth.OwnPartyOf(http.User) }, ct),
            export, clock, ct);

    static async Task<ContentHttpResult> Event(string eventId, HttpContext http, EpcisQuerying querying, EpcisExport export, TimeProvider clock, CancellationToken ct)
    {
        var e = await querying.EventAsync(Segment(eventId), Auth.OwnPartyOf(http.User), ct);
        return await AnswerAsync(http, [e.Json], export, clock, ct);
    }

    // Routing decodes a path segment except its escaped slashes, which a Digital Link in the path is full of.
    static string Segment(string value) => value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    static Ok<ValueList> EventTypes() => TypedResults.Ok(new ValueList(EpcisQuerying.EventTypes));

    static async Task<Ok<ValueList>> Values(
        HttpContext http, EpcisQuerying querying, EpcisVocabularyList list, int? perPage, string? nextPageToken, CancellationToken ct)
    {
        var page = await querying.ValuesAsync(list, perPage ?? EpcisQuery.DefaultPerPage, nextPageToken, Auth.OwnPartyOf(http.User), ct);
        Next(http, page.NextPageToken);
        return TypedResults.Ok(new ValueList(page.Values));
    }

    internal static async Task<ContentHttpResult> DocumentAsync(HttpContext http, EpcisQueryPage page, EpcisExport export, TimeProvider clock, CancellationToken ct)
    {
        Next(http, page.NextPageToken);
        return await AnswerAsync(http, page.Events.Select(e => e.Json), export, clock, ct);
    }

    // Identifiers in the form GS1-EPC-Format asks for, in the binding Accept prefers.
    static async Task<ContentHttpResult> AnswerAsync(HttpContext http, IEnumerable<string> events, EpcisExport export, TimeProvider clock, CancellationToken ct)
    {
        var xml = WantsXml(http.Request.Headers.Accept);
        var options = await export.OptionsAsync(EpcFormatOf(http), ct);
        return TypedResults.Text(EpcisQueryDocument.Write(EpcisQueryDocument.SimpleEventQuery, events, clock.GetUtcNow(), options, xml), xml ? "application/xml" : JsonLd);
    }

    // XML when Accept ranks it above JSON (by q, JSON on a tie); no Accept header means JSON-LD. An Accept that takes
    // neither (text/csv, or both at q=0) is answered 406, naming what can be had.
    internal static bool WantsXml(Microsoft.Extensions.Primitives.StringValues accept)
    {
        if (accept.Count == 0 || string.IsNullOrWhiteSpace(accept.ToString()))
        {
            return false;
        }
        double json = 0, xml = 0;
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            foreach (var range in ranges)
            {
                var q = range.Quality ?? 1;
                var type = range.MediaType.Value?.ToLowerInvariant();
                if (type is "application/ld+json" or "application/json" or "application/*" or "*/*")
                {
                    json = Math.Max(json, q);
                }
                if (type is "application/xml" or "text/xml" or "application/*" or "*/*")
                {
                    xml = Math.Max(xml, q - (type is "application/*" or "*/*" ? 0.0001 : 0));
                }
            }
        }
        if (json <= 0 && xml <= 0)
        {
            throw new DomainException("epcis.not_acceptable", $"Accept: '{accept}' takes none of the answers there are: {JsonLd}, application/json or application/xml.", "Accept");
        }
        return xml > json;
    }

    internal static EpcFormat EpcFormatOf(HttpContext http) =>
        EpcisWriterOptions.ParseEpcFormat(http.Request.Headers["GS1-EPC-Format"].ToString())
            ?? throw DomainException.BadInput("epcis.epc_format", "GS1-EPC-Format", "GS1-EPC-Format is Always_GS1_Digital_Link, Always_EPC_URN or No_Preference.");

    // The same request with the token of the next page: a client follows the link and never rebuilds the query.
    static void Next(HttpContext http, string? token)
    {
        if (token is null)
        {
            return;
        }
        var query = http.Request.Query.Where(q => q.Key != "nextPageToken")
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}")
            .Append($"nextPageToken={Uri.EscapeDataString(token)}");
        http.Response.Headers.Append("Link", $"<{http.Request.PathBase}{http.Request.Path}?{string.Join("&", query)}>; rel=\"next\"");
    }
}

// A discovery list as the REST binding's OpenAPI describes it.
public sealed record ValueList(IReadOnlyList<string> Member)
{
    [System.Text.Json.Serialization.JsonPropertyName("@context")]
    public string Context => "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    public string Type => "Collection";
}

// QueryTooLargeException of the REST binding (413), and an Accept no answer meets (406), which have no ErrorKind of their own.
public sealed class EpcisQueryAnswers : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            // An answer the client cannot take is refused before the query runs.
            EpcisQueryEndpoints.WantsXml(context.HttpContext.Request.Headers.Accept);
            return await next(context);
        }
        catch (DomainException e) when (e.Code == "epcis.query_too_large")
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, e.Code, e.Message, e.Field);
        }
        catch (DomainException e) when (e.Code == "epcis.not_acceptable")
        {
            return Problem(StatusCodes.Status406NotAcceptable, e.Code, e.Message, e.Field);
        }
    }

    static ProblemHttpResult Problem(int status, string code, string detail, string? field) =>
        TypedResults.Problem(detail, statusCode: status, title: code, extensions: new Dictionary<string, object?> { ["code"] = code, ["field"] = field });
}

// Every query answers for the native history too: what was recorded since the last query is published first.
public sealed class EpcisPublishFirst(EpcisCapturing capturing) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        await capturing.PublishNativeAsync(context.HttpContext.RequestAborted);
        return await next(context);
    }
}

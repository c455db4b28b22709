using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Webhooks;
using SerialTrack.Web;

namespace SerialTrack.Api;

// GS1 EPCIS 2.0 REST binding: named queries (/epcis/queries) and their webhook subscriptions. Anyone who may query may
// list and run them; making and deleting them is for managers, since a subscription sends events out of the house.
public static class EpcisSubscriptionEndpoints
{
    public static void MapEpcisSubscriptions(this WebApplication app)
    {
        var g = app.MapGroup("/epcis/queries").RequireAuthorization(Auth.Viewer).AddEndpointFilter<CookieAntiforgery>()
            .AddEndpointFilter<EpcisVersionHeaders>().AddEndpointFilter<EpcisQueryAnswers>().WithTags("EPCIS 2.0");
        g.MapPost("", CreateQuery).RequireAuthorization(Auth.Manager);
        g.MapGet("", Queries);
        g.MapGet("/{queryName}", Query);
        g.MapDelete("/{queryName}", DeleteQuery).RequireAuthorization(Auth.Manager);
        g.MapGet("/{queryName}/events", Events).AddEndpointFilter<EpcisPublishFirst>();
        g.MapPost("/{queryName}/subscriptions", Subscribe).RequireAuthorization(Auth.Manager);
        g.MapGet("/{queryName}/subscriptions", Subscriptions);
        g.MapGet("/{queryName}/subscriptions/{subscriptionID}", Subscription);
        g.MapDelete("/{queryName}/subscriptions/{subscriptionID}", Unsubscribe).RequireAuthorization(Auth.Manager);
        g.MapGet("/{queryName}/subscriptions/{subscriptionID}/deliveries", Deliveries);
    }

    static async Task<Created<NamedQueryDto>> CreateQuery(NamedQueryBody body, EpcisSubscriptions subscriptions, HttpContext http, CancellationToken ct)
    {
        var query = await subscriptions.CreateQueryAsync(body.Name, Parameters(body.Query), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/epcis/queries/{Uri.EscapeDataString(query.Name)}", NamedQueryDto.Of(query));
    }

    static async Task<Ok<List<NamedQueryDto>>> Queries(EpcisSubscriptions subscriptions, CancellationToken ct) =>
        TypedResults.Ok((await subscriptions.QueriesAsync(ct)).Select(NamedQueryDto.Of).ToList());

    static async Task<Ok<NamedQueryDto>> Query(string queryName, EpcisSubscriptions subscriptions, CancellationToken ct) =>
        TypedResults.Ok(NamedQueryDto.Of(await subscriptions.QueryAsync(queryName, ct)));

    static async Task<NoContent> DeleteQuery(string queryName, EpcisSubscriptions subscriptions, CancellationToken ct)
    {
        await subscriptions.DeleteQueryAsync(queryName, ct);
        return TypedResults.NoContent();
    }

    // A page of the query's answer, or, for a WebSocket handshake, a subscription that lasts as long as the connection.
    static async Task<IResult> Events(
        string queryName, HttpContext http, EpcisSubscriptions subscriptions, EpcisQuerying querying, EpcisExport export, TimeProvider clock, int? perPage,
        string? nextPageToken, CancellationToken ct)
    {
        if (http.WebSockets.IsWebSocketRequest)
        {
            await EpcisQuerySocket.RunAsync(http, queryName, ct);
            return Results.Empty;
        }
        var query = await subscriptions.ParametersAsync(queryName, perPage, nextPageToken, ct);
        return await EpcisQueryEndpoints.DocumentAsync(http, await querying.EventsAsync(query, ct), export, clock, ct);
    }

    static async Task<Created<SubscriptionDto>> Subscribe(
        string queryName, SubscriptionBody body, EpcisSubscriptions subscriptions, HttpContext http, CancellationToken ct)
    {
        var request = new SubscriptionRequest(body.Dest, body.SignatureToken ?? body.Secret, body.Stream, body.Schedule, body.ReportIfEmpty ?? false, body.InitialRecordTime);
        var hook = await subscriptions.SubscribeAsync(queryName, request, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/epcis/queries/{Uri.EscapeDataString(queryName)}/subscriptions/{hook.SubscriptionId}", SubscriptionDto.Of(hook));
    }

    static async Task<Ok<List<SubscriptionDto>>> Subscriptions(string queryName, EpcisSubscriptions subscriptions, CancellationToken ct) =>
        TypedResults.Ok((await subscriptions.SubscriptionsAsync(queryName, ct)).Select(SubscriptionDto.Of).ToList());

    static async Task<Ok<SubscriptionDto>> Subscription(string queryName, string subscriptionID, EpcisSubscriptions subscriptions, CancellationToken ct) =>
        TypedResults.Ok(SubscriptionDto.Of(await subscriptions.SubscriptionAsync(queryName, subscriptionID, ct)));

    static async Task<NoContent> Unsubscribe(string queryName, string subscriptionID, EpcisSubscriptions subscriptions, CancellationToken ct)
    {
        await subscriptions.UnsubscribeAsync(queryName, subscriptionID, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<DeliveryDto>>> Deliveries(
        string queryName, string subscriptionID, EpcisSubscriptions subscriptions, int? limit, CancellationToken ct) =>
        TypedResults.Ok((await subscriptions.DeliveriesAsync(queryName, subscriptionID, limit ?? 100, ct)).Select(DeliveryDto.Of).ToList());

    // The REST binding's query object: each parameter's value is a string, a number, a boolean, or an array of them
    // (several values, which GET /events separates with '|').
    static List<KeyValuePair<string, string>> Parameters(JsonElement? query)
    {
        if (query is not { ValueKind: JsonValueKind.Object } q)
        {
            return query is null or { ValueKind: JsonValueKind.Null }
                ? []
                : throw DomainException.BadInput("epcis.query_parameter", "query", "query is an object of query parameters, e.g. {\"EQ_bizStep\": [\"shipping\"]}.");
        }
        return [.. q.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.Array
            ? string.Join('|', p.Value.EnumerateArray().Select(v => Scalar(p.Name, v)))
            : Scalar(p.Name, p.Value)))];
    }

    static string Scalar(string name, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String => v.GetString()!,
        JsonValueKind.Number => v.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
        _ => throw DomainException.BadInput("epcis.query_parameter", "query." + name, $"query.{name}: a value is a string, a number or a list of them."),
    };
}

public sealed record NamedQueryBody(string? Name, JsonElement? Query);

public sealed record NamedQueryDto(string Name, Dictionary<string, string[]> Query, DateTimeOffset CreatedAt, string CreatedBy)
{
    public static NamedQueryDto Of(EpcisNamedQuery q) => new(q.Name,
        WebhookRegistry.ParametersOf(q.Parameters).ToDictionary(p => p.Key, p => p.Value.Split('|')), q.CreatedAt, q.CreatedBy);
}

// The REST binding calls the key signatureToken; earlier drafts called it secret, which is read too.
public sealed record SubscriptionBody(
    string? Dest, string? SignatureToken, string? Secret, bool? Stream, HookSchedule? Schedule, bool? ReportIfEmpty, DateTimeOffset? InitialRecordTime);

// The signatureToken is never given back (REST binding: "for security reasons the response should not return the secret").
public sealed record SubscriptionDto(
    [property: System.Text.Json.Serialization.JsonPropertyName("subscriptionID")] string SubscriptionId, string QueryName, string Dest, bool? Stream,
    HookSchedule? Schedule, bool ReportIfEmpty, DateTimeOffset? InitialRecordTime, DateTimeOffset CreatedAt, string State, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError)
{
    public static SubscriptionDto Of(EventHook h) => new(h.SubscriptionId!, h.Name!, h.Url, h.Stream ? true : null,
        h.Schedule is null ? null : HookSchedule.FromJson(h.Schedule), h.ReportIfEmpty, h.RecordedFrom, h.CreatedAt, WebhookDto.StateOf(h), h.NextAttemptAt,
        h.LastAttemptAt, h.LastStatus, h.LastError);
}

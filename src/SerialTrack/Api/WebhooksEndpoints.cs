using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Webhooks;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Plain webhooks for integrators: new EPCIS events matching a filter are POSTed to a URL, signed; each hook has a
// delivery log. Managers and admins only: a webhook sends the event history out of the house.
public static class WebhooksEndpoints
{
    public static void MapWebhooks(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/webhooks").RequireAuthorization(Auth.Manager).WithTags("Webhooks");
        g.MapPost("", Create);
        g.MapGet("", List);
        g.MapGet("/{id:long}", Show);
        g.MapPost("/{id:long}/enable", (long id, WebhookRegistry hooks, CancellationToken ct) => SetEnabled(id, true, hooks, ct));
        g.MapPost("/{id:long}/disable", (long id, WebhookRegistry hooks, CancellationToken ct) => SetEnabled(id, false, hooks, ct));
        g.MapDelete("/{id:long}", Delete);
        g.MapGet("/{id:long}/deliveries", Deliveries);
    }

    static async Task<Created<WebhookDto>> Create(WebhookBody body, WebhookRegistry hooks, HttpContext http, CancellationToken ct)
    {
        var created = await hooks.CreateAsync(new WebhookRequest(body.Url, body.Filter, body.Secret, body.Name), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/webhooks/{created.Hook.Id}", WebhookDto.Of(created.Hook) with { Secret = created.Secret });
    }

    static async Task<Ok<List<WebhookDto>>> List(WebhookRegistry hooks, CancellationToken ct) =>
        TypedResults.Ok((await hooks.ListAsync(ct)).Select(WebhookDto.Of).ToList());

    static async Task<Ok<WebhookDto>> Show(long id, WebhookRegistry hooks, CancellationToken ct) => TypedResults.Ok(WebhookDto.Of(await hooks.FindAsync(id, ct)));

    static async Task<Ok<WebhookDto>> SetEnabled(long id, bool enabled, WebhookRegistry hooks, CancellationToken ct) =>
        TypedResults.Ok(WebhookDto.Of(await hooks.SetEnabledAsync(id, enabled, ct)));

    static async Task<NoContent> Delete(long id, WebhookRegistry hooks, CancellationToken ct)
    {
        await hooks.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<DeliveryDto>>> Deliveries(long id, WebhookRegistry hooks, int? limit, CancellationToken ct) =>
        TypedResults.Ok((await hooks.DeliveriesAsync(id, limit ?? 100, ct)).Select(DeliveryDto.Of).ToList());
}

public sealed record WebhookBody(string? Url, string? Filter, string? Secret, string? Name);

// The secret appears once, in the answer to the POST that made the hook.
public sealed record WebhookDto(
    long Id, string? Name, string Url, string Filter, bool Enabled, string State, long DeliveredThrough, int Failures, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatus, string? LastError, DateTimeOffset CreatedAt, string CreatedBy)
{
    public string? Secret { get; init; }

    public static WebhookDto Of(EventHook h) => new(h.Id, h.Name, h.Url, h.Filter, h.Enabled, StateOf(h), h.DeliveredThrough, h.Failures, h.NextAttemptAt,
        h.LastAttemptAt, h.LastStatus, h.LastError, h.CreatedAt, h.CreatedBy);

    public static string StateOf(EventHook h) => !h.Enabled ? "disabled" : h.Failures > 0 ? "retrying" : h.LastAttemptAt is null ? "waiting" : "delivering";
}

public sealed record DeliveryDto(
    string DeliveryId, int Attempt, DateTimeOffset AttemptedAt, int DurationMs, int? Status, string? Error, bool Succeeded, IReadOnlyList<string> EventIds,
    DateTimeOffset? NextRetryAt)
{
    public static DeliveryDto Of(EventHookDelivery d) =>
        new(d.DeliveryId, d.Attempt, d.AttemptedAt, d.DurationMs, d.Status, d.Error, d.Succeeded, WebhookRegistry.EventIdsOf(d), d.NextRetryAt);
}

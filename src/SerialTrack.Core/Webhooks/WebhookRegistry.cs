using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Core.Webhooks;

public sealed record WebhookRequest(string? Url, string? Filter = null, string? Secret = null, string? Name = null);

// The secret is shown once, when the webhook is made; afterwards only the receiver and the database know it.
public sealed record WebhookCreated(EventHook Hook, string Secret);

// Plain webhooks for integrators: new EPCIS events matching a filter are POSTed to a URL, signed with a per-hook secret.
public sealed class WebhookRegistry(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<WebhookCreated> CreateAsync(WebhookRequest request, Actor actor, CancellationToken ct)
    {
        var url = Hooks.Url(request.Url, "url");
        var filter = Hooks.Filter(request.Filter, "filter", forDelivery: true);
        var secret = request.Secret is { } given ? Hooks.Secret(given, "secret") : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var name = Text.Optional(request.Name, "name", 200);
        var hook = new EventHook
        {
            Kind = HookKind.Webhook,
            Name = name,
            Url = url,
            Filter = filter,
            Secret = secret,
            Stream = true,
            Enabled = true,
            DeliveredThrough = await Hooks.StartAsync(db, clock, ct),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        db.EventHooks.Add(hook);
        await db.SaveChangesAsync(ct);
        return new WebhookCreated(hook, secret);
    }

    public async Task<List<EventHook>> ListAsync(CancellationToken ct) =>
        await db.EventHooks.AsNoTracking().Where(h => h.Kind == HookKind.Webhook).OrderBy(h => h.Id).ToListAsync(ct);

    public async Task<EventHook> FindAsync(long id, CancellationToken ct) =>
        await db.EventHooks.AsNoTracking().FirstOrDefaultAsync(h => h.Id == id && h.Kind == HookKind.Webhook, ct)
            ?? throw DomainException.NotFound("webhook.not_found", $"No webhook {id}.", "id");

    // A disabled webhook keeps its place: enabled again, it delivers what was recorded in between.
    public async Task<EventHook> SetEnabledAsync(long id, bool enabled, CancellationToken ct)
    {
        var hook = await db.EventHooks.FirstOrDefaultAsync(h => h.Id == id && h.Kind == HookKind.Webhook, ct)
            ?? throw DomainException.NotFound("webhook.not_found", $"No webhook {id}.", "id");
        if (hook.Enabled != enabled)
        {
            hook.Enabled = enabled;
            hook.Failures = 0;
            hook.NextAttemptAt = null;
            hook.Version++;
            await db.SaveChangesAsync(ct);
        }
        return hook;
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var deleted = await db.EventHooks.Where(h => h.Id == id && h.Kind == HookKind.Webhook).ExecuteDeleteAsync(ct);
        if (deleted == 0)
        {
            throw DomainException.NotFound("webhook.not_found", $"No webhook {id}.", "id");
        }
    }

    public async Task<List<EventHookDelivery>> DeliveriesAsync(long id, int limit, CancellationToken ct)
    {
        await FindAsync(id, ct);
        return await Hooks.DeliveriesAsync(db, id, limit, ct);
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ParametersOf(string filter) => Hooks.Pairs(filter);

    public static IReadOnlyList<string> EventIdsOf(EventHookDelivery d) => JsonSerializer.Deserialize<List<string>>(d.EventIds) ?? [];
}

// What webhooks and subscriptions share at their front doors.
internal static class Hooks
{
    // Paging, ordering and counting belong to a query's answer, not to a stream delivered in the order events are stored.
    static readonly string[] AnswerOnly = ["orderBy", "orderDirection", "eventCountLimit", "maxEventCount", "perPage", "nextPageToken"];

    public static string Url(string? url, string field)
    {
        var text = Text.Required(url, field, 2000);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? text
            : throw DomainException.BadInput("webhook.url", field, $"'{text}' is not an absolute http or https URL.");
    }

    public static string Secret(string secret, string field) =>
        secret.Length is >= 16 and <= 200 ? secret : throw DomainException.BadInput("webhook.secret", field, "A secret is 16 to 200 characters long.");

    // Checked by the same parser as GET /epcis/events, so a filter that would be refused there is refused here, naming
    // the parameter (filter.GE_eventTime); kept in query-string form.
    public static string Filter(string? filter, string field, bool forDelivery)
    {
        var pairs = Pairs(filter ?? "");
        return Filter(pairs, field, forDelivery);
    }

    public static string Filter(IReadOnlyList<KeyValuePair<string, string>> pairs, string field, bool forDelivery)
    {
        if (forDelivery && pairs.FirstOrDefault(p => AnswerOnly.Contains(p.Key)) is { Key: { } name })
        {
            throw DomainException.BadInput("epcis.query_parameter", $"{field}.{name}", $"{name} shapes a query's answer; a webhook delivers every matching event in the order it was stored.");
        }
        try
        {
            EpcisQuery.Parse(pairs);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.BadInput)
        {
            throw new DomainException(e.Code, e.Message, $"{field}.{e.Field}", e.Kind);
        }
        return string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
    }

    public static List<KeyValuePair<string, string>> Pairs(string filter) =>
    [
        .. filter.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(part => part.Split('=', 2)).Select(kv =>
            KeyValuePair.Create(Unescape(kv[0]), kv.Length > 1 ? Unescape(kv[1]) : "")),
    ];

    static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    // What the engine asks the store for: the filter without the parts that shape an answer, from initialRecordTime on.
    public static EpcisQuery QueryOf(EventHook hook) => QueryOf(hook.Filter, hook.RecordedFrom);

    public static EpcisQuery QueryOf(string filter, DateTimeOffset? recordedFrom)
    {
        var query = EpcisQuery.Parse(Pairs(filter).Where(p => !AnswerOnly.Contains(p.Key)), stored: true);
        return recordedFrom is { } from && (query.GeRecordTime is null || query.GeRecordTime < from) ? query with { GeRecordTime = from } : query;
    }

    // A new hook delivers what is recorded from now on: SerialTrack's own history up to now is published first, so that
    // it does not arrive as news.
    public static async Task<long> StartAsync(SerialTrackDbContext db, TimeProvider clock, CancellationToken ct)
    {
        await new EpcisCapturing(db, clock).PublishNativeAsync(ct);
        return await SettledThroughAsync(db, ct);
    }

    // Every stored event up to the newest is final: SQLite has one writer at a time, and on PostgreSQL the writers of the
    // store draw their ids and commit under one lock (SqlSession.LockWritersAsync), so ids become visible in order and a
    // gap below the newest is a rollback, never a transaction still running.
    public static async Task<long> SettledThroughAsync(SerialTrackDbContext db, CancellationToken ct) =>
        await db.EpcisEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;

    public static async Task<List<EventHookDelivery>> DeliveriesAsync(SerialTrackDbContext db, long hookId, int limit, CancellationToken ct) =>
        await db.EventHookDeliveries.AsNoTracking().Where(d => d.HookId == hookId).OrderByDescending(d => d.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(ct);
}

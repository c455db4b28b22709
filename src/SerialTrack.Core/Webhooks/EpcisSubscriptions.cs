using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Core.Webhooks;

public sealed record SubscriptionRequest(
    string? Dest, string? SignatureToken = null, bool? Stream = null, HookSchedule? Schedule = null, bool ReportIfEmpty = false,
    DateTimeOffset? InitialRecordTime = null);

// EPCIS 2.0 REST binding, named queries and their subscriptions (/queries, /queries/{name}/subscriptions): a named query
// is a standing set of query parameters; a subscription delivers the events it matches to dest, as they are stored
// (stream) or on a schedule. Deleting a query ends its subscriptions.
public sealed class EpcisSubscriptions(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<EpcisNamedQuery> CreateQueryAsync(string? name, IReadOnlyList<KeyValuePair<string, string>> parameters, Actor actor, CancellationToken ct)
    {
        var n = Text.RequiredCode(name, "name", 200);
        var query = new EpcisNamedQuery
        {
            Name = n,
            Parameters = Hooks.Filter(parameters, "query", forDelivery: false),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        if (await db.EpcisNamedQueries.AnyAsync(q => q.Name == n, ct))
        {
            throw DomainException.Conflict("epcis.query_name_taken", $"A query named '{n}' exists already; delete it first or choose another name.", "name");
        }
        db.EpcisNamedQueries.Add(query);
        await db.SaveChangesAsync(ct);
        return query;
    }

    public async Task<List<EpcisNamedQuery>> QueriesAsync(CancellationToken ct) =>
        await db.EpcisNamedQueries.AsNoTracking().OrderBy(q => q.Name).ToListAsync(ct);

    public async Task<EpcisNamedQuery> QueryAsync(string name, CancellationToken ct) =>
        await db.EpcisNamedQueries.AsNoTracking().FirstOrDefaultAsync(q => q.Name == name, ct)
            ?? throw DomainException.NotFound("epcis.query_not_found", $"No query named '{name}'.", "queryName");

    // The REST binding: deleting a named query forcibly unsubscribes its subscriptions (their rows go with it).
    public async Task DeleteQueryAsync(string name, CancellationToken ct)
    {
        var query = await QueryAsync(name, ct);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.EventHooks.Where(h => h.NamedQueryId == query.Id).ExecuteDeleteAsync(ct);
            await db.EpcisNamedQueries.Where(q => q.Id == query.Id).ExecuteDeleteAsync(ct);
            await tx.CommitAsync(ct);
        });
    }

    // GET /queries/{name}/events: the query run as GET /events would run it, paged alike.
    public async Task<EpcisQuery> ParametersAsync(string name, int? perPage, string? nextPageToken, CancellationToken ct)
    {
        var query = await QueryAsync(name, ct);
        var pairs = Hooks.Pairs(query.Parameters).Where(p => p.Key is not ("perPage" or "nextPageToken")).ToList();
        if (perPage is { } n)
        {
            pairs.Add(KeyValuePair.Create("perPage", n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (nextPageToken is not null)
        {
            pairs.Add(KeyValuePair.Create("nextPageToken", nextPageToken));
        }
        return EpcisQuery.Parse(pairs, stored: true);
    }

    public async Task<EventHook> SubscribeAsync(string name, SubscriptionRequest request, Actor actor, CancellationToken ct)
    {
        var query = await QueryAsync(name, ct);
        var dest = Hooks.Url(request.Dest, "dest");
        var token = request.SignatureToken is { Length: > 0 } t ? Text.Required(t, "signatureToken", 200) : null;
        var stream = request.Stream ?? false;
        var now = clock.GetUtcNow();
        var firstRun = HookSchedule.FirstRun(stream, request.Schedule, now);
        var hook = new EventHook
        {
            Kind = HookKind.EpcisSubscription,
            SubscriptionId = Guid.NewGuid().ToString(),
            NamedQueryId = query.Id,
            Name = query.Name,
            Url = dest,
            Filter = query.Parameters,
            Secret = token,
            Stream = stream,
            Schedule = request.Schedule?.ToJson(),
            ReportIfEmpty = request.ReportIfEmpty,
            RecordedFrom = request.InitialRecordTime?.ToUniversalTime(),
            Enabled = true,
            // EPCIS: initialRecordTime, when given, reaches back to events recorded since; otherwise from now on.
            DeliveredThrough = request.InitialRecordTime is null ? await Hooks.StartAsync(db, clock, ct) : 0,
            NextAttemptAt = firstRun,
            CreatedAt = now,
            CreatedBy = actor.Name,
        };
        db.EventHooks.Add(hook);
        await db.SaveChangesAsync(ct);
        return hook;
    }

    public async Task<List<EventHook>> SubscriptionsAsync(string name, CancellationToken ct)
    {
        var query = await QueryAsync(name, ct);
        return await db.EventHooks.AsNoTracking().Where(h => h.NamedQueryId == query.Id).OrderBy(h => h.Id).ToListAsync(ct);
    }

    public async Task<EventHook> SubscriptionAsync(string name, string subscriptionId, CancellationToken ct)
    {
        var query = await QueryAsync(name, ct);
        return await db.EventHooks.AsNoTracking().FirstOrDefaultAsync(h => h.NamedQueryId == query.Id && h.SubscriptionId == subscriptionId, ct)
            ?? throw DomainException.NotFound("epcis.subscription_not_found", $"Query '{name}' has no subscription '{subscriptionId}'.", "subscriptionID");
    }

    public async Task UnsubscribeAsync(string name, string subscriptionId, CancellationToken ct)
    {
        var hook = await SubscriptionAsync(name, subscriptionId, ct);
        await db.EventHooks.Where(h => h.Id == hook.Id).ExecuteDeleteAsync(ct);
    }

    public async Task<List<EventHookDelivery>> DeliveriesAsync(string name, string subscriptionId, int limit, CancellationToken ct) =>
        await Hooks.DeliveriesAsync(db, (await SubscriptionAsync(name, subscriptionId, ct)).Id, limit, ct);
}

namespace SerialTrack.Core.Webhooks;

public enum HookKind
{
    // A plain webhook for integrators (/api/v1/webhooks): its own filter, signed with X-SerialTrack-Signature.
    Webhook = 1,

    // An EPCIS 2.0 query subscription (/epcis/queries/{name}/subscriptions): the named query's filter, GS1-Signature.
    EpcisSubscription = 2,
}

// Where new EPCIS events matching a filter are delivered, and how far delivery has come. A webhook and an EPCIS
// subscription are the same thing with different front doors; one engine (HookDelivery) serves both.
public sealed class EventHook
{
    public long Id { get; set; }
    public HookKind Kind { get; set; }

    // The subscriptionID of an EPCIS subscription; null for a webhook, which is named by its id.
    public string? SubscriptionId { get; set; }
    public long? NamedQueryId { get; set; }
    public string? Name { get; set; }
    public required string Url { get; set; }

    // The standard query parameters (as /epcis/events takes them), in query-string form; empty is every event.
    public required string Filter { get; set; }

    // The HMAC-SHA256 key: the webhook's secret, or the subscription's signatureToken (optional in EPCIS).
    public string? Secret { get; set; }
    public bool Stream { get; set; }

    // A scheduled subscription's HookSchedule as JSON; null for a stream.
    public string? Schedule { get; set; }
    public bool ReportIfEmpty { get; set; }

    // EPCIS initialRecordTime: only events recorded from then on are delivered.
    public DateTimeOffset? RecordedFrom { get; set; }
    public bool Enabled { get; set; }

    // Every stored EPCIS event with an id up to this one has been delivered or did not match: the cursor that makes a
    // restart resume exactly where delivery stopped.
    public long DeliveredThrough { get; set; }

    // The batch being delivered, kept until the receiver accepts it, so that each retry sends the same events under
    // the same delivery id.
    public long? PendingThrough { get; set; }
    public string? PendingDeliveryId { get; set; }
    public int Failures { get; set; }

    // Not before then: the retry after a failure, or a scheduled subscription's next run.
    public DateTimeOffset? NextAttemptAt { get; set; }

    // A lease: the server process delivering to this hook, so that two processes never send the same batch at once.
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public int Version { get; set; }
}

// One POST to a hook: the delivery log.
public sealed class EventHookDelivery
{
    public long Id { get; set; }
    public long HookId { get; set; }

    // Sent as X-SerialTrack-Delivery; the same for every retry of one batch.
    public required string DeliveryId { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int DurationMs { get; set; }
    public int? Status { get; set; }
    public string? Error { get; set; }
    public bool Succeeded { get; set; }
    public int EventCount { get; set; }

    // The eventIDs sent, as a JSON array.
    public required string EventIds { get; set; }
    public DateTimeOffset? NextRetryAt { get; set; }
}

// A standing query of the EPCIS REST binding (/epcis/queries): a name for a set of query parameters.
public sealed class EpcisNamedQuery
{
    public long Id { get; set; }
    public required string Name { get; set; }

    // In query-string form, as a webhook's filter.
    public required string Parameters { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public sealed class HookDeliveryOptions
{
    public int BatchSize { get; set; } = 100;

    // After the n-th failure in a row the next attempt waits BackoffBase * 2^(n-1), at most BackoffCap.
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(30);
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    // How many WebSocket subscriptions one user may hold open at once (each polls the store every PollInterval).
    public int MaxSocketsPerUser { get; set; } = 10;

    // How long a claim on a hook lasts unless renewed: a process that dies holding one is replaced after this long.
    // Never shorter than twice the request timeout, so a slow receiver does not let a second process in.
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    // How long the delivery log keeps an attempt.
    public TimeSpan KeepDeliveryLog { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan Backoff(int failures) =>
        TimeSpan.FromTicks(Math.Min(BackoffCap.Ticks, BackoffBase.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));
}

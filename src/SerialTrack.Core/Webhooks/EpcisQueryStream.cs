using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Core.Webhooks;

// The REST binding's WebSocket subscription (GET /queries/{name}/events with Upgrade: websocket, and stream=true or a
// schedule in the query string): a subscription that lives as long as its connection. It sends what a webhook
// subscription would POST, the events the named query matches in the order they were stored, each batch one
// EPCISQueryDocument message. Nothing of it is kept: a client that reconnects starts again from now, or from the
// initialRecordTime it gives. Deleting the named query ends it.
public sealed class EpcisQueryStream
{
    static readonly string[] ScheduleFields = ["second", "minute", "hour", "dayOfMonth", "month", "dayOfWeek"];

    readonly EventHook hook;
    readonly HookSchedule? schedule;
    readonly TimeProvider clock;
    long deliveredThrough;

    EpcisQueryStream(EventHook hook, HookSchedule? schedule, TimeProvider clock)
    {
        (this.hook, this.schedule, this.clock) = (hook, schedule, clock);
        deliveredThrough = hook.DeliveredThrough;
    }

    public string SubscriptionId => hook.SubscriptionId!;

    // Reads the subscription from the handshake's query string, refusing a bad one (naming the parameter) before any
    // connection is accepted: stream=true or a schedule (second ... dayOfWeek), not both; reportIfEmpty; initialRecordTime.
    public static async Task<EpcisQueryStream> OpenAsync(
        SerialTrackDbContext db, TimeProvider clock, string queryName, IReadOnlyList<KeyValuePair<string, string>> parameters, Actor actor, CancellationToken ct)
    {
        var query = await new EpcisSubscriptions(db, clock).QueryAsync(queryName, ct);
        string? Get(string name) => parameters.LastOrDefault(p => p.Key == name).Value is { Length: > 0 } v ? v : null;
        var stream = Flag(Get("stream"), "stream");
        var fields = ScheduleFields.Select(Get).ToArray();
        var schedule = fields.Any(f => f is not null) ? new HookSchedule(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]) : null;
        if (stream == (schedule is not null))
        {
            throw DomainException.BadInput("subscription.stream_or_schedule", "stream",
                "A WebSocket subscription either sets stream=true (every new matching event) or gives a schedule (second, minute, hour, dayOfMonth, month, dayOfWeek); not both, not neither.");
        }
        try
        {
            schedule?.Validate();
            // A schedule that never runs is refused now, not after the handshake.
            _ = schedule?.Next(clock.GetUtcNow());
        }
        catch (DomainException e) when (e.Kind == ErrorKind.BadInput)
        {
            // The query string names the field itself (minute), not schedule.minute as a JSON body would.
            throw new DomainException(e.Code, e.Message, e.Field?.Replace("schedule.", "", StringComparison.Ordinal), e.Kind);
        }
        var from = Get("initialRecordTime") is { } text
            ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t.ToUniversalTime()
                : throw DomainException.BadInput("epcis.query_parameter", "initialRecordTime", $"initialRecordTime '{text}' is not a date and time (e.g. 2026-03-01T00:00:00Z).")
            : (DateTimeOffset?)null;
        var hook = new EventHook
        {
            Kind = HookKind.EpcisSubscription,
            SubscriptionId = Guid.NewGuid().ToString(),
            NamedQueryId = query.Id,
            Name = query.Name,
            Url = "",
            Filter = query.Parameters,
            Stream = stream,
            ReportIfEmpty = Flag(Get("reportIfEmpty"), "reportIfEmpty"),
            RecordedFrom = from,
            DeliveredThrough = from is null ? await Hooks.StartAsync(db, clock, ct) : 0,
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = actor.Name,
        };
        return new EpcisQueryStream(hook, schedule, clock);
    }

    static bool Flag(string? value, string name) => value switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw DomainException.BadInput("epcis.query_parameter", name, $"{name} is true or false, not '{value}'."),
    };

    // Why a subscription ended: its query was deleted, or (Refused) its subscriber may no longer read the events.
    public sealed record End(string Reason, bool Refused);

    // Sends until the connection ends (ct), the named query is deleted, or allowed answers a reason (a revoked token, a
    // disabled user): both are looked at every PollInterval, also while a schedule waits for its next run.
    public async Task<End> RunAsync(
        Func<SerialTrackDbContext> contexts, EpcisWriterOptions writer, Func<string, Task> send, HookDeliveryOptions options,
        Func<SerialTrackDbContext, CancellationToken, Task<string?>> allowed, CancellationToken ct)
    {
        writer = writer with { QueryName = hook.Name!, SubscriptionId = SubscriptionId };
        var query = Hooks.QueryOf(hook);
        var due = schedule?.Next(clock.GetUtcNow());
        while (true)
        {
            var wait = due is { } at && at - clock.GetUtcNow() < options.PollInterval ? at - clock.GetUtcNow() : options.PollInterval;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
            await using var db = contexts();
            if (!await db.EpcisNamedQueries.AnyAsync(q => q.Id == hook.NamedQueryId, ct))
            {
                return new($"The query '{hook.Name}' was deleted.", Refused: false);
            }
            if (await allowed(db, ct) is { } refusal)
            {
                return new(refusal, Refused: true);
            }
            if (due is { } run && clock.GetUtcNow() < run)
            {
                continue;
            }
            await new EpcisCapturing(db, clock).PublishNativeAsync(ct);
            var bound = await db.EpcisEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            var querying = new EpcisQuerying(db);
            var sent = false;
            while (deliveredThrough < bound)
            {
                var rows = await querying.StoredBetweenAsync(query, deliveredThrough, bound, options.BatchSize, ct);
                if (rows.Count > 0)
                {
                    await send(EpcisQueryDocument.Write(writer.QueryName, rows.Select(r => r.Json), clock.GetUtcNow(), writer, xml: false));
                    sent = true;
                }
                deliveredThrough = rows.Count == options.BatchSize ? rows[^1].Id : bound;
            }
            if (!sent && schedule is not null && hook.ReportIfEmpty)
            {
                await send(EpcisQueryDocument.Write(writer.QueryName, [], clock.GetUtcNow(), writer, xml: false));
            }
            due = schedule?.Next(clock.GetUtcNow());
        }
    }
}

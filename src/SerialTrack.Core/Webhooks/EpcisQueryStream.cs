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

    readonly EpcisNamedQuery named;
    readonly EpcisQuery query;
    readonly HookSchedule? schedule;
    readonly bool reportIfEmpty;
    readonly TimeProvider clock;
    long deliveredThrough;

    EpcisQueryStream(EpcisNamedQuery named, EpcisQuery query, HookSchedule? schedule, bool reportIfEmpty, long deliveredThrough, TimeProvider clock)
    {
        (this.named, this.query, this.schedule, this.reportIfEmpty, this.deliveredThrough, this.clock) = (named, query, schedule, reportIfEmpty, deliveredThrough, clock);
    }

    public string SubscriptionId { get; } = Guid.NewGuid().ToString();

    // Reads the subscription from the handshake's query string, refusing a bad one (naming the parameter) before any
    // connection is accepted: stream=true or a schedule (second ... dayOfWeek), not both; reportIfEmpty; initialRecordTime.
    public static async Task<EpcisQueryStream> OpenAsync(
        SerialTrackDbContext db, TimeProvider clock, string queryName, IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken ct)
    {
        var query = await new EpcisSubscriptions(db, clock).QueryAsync(queryName, ct);
        string? Get(string name) => parameters.LastOrDefault(p => p.Key == name).Value is { Length: > 0 } v ? v : null;
        var stream = Flag(Get("stream"), "stream");
        var fields = ScheduleFields.Select(Get).ToArray();
        var schedule = fields.Any(f => f is not null) ? new HookSchedule(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]) : null;
        try
        {
            // A schedule that never runs is refused now, not after the handshake.
            HookSchedule.FirstRun(stream, schedule, clock.GetUtcNow());
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
        var reportIfEmpty = Flag(Get("reportIfEmpty"), "reportIfEmpty");
        // As a webhook subscription: initialRecordTime reaches back to events recorded since; otherwise from now on.
        return new EpcisQueryStream(query, Hooks.QueryOf(query.Parameters, from), schedule, reportIfEmpty, from is null ? await Hooks.StartAsync(db, clock, ct) : 0, clock);
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
        writer = writer with { QueryName = named.Name, SubscriptionId = SubscriptionId };
        var due = schedule?.Next(clock.GetUtcNow());
        while (true)
        {
            var wait = due is { } at && at - clock.GetUtcNow() < options.PollInterval ? at - clock.GetUtcNow() : options.PollInterval;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
            await using var db = contexts();
            if (!await db.EpcisNamedQueries.AnyAsync(q => q.Id == named.Id, ct))
            {
                return new($"The query '{named.Name}' was deleted.", Refused: false);
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
            var bound = await Hooks.SettledThroughAsync(db, ct);
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
            if (!sent && schedule is not null && reportIfEmpty)
            {
                await send(EpcisQueryDocument.Write(writer.QueryName, [], clock.GetUtcNow(), writer, xml: false));
            }
            due = schedule?.Next(clock.GetUtcNow());
        }
    }
}

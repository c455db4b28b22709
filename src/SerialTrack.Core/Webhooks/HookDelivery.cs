using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Core.Webhooks;

// The one delivery engine behind webhooks and EPCIS subscriptions. Each round publishes the native history into the
// EPCIS store, then, for every hook that is due, claims it (a lease written with a version check: two server processes
// on one database never send the same batch at once), and POSTs the matching events stored after its cursor, in store
// order, in batches. A batch is written down before it is sent and the cursor moves only when the receiver accepts it,
// so a crash or restart sends it again under the same delivery id: at least once, never lost. While a hook's batch
// fails, its later events wait (backoff doubling up to a cap); other hooks go on, each in its own task.
public sealed class HookDelivery(Func<SerialTrackDbContext> contexts, HttpClient http, TimeProvider clock, HookDeliveryOptions options, string worker)
{
    public const string SignatureHeader = "X-SerialTrack-Signature";
    public const string DeliveryHeader = "X-SerialTrack-Delivery";
    public const string Gs1SignatureHeader = "GS1-Signature";

    TimeSpan Lease => options.Lease > options.RequestTimeout * 2 ? options.Lease : options.RequestTimeout * 2;

    DateTimeOffset prunedAt = DateTimeOffset.MinValue;

    // One round; answers how many hooks were due.
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        long bound;
        List<long> due;
        await using (var db = contexts())
        {
            await PruneLogAsync(db, ct);
            // Without a hook there is nothing to publish for: the round stays off the store.
            if (!await db.EventHooks.AnyAsync(h => h.Enabled, ct))
            {
                return 0;
            }
            await new EpcisCapturing(db, clock).PublishNativeAsync(ct);
            bound = await Hooks.SettledThroughAsync(db, ct);
            var now = clock.GetUtcNow();
            due = await db.EventHooks.AsNoTracking()
                .Where(h => h.Enabled && (h.ClaimedUntil == null || h.ClaimedUntil < now)
                    && (h.NextAttemptAt == null ? h.Stream && (h.DeliveredThrough < bound || h.PendingThrough != null) : h.NextAttemptAt <= now))
                .OrderBy(h => h.Id).Select(h => h.Id).ToListAsync(ct);
        }
        await Task.WhenAll(due.Select(id => DeliverAsync(id, bound, ct)));
        return due.Count;
    }

    // The delivery log keeps KeepDeliveryLog of attempts (of every hook, also disabled ones); it is pruned once an hour.
    async Task PruneLogAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now - prunedAt < TimeSpan.FromHours(1))
        {
            return;
        }
        var cutoff = now - options.KeepDeliveryLog;
        await db.EventHookDeliveries.Where(d => d.AttemptedAt < cutoff).ExecuteDeleteAsync(ct);
        prunedAt = now;
    }

    async Task DeliverAsync(long id, long bound, CancellationToken ct)
    {
        await using var db = contexts();
        var hook = await db.EventHooks.FirstOrDefaultAsync(h => h.Id == id, ct);
        var now = clock.GetUtcNow();
        if (hook is null || !hook.Enabled || hook.ClaimedUntil > now)
        {
            return;
        }
        hook.ClaimedBy = worker;
        hook.ClaimedUntil = now + Lease;
        if (!await SaveAsync(db, hook, ct))
        {
            return;
        }
        var owned = true;
        try
        {
            var query = Hooks.QueryOf(hook);
            var querying = new EpcisQuerying(db);
            var writer = await new EpcisExport(db, clock).OptionsAsync(EpcFormat.NoPreference, ct) with
            {
                QueryName = hook.Kind == HookKind.EpcisSubscription ? hook.Name! : EpcisQueryDocument.SimpleEventQuery,
                SubscriptionId = hook.SubscriptionId ?? "webhook-" + hook.Id,
            };
            var schedule = hook.Schedule is null ? null : HookSchedule.FromJson(hook.Schedule);
            for (var first = true; ; first = false)
            {
                var retry = hook.PendingThrough is not null;
                var through = hook.PendingThrough ?? Math.Max(bound, hook.DeliveredThrough);
                IReadOnlyList<EpcisQueryRow> rows = through > hook.DeliveredThrough ? await querying.StoredBetweenAsync(query, hook.DeliveredThrough, through, options.BatchSize, ct) : [];
                if (!retry && rows.Count == options.BatchSize)
                {
                    through = rows[^1].Id;
                }
                if (rows.Count == 0 && !retry && !(schedule is not null && first && hook.ReportIfEmpty))
                {
                    // Nothing matched: the cursor passes the events looked at, so they are not looked at again.
                    hook.DeliveredThrough = through;
                    hook.NextAttemptAt = schedule?.Next(clock.GetUtcNow());
                    owned = await SaveAsync(db, hook, ct);
                    return;
                }
                if (!retry)
                {
                    hook.PendingThrough = through;
                    hook.PendingDeliveryId = Guid.NewGuid().ToString("n");
                    if (!(owned = await SaveAsync(db, hook, ct)))
                    {
                        return;
                    }
                }

                var body = Encoding.UTF8.GetBytes(EpcisQueryDocument.Write(writer.QueryName, rows.Select(r => r.Json), clock.GetUtcNow(), writer, xml: false));
                var sent = await PostAsync(hook, body, ct);
                var at = clock.GetUtcNow();
                var log = new EventHookDelivery
                {
                    HookId = hook.Id,
                    DeliveryId = hook.PendingDeliveryId!,
                    Attempt = hook.Failures + 1,
                    AttemptedAt = sent.Started,
                    DurationMs = sent.DurationMs,
                    Status = sent.Status,
                    Error = sent.Error,
                    Succeeded = sent.Ok,
                    EventCount = rows.Count,
                    EventIds = JsonSerializer.Serialize(rows.Select(r => r.EventId)),
                };
                hook.LastAttemptAt = sent.Started;
                hook.LastStatus = sent.Status;
                hook.LastError = sent.Error;
                if (sent.Ok)
                {
                    hook.DeliveredThrough = through;
                    hook.PendingThrough = null;
                    hook.PendingDeliveryId = null;
                    hook.Failures = 0;
                    hook.NextAttemptAt = through >= bound ? schedule?.Next(at) : hook.NextAttemptAt;
                }
                else
                {
                    hook.Failures++;
                    hook.NextAttemptAt = log.NextRetryAt = at + options.Backoff(hook.Failures);
                }
                hook.ClaimedUntil = at + Lease;
                db.EventHookDeliveries.Add(log);
                if (!(owned = await SaveAsync(db, hook, ct)) || !sent.Ok || through >= bound)
                {
                    return;
                }
            }
        }
        finally
        {
            if (owned)
            {
                hook.ClaimedBy = null;
                hook.ClaimedUntil = null;
                await SaveAsync(db, hook, CancellationToken.None);
            }
        }
    }

    // Every write is checked against the version read: a hook disabled, deleted or taken over meanwhile stops this worker.
    static async Task<bool> SaveAsync(SerialTrackDbContext db, EventHook hook, CancellationToken ct)
    {
        hook.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    sealed record Sent(bool Ok, int? Status, string? Error, DateTimeOffset Started, int DurationMs);

    async Task<Sent> PostAsync(EventHook hook, byte[] body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/ld+json");
        request.Headers.Add(DeliveryHeader, hook.PendingDeliveryId);
        if (hook.Secret is { } secret)
        {
            var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
            // Webhooks: hex, as integrators' libraries expect; EPCIS subscriptions: GS1-Signature as the REST binding names it.
            if (hook.Kind == HookKind.Webhook)
            {
                request.Headers.Add(SignatureHeader, "sha256=" + Convert.ToHexStringLower(mac));
            }
            else
            {
                request.Headers.Add(Gs1SignatureHeader, Convert.ToBase64String(mac));
            }
        }
        var started = clock.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return new Sent(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}", started, Ms(watch));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Sent(false, null, $"no answer within {options.RequestTimeout.TotalSeconds:0.###} s", started, Ms(watch));
        }
        catch (HttpRequestException e)
        {
            return new Sent(false, null, e.Message, started, Ms(watch));
        }

        static int Ms(Stopwatch w) => (int)Math.Min(int.MaxValue, w.ElapsedMilliseconds);
    }
}

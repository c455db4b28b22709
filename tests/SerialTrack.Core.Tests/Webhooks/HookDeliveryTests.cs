using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Webhooks;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Webhooks;

public sealed class HookDeliveryTests
{
    readonly TestClock clock = new();
    static readonly Actor Partner = new(null, "partner");
    static readonly HookDeliveryOptions Options = new() { BatchSize = 2, BackoffBase = TimeSpan.FromSeconds(10), BackoffCap = TimeSpan.FromSeconds(40) };

    // Records every POST and answers with what the test says, by the request's number (1, 2, ...) and URL.
    sealed class Receiver(Func<int, Uri, HttpStatusCode> answer) : HttpMessageHandler
    {
        public List<(Uri Url, byte[] Body, Dictionary<string, string> Headers, HttpStatusCode Answer)> Posts { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var body = await request.Content!.ReadAsByteArrayAsync(ct);
            // Hooks are delivered to side by side.
            lock (Posts)
            {
                var status = answer(Posts.Count + 1, request.RequestUri!);
                Posts.Add((request.RequestUri!, body, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value)), status));
                return new HttpResponseMessage(status);
            }
        }

        public static List<string> EventIds(byte[] body) =>
        [
            .. JsonDocument.Parse(body).RootElement.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")
                .EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!),
        ];
    }

    static string Event(int n, string bizStep) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-{{n:D12}}", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}",
          "eventTime": "2026-03-01T08:00:{{n:D2}}Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"] }
        """;

    static string Id(int n) => $"urn:uuid:00000000-0000-4000-8000-{n:D12}";

    async Task CaptureAsync(TestDb t, params string[] events)
    {
        await using var db = t.NewContext();
        var document = $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """;
        var result = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.True(result.Succeeded);
    }

    async Task<EventHook> AWebhookAsync(TestDb t, string url, string filter, string secret = "a-secret-of-sixteen+")
    {
        await using var db = t.NewContext();
        return (await new WebhookRegistry(db, clock).CreateAsync(new WebhookRequest(url, filter, secret), Partner, default)).Hook;
    }

    HookDelivery Engine(TestDb t, Receiver receiver, string worker = "worker-1") => new(t.NewContext, new HttpClient(receiver), clock, Options, worker);

    async Task<EventHook> HookAsync(TestDb t, long id)
    {
        await using var db = t.NewContext();
        return await db.EventHooks.AsNoTracking().SingleAsync(h => h.Id == id);
    }

    async Task<List<EventHookDelivery>> LogAsync(TestDb t, long id)
    {
        await using var db = t.NewContext();
        return await db.EventHookDeliveries.AsNoTracking().Where(d => d.HookId == id).OrderBy(d => d.Id).ToListAsync();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_webhook_gets_the_new_matching_events_in_store_order_in_signed_batches_and_its_cursor_passes_them(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await CaptureAsync(t, Event(1, "shipping"));
        var hook = await AWebhookAsync(t, "http://127.0.0.1:9/hook", "EQ_bizStep=shipping");
        await CaptureAsync(t, Event(2, "shipping"), Event(3, "receiving"), Event(4, "shipping"), Event(5, "shipping"), Event(6, "receiving"));
        var receiver = new Receiver((_, _) => HttpStatusCode.OK);

        Assert.Equal(1, await Engine(t, receiver).RunOnceAsync(default));

        // Event 1 came before the webhook; receiving events do not match; two per POST.
        Assert.Equal([[Id(2), Id(4)], [Id(5)]], receiver.Posts.Select(p => Receiver.EventIds(p.Body)));
        foreach (var post in receiver.Posts)
        {
            var mac = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("a-secret-of-sixteen+"), post.Body));
            Assert.Equal("sha256=" + mac, post.Headers[HookDelivery.SignatureHeader]);
        }
        Assert.NotEqual(receiver.Posts[0].Headers[HookDelivery.DeliveryHeader], receiver.Posts[1].Headers[HookDelivery.DeliveryHeader]);
        var after = await HookAsync(t, hook.Id);
        await using (var db = t.NewContext())
        {
            Assert.Equal(await db.EpcisEvents.MaxAsync(e => e.Id), after.DeliveredThrough);
        }
        Assert.Null(after.PendingThrough);
        Assert.Null(after.ClaimedBy);
        var log = await LogAsync(t, hook.Id);
        Assert.Equal([[Id(2), Id(4)], [Id(5)]], log.Select(d => WebhookRegistry.EventIdsOf(d)));
        Assert.All(log, d => Assert.True(d.Succeeded && d.Status == 200 && d.Attempt == 1));

        // Nothing new: nothing is due and nothing is sent.
        Assert.Equal(0, await Engine(t, receiver).RunOnceAsync(default));
        Assert.Equal(2, receiver.Posts.Count);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_failing_receiver_gets_the_same_batch_again_after_a_growing_wait_while_other_hooks_go_on(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        var failing = await AWebhookAsync(t, "http://127.0.0.1:9/failing", "");
        var healthy = await AWebhookAsync(t, "http://127.0.0.1:9/healthy", "");
        await CaptureAsync(t, Event(1, "shipping"), Event(2, "shipping"), Event(3, "shipping"));
        var failures = 2;
        var receiver = new Receiver((_, url) => url.AbsolutePath == "/failing" && failures-- > 0 ? HttpStatusCode.InternalServerError : HttpStatusCode.OK);
        var engine = Engine(t, receiver);

        await engine.RunOnceAsync(default);
        var first = await HookAsync(t, failing.Id);
        Assert.Equal(1, first.Failures);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(10), first.NextAttemptAt);
        Assert.NotNull(first.PendingDeliveryId);
        Assert.Equal([Id(1), Id(2), Id(3)], receiver.Posts.Where(p => p.Url.AbsolutePath == "/healthy").SelectMany(p => Receiver.EventIds(p.Body)));

        // Not yet due; then due, fails again and waits twice as long; then goes through, same batch, same delivery id.
        await CaptureAsync(t, Event(4, "shipping"));
        await engine.RunOnceAsync(default);
        Assert.Equal(1, receiver.Posts.Count(p => p.Url.AbsolutePath == "/failing"));
        clock.Advance(TimeSpan.FromSeconds(10));
        await engine.RunOnceAsync(default);
        Assert.Equal(clock.GetUtcNow() + TimeSpan.FromSeconds(20), (await HookAsync(t, failing.Id)).NextAttemptAt);
        clock.Advance(TimeSpan.FromSeconds(20));
        await engine.RunOnceAsync(default);

        var posts = receiver.Posts.Where(p => p.Url.AbsolutePath == "/failing").ToList();
        Assert.Equal([[Id(1), Id(2)], [Id(1), Id(2)], [Id(1), Id(2)], [Id(3), Id(4)]], posts.Select(p => Receiver.EventIds(p.Body)));
        Assert.Single(posts.Take(3).Select(p => p.Headers[HookDelivery.DeliveryHeader]).Distinct());
        var log = await LogAsync(t, failing.Id);
        Assert.Equal([1, 2, 3, 1], log.Select(d => d.Attempt));
        Assert.Equal([500, 500, 200, 200], log.Select(d => d.Status ?? 0));
        Assert.Equal("HTTP 500 Internal Server Error", log[0].Error);
        Assert.NotNull(log[0].NextRetryAt);
        var done = await HookAsync(t, failing.Id);
        Assert.Equal((0, null, null), (done.Failures, done.NextAttemptAt, done.PendingThrough));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_hook_claimed_by_another_server_is_left_to_it_until_its_lease_runs_out(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        var hook = await AWebhookAsync(t, "http://127.0.0.1:9/hook", "");
        await CaptureAsync(t, Event(1, "shipping"));
        await using (var db = t.NewContext())
        {
            await db.EventHooks.Where(h => h.Id == hook.Id).ExecuteUpdateAsync(u => u
                .SetProperty(h => h.ClaimedBy, "worker-2").SetProperty(h => h.ClaimedUntil, clock.GetUtcNow() + TimeSpan.FromMinutes(1)));
        }
        var receiver = new Receiver((_, _) => HttpStatusCode.OK);

        Assert.Equal(0, await Engine(t, receiver).RunOnceAsync(default));
        Assert.Empty(receiver.Posts);

        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Engine(t, receiver).RunOnceAsync(default));
        Assert.Equal([Id(1)], Receiver.EventIds(receiver.Posts.Single().Body));
        Assert.Null((await HookAsync(t, hook.Id)).ClaimedBy);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_subscription_delivers_its_named_query_as_a_query_document_signed_with_GS1_Signature(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await CaptureAsync(t, Event(3, "shipping"));
        clock.Advance(TimeSpan.FromHours(1));
        EventHook hook;
        await using (var db = t.NewContext())
        {
            var subscriptions = new EpcisSubscriptions(db, clock);
            await subscriptions.CreateQueryAsync("shipped", [KeyValuePair.Create("EQ_bizStep", "shipping"), KeyValuePair.Create("orderBy", "eventTime")], Partner, default);
            hook = await subscriptions.SubscribeAsync("shipped", new SubscriptionRequest("http://127.0.0.1:9/sub", "token-of-the-client", Stream: true), Partner, default);
            // initialRecordTime reaches back to what was recorded since; without it only what comes after the subscription.
            await subscriptions.SubscribeAsync("shipped",
                new SubscriptionRequest("http://127.0.0.1:9/back", Stream: true, InitialRecordTime: clock.GetUtcNow() - TimeSpan.FromMinutes(90)), Partner, default);
        }
        await CaptureAsync(t, Event(1, "receiving"), Event(2, "shipping"));
        var receiver = new Receiver((_, _) => HttpStatusCode.NoContent);

        await Engine(t, receiver).RunOnceAsync(default);

        Assert.Equal([Id(3), Id(2)], Receiver.EventIds(receiver.Posts.Single(p => p.Url.AbsolutePath == "/back").Body));
        Assert.False(receiver.Posts.Single(p => p.Url.AbsolutePath == "/back").Headers.ContainsKey(HookDelivery.Gs1SignatureHeader));
        var post = receiver.Posts.Single(p => p.Url.AbsolutePath == "/sub");
        Assert.Equal([Id(2)], Receiver.EventIds(post.Body));
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData("token-of-the-client"u8.ToArray(), post.Body)), post.Headers[HookDelivery.Gs1SignatureHeader]);
        var results = JsonDocument.Parse(post.Body).RootElement.GetProperty("epcisBody").GetProperty("queryResults");
        Assert.Equal("shipped", results.GetProperty("queryName").GetString());
        Assert.Equal(hook.SubscriptionId, results.GetProperty("subscriptionID").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_scheduled_subscription_runs_at_its_times_and_reports_an_empty_result_when_asked(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            var subscriptions = new EpcisSubscriptions(db, clock);
            await subscriptions.CreateQueryAsync("everything", [], Partner, default);
            var hook = await subscriptions.SubscribeAsync("everything",
                new SubscriptionRequest("http://127.0.0.1:9/sub", Schedule: new HookSchedule(Minute: "0/30"), ReportIfEmpty: true), Partner, default);
            // 09:00:00 now: the next run is 09:30:00.
            Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero), hook.NextAttemptAt);
        }
        await CaptureAsync(t, Event(1, "shipping"));
        var receiver = new Receiver((_, _) => HttpStatusCode.OK);
        var engine = Engine(t, receiver);

        await engine.RunOnceAsync(default);
        Assert.Empty(receiver.Posts);
        clock.Advance(TimeSpan.FromMinutes(30));
        await engine.RunOnceAsync(default);
        clock.Advance(TimeSpan.FromMinutes(30));
        await engine.RunOnceAsync(default);

        Assert.Equal([[Id(1)], []], receiver.Posts.Select(p => Receiver.EventIds(p.Body)));
    }

    [Fact]
    public void A_schedule_names_the_field_it_cannot_read_and_finds_the_next_run()
    {
        var e = Assert.Throws<DomainException>(() => new HookSchedule(Hour: "25").Validate());
        Assert.Equal("schedule.hour", e.Field);
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal(at.AddDays(1).AddHours(-8).AddMinutes(5), new HookSchedule(Hour: "1", Minute: "5").Next(at));
        Assert.Equal(at.AddSeconds(30), new HookSchedule(Second: "0/30").Next(at));
        // 2026-03-02 is a Monday: dayOfWeek 7 is the Sunday after.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.Zero), new HookSchedule(Minute: "0", Hour: "0", DayOfWeek: "7").Next(at));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_delivery_log_keeps_thirty_days_of_attempts_and_is_pruned_once_an_hour(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        var hook = await AWebhookAsync(t, "http://127.0.0.1:9/hook", "");
        var receiver = new Receiver((_, _) => HttpStatusCode.OK);
        var engine = Engine(t, receiver);
        await CaptureAsync(t, Event(1, "shipping"));
        await engine.RunOnceAsync(default);
        clock.Advance(TimeSpan.FromDays(20));
        await CaptureAsync(t, Event(2, "shipping"));
        await engine.RunOnceAsync(default);
        Assert.Equal(2, (await LogAsync(t, hook.Id)).Count);

        // Day 31: the first attempt is older than thirty days; the second is not.
        clock.Advance(TimeSpan.FromDays(11));
        await engine.RunOnceAsync(default);
        Assert.Equal([[Id(2)]], (await LogAsync(t, hook.Id)).Select(d => WebhookRegistry.EventIdsOf(d)));

        // Ten minutes before the second attempt is thirty days old it is kept; half an hour later it is old, but the
        // log was pruned within the hour; an hour after that pruning it goes.
        clock.Advance(TimeSpan.FromDays(19) - TimeSpan.FromMinutes(10));
        await engine.RunOnceAsync(default);
        clock.Advance(TimeSpan.FromMinutes(30));
        await engine.RunOnceAsync(default);
        Assert.Single(await LogAsync(t, hook.Id));
        clock.Advance(TimeSpan.FromMinutes(31));
        await engine.RunOnceAsync(default);
        Assert.Empty(await LogAsync(t, hook.Id));
    }
}

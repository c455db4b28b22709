using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SerialTrack.Core.Users;
using SerialTrack.Core.Webhooks;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class WebhooksApiTests
{
    static string Event(int n, string bizStep) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-{{n:D12}}", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}",
          "eventTime": "2026-03-01T09:00:{{n:D2}}Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"] }
        """;

    static string Id(int n) => $"urn:uuid:00000000-0000-4000-8000-{n:D12}";

    static HttpRequestMessage Capture(IEnumerable<string> events) => new(HttpMethod.Post, "/epcis/capture")
    {
        Content = new StringContent($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """, Encoding.UTF8, "application/ld+json"),
    };

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static async Task AssertProblem(HttpResponseMessage response, HttpStatusCode status, string code, string? field)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    // Tiny waits so that retries happen within the test; the request timeout is short enough for the receiver to outwait.
    static void FastDelivery(WebApplicationBuilder b) => b.Services.Configure<HookDeliveryOptions>(o =>
    {
        o.BatchSize = 2;
        o.BackoffBase = TimeSpan.FromMilliseconds(20);
        o.BackoffCap = TimeSpan.FromMilliseconds(200);
        o.RequestTimeout = TimeSpan.FromMilliseconds(500);
        o.PollInterval = TimeSpan.FromMilliseconds(25);
        o.Lease = TimeSpan.FromSeconds(1);
    });

    // A receiver on loopback that fails on purpose, on each path apart (the webhook's and the subscription's, whose
    // requests interleave as they will): every third request gets a 500, the fourth gets no answer in time.
    sealed class Receiver : IAsyncDisposable
    {
        readonly WebApplication app;
        readonly ConcurrentDictionary<string, int> counts = new();

        public sealed record Post(string Path, byte[] Body, Dictionary<string, string> Headers, bool Accepted);

        public ConcurrentQueue<Post> Posts { get; } = new();
        public Uri Address { get; }

        Receiver(WebApplication app, Uri address)
        {
            this.app = app;
            Address = address;
        }

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            Receiver? receiver = null;
            app.MapPost("/{name}", async (HttpContext c) =>
            {
                var n = receiver!.counts.AddOrUpdate(c.Request.Path, 1, (_, k) => k + 1);
                using var buffer = new MemoryStream();
                await c.Request.Body.CopyToAsync(buffer);
                if (n == 4)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromSeconds(3), c.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    receiver.Posts.Enqueue(new(c.Request.Path, buffer.ToArray(), Copy(c.Request.Headers), false));
                    return Results.Ok();
                }
                var accepted = n % 3 != 0;
                receiver.Posts.Enqueue(new(c.Request.Path, buffer.ToArray(), Copy(c.Request.Headers), accepted));
                return accepted ? Results.Ok() : Results.StatusCode(500);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver = new Receiver(app, new Uri(address));
            return receiver;
        }

        // Kestrel reuses a request's header collection once the request is over.
        static Dictionary<string, string> Copy(IHeaderDictionary headers) => headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

        public List<string> AcceptedEventIds(string path) =>
        [
            .. Posts.Where(p => p.Path == path && p.Accepted).SelectMany(p => JsonDocument.Parse(p.Body).RootElement.GetProperty("epcisBody")
                .GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!)),
        ];

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static async Task Until(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until " + what);
            await Task.Delay(20);
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_event_reaches_a_failing_receiver_in_order_signed_and_none_is_lost_across_a_server_restart(DbKind kind)
    {
        await using var receiver = await Receiver.StartAsync();
        var app = await TestApp.StartAsync(kind, FastDelivery);
        try
        {
            using var manager = app.Client(Role.Manager);
            var created = await Json(await manager.PostAsJsonAsync("/api/v1/webhooks", new { url = new Uri(receiver.Address, "/hook").ToString(), filter = "EQ_bizStep=shipping" }));
            var secret = created.GetProperty("secret").GetString()!;
            Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/epcis/queries", new { name = "all", query = new { } })).StatusCode);
            var subscribed = await manager.PostAsJsonAsync("/epcis/queries/all/subscriptions",
                new { dest = new Uri(receiver.Address, "/sub").ToString(), signatureToken = "the-subscribers-token", stream = true });
            Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

            // Ten events, every third a receiving the webhook does not want; half before the restart, half after.
            var events = Enumerable.Range(1, 10).Select(n => (N: n, BizStep: n % 3 == 0 ? "receiving" : "shipping")).ToList();
            Assert.Equal(HttpStatusCode.Accepted, (await manager.SendAsync(Capture(events.Take(5).Select(e => Event(e.N, e.BizStep))))).StatusCode);
            await Until(() => receiver.AcceptedEventIds("/hook").Count > 0, "the first delivery is accepted");
            app = await app.RestartAsync();
            using var again = app.Client(Role.Manager);
            Assert.Equal(HttpStatusCode.Accepted, (await again.SendAsync(Capture(events.Skip(5).Select(e => Event(e.N, e.BizStep))))).StatusCode);

            var shipped = events.Where(e => e.BizStep == "shipping").Select(e => Id(e.N)).ToList();
            var all = events.Select(e => Id(e.N)).ToList();
            await Until(() => shipped.All(receiver.AcceptedEventIds("/hook").Contains) && all.All(receiver.AcceptedEventIds("/sub").Contains), "every event has arrived");

            // In order: a repeat is recognised by its eventID and is only ever of what came before.
            Assert.Equal(shipped, receiver.AcceptedEventIds("/hook").Distinct());
            Assert.Equal(all, receiver.AcceptedEventIds("/sub").Distinct());
            Assert.Contains(receiver.Posts, p => !p.Accepted);
            foreach (var post in receiver.Posts)
            {
                Assert.False(string.IsNullOrEmpty(post.Headers[HookDelivery.DeliveryHeader]));
                var expected = post.Path == "/hook"
                    ? "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), post.Body))
                    : Convert.ToBase64String(HMACSHA256.HashData("the-subscribers-token"u8.ToArray(), post.Body));
                Assert.Equal(expected, post.Headers[post.Path == "/hook" ? HookDelivery.SignatureHeader : HookDelivery.Gs1SignatureHeader]);
            }

            // The log shows the failures, with their retries, and the events each delivery covered.
            var log = await Json(await again.GetAsync($"/api/v1/webhooks/{created.GetProperty("id").GetInt64()}/deliveries"));
            Assert.Contains(log.EnumerateArray(), d => !d.GetProperty("succeeded").GetBoolean() && d.TryGetProperty("nextRetryAt", out _));
            Assert.Equal(shipped, log.EnumerateArray().Reverse().Where(d => d.GetProperty("succeeded").GetBoolean())
                .SelectMany(d => d.GetProperty("eventIds").EnumerateArray().Select(x => x.GetString()!)).Distinct());
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Webhooks_are_made_by_managers_show_their_secret_once_and_refuse_a_filter_naming_the_parameter(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);

        Assert.Equal(HttpStatusCode.Forbidden, (await op.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/h" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await op.GetAsync("/api/v1/webhooks")).StatusCode);
        await AssertProblem(await manager.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/h", filter = "GE_eventTime=yesterday" }),
            HttpStatusCode.BadRequest, "epcis.query_parameter", "filter.GE_eventTime");
        await AssertProblem(await manager.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/h", filter = "orderBy=eventTime" }),
            HttpStatusCode.BadRequest, "epcis.query_parameter", "filter.orderBy");
        await AssertProblem(await manager.PostAsJsonAsync("/api/v1/webhooks", new { url = "ftp://example.com/h" }), HttpStatusCode.BadRequest, "webhook.url", "url");
        Assert.Empty((await Json(await manager.GetAsync("/api/v1/webhooks"))).EnumerateArray());

        var created = await manager.PostAsJsonAsync("/api/v1/webhooks",
            new { url = "http://127.0.0.1:9/h", filter = "EQ_bizStep=shipping&MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", name = "ERP" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hook = await Json(created);
        var id = hook.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/webhooks/{id}", created.Headers.Location!.ToString());
        Assert.Equal(64, hook.GetProperty("secret").GetString()!.Length);

        var shown = await Json(await manager.GetAsync($"/api/v1/webhooks/{id}"));
        Assert.False(shown.TryGetProperty("secret", out _));
        Assert.Equal(("waiting", "EQ_bizStep=shipping&MATCH_epc=urn%3Aepc%3Aidpat%3Asgtin%3A0614141.107346.%2A"),
            (shown.GetProperty("state").GetString(), shown.GetProperty("filter").GetString()));
        var page = await manager.GetAsync($"/webhooks?id={id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("http://127.0.0.1:9/h", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await op.GetAsync("/webhooks")).StatusCode);
        Assert.Equal("disabled", (await Json(await manager.PostAsync($"/api/v1/webhooks/{id}/disable", null))).GetProperty("state").GetString());
        Assert.True((await Json(await manager.PostAsync($"/api/v1/webhooks/{id}/enable", null))).GetProperty("enabled").GetBoolean());
        Assert.Empty((await Json(await manager.GetAsync($"/api/v1/webhooks/{id}/deliveries"))).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
        await AssertProblem(await manager.GetAsync($"/api/v1/webhooks/{id}"), HttpStatusCode.NotFound, "webhook.not_found", "id");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Named_queries_answer_like_events_and_their_subscriptions_want_stream_or_a_schedule_and_end_with_the_query(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        using var viewer = app.Client(Role.Viewer);
        Assert.Equal(HttpStatusCode.Accepted, (await manager.SendAsync(Capture([Event(1, "shipping"), Event(2, "receiving"), Event(3, "shipping")]))).StatusCode);

        await AssertProblem(await manager.PostAsJsonAsync("/epcis/queries", new Dictionary<string, object> { ["name"] = "bad", ["query"] = new Dictionary<string, string> { ["EQ_action"] = "MOVE" } }),
            HttpStatusCode.BadRequest, "epcis.query_parameter", "query.EQ_action");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/epcis/queries", new { name = "x", query = new { } })).StatusCode);
        var created = await manager.PostAsJsonAsync("/epcis/queries", new Dictionary<string, object>
        {
            ["name"] = "shipped",
            ["query"] = new Dictionary<string, object> { ["EQ_bizStep"] = new[] { "shipping" }, ["eventType"] = "ObjectEvent" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/epcis/queries/shipped", created.Headers.Location!.ToString());
        await AssertProblem(await manager.PostAsJsonAsync("/epcis/queries", new { name = "shipped", query = new { } }), HttpStatusCode.Conflict, "epcis.query_name_taken", "name");

        var listed = (await Json(await viewer.GetAsync("/epcis/queries"))).EnumerateArray().Single();
        Assert.Equal(["shipping"], listed.GetProperty("query").GetProperty("EQ_bizStep").EnumerateArray().Select(v => v.GetString()));
        var page = await viewer.GetAsync("/epcis/queries/shipped/events?perPage=1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("nextPageToken=", page.Headers.GetValues("Link").Single());
        var ids = (await Json(page)).GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")
            .EnumerateArray().Select(e => e.GetProperty("eventID").GetString());
        Assert.Equal([Id(1)], ids);

        await AssertProblem(await manager.PostAsJsonAsync("/epcis/queries/shipped/subscriptions", new { dest = "http://127.0.0.1:9/s" }),
            HttpStatusCode.BadRequest, "subscription.stream_or_schedule", "stream");
        await AssertProblem(await manager.PostAsJsonAsync("/epcis/queries/shipped/subscriptions", new { dest = "http://127.0.0.1:9/s", schedule = new { minute = "61" } }),
            HttpStatusCode.BadRequest, "subscription.schedule", "schedule.minute");
        var subscribed = await manager.PostAsJsonAsync("/epcis/queries/shipped/subscriptions",
            new { dest = "http://127.0.0.1:9/s", signatureToken = "abc", schedule = new { hour = "1", minute = "5" }, reportIfEmpty = true });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = await Json(subscribed);
        var location = subscribed.Headers.Location!.ToString();
        Assert.Equal($"/epcis/queries/shipped/subscriptions/{subscription.GetProperty("subscriptionID").GetString()}", location);
        var shown = await Json(await viewer.GetAsync(location));
        Assert.Equal(("1", true), (shown.GetProperty("schedule").GetProperty("hour").GetString(), shown.GetProperty("reportIfEmpty").GetBoolean()));
        Assert.False(shown.TryGetProperty("signatureToken", out _));
        Assert.Single((await Json(await viewer.GetAsync("/epcis/queries/shipped/subscriptions"))).EnumerateArray());

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync("/epcis/queries/shipped")).StatusCode);
        await AssertProblem(await viewer.GetAsync(location), HttpStatusCode.NotFound, "epcis.query_not_found", "queryName");
        await AssertProblem(await viewer.GetAsync("/epcis/queries/shipped/events"), HttpStatusCode.NotFound, "epcis.query_not_found", "queryName");
    }

    static Task<HttpResponseMessage> SendWithKey(HttpClient client, HttpRequestMessage request, string key)
    {
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request);
    }

    static HttpRequestMessage SubscribeToAll(string dest = "http://127.0.0.1:9/s") =>
        new(HttpMethod.Post, "/epcis/queries/all/subscriptions") { Content = JsonContent.Create(new { dest, stream = true }) };

    [Theory, OnSqlite, OnPostgres]
    public async Task A_capture_or_a_subscription_retried_with_the_same_idempotency_key_is_made_once(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);

        var first = await SendWithKey(manager, Capture([Event(1, "shipping")]), "capture-1");
        var retry = await SendWithKey(manager, Capture([Event(1, "shipping")]), "capture-1");
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/epcis/queries", new { name = "all", query = new { } })).StatusCode);
        var subscribed = await SendWithKey(manager, SubscribeToAll(), "subscribe-1");
        var again = await SendWithKey(manager, SubscribeToAll(), "subscribe-1");

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, retry.StatusCode));
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (subscribed.StatusCode, again.StatusCode));
        Assert.Equal(subscribed.Headers.Location, again.Headers.Location);
        Assert.Single((await Json(await manager.GetAsync("/epcis/queries/all/subscriptions"))).EnumerateArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Three_concurrent_first_attempts_with_one_Idempotency_Key_make_one_subscription_and_get_the_same_answer(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/epcis/queries", new { name = "all", query = new { } })).StatusCode);
        Task<HttpResponseMessage> Subscribe() => SendWithKey(manager, SubscribeToAll(), "subscribe-together");

        var answers = await Task.WhenAll(Subscribe(), Subscribe(), Subscribe());

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Select(a => a.Headers.Location).Distinct());
        Assert.Equal(2, answers.Count(a => a.Headers.Contains("Idempotent-Replayed")));
        Assert.Single((await Json(await manager.GetAsync("/epcis/queries/all/subscriptions"))).EnumerateArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_key_left_claimed_by_a_server_that_stopped_mid_request_is_taken_over_once_stale_and_a_failed_attempt_frees_its_key(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/epcis/queries", new { name = "all", query = new { } })).StatusCode);
        await using (var db = app.Db.NewContext())
        {
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = "left-behind",
                UserId = db.Users.Single(u => u.Name == "manager").Id,
                Method = "POST",
                Path = "/epcis/queries/all/subscriptions",
                RequestHash = "whatever",
                CreatedAt = DateTimeOffset.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }

        var refused = await SendWithKey(manager, SubscribeToAll("not a url"), "fails-first");
        var corrected = await SendWithKey(manager, SubscribeToAll("http://127.0.0.1:9/a"), "fails-first");
        var takenOver = await SendWithKey(manager, SubscribeToAll("http://127.0.0.1:9/b"), "left-behind");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (corrected.StatusCode, takenOver.StatusCode));
        Assert.False(takenOver.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, (await Json(await manager.GetAsync("/epcis/queries/all/subscriptions"))).GetArrayLength());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SerialTrack.Core.Users;
using SerialTrack.Core.Webhooks;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

// The REST binding's WebSocket subscriptions (GET /epcis/queries/{name}/events with Upgrade: websocket), with a real
// ClientWebSocket against the server on Kestrel.
public sealed class EpcisSocketTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    static string Event(int n, string bizStep) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-{{n:D12}}", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}",
          "eventTime": "2026-03-01T09:00:{{n:D2}}Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{n}}"] }
        """;

    static string Id(int n) => $"urn:uuid:00000000-0000-4000-8000-{n:D12}";

    static async Task CaptureAsync(HttpClient client, params string[] events)
    {
        var response = await client.PostAsync("/epcis/capture", new StringContent($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """, Encoding.UTF8, "application/ld+json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    static async Task CreateQueryAsync(HttpClient manager, string name, object query) =>
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsJsonAsync("/epcis/queries", new { name, query })).StatusCode);

    static Uri Socket(TestApp app, string pathAndQuery) => new($"ws://{app.Address.Authority}{pathAndQuery}");

    static async Task<ClientWebSocket> ConnectAsync(TestApp app, string pathAndQuery, Role role = Role.Viewer)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + app.Tokens[role]);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(Socket(app, pathAndQuery), timeout.Token);
        return socket;
    }

    // One text message, or null when the server closed the connection (its close is answered).
    static async Task<JsonElement?> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        using var text = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var part = await socket.ReceiveAsync(buffer, timeout.Token);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                // Answered, as client libraries do, so that the server's close completes.
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
                return null;
            }
            text.Write(buffer, 0, part.Count);
            if (part.EndOfMessage)
            {
                return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
            }
        }
    }

    static JsonElement Results(JsonElement document) => document.GetProperty("epcisBody").GetProperty("queryResults");

    static List<string> EventIds(JsonElement document) =>
        [.. Results(document).GetProperty("resultsBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("eventID").GetString()!)];

    [Theory, OnSqlite, OnPostgres]
    public async Task A_streaming_socket_gets_each_new_matching_event_in_order_until_the_query_is_deleted(DbKind kind)
    {
        // One event a message, so that the cursor moves batch by batch past the events that do not match.
        await using var app = await TestApp.StartAsync(kind, b => b.Services.Configure<HookDeliveryOptions>(o => o.BatchSize = 1));
        using var manager = app.Client(Role.Manager);
        using var op = app.Client(Role.Operator);
        await CreateQueryAsync(manager, "shipped", new Dictionary<string, string[]> { ["EQ_bizStep"] = ["shipping"] });
        await CaptureAsync(op, Event(1, "shipping"));

        using var socket = await ConnectAsync(app, "/epcis/queries/shipped/events?stream=true");
        await CaptureAsync(op, Event(2, "shipping"), Event(3, "receiving"), Event(5, "receiving"), Event(6, "shipping"));
        await CaptureAsync(op, Event(4, "shipping"));
        var received = new List<string>();
        var subscriptions = new HashSet<string>();
        while (received.Count < 3)
        {
            var document = await ReceiveAsync(socket) ?? throw new InvalidOperationException("closed early");
            Assert.Equal(("EPCISQueryDocument", "shipped"), (document.GetProperty("type").GetString(), Results(document).GetProperty("queryName").GetString()));
            subscriptions.Add(Results(document).GetProperty("subscriptionID").GetString()!);
            received.AddRange(EventIds(document));
        }
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync("/epcis/queries/shipped")).StatusCode);
        var end = await ReceiveAsync(socket);

        Assert.Equal([Id(2), Id(6), Id(4)], received);
        Assert.Single(subscriptions);
        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("The query 'shipped' was deleted.", socket.CloseStatusDescription);
    }

    // A schedule's next run may be months away (longer than a timer can wait at once): deleting the query, or revoking
    // the subscriber's token, still ends the socket within a poll.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_socket_ends_within_a_poll_when_its_query_is_deleted_or_its_token_revoked(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind, b => b.Services.Configure<HookDeliveryOptions>(o => o.PollInterval = TimeSpan.FromMilliseconds(200)));
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "yearly", new { });
        await CreateQueryAsync(manager, "all", new { });
        using var scheduled = await ConnectAsync(app, "/epcis/queries/yearly/events?month=1&dayOfMonth=1&hour=0&minute=0");
        using var streaming = await ConnectAsync(app, "/epcis/queries/all/events?stream=true");

        await manager.DeleteAsync("/epcis/queries/yearly");
        var deleted = await ReceiveAsync(scheduled);
        await using (var db = app.Db.NewContext())
        {
            var viewer = Web.Auth.Name(Role.Viewer);
            await db.ApiTokens.Where(t => t.User!.Name == viewer).ExecuteUpdateAsync(u => u.SetProperty(t => t.RevokedAt, DateTimeOffset.UtcNow));
        }
        var revoked = await ReceiveAsync(streaming);

        Assert.Null(deleted);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, "The query 'yearly' was deleted."), (scheduled.CloseStatus, scheduled.CloseStatusDescription));
        Assert.Null(revoked);
        Assert.Equal((WebSocketCloseStatus.PolicyViolation, "The API token was revoked, or its user disabled."), (streaming.CloseStatus, streaming.CloseStatusDescription));
    }

    [Theory, OnSqlite]
    public async Task A_user_holds_at_most_the_configured_number_of_sockets_and_a_closed_one_frees_its_place(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind, b => b.Services.Configure<HookDeliveryOptions>(o => o.MaxSocketsPerUser = 1));
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "all", new { });
        const string Path = "/epcis/queries/all/events?stream=true";

        var first = await ConnectAsync(app, Path);
        using var refused = new ClientWebSocket();
        refused.Options.CollectHttpResponseDetails = true;
        refused.Options.SetRequestHeader("Authorization", "Bearer " + app.Tokens[Role.Viewer]);
        await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(Socket(app, Path), CancellationToken.None));
        using var other = await ConnectAsync(app, Path, Role.Operator);
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        first.Dispose();
        ClientWebSocket? again = null;
        for (var deadline = DateTime.UtcNow + Patience; again is null; await Task.Delay(100))
        {
            // The server lets go of the first socket once its close handshake is done.
            try
            {
                again = await ConnectAsync(app, Path);
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
            }
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (HttpStatusCode)refused.HttpStatusCode);
        Assert.Equal(WebSocketState.Open, other.State);
        Assert.Equal(WebSocketState.Open, again.State);
        await again.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await other.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        again.Dispose();
    }

    [Theory, OnSqlite]
    public async Task A_stopping_server_closes_its_sockets_instead_of_waiting_for_them(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "all", new { });
        using var socket = await ConnectAsync(app, "/epcis/queries/all/events?stream=true");

        var stopping = app.App.StopAsync();
        var end = await ReceiveAsync(socket);
        await stopping.WaitAsync(Patience);

        Assert.Null(end);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.CloseStatus);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_scheduled_socket_reaches_back_to_initialRecordTime_and_reports_empty_runs_when_asked(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "all", new { });
        using (var op = app.Client(Role.Operator))
        {
            await CaptureAsync(op, Event(1, "shipping"));
        }

        using var socket = await ConnectAsync(app, "/epcis/queries/all/events?second=0/1&reportIfEmpty=true&initialRecordTime=2000-01-01T00:00:00Z");
        var first = await ReceiveAsync(socket);
        var second = await ReceiveAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);

        Assert.Contains(Id(1), EventIds(first!.Value));
        Assert.Empty(EventIds(second!.Value));
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_bad_socket_subscription_is_refused_before_the_handshake_naming_the_parameter(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "all", new { });

        async Task<HttpStatusCode> Refused(string pathAndQuery, Action<ClientWebSocketOptions> options)
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            options(socket.Options);
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(Socket(app, pathAndQuery), CancellationToken.None));
            return (HttpStatusCode)socket.HttpStatusCode;
        }
        void Viewer(ClientWebSocketOptions o) => o.SetRequestHeader("Authorization", "Bearer " + app.Tokens[Role.Viewer]);

        Assert.Equal(HttpStatusCode.BadRequest, await Refused("/epcis/queries/all/events?stream=true&minute=5", Viewer));
        Assert.Equal(HttpStatusCode.BadRequest, await Refused("/epcis/queries/all/events", Viewer));
        Assert.Equal(HttpStatusCode.BadRequest, await Refused("/epcis/queries/all/events?minute=75", Viewer));
        Assert.Equal(HttpStatusCode.BadRequest, await Refused("/epcis/queries/all/events?month=2&dayOfMonth=30", Viewer));
        Assert.Equal(HttpStatusCode.BadRequest, await Refused("/epcis/queries/all/events?stream=yes", Viewer));
        Assert.Equal(HttpStatusCode.NotFound, await Refused("/epcis/queries/nope/events?stream=true", Viewer));
        Assert.Equal(HttpStatusCode.Unauthorized, await Refused("/epcis/queries/all/events?stream=true", _ => { }));

        // The same refusals as ordinary requests show the field they name.
        using var viewer = app.Client(Role.Viewer);
        foreach (var (query, field) in new[]
        {
            ("stream=true&minute=5", "stream"), ("minute=75", "minute"), ("month=2&dayOfMonth=30", "schedule"), ("stream=yes", "stream"),
            ("stream=true&initialRecordTime=soon", "initialRecordTime"),
        })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/epcis/queries/all/events?" + query);
            request.Headers.Add("Connection", "Upgrade");
            request.Headers.Add("Upgrade", "websocket");
            request.Headers.Add("Sec-WebSocket-Version", "13");
            request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));
            var response = await viewer.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
    }

    // A browser sends a site's cookie with a WebSocket opened by any page, with no CORS check: only the site's own
    // pages may subscribe with it.
    [Theory, OnSqlite]
    public async Task A_signed_in_cookie_subscribes_only_from_the_sites_own_pages(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var manager = app.Client(Role.Manager);
        await CreateQueryAsync(manager, "all", new { });
        var cookies = new CookieContainer();
        using (var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = app.Address })
        {
            var form = await browser.GetStringAsync("/login");
            var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var login = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = Web.Auth.Name(Role.Viewer),
                ["Password"] = TestApp.Password,
                ["__RequestVerificationToken"] = token,
            }));
            Assert.True(login.IsSuccessStatusCode || login.StatusCode == HttpStatusCode.Redirect, login.StatusCode.ToString());
        }

        async Task<ClientWebSocket> Open(string origin)
        {
            var socket = new ClientWebSocket();
            socket.Options.Cookies = cookies;
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", origin);
            try
            {
                await socket.ConnectAsync(Socket(app, "/epcis/queries/all/events?stream=true"), CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Refused: the status says why.
            }
            return socket;
        }

        using var own = await Open($"http://{app.Address.Authority}");
        using var foreign = await Open("https://evil.example");

        Assert.Equal(WebSocketState.Open, own.State);
        Assert.Equal(HttpStatusCode.Forbidden, (HttpStatusCode)foreign.HttpStatusCode);
        await own.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}

using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SerialTrack.Api;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Core.Webhooks;

namespace SerialTrack.Web;

// The WebSocket side of GET /epcis/queries/{name}/events: the subscription is checked before the handshake is
// answered (a bad one gets its 400, 403 or 404 as any request does), then each batch of matching events is one text
// message, until the client closes the connection, the query is deleted, the subscriber may no longer read events (a
// revoked token, a disabled user, an expired sign-in) or the server stops; the server's close says which.
public static class EpcisQuerySocket
{
    public static async Task RunAsync(HttpContext http, string queryName, CancellationToken ct)
    {
        var services = http.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var options = services.GetRequiredService<IOptions<HookDeliveryOptions>>().Value;
        var target = services.GetRequiredService<DatabaseTarget>();

        // A browser opens a WebSocket to any site with that site's cookies and no CORS check: a page elsewhere must not
        // read the events through a signed-in user's cookie. Tokens are not sent by browsers on their own.
        if (http.User.Identity?.AuthenticationType != Auth.BearerScheme && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && string.Equals(from.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("epcis.socket_origin", $"A WebSocket from {origin} may not use this site's sign-in cookie; send an API token instead.", "Origin",
                ErrorKind.Forbidden);
        }
        // Named queries are not a partner's door (docs/epcis.md, "Partner tokens"); refused here too, whatever the routes say.
        if (Auth.ScopeOf(http.User) is { } scope)
        {
            throw new DomainException("auth.scope", $"A token limited to {scope} may not subscribe to named queries.", null, ErrorKind.Forbidden);
        }
        var subscription = await EpcisQueryStream.OpenAsync(
            services.GetRequiredService<SerialTrackDbContext>(), clock, queryName, [.. http.Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? "")))], ct);
        var writer = await services.GetRequiredService<EpcisExport>().OptionsAsync(EpcisQueryEndpoints.EpcFormatOf(http), ct);
        var allowed = await StillAllowedAsync(http, clock);
        var user = Auth.ActorOf(http.User).Name;
        var held = services.GetRequiredService<OpenSockets>();
        if (!held.TryTake(user, options.MaxSocketsPerUser))
        {
            throw new DomainException("epcis.socket_limit",
                $"{user} already holds {options.MaxSocketsPerUser} WebSocket subscriptions open; close one first (Webhooks:MaxSocketsPerUser).", null, ErrorKind.TooMany);
        }
        try
        {
            await ServeAsync(http, subscription, () => Database.CreateContext(target), writer, allowed, services.GetRequiredService<ILogger<EpcisQueryStream>>(),
                queryName, options, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping, ct);
        }
        finally
        {
            held.Release(user);
        }
    }

    static async Task ServeAsync(
        HttpContext http, EpcisQueryStream subscription, Func<SerialTrackDbContext> contexts, EpcisWriterOptions writer,
        Func<SerialTrackDbContext, CancellationToken, Task<string?>> allowed, ILogger log, string queryName, HookDeliveryOptions options,
        CancellationToken stopping, CancellationToken ct)
    {

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            // A client that answers no ping within a minute is gone: its socket is closed rather than polled forever.
            KeepAliveInterval = TimeSpan.FromSeconds(30),
            KeepAliveTimeout = TimeSpan.FromSeconds(60),
        });
        // A stopping server stops waiting and querying, and closes its sockets itself rather than waiting for their clients.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var reading = ReadUntilClosedAsync(socket, open);
        (WebSocketCloseStatus Status, string Reason)? close = null;
        try
        {
            var end = await subscription.RunAsync(contexts, writer, SendAsync, options, allowed, open.Token);
            close = (end.Refused ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure, end.Reason);
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client closed the connection, or the server is stopping.
            close = stopping.IsCancellationRequested ? (WebSocketCloseStatus.EndpointUnavailable, "SerialTrack is stopping; reconnect with initialRecordTime.") : null;
        }
        catch (WebSocketException)
        {
            // The connection broke while a message was being sent.
        }
        catch (Exception e)
        {
            log.LogError(e, "WebSocket subscription {Subscription} to query {Query} failed", subscription.SubscriptionId, queryName);
            close = (WebSocketCloseStatus.InternalServerError, "The subscription failed; reconnect with initialRecordTime.");
        }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // The reader takes the client's answering close frame, so the close is sent, not awaited.
            await socket.CloseOutputAsync(close?.Status ?? WebSocketCloseStatus.NormalClosure, close?.Reason ?? "", CancellationToken.None);
        }
        // A client that never answers the close is cut off.
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)) != reading)
        {
            socket.Abort();
        }
        await reading;

        // Sends are not cancelled by a stopping server (a cancelled send aborts the socket); a receiver that takes no message
        // within the request timeout is given up on.
        async Task SendAsync(string text)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(options.RequestTimeout);
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
    }

    // Whoever opened the socket must still be allowed to read events, looked at again on every poll: the token not revoked
    // and its user not disabled, or, for a browser, the user not disabled and the sign-in not expired.
    static async Task<Func<SerialTrackDbContext, CancellationToken, Task<string?>>> StillAllowedAsync(HttpContext http, TimeProvider clock)
    {
        if (http.User.Identity?.AuthenticationType == Auth.BearerScheme)
        {
            var secret = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
            return async (db, ct) => await new Accounts(db, clock).AuthenticateTokenAsync(secret, ct) is null ? "The API token was revoked, or its user disabled." : null;
        }
        var expires = (await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Properties?.ExpiresUtc;
        var userId = Auth.ActorOf(http.User).UserId;
        return async (db, ct) =>
            expires is { } at && clock.GetUtcNow() >= at ? "The sign-in expired; sign in again."
            : await db.Users.AnyAsync(u => u.Id == userId && !u.Disabled, ct) ? null
            : "The user was disabled.";
    }

    // A subscriber only listens; what it sends is read to see its close (and otherwise ignored).
    static async Task ReadUntilClosedAsync(WebSocket socket, CancellationTokenSource open)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                if ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection broke, or was cut off.
        }
        finally
        {
            await open.CancelAsync();
        }
    }
}

// The WebSocket subscriptions each user holds open in this server (a singleton of the application).
public sealed class OpenSockets
{
    readonly ConcurrentDictionary<string, int> held = new(StringComparer.Ordinal);

    public bool TryTake(string user, int limit)
    {
        if (held.AddOrUpdate(user, 1, (_, n) => n + 1) <= limit)
        {
            return true;
        }
        Release(user);
        return false;
    }

    public void Release(string user) => held.AddOrUpdate(user, 0, (_, n) => Math.Max(0, n - 1));
}

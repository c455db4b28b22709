using System.Net.WebSockets;
using System.Text;
using SerialTrack.Api;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Webhooks;

namespace SerialTrack.Web;

// The WebSocket side of GET /epcis/queries/{name}/events: the subscription is checked before the handshake is
// answered (a bad one gets its 400 or 404 as any request does), then each batch of matching events is one text message,
// until the client closes the connection or the query is deleted (the server then closes it, saying so).
public static class EpcisQuerySocket
{
    public static async Task RunAsync(
        HttpContext http, string queryName, SerialTrackDbContext db, Func<SerialTrackDbContext> contexts, EpcisExport export, TimeProvider clock,
        HookDeliveryOptions options, CancellationToken stopping, CancellationToken ct)
    {
        // A browser opens a WebSocket to any site with that site's cookies and no CORS check: a page elsewhere must not
        // read the events through a signed-in user's cookie. Tokens are not sent by browsers on their own.
        if (http.User.Identity?.AuthenticationType != Auth.BearerScheme && http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
            && !(Uri.TryCreate(origin, UriKind.Absolute, out var from) && string.Equals(from.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainException("epcis.socket_origin", $"A WebSocket from {origin} may not use this site's sign-in cookie; send an API token instead.", "Origin",
                ErrorKind.Forbidden);
        }
        var subscription = await EpcisQueryStream.OpenAsync(
            db, clock, queryName, [.. http.Request.Query.Select(q => KeyValuePair.Create(q.Key, q.Value.ToString()))], Auth.ActorOf(http.User), ct);
        var writer = await export.OptionsAsync(EpcisQueryEndpoints.EpcFormatOf(http), ct);

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        // A stopping server closes its sockets itself rather than waiting for their clients.
        using var open = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
        var reading = ReadUntilClosedAsync(socket, open);
        string? ended = null;
        try
        {
            ended = await subscription.RunAsync(contexts, writer,
                (text, t) => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, t), options, open.Token);
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client closed the connection, or the server is stopping.
        }
        catch (WebSocketException)
        {
            // The connection broke while a message was being sent.
        }
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            // The reader takes the client's answering close frame, so the close is sent, not awaited.
            await (stopping.IsCancellationRequested
                ? socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "SerialTrack is stopping; reconnect with initialRecordTime.", CancellationToken.None)
                : socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, ended ?? "", CancellationToken.None));
        }
        // A client that never answers the close is cut off.
        if (await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)) != reading)
        {
            socket.Abort();
        }
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
        catch (WebSocketException)
        {
            // The connection broke.
        }
        finally
        {
            await open.CancelAsync();
        }
    }
}

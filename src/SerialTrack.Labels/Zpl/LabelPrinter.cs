using System.Net.Sockets;
using System.Text;

namespace SerialTrack.Labels.Zpl;

public sealed class PrinterOptions
{
    // Printer name -> "host:port" (port defaults to 9100, the raw-print port of Zebra print servers).
    public Dictionary<string, string> Printers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed record PrinterEndpoint(string Name, string Host, int Port);

public sealed class LabelPrinter(PrinterOptions options)
{
    public const int RawPort = 9100;

    public PrinterEndpoint Resolve(string name)
    {
        if (!options.Printers.TryGetValue(name, out var address) || string.IsNullOrWhiteSpace(address))
            throw new LabelException("printer.unknown", $"No printer named '{name}' is configured", name);
        int colon = address.LastIndexOf(':');
        if (colon < 0) return new PrinterEndpoint(name, address.Trim(), RawPort);
        if (!int.TryParse(address.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new LabelException("printer.address", $"Printer '{name}' has an invalid address '{address}' (expected host:port)", name);
        return new PrinterEndpoint(name, address[..colon].Trim('[', ']', ' '), port);
    }

    public Task SendZplAsync(string printerName, string zpl, CancellationToken cancellationToken = default)
    {
        var ep = Resolve(printerName);
        return SendZplAsync(ep.Host, ep.Port, zpl, cancellationToken);
    }

    // Raw TCP ("port 9100" / JetDirect) printing: the printer takes the bytes as they come, no reply.
    public async Task SendZplAsync(string host, int port, string zpl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zpl);
        string target = $"{host}:{port}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(zpl), timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LabelException("printer.timeout", $"Printer {target} did not accept the job within {options.Timeout.TotalSeconds:0.#} s", target);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            throw new LabelException("printer.unreachable", $"Printer {target} refused the connection", target);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
        {
            throw new LabelException("printer.timeout", $"Printer {target} timed out", target);
        }
        catch (SocketException ex)
        {
            throw new LabelException("printer.unreachable", $"Printer {target} is unreachable: {ex.SocketErrorCode}", target);
        }
        catch (IOException ex)
        {
            throw new LabelException("printer.unreachable", $"Printer {target} closed the connection: {ex.Message}", target);
        }
    }
}

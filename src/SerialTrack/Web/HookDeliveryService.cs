using Microsoft.Extensions.Options;
using SerialTrack.Core.Data;
using SerialTrack.Core.Webhooks;

namespace SerialTrack.Web;

// Runs the delivery engine of webhooks and EPCIS subscriptions in the server, one round every PollInterval.
public sealed class HookDeliveryService(DatabaseTarget target, TimeProvider clock, IOptions<HookDeliveryOptions> options, ILogger<HookDeliveryService> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The engine applies its own timeout per request; HttpClient's would cut a slow receiver short without saying so.
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        // A process is a worker of its own, also after a restart on the same machine: a claim left by the one before
        // is waited out, never mistaken for one's own.
        var engine = new HookDelivery(() => Database.CreateContext(target), http, clock, options.Value,
            $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():n}");
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.RunOnceAsync(stoppingToken);
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A round that fails (the database away for a moment) is tried again; the cursors lose nothing.
                log.LogWarning(e, "A webhook delivery round failed; trying again.");
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

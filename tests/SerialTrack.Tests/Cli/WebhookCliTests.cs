using SerialTrack.Core.Webhooks;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class WebhookCliTests
{
    [Fact]
    public async Task A_webhook_is_created_with_its_secret_listed_with_its_state_its_log_read_and_deleted()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        var file = t.Target.SqlitePath!;

        var bad = await CliRun.RunAsync("webhooks", "create", "http://127.0.0.1:9/h", "--filter", "EQ_action=MOVE", "--db", file);
        var create = await CliRun.RunAsync("webhooks", "create", "http://127.0.0.1:9/h", "--filter", "EQ_bizStep=shipping", "--secret", "sixteen-chars-long", "--db", file);
        await using (var db = t.NewContext())
        {
            db.EventHookDeliveries.Add(new EventHookDelivery
            {
                HookId = 1,
                DeliveryId = "d1",
                Attempt = 1,
                AttemptedAt = DateTimeOffset.UtcNow,
                Status = 500,
                Error = "HTTP 500",
                EventCount = 1,
                EventIds = "[\"urn:uuid:e1\"]",
                NextRetryAt = DateTimeOffset.UtcNow.AddSeconds(5),
            });
            await db.SaveChangesAsync();
        }
        var list = await CliRun.RunAsync("webhooks", "list", "--db", file);
        var deliveries = await CliRun.RunAsync("webhooks", "deliveries", "1", "--db", file);
        var delete = await CliRun.RunAsync("webhooks", "delete", "1", "--db", file);
        var gone = await CliRun.RunAsync("webhooks", "deliveries", "1", "--db", file);

        Assert.Equal(1, bad.Code);
        Assert.Contains("filter.EQ_action", bad.Err, StringComparison.Ordinal);
        Assert.True(create.Code == 0, create.Err);
        Assert.Contains("Created webhook 1", create.Out, StringComparison.Ordinal);
        Assert.Contains("secret: sixteen-chars-long", create.Out, StringComparison.Ordinal);
        Assert.Contains("waiting", list.Out, StringComparison.Ordinal);
        Assert.Contains("urn:uuid:e1", deliveries.Out, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", deliveries.Out, StringComparison.Ordinal);
        Assert.Equal(0, delete.Code);
        Assert.Equal(1, gone.Code);
        Assert.Contains("webhook.not_found", gone.Err, StringComparison.Ordinal);
    }
}

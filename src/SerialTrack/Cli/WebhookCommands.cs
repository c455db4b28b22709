using System.CommandLine;
using System.Globalization;
using SerialTrack.Core.Webhooks;
using Spectre.Console;

namespace SerialTrack.Cli;

// `serialtrack webhooks list|create|show|deliveries|enable|disable|delete`: the same WebhookRegistry as /api/v1/webhooks.
// Deliveries are made by `serialtrack serve`; these commands only set hooks up and read their log.
public static class WebhookCommands
{
    public static Command Create()
    {
        var id = new Argument<long>("id") { Description = "Webhook id" };
        var root = new Command("webhooks", "Webhooks: new EPCIS events matching a filter POSTed to a URL, signed with HMAC-SHA256");

        var list = new Command("list", "Every webhook with its delivery state");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var table = new Table().AddColumns("id", "state", "url", "filter", "delivered through", "last attempt", "last result");
            foreach (var h in await new WebhookRegistry(db, TimeProvider.System).ListAsync(ct))
            {
                table.AddRow(Commands.Cell(h.Id), Commands.Cell(Api.WebhookDto.StateOf(h)), Commands.Cell(h.Url), Commands.Cell(h.Filter.Length == 0 ? "(every event)" : h.Filter),
                    Commands.Cell(h.DeliveredThrough), Commands.Cell(h.LastAttemptAt?.ToString("u", CultureInfo.InvariantCulture)), Commands.Cell(Result(h.LastStatus, h.LastError)));
            }
            Commands.Out().Write(table);
            return 0;
        }));

        var url = new Argument<string>("url") { Description = "Where to POST (http or https)" };
        var filter = new Option<string?>("--filter") { Description = "EPCIS query parameters, as for /epcis/events (e.g. 'EQ_bizStep=shipping&MATCH_epc=urn:epc:id:sgtin:0614141.107346.*')" };
        var secret = new Option<string?>("--secret") { Description = "The HMAC key (16-200 characters); one is generated when left out" };
        var name = new Option<string?>("--name") { Description = "What the webhook is for" };
        var create = new Command("create", "Create a webhook; prints its secret, which is not shown again") { url, filter, secret, name };
        create.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var created = await new WebhookRegistry(db, TimeProvider.System)
                .CreateAsync(new WebhookRequest(r.GetValue(url), r.GetValue(filter), r.GetValue(secret), r.GetValue(name)), Commands.CliActor, ct);
            Console.WriteLine($"Created webhook {created.Hook.Id} for {created.Hook.Url}: events recorded from now on are delivered.");
            Console.WriteLine($"secret: {created.Secret}");
            return 0;
        }));

        var limit = new Option<int?>("--limit") { Description = "How many deliveries, newest first (default 50)" };
        var deliveries = new Command("deliveries", "A webhook's delivery log, newest first") { id, limit };
        deliveries.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var table = new Table().AddColumns("attempted", "delivery", "try", "result", "ms", "events", "next retry");
            foreach (var d in await new WebhookRegistry(db, TimeProvider.System).DeliveriesAsync(r.GetValue(id), r.GetValue(limit) ?? 50, ct))
            {
                var ids = WebhookRegistry.EventIdsOf(d);
                table.AddRow(Commands.Cell(d.AttemptedAt.ToString("u", CultureInfo.InvariantCulture)), Commands.Cell(d.DeliveryId), Commands.Cell(d.Attempt), Commands.Cell(Result(d.Status, d.Error)),
                    Commands.Cell(d.DurationMs), Commands.Cell(ids.Count == 0 ? "none" : ids.Count == 1 ? ids[0] : $"{ids.Count}: {ids[0]} … {ids[^1]}"),
                    Commands.Cell(d.NextRetryAt?.ToString("u", CultureInfo.InvariantCulture)));
            }
            Commands.Out().Write(table);
            return 0;
        }));

        var enable = new Command("enable", "Deliver again, from where delivery stopped") { id };
        enable.SetAction((r, ct) => SetEnabled(r, r.GetValue(id), true, ct));
        var disable = new Command("disable", "Stop delivering; the webhook keeps its place") { id };
        disable.SetAction((r, ct) => SetEnabled(r, r.GetValue(id), false, ct));

        var delete = new Command("delete", "Delete a webhook and its delivery log") { id };
        delete.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            await new WebhookRegistry(db, TimeProvider.System).DeleteAsync(r.GetValue(id), ct);
            Console.WriteLine($"Deleted webhook {r.GetValue(id)}.");
            return 0;
        }));

        root.Add(list);
        root.Add(create);
        root.Add(deliveries);
        root.Add(enable);
        root.Add(disable);
        root.Add(delete);
        return root;
    }

    static Task<int> SetEnabled(ParseResult r, long id, bool enabled, CancellationToken ct) => Commands.Guard(async () =>
    {
        await using var db = await UserCommands.OpenAsync(r, ct);
        await new WebhookRegistry(db, TimeProvider.System).SetEnabledAsync(id, enabled, ct);
        Console.WriteLine($"Webhook {id} {(enabled ? "enabled" : "disabled")}.");
        return 0;
    });

    static string Result(int? status, string? error) => error ?? (status is { } s ? $"HTTP {s}" : "");

}

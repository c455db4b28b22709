using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class WebhooksTests
{
    [BrowserFact]
    public async Task A_manager_sees_a_webhook_whose_receiver_is_down_retrying_reads_its_delivery_log_and_disables_it()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        // Nothing listens on port 9 of loopback: every attempt is refused at once.
        var created = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/erp", filter = "EQ_bizStep=shipping", name = "ERP" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var document = """
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [
                { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000001", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
                  "eventTime": "2026-03-01T09:00:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.1"] } ] } }
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/epcis/capture", new StringContent(document, Encoding.UTF8, "application/ld+json"))).StatusCode);
        JsonElement attempt = default;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); attempt.ValueKind != JsonValueKind.Object; await Task.Delay(100))
        {
            Assert.True(DateTime.UtcNow < deadline, "no delivery attempt within 30 s");
            attempt = (await admin.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}/deliveries")).EnumerateArray().FirstOrDefault();
        }
        var error = attempt.GetProperty("error").GetString()!;

        var page = await b.LoggedInAsync(Role.Manager);
        await page.GotoAsync("/webhooks");
        var row = page.Locator("#hooks tbody tr", new() { HasText = "http://127.0.0.1:9/erp" });
        await Expect(row).ToContainTextAsync("EQ_bizStep=shipping");
        await Expect(row).ToContainTextAsync(new Regex(@"retrying \(\d+ failures, next "));
        await Expect(row).ToContainTextAsync(error);

        await page.ClickAndReplaceAsync($"#hooks a[href='/webhooks?id={id}']");
        await Expect(page.Locator("h2")).ToHaveTextAsync("Deliveries to http://127.0.0.1:9/erp");
        var delivery = page.Locator("#deliveries tbody tr").Last;
        await Expect(delivery).ToContainTextAsync(attempt.GetProperty("deliveryId").GetString()!);
        await Expect(delivery).ToContainTextAsync(error);
        await Expect(delivery).ToContainTextAsync("urn:uuid:00000000-0000-4000-8000-000000000001");

        await page.ClickAndReplaceAsync("#hooks button:has-text('Disable')");
        await Expect(page.Locator(".notice[role=status]")).ToHaveTextAsync($"Webhook {id} disabled.");
        await Expect(row).ToContainTextAsync("disabled");
        await Expect(page.Locator("#hooks button")).ToHaveTextAsync("Enable");
        Assert.False((await admin.GetFromJsonAsync<JsonElement>($"/api/v1/webhooks/{id}")).GetProperty("enabled").GetBoolean());
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

// One unit's whole life on the scan screens, each step with only a scanner and Enter: a purchase order
// is received, its component is built into an assembly, the assembly is packed on a pallet, picked and
// shipped, comes back against an RMA and is restocked — and its page tells that story.
public sealed class LifecycleWalkthroughTests
{
    [BrowserFact]
    public async Task A_component_goes_from_purchase_order_through_production_packing_and_shipping_to_a_return_and_its_page_tells_it()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        async Task Post(string url, object body) => (await admin.PostAsJsonAsync(url, body)).EnsureSuccessStatusCode();
        await Post("/api/v1/products", new { sku = "RADIO", name = "Radio module", tracking = "serial", handlingInstructions = "ESD-safe handling." });
        await Post("/api/v1/products", new { sku = "GW", name = "Gateway", tracking = "serial", warrantyMonths = 24 });
        foreach (var (code, kind) in new[] { ("DOCK", "zone"), ("LINE1", "production_line"), ("SHIP", "zone"), ("QA", "quarantine"), ("STOCK", "zone") })
        {
            await Post("/api/v1/locations", new { code, name = code, kind });
        }
        await Post("/api/v1/parties", new { code = "SUP", name = "Radio Supplier", role = "supplier" });
        await Post("/api/v1/parties", new { code = "CUS", name = "Customer", role = "customer" });
        (await admin.PutAsJsonAsync("/api/v1/settings", new Dictionary<string, string> { ["gs1.company_prefix"] = "0614141" })).EnsureSuccessStatusCode();
        var po = await NumberOf(await admin.PostAsJsonAsync("/api/v1/purchase-orders", new { party = "SUP", lines = new[] { new { product = "RADIO", quantity = 1, expectedSerials = new[] { "R-1" } } } }));
        var mo = await NumberOf(await admin.PostAsJsonAsync("/api/v1/production-orders", new { product = "GW", quantity = 1, location = "LINE1" }));
        var so = await NumberOf(await admin.PostAsJsonAsync("/api/v1/sales-orders", new { party = "CUS", lines = new[] { new { product = "GW", quantity = 1 } } }));
        var page = await b.LoggedInAsync(Role.Operator);

        // Receiving: the order, the dock, the announced serial.
        await page.GotoAsync("/receiving");
        await Scan(page, "#receive-scan", po, "DOCK", "R-1");
        await Expect(page.Locator("#done")).ToContainTextAsync($"Received RADIO R-1 on line 1 of {po}");
        await Expect(page.Locator("#handling")).ToContainTextAsync("ESD-safe");

        // Production: the order, the station, the component, then the new serial builds.
        await page.GotoAsync("/production");
        await Scan(page, "#scan-input", mo, "LINE1", "R-1");
        await Expect(page.Locator(".notice").First).ToContainTextAsync("ESD-safe");
        await Scan(page, "#scan-input", "GW-1");
        await Expect(page.Locator("#built")).ToContainTextAsync("Built GW GW-1");

        // Packing: a new pallet at the line gets an SSCC; the gateway goes on it.
        await page.GotoAsync("/packing");
        await page.FillAsync("input[name=Location]", "LINE1");
        await page.ClickAsync("form[action*=Create] button");
        await Expect(page.Locator("#sscc")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^0\\d{17}$"));
        await Scan(page, "#pack-scan", "GW-1");
        await Expect(page.Locator("#said")).ToContainTextAsync("Packed");

        // Shipping: the order, the gateway picked, Enter on an empty box ships.
        await page.GotoAsync("/shipping");
        await Scan(page, "#ship-scan", so, "GW-1");
        await Expect(page.Locator("#said")).ToContainTextAsync("Picked GW GW-1");
        await page.PressAsync("#ship-scan", "Enter");
        await Expect(page.Locator("#said")).ToContainTextAsync("Shipped 1 unit(s)");
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("Completed");

        // The customer sends it back: received into quarantine against the RMA, then restocked.
        var rma = await NumberOf(await admin.PostAsJsonAsync("/api/v1/returns", new { party = "CUS", lines = new[] { new { product = "GW", quantity = 1, serial = "GW-1", reason = "No uplink." } } }));
        await page.GotoAsync("/returns");
        await Scan(page, "#Scan", rma, "QA", "GW-1");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("GW GW-1 received into quarantine at QA");
        await Scan(page, "#Scan", "RESTOCK", "STOCK", "GW-1");
        await Expect(page.Locator("#scan-done")).ToContainTextAsync("GW GW-1: restock");

        // The unit page: available again, with its component, its warranty and its whole history.
        await page.GotoAsync("/scan?q=GW-1");
        await Expect(page.Locator("h1")).ToContainTextAsync("GW-1");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Available");
        await Expect(page.Locator("dl.facts")).ToContainTextAsync("Warranty");
        await Expect(page.Locator("#genealogy")).ToContainTextAsync("R-1");
        var history = page.Locator("table.events");
        foreach (var step in new[] { "Produced", "Packed", "Picked", "Shipped", "Returned", "Return decided" })
        {
            await Expect(history).ToContainTextAsync(step);
        }
        await Expect(history).ToContainTextAsync(so);
        await Expect(history).ToContainTextAsync(rma);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "serialtrack-lifecycle-unit.png"), FullPage = true });

        // And the component's page says what it was built into.
        await page.GotoAsync("/scan?q=R-1");
        await Expect(page.Locator("#genealogy")).ToContainTextAsync("GW-1");
        await Expect(page.Locator("table.events")).ToContainTextAsync(po);
    }

    static async Task Scan(IPage page, string box, params string[] texts)
    {
        foreach (var text in texts)
        {
            await page.ScanAsync(box, text);
        }
    }

    static async Task<string> NumberOf(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString()!;
    }
}

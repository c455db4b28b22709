using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class TokensTests
{
    [BrowserFact]
    public async Task An_admin_gives_a_customer_a_query_own_token_for_its_party_and_a_missing_party_is_shown_beside_the_field()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        (await admin.PostAsJsonAsync("/api/v1/parties", new { code = "ACME", name = "Acme Corp", role = "customer" })).EnsureSuccessStatusCode();
        var page = await b.LoggedInAsync(Role.Admin);
        await page.GotoAsync("/admin/tokens");

        await page.SelectOptionAsync("#UserName", "viewer");
        await page.FillAsync("#Label", "ACME queries");
        await page.SelectOptionAsync("#Scope", "epcis:query-own");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#create-token"), r => r.Request.Method == "POST");
        await Expect(page.Locator("span[data-valmsg-for=Party]")).ToContainTextAsync("names the party");
        await Expect(page.Locator("#secret")).ToHaveCountAsync(0);

        await page.SelectOptionAsync("#Party", "ACME");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#create-token"), r => r.Request.Method == "POST");
        var secret = (await page.Locator("#secret").InnerTextAsync()).Trim();
        await Expect(page.Locator("tr", new() { HasText = "ACME queries" })).ToContainTextAsync("epcis:query-own · ACME");

        using var partner = b.App.Client(null);
        partner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/epcis/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/v1/products")).StatusCode);
    }
}

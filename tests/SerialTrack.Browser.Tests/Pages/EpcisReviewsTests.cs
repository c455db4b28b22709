using System.Net;
using System.Text;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class EpcisReviewsTests
{
    [BrowserFact]
    public async Task An_operator_works_through_the_review_queue_from_the_unit_to_marking_it_reviewed()
    {
        await using var b = await BrowserSession.StartAsync();
        using var admin = b.App.Client();
        // A partner decommissions a unit nobody here ever knew of: a contradiction. Its observation of another is first news, not one.
        var document = """
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [
                { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving", "eventTime": "2026-03-01T09:00:00Z",
                  "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.R1"] },
                { "type": "ObjectEvent", "action": "DELETE", "bizStep": "decommissioning", "eventTime": "2026-03-01T09:01:00Z",
                  "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.R2"] } ] } }
            """;
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/epcis/capture", new StringContent(document, Encoding.UTF8, "application/ld+json"))).StatusCode);

        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/");
        await page.ClickAndReplaceAsync("nav a[href='/epcis/reviews']");
        await Expect(page.Locator("h1")).ToContainTextAsync("1 open");
        var row = page.Locator("#reviews tbody tr.review-item");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("unknown epc");
        await Expect(row).ToContainTextAsync("R2");

        await page.ClickAndReplaceAsync("#reviews tbody tr.review-item a[href^='/units/']");
        await Expect(page.Locator("#partner-reports")).ToContainTextAsync("was decommissioned, but it was never known here");
        await page.GotoAsync("/epcis/reviews");
        await page.ClickAndReplaceAsync("#reviews button:has-text('Mark reviewed')");

        await Expect(page.Locator(".notice[role=status]")).ToContainTextAsync("marked reviewed");
        await Expect(page.Locator("h1")).ToContainTextAsync("0 open");
        await Expect(page.Locator("#reviews tbody tr.review-item")).ToHaveCountAsync(0);
        await page.ClickAndReplaceAsync("a[href='/epcis/reviews?state=reviewed']");
        await Expect(page.Locator("#reviews tbody tr.review-item")).ToContainTextAsync("reviewed by " + SerialTrack.Web.Auth.Name(Role.Operator));
    }
}

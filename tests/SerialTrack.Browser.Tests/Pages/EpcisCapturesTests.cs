using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class EpcisCapturesTests
{
    // A supplier's shipment notice in the XML binding: three modules nobody here knew of.
    const string Shipment = """
        <?xml version="1.0" encoding="UTF-8"?>
        <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" schemaVersion="2.0" creationDate="2026-03-01T10:00:00Z">
          <EPCISBody><EventList>
            <ObjectEvent>
              <eventTime>2026-03-01T09:00:00Z</eventTime>
              <eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
              <epcList>
                <epc>urn:epc:id:sgtin:0614141.107346.M1</epc>
                <epc>urn:epc:id:sgtin:0614141.107346.M2</epc>
                <epc>urn:epc:id:sgtin:0614141.107346.M3</epc>
              </epcList>
              <action>OBSERVE</action>
              <bizStep>shipping</bizStep>
              <disposition>in_transit</disposition>
            </ObjectEvent>
          </EventList></EPCISBody>
        </epcis:EPCISDocument>
        """;

    // JSON-LD, three events: the second has no eventTime; the third decommissions a unit never known here, which is
    // stored and waits for review.
    const string HalfValid = """
        { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
          "creationDate": "2026-03-02T10:00:00Z", "epcisBody": { "eventList": [
            { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving", "eventTime": "2026-03-02T09:00:00Z",
              "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.M1"] },
            { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving",
              "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.M2"] },
            { "type": "ObjectEvent", "action": "DELETE", "bizStep": "decommissioning", "eventTime": "2026-03-02T09:05:00Z",
              "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.Z9"] } ] } }
        """;

    [BrowserFact]
    public async Task An_operator_uploads_partner_documents_and_reads_what_each_capture_stored_created_and_refused()
    {
        await using var b = await BrowserSession.StartAsync();
        var folder = Directory.CreateTempSubdirectory("serialtrack-capture-").FullName;
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/");
        await page.ClickAndReplaceAsync("nav a[href='/epcis/captures']");
        await Expect(page.Locator("#captures tbody")).ToContainTextAsync("Nothing captured yet.");

        // The XML shipment: stored, the three modules created, and the job's page opens.
        await File.WriteAllTextAsync(Path.Combine(folder, "shipment.xml"), Shipment);
        await page.SetInputFilesAsync("#capture-file", Path.Combine(folder, "shipment.xml"));
        await page.ClickAndReplaceAsync("#capture-form button[type=submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/epcis/captures/[0-9a-f]{32}$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("stored");
        await Expect(page.Locator("#stored-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#capture-notes tr[data-code='epcis.units_created']")).ToContainTextAsync("3 units were seen here for the first time");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-epcis-capture.png", FullPage = true });

        // Half valid under "store nothing": refused as a whole, and the job's page says so.
        await page.GotoAsync("/epcis/captures");
        await File.WriteAllTextAsync(Path.Combine(folder, "receipt.jsonld"), HalfValid);
        await page.SetInputFilesAsync("#capture-file", Path.Combine(folder, "receipt.jsonld"));
        await page.ClickAndReplaceAsync("#capture-form button[type=submit]");
        await Expect(page.Locator("h1")).ToContainTextAsync("refused");
        await Expect(page.Locator("#capture-refused")).ToContainTextAsync("Nothing was stored");
        await Expect(page.Locator("#not-stored-count")).ToHaveTextAsync("3");
        await Expect(page.Locator("#capture-errors tbody tr")).ToContainTextAsync("eventList[1].eventTime");

        // The same file under "proceed": the two valid events are stored, the other is not, and the decommissioned
        // stranger waits for review.
        await page.GotoAsync("/epcis/captures");
        await page.SetInputFilesAsync("#capture-file", Path.Combine(folder, "receipt.jsonld"));
        await page.CheckAsync("input[name=behaviour][value=proceed]");
        await page.ClickAndReplaceAsync("#capture-form button[type=submit]");
        await Expect(page.Locator("#stored-count")).ToHaveTextAsync("2");
        await Expect(page.Locator("#not-stored-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#error-count")).ToHaveTextAsync("1");
        await Expect(page.Locator("#capture-errors tbody tr")).ToContainTextAsync("eventList[1].eventTime");
        await Expect(page.Locator("#capture-reviews")).ToContainTextAsync("One event of this capture contradicted the books");
        await page.ClickAndReplaceAsync("#capture-reviews a[href='/epcis/reviews']");
        await Expect(page.Locator("#reviews tbody tr.review-item")).ToContainTextAsync("Z9");

        // Not EPCIS at all: refused before any job exists, and the page gives the server's reason.
        await page.GotoAsync("/epcis/captures");
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.json"), "[1, 2, 3]");
        await page.SetInputFilesAsync("#capture-file", Path.Combine(folder, "notes.json"));
        await page.ClickAsync("#capture-form button[type=submit]");
        await Expect(page.Locator("#capture-error")).ToContainTextAsync("an EPCIS document is a JSON object");
        await Expect(page.Locator("#capture-form button[type=submit]")).ToBeEnabledAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("#captures tbody tr.capture-job")).ToHaveCountAsync(3);
        await Expect(page.Locator("#captures tbody tr.capture-job").First).ToContainTextAsync(SerialTrack.Web.Auth.Name(Role.Operator));

        await using (var db = b.App.Db.NewContext())
        {
            Assert.Equal(4, await db.Units.CountAsync());
            Assert.Equal(3, await db.EpcisEvents.CountAsync());
        }

        // A viewer reads the captures but has nothing to upload with.
        var viewer = await b.LoggedInAsync(Role.Viewer);
        await viewer.GotoAsync("/epcis/captures");
        await Expect(viewer.Locator("#captures tbody tr.capture-job")).ToHaveCountAsync(3);
        await Expect(viewer.Locator("#capture-form")).ToHaveCountAsync(0);
    }
}

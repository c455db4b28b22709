using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class EpcisQueryApiTests
{
    static string Event(string serial, string bizStep) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000{{serial}}", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}",
          "eventTime": "2026-03-01T09:0{{serial}}:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"] }
        """;

    static HttpRequestMessage Capture(params string[] events) => new(HttpMethod.Post, "/epcis/capture")
    {
        Content = new StringContent($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """, Encoding.UTF8, "application/ld+json"),
    };

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static IEnumerable<string> EventIds(JsonElement document) =>
        document.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray()
            .Select(e => e.GetProperty("eventID").GetString()![^1..]);

    [Theory, OnSqlite, OnPostgres]
    public async Task Events_are_queried_as_a_query_document_paged_through_the_link_header(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);
        Assert.Equal(HttpStatusCode.Accepted, (await op.SendAsync(Capture(Event("1", "shipping"), Event("2", "receiving"), Event("3", "shipping")))).StatusCode);
        using var viewer = app.Client(Role.Viewer);

        var first = await viewer.GetAsync("/epcis/events?EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping|receiving&orderBy=eventTime&orderDirection=ASC&perPage=2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/ld+json", first.Content.Headers.ContentType!.MediaType);
        var document = await Json(first);
        Assert.Equal(("EPCISQueryDocument", "SimpleEventQuery"), (document.GetProperty("type").GetString(),
            document.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("queryName").GetString()));
        Assert.Equal(["1", "2"], EventIds(document));
        var link = first.Headers.GetValues("Link").Single();
        Assert.Matches("^</epcis/events\\?.*nextPageToken=[^>]+>; rel=\"next\"$", link);
        var second = await viewer.GetAsync(link[1..link.IndexOf('>')]);
        Assert.Equal(["3"], EventIds(await Json(second)));
        Assert.False(second.Headers.Contains("Link"));

        var ofEpc = await viewer.GetAsync("/epcis/epcs/" + Uri.EscapeDataString("https://id.gs1.org/01/10614141073464/21/2") + "/events");
        Assert.Equal(["2"], EventIds(await Json(ofEpc)));
        var one = await viewer.GetAsync("/epcis/events/" + Uri.EscapeDataString("urn:uuid:00000000-0000-4000-8000-000000000003"));
        Assert.Equal(["3"], EventIds(await Json(one)));
        var bizSteps = await Json(await viewer.GetAsync("/epcis/bizSteps"));
        Assert.Equal(["https://ref.gs1.org/cbv/BizStep-receiving", "https://ref.gs1.org/cbv/BizStep-shipping"],
            bizSteps.GetProperty("member").EnumerateArray().Select(m => m.GetString()));
        var epcs = await viewer.GetAsync("/epcis/epcs?perPage=2");
        Assert.Equal(2, (await Json(epcs)).GetProperty("member").GetArrayLength());
        Assert.Contains("rel=\"next\"", epcs.Headers.GetValues("Link").Single());
        var types = await Json(await viewer.GetAsync("/epcis/eventTypes"));
        Assert.Contains("AggregationEvent", types.GetProperty("member").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Bad_queries_answer_400_naming_the_parameter_404_for_an_unknown_event_413_when_too_large_and_xml_and_epc_formats_are_served(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var op = app.Client(Role.Operator);
        await op.SendAsync(Capture(Event("1", "shipping"), Event("2", "shipping")));

        var unknown = await op.GetAsync("/epcis/events?EQ_colour=red");
        var problem = await Json(unknown);
        Assert.Equal((HttpStatusCode.BadRequest, "epcis.query_parameter", "EQ_colour"),
            (unknown.StatusCode, problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        var badTime = await op.GetAsync("/epcis/events?GE_eventTime=yesterday");
        Assert.Equal((HttpStatusCode.BadRequest, "GE_eventTime"), (badTime.StatusCode, (await Json(badTime)).GetProperty("field").GetString()));
        var twice = await op.GetAsync("/epcis/events?GE_eventTime=2026-01-01T00:00:00Z&GE_eventTime=2026-02-01T00:00:00Z");
        var twiceProblem = await Json(twice);
        Assert.Equal((HttpStatusCode.BadRequest, "GE_eventTime"), (twice.StatusCode, twiceProblem.GetProperty("field").GetString()));
        Assert.Contains("given twice", twiceProblem.GetProperty("detail").GetString());
        var typo = await op.GetAsync("/epcis/events?eventType=objectevent");
        Assert.Equal((HttpStatusCode.BadRequest, "eventType"), (typo.StatusCode, (await Json(typo)).GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await op.GetAsync("/epcis/events?eventType=QuantityEvent")).StatusCode);
        var tampered = await op.GetAsync("/epcis/events?nextPageToken=bm90LWEtdG9rZW4");
        Assert.Equal((HttpStatusCode.BadRequest, "nextPageToken"), (tampered.StatusCode, (await Json(tampered)).GetProperty("field").GetString()));

        var missing = await op.GetAsync("/epcis/events/urn:uuid:nothing");
        Assert.Equal((HttpStatusCode.NotFound, "eventID"), (missing.StatusCode, (await Json(missing)).GetProperty("field").GetString()));

        var tooLarge = await op.GetAsync("/epcis/events?maxEventCount=1");
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "epcis.query_too_large"), (tooLarge.StatusCode, (await Json(tooLarge)).GetProperty("code").GetString()));

        using var xml = new HttpRequestMessage(HttpMethod.Get, "/epcis/events?orderDirection=ASC");
        xml.Headers.Add("Accept", "application/xml");
        var asXml = await op.SendAsync(xml);
        Assert.Equal("application/xml", asXml.Content.Headers.ContentType!.MediaType);
        var read = Core.Epcis.EpcisXmlReader.Read(await asXml.Content.ReadAsStringAsync());
        Assert.Equal((Core.Epcis.EpcisDocumentKind.QueryDocument, 2), (read.Document.Kind, read.Document.Events.Count));
        Assert.Empty(read.Errors);

        // Accept is weighed by q; one that takes neither binding is answered 406.
        foreach (var (accept, expected) in new[]
        {
            ("application/xml, application/json;q=0.5", "application/xml"),
            ("application/xml;q=0.4, application/ld+json", "application/ld+json"),
            ("application/xml, application/json", "application/ld+json"),
            ("*/*", "application/ld+json"),
            ("text/xml", "application/xml"),
        })
        {
            using var negotiated = new HttpRequestMessage(HttpMethod.Get, "/epcis/events");
            negotiated.Headers.TryAddWithoutValidation("Accept", accept);
            var answer = await op.SendAsync(negotiated);
            Assert.Equal((HttpStatusCode.OK, expected), (answer.StatusCode, answer.Content.Headers.ContentType!.MediaType));
        }
        using var csv = new HttpRequestMessage(HttpMethod.Get, "/epcis/events");
        csv.Headers.TryAddWithoutValidation("Accept", "text/csv");
        var notAcceptable = await op.SendAsync(csv);
        Assert.Equal((HttpStatusCode.NotAcceptable, "Accept"), (notAcceptable.StatusCode, (await Json(notAcceptable)).GetProperty("field").GetString()));

        using var links = new HttpRequestMessage(HttpMethod.Get, "/epcis/events?orderDirection=ASC");
        links.Headers.Add("GS1-EPC-Format", "Always_GS1_Digital_Link");
        var asLinks = await Json(await op.SendAsync(links));
        var epc = asLinks.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList")[0].GetProperty("epcList")[0].GetString();
        Assert.Equal("https://id.gs1.org/01/10614141073464/21/1", epc);
        using var badFormat = new HttpRequestMessage(HttpMethod.Get, "/epcis/events");
        badFormat.Headers.Add("GS1-EPC-Format", "Sometimes");
        var refused = await op.SendAsync(badFormat);
        Assert.Equal((HttpStatusCode.BadRequest, "GS1-EPC-Format"), (refused.StatusCode, (await Json(refused)).GetProperty("field").GetString()));
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class EpcisPartnerApiTests
{
    const string AcmeGln = "0614141123452";
    const string OtherGln = "0614141543212";

    static string Shipment(int n, string serial, string gln) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000{{n}}", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
          "eventTime": "2026-03-01T09:0{{n}}:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"],
          "destinationList": [{ "type": "owning_party", "destination": "https://id.gs1.org/417/{{gln}}" }] }
        """;

    static StringContent Document(params string[] events) => new($$"""
        { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
          "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
        """, Encoding.UTF8, "application/ld+json");

    static StringContent OneEvent(string serial) => new($$"""
        { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "receiving",
          "eventTime": "2026-03-02T09:00:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"] }
        """, Encoding.UTF8, "application/ld+json");

    static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    static IEnumerable<JsonElement> Events(JsonElement document) =>
        document.GetProperty("epcisBody").GetProperty("queryResults").GetProperty("resultsBody").GetProperty("eventList").EnumerateArray();

    static async Task<string> TokenAsync(HttpClient admin, string user, Role role, object body)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/users", new { name = user, role = role.ToString().ToLowerInvariant() })).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/v1/tokens", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created)).GetProperty("token").GetString()!;
    }

    static HttpClient As(TestApp app, string token)
    {
        var client = app.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    static async Task AssertScopeRefusal(HttpResponseMessage response, string scope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(("token.scope", "Authorization"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_capture_token_captures_and_reads_its_own_jobs_and_is_refused_everything_else_with_its_scope(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client(Role.Admin);
        var secret = await TokenAsync(admin, "acme-sender", Role.Operator, new { user = "acme-sender", name = "ACME capture", scope = "epcis:capture" });
        using var partner = As(app, secret);

        Assert.Equal(HttpStatusCode.NoContent, (await partner.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/epcis/capture"))).StatusCode);
        var captured = await partner.PostAsync("/epcis/capture", Document(Shipment(1, "1001", AcmeGln)));
        Assert.Equal(HttpStatusCode.Accepted, captured.StatusCode);
        Assert.True((await Json(await partner.GetAsync(captured.Headers.Location))).GetProperty("success").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await partner.PostAsync("/epcis/events", OneEvent("1002"))).StatusCode);

        // Another user's job is not found rather than shown.
        var adminJob = await admin.PostAsync("/epcis/capture", Document(Shipment(2, "1003", AcmeGln)));
        Assert.Equal(HttpStatusCode.NotFound, (await partner.GetAsync(adminJob.Headers.Location)).StatusCode);

        foreach (var path in new[] { "/epcis/events", "/epcis/capture", "/epcis/bizSteps", "/api/v1/products", "/api/v1/tokens", "/" })
        {
            await AssertScopeRefusal(await partner.GetAsync(path), "epcis:capture");
        }
        await AssertScopeRefusal(await partner.PostAsJsonAsync("/api/v1/products", new { sku = "X", name = "X" }), "epcis:capture");

        var listed = await Json(await admin.GetAsync("/api/v1/tokens"));
        Assert.Equal("epcis:capture", listed.EnumerateArray().Single(t => t.GetProperty("user").GetString() == "acme-sender").GetProperty("scope").GetString());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partner_token_is_refused_when_its_user_scope_or_party_does_not_fit(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client(Role.Admin);

        async Task Refused(object body, HttpStatusCode status, string code, string field)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/tokens", body);
            Assert.Equal(status, response.StatusCode);
            var problem = await Json(response);
            Assert.Equal((code, field), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        }

        await Refused(new { user = "viewer", scope = "epcis:capture" }, HttpStatusCode.UnprocessableEntity, "token.role_too_low", "user");
        await Refused(new { user = "viewer", scope = "epcis:query-own" }, HttpStatusCode.BadRequest, "token.party_required", "party");
        await Refused(new { user = "viewer", scope = "epcis:query-own", party = "NOPE" }, HttpStatusCode.NotFound, "party.not_found", "party");
        await Refused(new { user = "viewer", scope = "epcis:everything" }, HttpStatusCode.BadRequest, "token.scope", "scope");
        await Refused(new { user = "viewer", party = "ACME" }, HttpStatusCode.BadRequest, "token.party_without_scope", "party");
        var tokens = await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/tokens");
        Assert.Single(tokens!, t => t.GetProperty("user").GetString() == "viewer");
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_query_own_token_sees_exactly_its_partys_shipments_native_and_captured_page_by_page_and_nothing_else(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        var clock = TimeProvider.System;
        var op = new Actor(null, "op");
        await using (var db = app.Db.NewContext())
        {
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", Gln: AcmeGln), default);
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("OTHER", "Other Ltd", Gln: OtherGln), default);
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("PHONE", "Phone", Gtin: "00614141000012"), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("PHONE", ["S1", "S2"], "WH1"), op, default);
            var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PHONE", 1)]), op, default);
            await new Shipping(db, clock).ShipAsync(new ShipRequest(order.Number, Units: [new UnitRef("PHONE", "S1")]), op, default);
        }
        using var admin = app.Client(Role.Admin);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/epcis/capture",
            Document(Shipment(1, "1001", AcmeGln), Shipment(2, "1002", OtherGln), Shipment(3, "1003", AcmeGln)))).StatusCode);
        var secret = await TokenAsync(admin, "acme", Role.Viewer, new { user = "acme", name = "ACME queries", scope = "epcis:query-own", party = "ACME" });
        using var partner = As(app, secret);

        var seen = new List<JsonElement>();
        var next = "/epcis/events?perPage=1&orderBy=eventTime&orderDirection=ASC";
        while (next is not null)
        {
            var page = await partner.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var events = Events(await Json(page)).ToList();
            Assert.Single(events);
            seen.AddRange(events);
            next = page.Headers.TryGetValues("Link", out var links) ? links.Single()[1..links.Single().IndexOf('>', StringComparison.Ordinal)] : null;
        }

        // The two captured shipments to ACME (in March), then today's native commissioning of S1 and S2 and shipment of S1.
        Assert.Equal(["shipping", "shipping", "commissioning", "shipping"], seen.Select(e => e.GetProperty("bizStep").GetString()));
        Assert.Equal(["urn:uuid:00000000-0000-4000-8000-000000000001", "urn:uuid:00000000-0000-4000-8000-000000000003"],
            seen.Take(2).Select(e => e.GetProperty("eventID").GetString()));
        Assert.EndsWith("/417/" + AcmeGln, seen[3].GetProperty("destinationList")[0].GetProperty("destination").GetString(), StringComparison.Ordinal);
        using var viewer = app.Client(Role.Viewer);
        Assert.Equal(5, Events(await Json(await viewer.GetAsync("/epcis/events"))).Count());

        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync("/epcis/events/urn:uuid:00000000-0000-4000-8000-000000000003")).StatusCode);
        var hidden = await partner.GetAsync("/epcis/events/urn:uuid:00000000-0000-4000-8000-000000000002");
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("epcis.event_not_found", (await Json(hidden)).GetProperty("code").GetString());
        Assert.Empty(Events(await Json(await partner.GetAsync("/epcis/epcs/urn:epc:id:sgtin:0614141.107346.1002/events"))));
        var epcs = (await Json(await partner.GetAsync("/epcis/epcs"))).GetProperty("member").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["https://id.gs1.org/01/00614141000012/21/S1", "https://id.gs1.org/01/00614141000012/21/S2",
            "https://id.gs1.org/01/10614141073464/21/1001", "https://id.gs1.org/01/10614141073464/21/1003"], epcs);

        await AssertScopeRefusal(await partner.PostAsync("/epcis/capture", Document(Shipment(4, "1004", AcmeGln))), "epcis:query-own");
        await AssertScopeRefusal(await partner.GetAsync("/api/v1/units"), "epcis:query-own");
        await AssertScopeRefusal(await partner.GetAsync("/api/v1/epcis/export?serial=S1"), "epcis:query-own");
    }
}

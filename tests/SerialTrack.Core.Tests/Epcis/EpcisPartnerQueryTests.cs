using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

// What an epcis:query-own token sees: the events about its own shipments, restricted in the query itself.
public sealed class EpcisPartnerQueryTests
{
    readonly TestClock clock = new();
    static readonly Actor Partner = new(null, "partner");
    const string AcmeGln = "0614141123452";
    const string OtherGln = "0614141543212";

    static string Event(int n, string time, string body) => $$"""
        { "eventID": "urn:uuid:00000000-0000-4000-8000-0000000000{{n:00}}", "eventTime": "2026-03-01T{{time}}:00Z", "eventTimeZoneOffset": "+00:00", {{body}} }
        """;

    static string Observe(string epc) => $$"""
        "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting", "epcList": ["urn:epc:id:sgtin:0614141.107346.{{epc}}"]
        """;

    static string Pack(string action, string serial) => $$"""
        "type": "AggregationEvent", "action": "{{action}}", "bizStep": "packing", "parentID": "urn:epc:id:sscc:0614141.1234567890",
        "childEPCs": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"]
        """;

    static string Ship(string what, string gln) => $$"""
        "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "epcList": ["{{what}}"],
        "destinationList": [{ "type": "owning_party", "destination": "https://id.gs1.org/417/{{gln}}" }]
        """;

    // 1001 is packed into the case and shipped to ACME with it; 1003 is packed and taken out again before the shipment;
    // 1002 goes to another customer. Events after ACME's shipment are not ACME's business.
    static readonly string[] Story =
    [
        Event(1, "08:00", """
            "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning", "epcList": ["urn:epc:id:sgtin:0614141.107346.1001"]
            """),
        Event(2, "08:05", """
            "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning", "epcList": ["urn:epc:id:sgtin:0614141.107346.1002", "urn:epc:id:sgtin:0614141.107346.1003"]
            """),
        Event(3, "08:30", Pack("ADD", "1001")),
        Event(4, "08:35", Pack("ADD", "1003")),
        Event(5, "08:40", Pack("DELETE", "1003")),
        Event(6, "08:50", Observe("1003")),
        Event(7, "08:55", Observe("1001")),
        Event(8, "09:00", Ship("urn:epc:id:sscc:0614141.1234567890", AcmeGln)),
        Event(9, "09:10", Ship("urn:epc:id:sgtin:0614141.107346.1002", OtherGln)),
        Event(10, "10:00", Observe("1001")),
    ];

    static string Sgtin(int serial) => $"urn:epc:id:sgtin:0614141.107346.{serial}";

    static string Aggregate(string action, string parent, params string[] children) => $$"""
        "type": "AggregationEvent", "action": "{{action}}", "bizStep": "{{(action == "DELETE" ? "unpacking" : "packing")}}", "parentID": "{{parent}}",
        "childEPCs": [{{string.Join(", ", children.Select(c => $"\"{c}\""))}}]
        """;

    const string Pallet = "urn:epc:id:sscc:0614141.2000000000", CaseC = "urn:epc:id:sscc:0614141.2000000001", CaseD = "urn:epc:id:sscc:0614141.2000000002",
        CaseE = "urn:epc:id:sscc:0614141.2000000003";

    // Nested: 2001 in case C, 2004 in case D, both cases on the pallet shipped to ACME. 2002 left C before the pallet was
    // packed; D left the pallet after the shipment (it still went); 2003 went into C after the shipment. 2005 was packed
    // into C and taken out at the same minute (out last: it did not go); 2006 was taken out and packed at the same minute
    // (in last: it went). 2007 was in case E until E was emptied by an unpack naming no children (all of them), before E
    // went onto the pallet.
    static readonly string[] Nested =
    [
        Event(11, "11:00", $$""" "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning", "epcList": ["{{Sgtin(2001)}}", "{{Sgtin(2002)}}", "{{Sgtin(2003)}}", "{{Sgtin(2004)}}"] """),
        Event(12, "11:05", Aggregate("ADD", CaseC, Sgtin(2001), Sgtin(2002))),
        Event(13, "11:06", Aggregate("ADD", CaseD, Sgtin(2004))),
        Event(14, "11:10", Aggregate("DELETE", CaseC, Sgtin(2002))),
        Event(15, "11:15", Aggregate("ADD", Pallet, CaseC, CaseD)),
        Event(16, "11:20", Observe("2001")),
        Event(17, "11:30", Ship(Pallet, AcmeGln)),
        Event(18, "11:35", Aggregate("DELETE", Pallet, CaseD)),
        Event(19, "11:40", Aggregate("ADD", CaseC, Sgtin(2003))),
        Event(20, "11:25", Observe("2003")),
        Event(21, "11:25", Observe("2002")),
        Event(22, "11:26", Observe("2004")),
        Event(23, "11:07", Aggregate("ADD", CaseC, Sgtin(2005))),
        Event(24, "11:07", Aggregate("DELETE", CaseC, Sgtin(2005))),
        Event(25, "11:06", Observe("2005")),
        Event(26, "11:08", Aggregate("DELETE", CaseC, Sgtin(2006))),
        Event(27, "11:08", Aggregate("ADD", CaseC, Sgtin(2006))),
        Event(28, "11:00", Observe("2006")),
        Event(29, "11:01", Aggregate("ADD", CaseE, Sgtin(2007))),
        Event(30, "11:02", $$""" "type": "AggregationEvent", "action": "DELETE", "bizStep": "unpacking", "parentID": "{{CaseE}}" """),
        Event(31, "11:16", Aggregate("ADD", Pallet, CaseE)),
        Event(32, "11:03", Observe("2007")),
    ];

    async Task<(EpcisQuerying Querying, long Acme, long Other)> ACapturedStory(SerialTrackDbContext db, params string[] more)
    {
        var parties = new PartyCatalog(db, clock);
        var acme = await parties.CreateAsync(new PartyInput("ACME", "Acme Corp", Gln: AcmeGln), default);
        var other = await parties.CreateAsync(new PartyInput("OTHER", "Other Ltd", Gln: OtherGln), default);
        var document = $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", Story.Concat(more))}}] } }
            """;
        var captured = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Proceed, Partner, default);
        Assert.True(captured.Succeeded);
        return (new EpcisQuerying(db), acme.Id, other.Id);
    }

    static EpcisQuery Query(long? party, params string[] pairs) =>
        EpcisQuery.Parse(pairs.Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1]))) with { OwnParty = party };

    static async Task<List<int>> Numbers(EpcisQuerying q, long? party, params string[] pairs) =>
        [.. (await q.EventsAsync(Query(party, pairs), default)).Events.Select(e => int.Parse(e.EventId[^2..], CultureInfo.InvariantCulture))];

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partner_sees_its_shipments_and_the_history_up_to_them_of_what_they_carried_including_the_cases_contents(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var (q, acme, other) = await ACapturedStory(db);

        // 2 names only units ACME never got; 4 and 5 name the case it got, 6 only the unit taken out of it; 9 and 10
        // are another customer's shipment and what happened after ACME's.
        Assert.Equal([1, 3, 4, 5, 7, 8], await Numbers(q, acme));
        Assert.Equal([2, 9], await Numbers(q, other));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], await Numbers(q, null));

        // Parameters narrow the partner's set further, never widen it.
        Assert.Equal([7], await Numbers(q, acme, "EQ_bizStep=inspecting"));
        Assert.Empty(await Numbers(q, acme, "MATCH_epc=urn:epc:id:sgtin:0614141.107346.1002"));
        var tooLarge = await Assert.ThrowsAsync<DomainException>(() => q.EventsAsync(Query(acme, "maxEventCount=5"), default));
        Assert.Equal("epcis.query_too_large", tooLarge.Code);
        Assert.Equal([1, 3, 4, 5, 7], await Numbers(q, acme, "maxEventCount=5", "LT_eventTime=2026-03-01T09:00:00Z"));
    }

    // A query naming a few events (an exact EPC, an eventID) asks the rule of each event instead of building the partner's
    // whole view (the view grows with the partner's history): the two must agree, event for event, through nested cases.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_partners_query_for_one_EPC_or_one_event_agrees_with_its_whole_view_through_nested_cases(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var (q, acme, other) = await ACapturedStory(db, Nested);

        Assert.Equal([1, 3, 4, 5, 7, 8, 11, 12, 13, 14, 15, 16, 17, 22, 23, 24, 26, 27, 28, 29, 30, 31], (await Numbers(q, acme)).Order());
        string[] epcs =
        [
            Sgtin(1001), Sgtin(1002), Sgtin(1003), "urn:epc:id:sscc:0614141.1234567890", Sgtin(2001), Sgtin(2002), Sgtin(2003), Sgtin(2004), Sgtin(2005), Sgtin(2006),
            Sgtin(2007), Pallet, CaseC, CaseD, CaseE,
        ];
        foreach (var party in new[] { acme, other })
        {
            var view = await Numbers(q, party);
            foreach (var epc in epcs)
            {
                var everyone = await Numbers(q, null, "MATCH_anyEPC=" + epc);
                Assert.Equal([.. everyone.Where(view.Contains)], await Numbers(q, party, "MATCH_anyEPC=" + epc));
            }
            for (var n = 1; n <= 32; n++)
            {
                Assert.Equal(view.Contains(n) ? [n] : [], await Numbers(q, party, $"EQ_eventID=urn:uuid:00000000-0000-4000-8000-0000000000{n:00}"));
            }
        }
    }

    // The same on random stores, one partner each: six units and three containers, packs and unpacks in any order
    // (cycles, repacking, unpacks naming no children), times from five minutes so that many fall together, and only
    // containers shipped, so that what the partner sees comes through what they held. Each store is one document, so
    // events of the same time are stored in document order.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_partners_per_event_check_agrees_with_its_whole_view_on_random_stores(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var random = new Random(2026);
        const int Events = 20;
        var q = new EpcisQuerying(db);
        for (var store = 0; store < 40; store++)
        {
            var units = Enumerable.Range(0, 6).Select(i => Sgtin(50_000 + store * 10 + i)).ToArray();
            var boxes = Enumerable.Range(0, 3).Select(i => $"urn:epc:id:sscc:0614141.3{store:000}{i:000000}").ToArray();
            string[] Some(string[] from) => [.. from.Where(_ => random.Next(2) == 0).DefaultIfEmpty(from[random.Next(from.Length)])];
            string List(IEnumerable<string> epcs) => string.Join(", ", epcs.Distinct().Select(x => $"\"{x}\""));
            var partner = $"urn:epc:id:pgln:0614141.{store:00000}";
            var events = new List<string>();
            for (var k = 0; k < Events; k++)
            {
                var parent = boxes[random.Next(boxes.Length)];
                var body = (k == Events - 1 ? 4 : random.Next(5)) switch
                {
                    0 => $$""" "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning", "epcList": [{{List(Some(units))}}] """,
                    1 => $$""" "type": "AggregationEvent", "action": "ADD", "bizStep": "packing", "parentID": "{{parent}}", "childEPCs": [{{List(Some([.. units, .. boxes]))}}] """,
                    2 => random.Next(4) == 0
                        ? $$""" "type": "AggregationEvent", "action": "DELETE", "bizStep": "unpacking", "parentID": "{{parent}}" """
                        : $$""" "type": "AggregationEvent", "action": "DELETE", "bizStep": "unpacking", "parentID": "{{parent}}", "childEPCs": [{{List(Some([.. units, .. boxes]))}}] """,
                    3 => $$""" "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting", "epcList": ["{{units[random.Next(units.Length)]}}"] """,
                    _ => $$"""
                        "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "epcList": ["{{parent}}"],
                        "destinationList": [{ "type": "owning_party", "destination": "{{partner}}" }]
                        """,
                };
                events.Add($$"""
                    { "eventID": "urn:uuid:00000000-0000-4000-8000-{{store:000000}}{{k:000000}}", "eventTime": "2026-03-01T09:0{{random.Next(5)}}:00Z",
                      "eventTimeZoneOffset": "+00:00", {{body}} }
                    """);
            }
            var document = $$"""
                { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
                  "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
                """;
            var captured = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
            Assert.True(captured.Succeeded, string.Join("; ", captured.Errors));
            var gln = $"0614141{store:00000}";
            var party = (await db.Parties.SingleAsync(x => x.Gln == gln + Gs1CheckDigit.Compute(gln))).Id;

            async Task<List<string>> Ids(long? who, params string[] pairs) => [.. (await q.EventsAsync(Query(who, [.. pairs, "perPage=100"]), default)).Events.Select(e => e.EventId)];
            var view = await Ids(party);
            foreach (var epc in units.Concat(boxes))
            {
                Assert.Equal([.. (await Ids(null, "MATCH_anyEPC=" + epc)).Where(view.Contains)], await Ids(party, "MATCH_anyEPC=" + epc));
            }
            for (var k = 0; k < Events; k++)
            {
                var id = $"urn:uuid:00000000-0000-4000-8000-{store:000000}{k:000000}";
                Assert.Equal(view.Contains(id) ? [id] : [], await Ids(party, "EQ_eventID=" + id));
            }
        }
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partners_pages_discovery_lists_and_single_events_keep_to_what_it_may_see(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var (q, acme, _) = await ACapturedStory(db);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await q.EventsAsync(Query(acme, "perPage=2", "orderBy=eventTime") with { NextPageToken = token }, default);
            Assert.True(page.Events.Count <= 2);
            seen.AddRange(page.Events.Select(e => e.EventId[^2..]));
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(["08", "07", "05", "04", "03", "01"], seen);

        // A page token is bound to the party it was given to.
        var first = await q.EventsAsync(Query(acme, "perPage=2"), default);
        var foreign = await Assert.ThrowsAsync<DomainException>(() => q.EventsAsync(Query(null, "perPage=2") with { NextPageToken = first.NextPageToken }, default));
        Assert.Equal("nextPageToken", foreign.Field);

        Assert.Equal(["https://ref.gs1.org/cbv/BizStep-commissioning", "https://ref.gs1.org/cbv/BizStep-inspecting", "https://ref.gs1.org/cbv/BizStep-packing",
            "https://ref.gs1.org/cbv/BizStep-shipping"], (await q.ValuesAsync(EpcisVocabularyList.BizSteps, 30, null, acme, default)).Values);
        var epcs = await q.ValuesAsync(EpcisVocabularyList.Epcs, 2, null, acme, default);
        var rest = await q.ValuesAsync(EpcisVocabularyList.Epcs, 2, epcs.NextPageToken, acme, default);
        Assert.Equal(["https://id.gs1.org/00/106141412345678908", "https://id.gs1.org/01/10614141073464/21/1001", "https://id.gs1.org/01/10614141073464/21/1003"],
            [.. epcs.Values, .. rest.Values]);

        Assert.Equal("urn:uuid:00000000-0000-4000-8000-000000000008", (await q.EventAsync("urn:uuid:00000000-0000-4000-8000-000000000008", acme, default)).EventId);
        var hidden = await Assert.ThrowsAsync<DomainException>(() => q.EventAsync("urn:uuid:00000000-0000-4000-8000-000000000009", acme, default));
        Assert.Equal(("epcis.event_not_found", ErrorKind.NotFound), (hidden.Code, hidden.Kind));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_customer_sees_what_SerialTrack_shipped_to_it_in_a_case_with_the_cases_history_and_not_the_rest(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var op = new Actor(null, "op1");
        await World.ASerialProductAndAWarehouse(db);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("PHONE", "Phone", Gtin: "00614141000012"), default);
        var acme = await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer), default);
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("PHONE", ["S1"], "B1"), op, default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("PHONE", ["S2"], "B1"), op, default);
        clock.Advance(TimeSpan.FromHours(1));
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B2", Sscc: true), op, default);
        await packing.PackAsync(new PackRequest(box.Code, [new UnitRef("PHONE", "S1")]), op, default);
        clock.Advance(TimeSpan.FromHours(1));
        var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PHONE", 1)]), op, default);
        await new Shipping(db, clock).ShipAsync(new ShipRequest(order.Number, Containers: [box.Sscc!]), op, default);
        await new EpcisCapturing(db, clock).PublishNativeAsync(default);

        var q = new EpcisQuerying(db);
        var seen = (await q.EventsAsync(Query(acme.Id), default)).Events.Select(e => EpcisQueryDocument.ReadStored(e.Json)).ToList();

        Assert.Equal(["commissioning", "packing", "shipping"], seen.Select(e => Cbv.Word(CbvVocabulary.BizStep, e.BizStep!)));
        var shipment = seen[^1];
        Assert.Equal(["https://id.gs1.org/00/" + box.Sscc], shipment.EpcList);
        Assert.Contains(shipment.DestinationList, d => d.Value.EndsWith("/parties/ACME", StringComparison.Ordinal));
        Assert.Equal(["https://id.gs1.org/01/00614141000012/21/S1"], seen[0].EpcList);
        Assert.True(await db.EpcisEvents.CountAsync() > seen.Count);
    }
}

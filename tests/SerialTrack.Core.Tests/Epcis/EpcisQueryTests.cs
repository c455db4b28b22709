using SerialTrack.Core.Epcis;
using SerialTrack.Core.Locations;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

public sealed class EpcisQueryTests
{
    readonly TestClock clock = new();
    static readonly Actor Partner = new(null, "partner");

    static string Document(params string[] events) => $$"""
        {
          "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-01T10:00:00Z",
          "epcisBody": { "eventList": [{{string.Join(",", events)}}] }
        }
        """;

    // Five events, one of each kind the parameters tell apart; identifiers sent as EPC URNs and as Digital Links.
    static readonly string Commissioned = """
        { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000001", "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning",
          "disposition": "active", "eventTime": "2026-03-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
          "epcList": ["urn:epc:id:sgtin:0614141.107346.1001", "urn:epc:id:sgtin:0614141.107346.1002"],
          "bizLocation": { "id": "urn:epc:id:sgln:0614141.07346.1234" } }
        """;

    static readonly string Shipped = """
        { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000002", "type": "ObjectEvent", "action": "OBSERVE",
          "bizStep": "urn:epcglobal:cbv:bizstep:shipping", "disposition": "https://ref.gs1.org/cbv/Disp-in_transit",
          "eventTime": "2026-03-01T09:45:00+01:00", "eventTimeZoneOffset": "+01:00",
          "epcList": ["https://id.gs1.org/01/10614141073464/21/2001"],
          "quantityList": [{ "epcClass": "urn:epc:class:lgtin:0614141.107346.LOT1", "quantity": 200, "uom": "KGM" }],
          "bizLocation": { "id": "https://id.gs1.org/414/0614141073467" },
          "bizTransactionList": [{ "type": "po", "bizTransaction": "urn:epc:id:gdti:0614141.00001.1618034" }],
          "sourceList": [{ "type": "owning_party", "source": "urn:epc:id:pgln:0614141.00001" }],
          "destinationList": [{ "type": "owning_party", "destination": "urn:epc:id:pgln:0614141.12345" }] }
        """;

    static readonly string Packed = """
        { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000003", "type": "AggregationEvent", "action": "ADD", "bizStep": "packing",
          "eventTime": "2026-03-01T08:30:00Z", "eventTimeZoneOffset": "+00:00",
          "parentID": "urn:epc:id:sscc:0614141.1234567890", "childEPCs": ["urn:epc:id:sgtin:0614141.107346.1001"],
          "readPoint": { "id": "urn:epc:id:sgln:0614141.00002.0" } }
        """;

    static readonly string Transformed = """
        { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000004", "type": "TransformationEvent", "bizStep": "repackaging",
          "eventTime": "2026-03-01T10:00:00Z", "eventTimeZoneOffset": "+00:00",
          "inputEPCList": ["urn:epc:id:sgtin:0614141.107346.1002"], "outputEPCList": ["urn:epc:id:sgtin:0614141.107347.5"],
          "inputQuantityList": [{ "epcClass": "urn:epc:class:lgtin:0614141.107346.LOT1", "quantity": 10, "uom": "KGM" }],
          "outputQuantityList": [{ "epcClass": "https://id.gs1.org/01/10614141073471/10/LOT9", "quantity": 10, "uom": "KGM" }] }
        """;

    static readonly string Decommissioned = """
        { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000005", "type": "ObjectEvent", "action": "DELETE", "bizStep": "decommissioning",
          "eventTime": "2026-03-01T11:00:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:sgtin:0614141.107347.5"] }
        """;

    static EpcisQuery Query(params string[] pairs) =>
        EpcisQuery.Parse(pairs.Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])));

    static async Task<List<int>> Numbers(EpcisQuerying querying, params string[] pairs) =>
        [.. (await querying.EventsAsync(Query(pairs), default)).Events.Select(e => int.Parse(e.EventId[^1..], System.Globalization.CultureInfo.InvariantCulture))];

    [Theory, OnSqlite, OnPostgres]
    public async Task Each_parameter_family_selects_exactly_the_events_it_names_whatever_form_the_values_take(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        // The warehouse's GLN and a dock below it with its own GLN: WD_ on the warehouse reaches the dock.
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("WH", "Warehouse", LocationKind.Warehouse, Gln: "0614141073467"), default);
        await locations.CreateAsync(new LocationInput("DOCK", "Dock", LocationKind.Zone, ParentCode: "WH", Gln: "0614141000029"), default);
        var captured = await new EpcisCapturing(db, clock).CaptureAsync(Document(Commissioned, Shipped, Packed, Transformed, Decommissioned),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.True(captured.Succeeded);
        var q = new EpcisQuerying(db);

        Assert.Equal([1, 2, 3, 4, 5], await Numbers(q));
        Assert.Equal(["https://id.gs1.org/414/0614141073467", "https://id.gs1.org/414/0614141073467/254/1234"],
            (await q.ValuesAsync(EpcisVocabularyList.BizLocations, 30, null, null, default)).Values);
        Assert.Equal([3, 4], await Numbers(q, "eventType=AggregationEvent|TransformationEvent"));
        Assert.Empty(await Numbers(q, "eventType=QuantityEvent"));
        Assert.Equal([2, 3], await Numbers(q, "GE_eventTime=2026-03-01T08:00:00.001Z", "LT_eventTime=2026-03-01T10:00:00+01:00"));
        Assert.Equal([1, 2, 3, 4, 5], await Numbers(q, "GE_recordTime=2026-03-02T09:00:00Z"));
        Assert.Empty(await Numbers(q, "LT_recordTime=2026-03-02T09:00:00Z"));
        Assert.Equal([1, 5], await Numbers(q, "EQ_action=ADD|DELETE", "eventType=ObjectEvent"));
        foreach (var shipping in new[] { "shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "urn:epcglobal:cbv:bizstep:shipping" })
        {
            Assert.Equal([2], await Numbers(q, "EQ_bizStep=" + shipping));
        }
        Assert.Equal([1, 2], await Numbers(q, "EQ_disposition=urn:epcglobal:cbv:disp:in_transit|active"));
        Assert.Equal([3], await Numbers(q, "EQ_readPoint=https://id.gs1.org/414/0614141000029"));
        Assert.Equal([2], await Numbers(q, "EQ_bizLocation=urn:epc:id:sgln:0614141.07346.0"));
        Assert.Equal([1, 2], await Numbers(q, "WD_bizLocation=urn:epc:id:sgln:0614141.07346.0"));
        Assert.Equal([3], await Numbers(q, "WD_readPoint=https://id.gs1.org/414/0614141073467"));
        Assert.Empty(await Numbers(q, "WD_readPoint=urn:epc:id:sgln:0614141.12345.0"));

        Assert.Equal([1, 3], await Numbers(q, "MATCH_epc=https://id.gs1.org/01/10614141073464/21/1001"));
        Assert.Equal([2], await Numbers(q, "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2001"));
        Assert.Equal([1, 2, 3], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*"));
        Assert.Equal([1, 2, 3, 4], await Numbers(q, "MATCH_anyEPC=https://id.gs1.org/01/10614141073464"));
        Assert.Equal([1, 4], await Numbers(q, "MATCH_anyEPC=urn:epc:id:sgtin:0614141.107346.1002"));
        Assert.Equal([3], await Numbers(q, "MATCH_parentID=https://id.gs1.org/00/106141412345678908"));
        Assert.Equal([4], await Numbers(q, "MATCH_inputEPC=urn:epc:id:sgtin:0614141.107346.1002"));
        Assert.Equal([4, 5], await Numbers(q, "MATCH_anyEPC=urn:epc:id:sgtin:0614141.107347.5"));
        Assert.Equal([4], await Numbers(q, "MATCH_outputEPC=urn:epc:id:sgtin:0614141.107347.5"));
        Assert.Equal([2], await Numbers(q, "MATCH_epcClass=https://id.gs1.org/01/10614141073464"));
        Assert.Equal([2, 4], await Numbers(q, "MATCH_anyEPCClass=https://id.gs1.org/01/10614141073464/10/LOT1"));
        Assert.Equal([4], await Numbers(q, "MATCH_inputEPCClass=urn:epc:idpat:sgtin:0614141.107346.*"));
        Assert.Equal([4], await Numbers(q, "MATCH_outputEPCClass=urn:epc:class:lgtin:0614141.107347.LOT9"));

        Assert.Equal([2], await Numbers(q, "GE_quantity=100"));
        Assert.Equal([4], await Numbers(q, "GT_quantity=5", "LE_quantity=10"));
        Assert.Equal([2], await Numbers(q, "EQ_quantity=200"));
        Assert.Equal([3, 5], await Numbers(q, "EQ_eventID=urn:uuid:00000000-0000-4000-8000-000000000003|urn:uuid:00000000-0000-4000-8000-000000000005"));
        Assert.Equal([2], await Numbers(q, "EQ_bizTransaction_urn:epcglobal:cbv:btt:po=https://id.gs1.org/253/0614141000012" + "1618034"));
        Assert.Empty(await Numbers(q, "EQ_bizTransaction_inv=urn:epc:id:gdti:0614141.00001.1618034"));
        Assert.Equal([2], await Numbers(q, "EQ_source_owning_party=https://id.gs1.org/417/0614141000012"));
        Assert.Equal([2], await Numbers(q, "EQ_destination_https://ref.gs1.org/cbv/SDT-owning_party=urn:epc:id:pgln:0614141.12345"));
        Assert.Empty(await Numbers(q, "EQ_destination_possessing_party=urn:epc:id:pgln:0614141.12345"));

        Assert.Equal([5, 4, 2, 3, 1], await Numbers(q, "orderBy=eventTime"));
        Assert.Equal([1, 3, 2], await Numbers(q, "orderBy=eventTime", "orderDirection=ASC", "eventCountLimit=3"));
        Assert.Equal([2, 3], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", "orderBy=eventTime", "maxEventCount=3", "perPage=2", "GE_eventTime=2026-03-01T08:15:00Z"));
        var tooLarge = await Assert.ThrowsAsync<DomainException>(() => q.EventsAsync(Query("MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", "maxEventCount=2"), default));
        Assert.Equal(("epcis.query_too_large", "maxEventCount"), (tooLarge.Code, tooLarge.Field));

        var one = await q.EventAsync("urn:uuid:00000000-0000-4000-8000-000000000004", null, default);
        Assert.Equal(EpcisEventType.TransformationEvent, EpcisQueryDocument.ReadStored(one.Json).Type);
        var missing = await Assert.ThrowsAsync<DomainException>(() => q.EventAsync("urn:uuid:nothing", null, default));
        Assert.Equal(("epcis.event_not_found", "eventID", ErrorKind.NotFound), (missing.Code, missing.Field, missing.Kind));

        Assert.Equal(["https://ref.gs1.org/cbv/BizStep-commissioning", "https://ref.gs1.org/cbv/BizStep-decommissioning"],
            (await q.ValuesAsync(EpcisVocabularyList.BizSteps, 2, null, null, default)).Values);
        var firstEpcs = await q.ValuesAsync(EpcisVocabularyList.Epcs, 4, null, null, default);
        var restEpcs = await q.ValuesAsync(EpcisVocabularyList.Epcs, 4, firstEpcs.NextPageToken, null, default);
        Assert.Equal(
        [
            "https://id.gs1.org/00/106141412345678908", "https://id.gs1.org/01/10614141073464/21/1001", "https://id.gs1.org/01/10614141073464/21/1002",
            "https://id.gs1.org/01/10614141073464/21/2001", "https://id.gs1.org/01/10614141073471/21/5",
        ], firstEpcs.Values.Concat(restEpcs.Values));
        Assert.Null(restEpcs.NextPageToken);
    }

    // EPC patterns down to the company prefix (TDS §8), for SGTINs, SSCCs and serialised GRAIs: every identifier of that
    // company, whatever its indicator or extension digit, and nothing of another company.
    [Theory, OnSqlite, OnPostgres]
    public async Task Patterns_of_a_company_prefix_match_every_key_of_that_company_and_nothing_else(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string Asset = """
            { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000006", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting",
              "eventTime": "2026-03-01T12:00:00Z", "eventTimeZoneOffset": "+00:00", "epcList": ["urn:epc:id:grai:0614141.12345.400", "urn:epc:id:sgtin:0614142.107346.7"] }
            """;
        var captured = await new EpcisCapturing(db, clock).CaptureAsync(Document(Commissioned, Shipped, Packed, Transformed, Decommissioned, Asset),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.True(captured.Succeeded, string.Join("; ", captured.Errors));
        var q = new EpcisQuerying(db);

        Assert.Equal([1, 2, 3, 5], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614141.*.*"));
        Assert.Equal([1, 2, 3, 4, 5], await Numbers(q, "MATCH_anyEPC=urn:epc:idpat:sgtin:0614141.*.*"));
        Assert.Equal([6], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614142.*.*"));
        Assert.Equal([1, 2, 3, 5, 6], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:*.*.*"));
        Assert.Equal([3], await Numbers(q, "MATCH_parentID=urn:epc:idpat:sscc:0614141.*"));
        Assert.Equal([3], await Numbers(q, "MATCH_parentID=urn:epc:idpat:sscc:*.*"));
        Assert.Empty(await Numbers(q, "MATCH_parentID=urn:epc:idpat:sscc:0614142.*"));
        Assert.Equal([6], await Numbers(q, "MATCH_epc=urn:epc:idpat:grai:0614141.12345.*"));
        Assert.Equal([6], await Numbers(q, "MATCH_epc=urn:epc:idpat:grai:0614141.*.*"));
        Assert.Empty(await Numbers(q, "MATCH_epc=urn:epc:idpat:grai:0614141.12346.*"));
    }

    // On a PostgreSQL database that sorts text as English does (ICU puts ':' before the digits), identifier ranges still
    // find what they should: the identifier columns compare byte by byte. A company prefix ending in 9 is the case a
    // language's order breaks.
    [Theory, OnPostgres]
    public async Task Pattern_ranges_find_their_keys_on_a_database_that_sorts_text_as_a_language(DbKind kind)
    {
        Assert.Equal(DbKind.Postgres, kind);
        await using var t = await TestDb.CreatePostgresInLanguageAsync("en");
        await using var db = t.NewContext();
        const string Nines = """
            { "eventID": "urn:uuid:00000000-0000-4000-8000-000000000007", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting",
              "eventTime": "2026-03-01T12:00:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:0614149.107346.7", "urn:epc:id:sscc:0614149.1234567890"],
              "readPoint": { "id": "urn:epc:id:sgln:0614141.07346.1234" } }
            """;
        var captured = await new EpcisCapturing(db, clock).CaptureAsync(Document(Commissioned, Nines), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.True(captured.Succeeded, string.Join("; ", captured.Errors));
        var q = new EpcisQuerying(db);

        Assert.Equal([7], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614149.*.*"));
        Assert.Equal([7], await Numbers(q, "MATCH_epc=urn:epc:idpat:sscc:0614149.*"));
        Assert.Equal([1], await Numbers(q, "MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*"));
        Assert.Equal([7], await Numbers(q, "WD_readPoint=urn:epc:id:sgln:0614141.07346.0"));
        Assert.Equal([1], await Numbers(q, "WD_bizLocation=urn:epc:id:sgln:0614141.07346.0"));
    }

    [Fact]
    public void An_SGLN_pattern_is_the_GLN_with_any_extension_or_every_GLN_of_its_company()
    {
        Assert.Equal(new EpcisPatterns.Ranges(["https://id.gs1.org/414/0614141073467"], ["https://id.gs1.org/414/0614141073467/"]),
            EpcisPatterns.Read("urn:epc:idpat:sgln:0614141.07346.*"), RangesEqual);
        Assert.Equal(new EpcisPatterns.Ranges([], ["https://id.gs1.org/414/0614141"]), EpcisPatterns.Read("urn:epc:idpat:sgln:0614141.*.*"), RangesEqual);
        Assert.Null(EpcisPatterns.Read("urn:epc:id:sgln:0614141.07346.0"));
        Assert.Null(EpcisPatterns.Read("urn:epc:idpat:sgtin:0614141.107346.*"));
    }

    static bool RangesEqual(EpcisPatterns.Ranges? a, EpcisPatterns.Ranges? b) =>
        a is not null && b is not null && a.Exact.SequenceEqual(b.Exact) && a.Prefixes.SequenceEqual(b.Prefixes);

    [Theory, OnSqlite, OnPostgres]
    public async Task Paging_across_three_pages_with_a_capture_between_pages_loses_and_repeats_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var capturing = new EpcisCapturing(db, clock);
        static string At(int minute, string serial) => $$"""
            { "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-03-01T08:{{minute:00}}:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"] }
            """;
        // Two events share a time, so that the keyset's tie on eventTime is broken by id.
        await capturing.CaptureAsync(Document(At(5, "1"), At(1, "2"), At(3, "3"), At(3, "4"), At(9, "5"), At(7, "6"), At(2, "7")),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        var q = new EpcisQuerying(db);
        string[] parameters = ["MATCH_epc=urn:epc:idpat:sgtin:0614141.107346.*", "orderBy=eventTime", "orderDirection=ASC", "perPage=3"];

        var first = await q.EventsAsync(Query(parameters), default);
        await capturing.CaptureAsync(Document(At(0, "8"), At(4, "9")), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        var second = await q.EventsAsync(Query([.. parameters, "nextPageToken=" + first.NextPageToken]), default);
        var third = await q.EventsAsync(Query([.. parameters, "nextPageToken=" + second.NextPageToken]), default);

        var times = first.Events.Concat(second.Events).Concat(third.Events).Select(e => e.EventTime.Minute).ToList();
        Assert.Equal([1, 2, 3, 3, 5, 7, 9], times);
        Assert.Equal(7, first.Events.Concat(second.Events).Concat(third.Events).Select(e => e.Id).Distinct().Count());
        Assert.Null(third.NextPageToken);
        Assert.Equal(9, (await q.EventsAsync(Query(parameters[0], "perPage=1000"), default)).Events.Count);

        var descending = await q.EventsAsync(Query("orderBy=eventTime", "perPage=4"), default);
        var rest = await q.EventsAsync(Query("orderBy=eventTime", "perPage=4", "nextPageToken=" + descending.NextPageToken), default);
        Assert.Equal([9, 7, 5, 4, 3, 3, 2, 1, 0], descending.Events.Concat(rest.Events).Select(e => e.EventTime.Minute).Concat(
            (await q.EventsAsync(Query("orderBy=eventTime", "perPage=4", "nextPageToken=" + rest.NextPageToken), default)).Events.Select(e => e.EventTime.Minute)));

        var tampered = first.NextPageToken![..^2] + (first.NextPageToken[^2] == 'A' ? "B" : "A") + first.NextPageToken[^1];
        var refused = await Assert.ThrowsAsync<DomainException>(() => q.EventsAsync(Query([.. parameters, "nextPageToken=" + tampered]), default));
        Assert.Equal(("epcis.query_parameter", "nextPageToken"), (refused.Code, refused.Field));
        var otherQuery = await Assert.ThrowsAsync<DomainException>(() => q.EventsAsync(Query("orderBy=eventTime", "nextPageToken=" + first.NextPageToken), default));
        Assert.Equal("nextPageToken", otherQuery.Field);
    }

    [Theory]
    [InlineData("EQ_colour=red", "EQ_colour")]
    [InlineData("GE_eventTime=2026-03-01T08:00:00", "GE_eventTime")]
    [InlineData("EQ_action=SHIP", "EQ_action")]
    [InlineData("EQ_bizStep=sightseeing", "EQ_bizStep")]
    [InlineData("MATCH_epc=urn:epc:id:sgtin:0614141.107346", "MATCH_epc")]
    [InlineData("EQ_quantity=lots", "EQ_quantity")]
    [InlineData("orderBy=colour", "orderBy")]
    [InlineData("orderDirection=UP", "orderDirection")]
    [InlineData("perPage=1001", "perPage")]
    [InlineData("eventCountLimit=0", "eventCountLimit")]
    [InlineData("EQ_source_owner=urn:epc:id:pgln:0614141.00001", "EQ_source_owner")]
    [InlineData("EQ_readPoint=", "EQ_readPoint")]
    public void A_bad_parameter_is_refused_naming_the_parameter(string pair, string field)
    {
        var e = Assert.Throws<DomainException>(() => Query(pair));
        Assert.Equal(("epcis.query_parameter", field, ErrorKind.BadInput), (e.Code, e.Field, e.Kind));
    }

    [Fact]
    public void Both_eventCountLimit_and_maxEventCount_are_refused()
    {
        var e = Assert.Throws<DomainException>(() => Query("eventCountLimit=2", "maxEventCount=2"));
        Assert.Equal("maxEventCount", e.Field);
    }
}

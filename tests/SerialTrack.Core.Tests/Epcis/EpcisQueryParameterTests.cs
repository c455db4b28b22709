using SerialTrack.Core.Epcis;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

// The parameters on fields without a column (ILMD, sensor data, extensions, errorDeclaration, persistentDisposition,
// transformationID), against the conformance document that carries every field and a plain event that carries none.
public sealed class EpcisQueryParameterTests
{
    readonly TestClock clock = new();
    const string Rich = "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8";
    const string Plain = "urn:uuid:00000000-0000-4000-8000-000000000001";

    static EpcisQuery Query(params string[] pairs) =>
        EpcisQuery.Parse(pairs.Select(p => p.Split('=', 2)).Select(p => KeyValuePair.Create(p[0], p[1])));

    static async Task<List<string>> Ids(EpcisQuerying q, params string[] pairs) =>
        [.. (await q.EventsAsync(Query(pairs), default)).Events.Select(e => e.EventId)];

    [Theory, OnSqlite, OnPostgres]
    public async Task Ilmd_sensor_extension_and_error_parameters_select_the_event_that_carries_the_value_and_only_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var capturing = new EpcisCapturing(db, clock);
        var fixture = await File.ReadAllTextAsync(EpcisFiles.Path("epcis-fixtures/EPCIS/JSON/Capture/Documents/ObjectEvent_all_possible_fields.json"));
        Assert.True((await capturing.CaptureAsync(fixture, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, new Actor(null, "partner"), default)).Succeeded);
        Assert.True((await capturing.CaptureAsync($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [
                { "eventID": "{{Plain}}", "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-03-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
                  "epcList": ["urn:epc:id:sgtin:0614141.107346.1001"] } ] } }
            """, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, new Actor(null, "partner"), default)).Succeeded);
        var q = new EpcisQuerying(db);

        string[][] selecting =
        [
            ["EQ_ILMD_urn:epcglobal:cbv:mda#lotNumber=ABC123"],
            ["EQ_ILMD_cbvmda:lotNumber=XYZ|ABC123"],
            ["GT_ILMD_http://example.com/ext1/float=19.5", "LE_ILMD_http://example.com/ext1/#float=20"],
            ["GE_ILMD_http://example.com/ext1/time=2013-06-08T16:58:56.591+02:00"],
            ["EXISTS_ILMD_cbvmda:countryOfOrigin="],
            ["EQ_INNER_ILMD_http://example.com/ext3/string=stringInObjectInObject"],
            ["EXISTS_INNER_ILMD_http://example.com/ext2/int="],
            ["EQ_http://example.com/ext1/int=10.0"],
            ["EQ_INNER_http://example.com/ext2/string=stringInObject"],
            ["EQ_SENSORELEMENT_http://example.com/ext1/default=stringAsDefaultValue"],
            ["EQ_SENSORMETADATA_http://example.com/ext1/someFurtherMetadata=someText"],
            ["EXISTS_SENSORREPORT_http://example.com/ext1/someFurtherReportData="],
            ["EQ_type=Temperature", "GT_value=25", "EQ_uom=CEL"],
            ["EQ_type=gs1:Temperature", "GE_minValue=26", "LT_maxValue=26.5", "LE_meanValue=13.2", "LT_sDev=0.2", "EQ_percRank=50", "GT_percValue=12"],
            ["EQ_deviceID=urn:epc:id:giai:4000001.111", "EQ_dataProcessingMethod=https://example.com/253/4012345000054987"],
            ["EQ_bizRules=https://example.com/253/4012345000054987"],
            ["EQ_microorganism=https://www.ncbi.nlm.nih.gov/taxonomy/1126011", "EQ_chemicalSubstance=https://identifiers.org/inchikey:CZMRCDWAGMRECN-UGDNZRGBSA-N"],
            ["EQ_stringValue=SomeString", "EQ_booleanValue=true", "EQ_hexBinaryValue=F0F0F0", "EQ_uriValue=https://id.gs1.org/8004/4000001111"],
            ["GE_time=2019-07-19T13:00:00Z", "LT_time=2019-07-19T13:00:01Z"],
            ["EXISTS_errorDeclaration="],
            ["EQ_errorReason=urn:epcglobal:cbv:er:incorrect_data"],
            ["EQ_correctiveEventID=ni:///sha-256;fec9667280c4710a3fa9558b7bc8ddc2ced0dc442d87f82becae24bb6ca6a46f?ver=CBV2.0"],
            ["EQ_persistentDisposition_set=completeness_verified"],
            ["EQ_persistentDisposition_unset=https://ref.gs1.org/cbv/Disp-completeness_inferred"],
        ];
        foreach (var parameters in selecting)
        {
            Assert.True((await Ids(q, parameters)).SequenceEqual([Rich]), string.Join("&", parameters));
        }

        string[][] selectingNothing =
        [
            ["EQ_ILMD_cbvmda:lotNumber=abc123"],
            ["GT_ILMD_http://example.com/ext1/float=20"],
            ["EQ_ILMD_http://example.com/ext3/string=stringInObjectInObject"],
            ["EQ_type=Humidity"],
            ["EQ_type=Temperature", "GT_value=30"],
            ["EQ_booleanValue=false"],
            ["LT_time=2019-07-19T13:00:00Z"],
            ["EQ_errorReason=did_not_occur"],
            ["EQ_persistentDisposition_set=completeness_inferred"],
            ["EQ_transformationID=urn:uuid:nothing"],
        ];
        foreach (var parameters in selectingNothing)
        {
            Assert.True((await Ids(q, parameters)).Count == 0, string.Join("&", parameters));
        }
        Assert.Equal([Rich, Plain], await Ids(q));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_filter_on_the_stored_event_pages_through_every_match_without_dropping_one(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        // Matches and misses interleaved, so each page must read past events that do not match.
        var events = Enumerable.Range(1, 9).Select(i => $$"""
            { "eventID": "urn:uuid:00000000-0000-4000-8000-00000000000{{i}}", "type": "TransformationEvent", "eventTime": "2026-03-01T08:0{{i}}:00Z",
              "eventTimeZoneOffset": "+00:00", "transformationID": "urn:uuid:{{(i % 3 == 0 ? "ab" : "cd")}}",
              "inputEPCList": ["urn:epc:id:sgtin:0614141.107346.{{i}}"] }
            """);
        Assert.True((await new EpcisCapturing(db, clock).CaptureAsync($$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, new Actor(null, "partner"), default)).Succeeded);
        var q = new EpcisQuerying(db);

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await q.EventsAsync(Query("EQ_transformationID=urn:uuid:ab", "perPage=1") with { NextPageToken = token }, default);
            seen.AddRange(page.Events.Select(e => e.EventId[^1..]));
            token = page.NextPageToken;
        }
        while (token is not null);

        Assert.Equal(["3", "6", "9"], seen);
    }

    [Theory]
    [InlineData("GT_ILMD_cbvmda:netWeight", "heavy")]
    [InlineData("EQ_booleanValue", "yes")]
    [InlineData("EQ_hexBinaryValue", "xyz")]
    [InlineData("GE_minValue", "cold")]
    [InlineData("GE_time", "yesterday")]
    [InlineData("EQ_errorReason", "oops")]
    [InlineData("EQ_persistentDisposition_set", "in_transport")]
    [InlineData("EQ_ILMD_lotNumber", "ABC123")]
    [InlineData("EQ_ILMD_cbvmda:lotNumber", "")]
    public void A_malformed_parameter_is_refused_naming_it(string name, string value)
    {
        var e = Assert.Throws<DomainException>(() => EpcisQuery.Parse([KeyValuePair.Create(name, value)]));

        Assert.Equal(("epcis.query_parameter", name, ErrorKind.BadInput), (e.Code, e.Field, e.Kind));
    }
}

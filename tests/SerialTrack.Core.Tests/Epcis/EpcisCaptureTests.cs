using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Epcis;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

public sealed class EpcisCaptureTests
{
    readonly TestClock clock = new();
    static readonly Actor Partner = new(null, "partner");

    static string Document(params string[] events) => $$"""
        {
          "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "example": "http://ns.example.com/epcis/" }],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-01T10:00:00Z",
          "epcisBody": { "eventList": [{{string.Join(",", events)}}] }
        }
        """;

    static string Shipped(string serial, string? eventId = null, string bizStep = "shipping") => $$"""
        {
          {{(eventId is null ? "" : $"\"eventID\": \"{eventId}\",")}}
          "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "{{bizStep}}", "disposition": "in_transit",
          "eventTime": "2026-03-01T09:00:00.000+01:00", "eventTimeZoneOffset": "+01:00",
          "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"],
          "readPoint": { "id": "urn:epc:id:sgln:0614141.07346.1234" },
          "example:carrier": "ACME"
        }
        """;

    // POST /epcis/events takes the event alone, carrying its own @context.
    static string Alone(string serial) =>
        "{ \"@context\": [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\", { \"example\": \"http://ns.example.com/epcis/\" }]," + Shipped(serial).TrimStart()[1..];

    EpcisCapturing Capturing(Core.Data.SerialTrackDbContext db) => new(db, clock);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_captured_document_stores_every_event_with_its_hash_and_its_identifiers_in_canonical_form(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var result = await Capturing(db).CaptureAsync(Document(Shipped("2017", "urn:uuid:7e1d0c2a-1111-4a3b-9c1d-000000000001"), Shipped("2018")),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);

        Assert.True(result.Succeeded);
        Assert.Equal((2, 2, 0), (result.Job.EventCount, result.Job.StoredCount, result.Job.DuplicateCount));
        await using var check = t.NewContext();
        var stored = await check.EpcisEvents.OrderBy(e => e.Id).ToListAsync();
        var expected = EpcisJsonReader.Read(Document(Shipped("2017"), Shipped("2018"))).Document.Events.Select(EpcisEventHash.Compute).ToList();
        Assert.Equal(expected, stored.Select(e => e.EventHash));
        Assert.Equal(["urn:uuid:7e1d0c2a-1111-4a3b-9c1d-000000000001", expected[1]], stored.Select(e => e.EventId));
        Assert.All(stored, e => Assert.Equal(("https://ref.gs1.org/cbv/BizStep-shipping", "+01:00", clock.GetUtcNow(), result.Job.Id),
            (e.BizStep, e.EventTimeZoneOffset, e.RecordTime, e.CaptureId)));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero), stored[0].EventTime);
        var epcs = await check.EpcisEventEpcs.Where(x => x.EventId == stored[0].Id).ToListAsync();
        Assert.Equal(("https://id.gs1.org/01/10614141073464/21/2017", EpcisEpcRole.Epc), (Assert.Single(epcs).Epc, epcs[0].Role));
        var job = await check.EpcisCaptures.SingleAsync();
        Assert.Equal((EpcisCaptureStatus.Succeeded, "partner"), (job.Status, job.Actor));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Capturing_the_same_events_again_stores_nothing_and_reports_each_as_a_duplicate(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capturing(db).CaptureAsync(Document(Shipped("1"), Shipped("2")), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);

        // The same content under another eventID is the same event: the hash ignores the eventID.
        var again = await Capturing(db).CaptureAsync(Document(Shipped("1"), Shipped("2", "urn:uuid:00000000-0000-4000-8000-000000000002"), Shipped("3")),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);

        Assert.True(again.Succeeded);
        Assert.Equal((3, 1, 2), (again.Job.EventCount, again.Job.StoredCount, again.Job.DuplicateCount));
        Assert.Equal(["epcis.duplicate", "epcis.duplicate", "epcis.stored"], again.Notes.Where(n => n.Code is "epcis.duplicate" or "epcis.stored").Select(n => n.Code));
        await using var check = t.NewContext();
        Assert.Equal(3, await check.EpcisEvents.CountAsync());
        Assert.Equal(3, await check.EpcisEventEpcs.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Under_rollback_one_invalid_event_stores_nothing_and_the_job_names_the_event_and_the_field(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var result = await Capturing(db).CaptureAsync(Document(Shipped("1"), Shipped("2", bizStep: "sightseeing")), EpcisBinding.Json,
            EpcisErrorBehaviour.Rollback, Partner, default);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal((1, "eventList[1].bizStep", EpcisErrorCodes.Vocabulary), (error.EventIndex, error.Field, error.Code));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.EpcisEvents.CountAsync());
        var job = await check.EpcisCaptures.SingleAsync();
        Assert.Equal((EpcisCaptureStatus.Failed, 0), (job.Status, job.StoredCount));
        Assert.Equal("eventList[1].bizStep", Assert.Single(EpcisCapturing.ErrorsOf(job)).Field);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Under_proceed_the_valid_events_are_stored_and_the_invalid_ones_reported(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var result = await Capturing(db).CaptureAsync(Document(Shipped("1"), Shipped("2", bizStep: "sightseeing"), Shipped("3")), EpcisBinding.Json,
            EpcisErrorBehaviour.Proceed, Partner, default);

        Assert.True(result.Succeeded);
        Assert.Equal((3, 2), (result.Job.EventCount, result.Job.StoredCount));
        Assert.Equal(1, Assert.Single(result.Errors).EventIndex);
        await using var check = t.NewContext();
        Assert.Equal(2, await check.EpcisEvents.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_eventID_already_stored_with_other_content_is_refused_and_nothing_of_the_document_is_stored(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string id = "urn:uuid:00000000-0000-4000-8000-0000000000aa";
        await Capturing(db).CaptureAsync(Document(Shipped("1", id)), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);

        var result = await Capturing(db).CaptureAsync(Document(Shipped("5"), Shipped("6", id)), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);

        Assert.False(result.Succeeded);
        Assert.Equal(("epcis.event_id_taken", "eventList[1].eventID"), (Assert.Single(result.Errors).Code, result.Errors[0].Field));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.EpcisEvents.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_single_event_is_stored_once_and_sending_it_again_is_a_conflict(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var stored = await Capturing(db).CaptureEventAsync(Alone("9"), EpcisBinding.Json, Partner, default);
        var again = await Assert.ThrowsAsync<DomainException>(() => Capturing(db).CaptureEventAsync(Alone("9"), EpcisBinding.Json, Partner, default));

        Assert.Equal(stored.EventHash, stored.EventId);
        Assert.Equal(("epcis.duplicate", ErrorKind.Conflict), (again.Code, again.Kind));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.EpcisEvents.CountAsync());
    }

    // One event sent alone is refused with every problem it has, each named as a field of that event.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_single_bad_event_is_refused_with_all_its_problems_named_as_its_own_fields(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var bad = Alone("9").Replace("\"OBSERVE\"", "\"OBSERV\"", StringComparison.Ordinal).Replace("\"shipping\"", "\"shippin\"", StringComparison.Ordinal);

        var refused = await Assert.ThrowsAsync<DomainException>(() => Capturing(db).CaptureEventAsync(bad, EpcisBinding.Json, Partner, default));

        Assert.Equal((ErrorKind.BadInput, "action"), (refused.Kind, refused.Field));
        Assert.Contains("OBSERV", refused.Message);
        Assert.Contains("shippin", refused.Message);
        Assert.DoesNotContain("eventList", refused.Message);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.EpcisEvents.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_body_that_is_not_an_EPCIS_document_is_refused_before_any_job_exists(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var error = await Assert.ThrowsAsync<DomainException>(() => Capturing(db).CaptureAsync("{ \"type\": ", EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default));

        Assert.Equal((EpcisErrorCodes.Structure, ErrorKind.BadInput), (error.Code, error.Kind));
        // A document with no event list is refused alike, in either binding.
        var noList = await Assert.ThrowsAsync<DomainException>(() => Capturing(db).CaptureAsync(
            "{ \"@context\": [\"https://ref.gs1.org/standards/epcis/epcis-context.jsonld\"], \"type\": \"EPCISDocument\", \"schemaVersion\": \"2.0\", \"creationDate\": \"2026-03-01T10:00:00Z\", \"epcisBody\": {} }",
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default));
        Assert.Equal(("epcisBody.eventList", ErrorKind.BadInput), (noList.Field, noList.Kind));
        var noXmlList = await Assert.ThrowsAsync<DomainException>(() => Capturing(db).CaptureAsync(
            "<epcis:EPCISDocument xmlns:epcis=\"urn:epcglobal:epcis:xsd:2\" schemaVersion=\"2.0\" creationDate=\"2026-03-01T10:00:00Z\"><EPCISBody/></epcis:EPCISDocument>",
            EpcisBinding.Xml, EpcisErrorBehaviour.Rollback, Partner, default));
        Assert.Equal(ErrorKind.BadInput, noXmlList.Kind);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.EpcisCaptures.CountAsync());
    }

    // The XML twin of a JSON fixture is the same events: captured second, every one is a duplicate.
    [Theory, OnSqlite, OnPostgres]
    public async Task The_XML_twin_of_a_captured_JSON_document_is_recognised_as_the_same_events(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var folder = "epcis-fixtures/EPCIS/{0}/Capture/Documents/AggregationEvent_all_possible_fields.{1}";

        var json = await Capturing(db).CaptureAsync(await File.ReadAllTextAsync(EpcisFiles.Path(string.Format(folder, "JSON", "json"))), EpcisBinding.Json,
            EpcisErrorBehaviour.Rollback, Partner, default);
        var xml = await Capturing(db).CaptureAsync(await File.ReadAllTextAsync(EpcisFiles.Path(string.Format(folder, "XML", "xml"))), EpcisBinding.Xml,
            EpcisErrorBehaviour.Rollback, Partner, default);

        Assert.True(json.Succeeded, string.Join("; ", json.Errors));
        Assert.True(json.Job.StoredCount > 0);
        Assert.True(xml.Succeeded, string.Join("; ", xml.Errors));
        Assert.Equal((0, json.Job.StoredCount), (xml.Job.StoredCount, xml.Job.DuplicateCount));
    }
}

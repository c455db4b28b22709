using SerialTrack.Core.Epcis;

namespace SerialTrack.Core.Tests.Epcis;

public class EpcisValidationTests
{
    private static string Document(string eventJson) => """
        {"@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", {"ex": "https://ns.example.com/"}],
         "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-07-22T10:30:00Z",
         "epcisBody": {"eventList": [
        """ + eventJson + "]}}";

    private const string Shipped = """
        "type": "ObjectEvent", "eventTime": "2026-07-22T06:45:00+02:00", "eventTimeZoneOffset": "+02:00",
        "epcList": ["urn:epc:id:sgtin:0614141.107346.2018"], "action": "OBSERVE"
        """;

    [Fact]
    public void Every_problem_is_reported_with_the_event_and_the_field_not_only_the_first()
    {
        var json = Document("""
            {"type": "ObjectEvent", "eventID": "urn:uuid:1", "eventTime": "22-07-2026", "eventTimeZoneOffset": "+02:00",
             "epcList": ["urn:epc:id:sgtin:0614141.107346.2018"], "action": "CREATE", "bizStep": "transforming",
             "ilmd": {"materialType": "soil"}}
            """);

        var errors = EpcisValidator.Validate(EpcisJsonReader.Read(json));

        Assert.Equal(
            ["eventList[0].action", "eventList[0].bizStep", "eventList[0].eventTime", "eventList[0].ilmd.materialType"],
            errors.Select(e => e.Field).Order());
        Assert.All(errors, e => Assert.Equal((0, "urn:uuid:1"), (e.EventIndex!.Value, e.EventId!)));
    }

    [Fact]
    public void The_three_forms_of_a_cbv_word_read_as_the_same_web_uri()
    {
        string[] forms = ["shipping", "https://ref.gs1.org/cbv/BizStep-shipping", "urn:epcglobal:cbv:bizstep:shipping"];

        var read = forms.Select(f => EpcisJsonReader.Read(Document("{" + Shipped + $", \"bizStep\": \"{f}\"}}")).Document.Events[0].BizStep);

        Assert.All(read, b => Assert.Equal("https://ref.gs1.org/cbv/BizStep-shipping", b));
    }

    [Fact]
    public void An_epc_with_a_wrong_check_digit_in_a_digital_link_is_refused_by_the_gs1_module()
    {
        var json = Document("""
            {"type": "ObjectEvent", "eventTime": "2026-07-22T06:45:00+02:00", "eventTimeZoneOffset": "+02:00",
             "epcList": ["https://id.gs1.org/01/09521141012346/21/2017"], "action": "OBSERVE"}
            """);

        var error = Assert.Single(EpcisValidator.Validate(EpcisJsonReader.Read(json)));

        Assert.Equal(("eventList[0].epcList[0]", EpcisErrorCodes.Identifier), (error.Field, error.Code));
        Assert.Contains("check digit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_event_as_epc_urn_and_as_digital_link_in_another_time_zone_has_the_same_hash()
    {
        var asUrn = EpcisJsonReader.Read(Document("{" + Shipped + "}")).Document.Events[0];
        var asLink = asUrn with
        {
            EpcList = ["https://id.gs1.org/01/10614141073464/21/2018"],
            EventTime = asUrn.EventTime!.Value.ToOffset(TimeSpan.FromHours(-5)),
        };

        Assert.Equal(EpcisEventHash.Compute(asUrn), EpcisEventHash.Compute(asLink));
        Assert.StartsWith("ni:///sha-256;", EpcisEventHash.Compute(asUrn), StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiers_remembered_for_a_capture_get_the_same_answers_as_without_memory()
    {
        string[] identifiers =
        [
            "urn:epc:id:sgtin:0614141.107346.2018", "urn:epc:id:sgtin:0614141.107346.2019", "urn:epc:id:sgtin:0614141.1073461.1",
            "https://example.com/01/09506000134352/21/X1", "urn:uuid:00000000-0000-4000-8000-000000000001", "urn:epc:id:sscc:0614141.1234567890",
        ];
        var plain = identifiers.Select(i => (EpcisIdentifiers.Canonical(i), EpcisIdentifiers.Problem(i), EpcisIdentifiers.ElementsOf(i)?.ToBracketed())).ToList();

        List<(string, string?, string?)> remembered;
        using (EpcisIdentifiers.Remember())
        {
            // Twice: the second round is answered from memory.
            _ = identifiers.Select(i => (EpcisIdentifiers.Canonical(i), EpcisIdentifiers.Problem(i), EpcisIdentifiers.ElementsOf(i))).ToList();
            remembered = [.. identifiers.Select(i => (EpcisIdentifiers.Canonical(i), EpcisIdentifiers.Problem(i), EpcisIdentifiers.ElementsOf(i)?.ToBracketed()))];
        }

        Assert.Equal(plain, remembered);
        Assert.NotNull(plain[2].Item2);
        Assert.Equal("https://id.gs1.org/01/10614141073464/21/2018", plain[0].Item1);
    }
}

using SerialTrack.Core.Epcis;
using SerialTrack.Core.Gs1;
using static SerialTrack.Core.Tests.Epcis.EpcisFixtureTests;

namespace SerialTrack.Core.Tests.Epcis;

// Every valid conformance document (106 files: 52 JSON, 54 XML) written back by SerialTrack reads into the same
// model and the same event hashes, in either binding and with its GS1 keys converted.
public class EpcisWriterTests
{
    private const string Json = "epcis-fixtures/EPCIS/JSON/";
    private const string Xml = "epcis-fixtures/EPCIS/XML/";

    // A fallback length is enough here: any split of the key gives a valid EPC URN of the same GS1 key.
    private static readonly EpcisWriterOptions ToUrn = new()
    {
        EpcFormat = EpcFormat.AlwaysEpcUrn,
        CompanyPrefixes = new Gs1CompanyPrefixes(new Gs1CompanyPrefixOptions { FallbackLength = 7 }),
    };

    private static readonly EpcisWriterOptions ToDigitalLink = new() { EpcFormat = EpcFormat.AlwaysDigitalLink };

    [Theory]
    [EpcisFiles(Json + "Capture/Documents", "*.json")]
    [EpcisFiles(Json + "Capture/Events", "*.json")]
    [EpcisFiles(Json + "Query", "*.json")]
    [EpcisFiles(Xml + "Capture/Documents", "*.xml")]
    [EpcisFiles(Xml + "Capture/Events", "*.xml")]
    [EpcisFiles(Xml + "Query", "*.xml")]
    [EpcisFiles(Xml + "Query/Documents", "*.xml")]
    public void A_valid_document_written_as_json_reads_back_into_the_same_events_and_hashes(string file)
    {
        var original = Read(file).Document;

        var written = EpcisJsonReader.Read(EpcisJsonWriter.Write(original));

        AssertSame(original, written);
    }

    [Theory]
    [EpcisFiles(Json + "Capture/Documents", "*.json")]
    [EpcisFiles(Json + "Capture/Events", "*.json")]
    [EpcisFiles(Json + "Query", "*.json")]
    [EpcisFiles(Xml + "Capture/Documents", "*.xml")]
    [EpcisFiles(Xml + "Capture/Events", "*.xml")]
    [EpcisFiles(Xml + "Query", "*.xml")]
    [EpcisFiles(Xml + "Query/Documents", "*.xml")]
    public void A_valid_document_written_as_xml_reads_back_into_the_same_events_and_hashes(string file)
    {
        var original = Read(file).Document;

        var written = EpcisXmlReader.Read(EpcisXmlWriter.Write(original));

        AssertSame(original, written);
    }

    [Theory]
    [EpcisFiles(Xml + "Capture/Documents", "*.xml")]
    [EpcisFiles(Xml + "Capture/Events", "*.xml")]
    [EpcisFiles(Xml + "Query", "*.xml")]
    [EpcisFiles(Xml + "Query/Documents", "*.xml")]
    public void An_xml_document_written_as_json_and_back_as_xml_reads_into_the_same_events(string file)
    {
        var original = Read(file).Document;

        var json = EpcisJsonReader.Read(EpcisJsonWriter.Write(original)).Document;
        var back = EpcisXmlReader.Read(EpcisXmlWriter.Write(json));

        AssertSame(original, back);
    }

    [Theory]
    [EpcisFiles(Json + "Capture/Documents", "*.json")]
    [EpcisFiles(Json + "Capture/Events", "*.json")]
    [EpcisFiles(Json + "Query", "*.json")]
    [EpcisFiles(Xml + "Capture/Documents", "*.xml")]
    [EpcisFiles(Xml + "Capture/Events", "*.xml")]
    [EpcisFiles(Xml + "Query", "*.xml")]
    [EpcisFiles(Xml + "Query/Documents", "*.xml")]
    public void A_document_written_with_digital_links_or_epc_urns_reads_back_valid_with_the_same_hashes(string file)
    {
        var original = Read(file).Document;

        foreach (var (options, text, read) in new (EpcisWriterOptions, Func<EpcisDocument, EpcisWriterOptions, string>, Func<string, EpcisReading>)[]
                 {
                     (ToDigitalLink, EpcisJsonWriter.Write, EpcisJsonReader.Read),
                     (ToUrn, EpcisJsonWriter.Write, EpcisJsonReader.Read),
                     (ToDigitalLink, EpcisXmlWriter.Write, EpcisXmlReader.Read),
                     (ToUrn, EpcisXmlWriter.Write, EpcisXmlReader.Read),
                 })
        {
            var converted = read(text(original, options));

            var errors = EpcisValidator.Validate(converted).Where(e => !IsKnownFixtureDefect(file, e)).ToList();
            Assert.True(errors.Count == 0, options.EpcFormat + ":\n" + string.Join("\n", errors));
            Assert.Equal(Hashes(original, original), Hashes(converted.Document, original));
        }
    }

    // The event-hash vectors: the written documents keep every event's published hash, in both bindings. A repository's
    // ignoreFields declaration is not written back (it is the reading repository's bookkeeping), so the original's
    // list is applied to both.
    [Theory]
    [EpcisFiles("epcis-hash-vectors/examples", "*.jsonld")]
    [EpcisFiles("epcis-hash-vectors/examples", "*.xml")]
    public void A_hash_vector_document_written_as_json_and_as_xml_keeps_the_published_hashes(string file)
    {
        var text = File.ReadAllText(EpcisFiles.Path(file));
        var original = (file.EndsWith(".xml", StringComparison.Ordinal) ? EpcisXmlReader.Read(text) : EpcisJsonReader.Read(text)).Document;
        var expected = File.ReadAllLines(EpcisFiles.Path(Path.ChangeExtension(file, ".hashes"))).Where(l => l.Length > 0).ToList();

        Assert.Equal(expected, Hashes(EpcisJsonReader.Read(EpcisJsonWriter.Write(original)).Document, original));
        Assert.Equal(expected, Hashes(EpcisXmlReader.Read(EpcisXmlWriter.Write(original)).Document, original));
    }

    // User extensions come back as they were sent: a JSON number or boolean as one, a JSON string as a string even when
    // it looks like a number ("1E5", "007"), and XML text, which has no type, as a string.
    [Fact]
    public void Extension_values_keep_the_json_type_they_were_sent_with_and_xml_text_stays_text()
    {
        const string Json = """
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "ex": "https://ns.example.com/epcis/" }],
              "type": "ObjectEvent", "action": "OBSERVE", "eventTime": "2026-03-01T10:00:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
              "ex:code": "1E5", "ex:lot": "007", "ex:weight": 12.50, "ex:big": 1e5, "ex:sealed": true, "ex:flag": "true" }
            """;
        const string Xml = """
            <epcis:EPCISDocument xmlns:epcis="urn:epcglobal:epcis:xsd:2" xmlns:ex="https://ns.example.com/epcis/" schemaVersion="2.0" creationDate="2026-03-01T10:00:00Z">
              <EPCISBody><EventList><ObjectEvent>
                <eventTime>2026-03-01T10:00:00Z</eventTime><eventTimeZoneOffset>+00:00</eventTimeZoneOffset>
                <epcList><epc>urn:epc:id:sgtin:0614141.107346.2017</epc></epcList><action>OBSERVE</action>
                <ex:hex>1e5</ex:hex><ex:count>12</ex:count>
              </ObjectEvent></EventList></EPCISBody>
            </epcis:EPCISDocument>
            """;

        // The writer chooses its own prefix for the namespace: members are found by their local name.
        static System.Text.Json.JsonElement Member(System.Text.Json.JsonElement e, string name) =>
            e.EnumerateObject().Single(p => p.Name.EndsWith(":" + name, StringComparison.Ordinal)).Value;
        using var fromJson = System.Text.Json.JsonDocument.Parse(EpcisJsonWriter.WriteEvent(EpcisJsonReader.Read(Json).Document.Events.Single()));
        var j = fromJson.RootElement;
        Assert.Equal(("1E5", "007", "true"), (Member(j, "code").GetString(), Member(j, "lot").GetString(), Member(j, "flag").GetString()));
        Assert.Equal(("12.50", "1e5"), (Member(j, "weight").GetRawText(), Member(j, "big").GetRawText()));
        Assert.Equal(System.Text.Json.JsonValueKind.True, Member(j, "sealed").ValueKind);

        using var fromXml = System.Text.Json.JsonDocument.Parse(EpcisJsonWriter.WriteEvent(EpcisXmlReader.Read(Xml).Document.Events.Single()));
        Assert.Equal(("1e5", "12"), (Member(fromXml.RootElement, "hex").GetString(), Member(fromXml.RootElement, "count").GetString()));
    }

    [Fact]
    public void Writing_with_digital_links_converts_epc_urns_and_leaves_other_identifiers_as_they_are()
    {
        var e = new EpcisEvent
        {
            Type = EpcisEventType.ObjectEvent,
            EventTime = DateTimeOffset.Parse("2026-07-22T06:45:00+02:00", System.Globalization.CultureInfo.InvariantCulture),
            EventTimeZoneOffset = "+02:00",
            Action = EpcisAction.Observe,
            EpcList = ["urn:epc:id:sgtin:0614141.107346.2017", "urn:uuid:6d4f1e0a-1111-4e4e-9a9a-000000000001"],
            QuantityList = [new EpcisQuantity("urn:epc:class:lgtin:4012345.012345.998877", 200, "KGM", [])],
            ReadPoint = new EpcisPlace("urn:epc:id:sgln:0614141.07346.1234", []),
        };

        var json = EpcisJsonWriter.WriteEvent(e, ToDigitalLink);
        var read = EpcisJsonReader.Read(json).Document.Events.Single();

        Assert.Equal(["https://id.gs1.org/01/10614141073464/21/2017", "urn:uuid:6d4f1e0a-1111-4e4e-9a9a-000000000001"], read.EpcList);
        Assert.Equal("https://id.gs1.org/01/04012345123456/10/998877", read.QuantityList!.Single().EpcClass);
        Assert.Equal("https://id.gs1.org/414/0614141073467/254/1234", read.ReadPoint!.Id);
        Assert.Equal(EpcisEventHash.Compute(e), EpcisEventHash.Compute(read));
    }

    [Fact]
    public void Writing_with_epc_urns_needs_the_company_prefix_and_keeps_a_digital_link_it_cannot_split()
    {
        var e = new EpcisEvent
        {
            Type = EpcisEventType.ObjectEvent,
            EventTime = DateTimeOffset.Parse("2026-07-22T06:45:00Z", System.Globalization.CultureInfo.InvariantCulture),
            EventTimeZoneOffset = "+00:00",
            Action = EpcisAction.Observe,
            EpcList = ["https://id.gs1.org/01/00614141073467/21/2017", "https://id.gs1.org/01/09506000134352/21/1"],
        };
        var options = new EpcisWriterOptions
        {
            EpcFormat = EpcFormat.AlwaysEpcUrn,
            CompanyPrefixes = new Gs1CompanyPrefixes(new Gs1CompanyPrefixOptions { Prefixes = ["0614141"] }),
        };

        var read = EpcisXmlReader.Read(EpcisXmlWriter.Write(new EpcisDocument(EpcisDocumentKind.SingleEvent, null, null, [e]), options));

        Assert.Equal(["urn:epc:id:sgtin:0614141.007346.2017", "https://id.gs1.org/01/09506000134352/21/1"], read.Document.Events.Single().EpcList);
    }

    [Fact]
    public async Task A_streamed_document_declares_a_namespace_first_met_in_an_event_in_that_event()
    {
        var ns = "https://example.com/epcis/";
        EpcisEvent Event(int i) => new()
        {
            Type = EpcisEventType.ObjectEvent,
            EventTime = DateTimeOffset.UnixEpoch.AddDays(i),
            EventTimeZoneOffset = "+00:00",
            Action = EpcisAction.Observe,
            EpcList = ["urn:uuid:6d4f1e0a-1111-4e4e-9a9a-00000000000" + i],
            Extensions = [new EpcisExtension(ns, "note", "n" + i, [])],
        };
        using var stream = new MemoryStream();

        await using (var writer = await EpcisJsonWriter.StartAsync(stream, EpcisDocumentKind.Document, DateTimeOffset.UnixEpoch))
        {
            await writer.WriteAsync(Event(1));
            await writer.WriteAsync(Event(2));
            await writer.FinishAsync();
        }

        var reading = EpcisJsonReader.Read(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Empty(EpcisValidator.Validate(reading));
        Assert.Equal(["n1", "n2"], reading.Document.Events.Select(e => e.Extensions.Single(x => x.Namespace == ns).Value));
    }

    private static void AssertSame(EpcisDocument original, EpcisReading written)
    {
        Assert.True(written.Errors.Count == 0, string.Join("\n", written.Errors));
        Assert.Equal(original.Kind, written.Document.Kind);
        Assert.Equal(Dump(original.Events), Dump(written.Document.Events));
        Assert.Equal(Hashes(original, original), Hashes(written.Document, original));
    }

    // The written document does not repeat a repository's ignoreFields declaration: the original's applies to both.
    private static List<string> Hashes(EpcisDocument document, EpcisDocument original) =>
        [.. document.Events.Select(e => EpcisEventHash.Compute(e, original.HashIgnoredFields))];
}

namespace SerialTrack.Core.Epcis;

// The answer to a query (EPCIS 2.0 REST binding: an EPCISQueryDocument whose queryResults.resultsBody.eventList holds the
// events). The repository stores each event as a standalone JSON-LD object (EpcisJsonWriter.WriteEvent); an answer reads
// them back into the model and writes them again, so that GS1-EPC-Format and the XML binding apply to stored events too.
public static class EpcisQueryDocument
{
    public const string SimpleEventQuery = "SimpleEventQuery";

    public static string Write(string queryName, IEnumerable<string> storedEvents, DateTimeOffset creationDate, EpcisWriterOptions options, bool xml)
    {
        var document = new EpcisDocument(EpcisDocumentKind.QueryDocument, "2.0", creationDate, [.. storedEvents.Select(ReadStored)]);
        var o = options with { QueryName = queryName };
        return xml ? EpcisXmlWriter.Write(document, o) : EpcisJsonWriter.Write(document, o);
    }

    // The filters that have no column (quantities, business transactions, sources, destinations) read the stored event.
    public static EpcisEvent ReadStored(string json) =>
        EpcisJsonReader.Read(json).Document.Events is [var e] ? e : throw new InvalidOperationException("A stored EPCIS event does not read back as one event.");
}

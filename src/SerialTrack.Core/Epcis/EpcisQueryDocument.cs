using System.Text;
using System.Text.Json;

namespace SerialTrack.Core.Epcis;

// The answer to a query (EPCIS 2.0 REST binding: an EPCISQueryDocument whose queryResults.resultsBody.eventList holds the
// events) around the events as the repository stores them. The stored form is EpcisEventJson's until the JSON-LD
// writer lands; these two functions are the only places the query side depends on it.
public static class EpcisQueryDocument
{
    public const string SimpleEventQuery = "SimpleEventQuery";

    public static string Write(string queryName, IEnumerable<string> storedEvents, DateTimeOffset creationDate)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("@context");
            w.WriteStringValue("https://ref.gs1.org/standards/epcis/epcis-context.jsonld");
            w.WriteEndArray();
            w.WriteString("type", "EPCISQueryDocument");
            w.WriteString("schemaVersion", "2.0");
            w.WriteString("creationDate", EpcisTime.Format(creationDate));
            w.WriteStartObject("epcisBody");
            w.WriteStartObject("queryResults");
            w.WriteString("queryName", queryName);
            w.WriteStartObject("resultsBody");
            w.WriteStartArray("eventList");
            foreach (var e in storedEvents)
            {
                w.WriteRawValue(e, skipInputValidation: true);
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The filters that have no column (quantities, business transactions, sources, destinations) read the stored event.
    public static EpcisEvent ReadStored(string json) =>
        JsonSerializer.Deserialize<EpcisEvent>(json) ?? throw new InvalidOperationException("A stored EPCIS event is empty.");
}

using System.Text.Json;

namespace SerialTrack.Core.Epcis;

// TEMPORARY until the JSON-LD writer lands: the stored form of one event.
internal static class EpcisEventJson
{
    public static string Write(EpcisEvent e) => JsonSerializer.Serialize(e);
}

using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 REST binding, the GS1-EPC-Format header: which form GS1 keys take in a response.
public enum EpcFormat
{
    NoPreference,
    AlwaysDigitalLink,
    AlwaysEpcUrn,
}

public sealed record EpcisWriterOptions
{
    public static readonly EpcisWriterOptions Default = new();

    // NoPreference writes every identifier as it is stored.
    public EpcFormat EpcFormat { get; init; } = EpcFormat.NoPreference;

    // Needed to write a Digital Link as an EPC URN: the URN splits the key at the end of the GS1 Company Prefix,
    // which the Digital Link does not show. Without a matching prefix the identifier stays a Digital Link.
    public IGs1CompanyPrefixes? CompanyPrefixes { get; init; }

    public string DigitalLinkStem { get; init; } = DigitalLink.DefaultStem;

    // EPCISQueryDocument only: the query the results answer, and the subscription that delivered them.
    public string QueryName { get; init; } = "SimpleEventQuery";

    public string? SubscriptionId { get; init; }

    public bool Indented { get; init; }

    // Reads the header value; null when it is none of the three the standard names.
    public static EpcFormat? ParseEpcFormat(string? header) => header?.Trim() switch
    {
        null or "" or "No_Preference" => EpcFormat.NoPreference,
        "Always_GS1_Digital_Link" => EpcFormat.AlwaysDigitalLink,
        "Always_EPC_URN" => EpcFormat.AlwaysEpcUrn,
        _ => null,
    };

    // GS1 keys in the form asked for, through the GS1 module (EPC URN <-> element string <-> Digital Link). A value
    // that cannot be converted (not a GS1 key, a scheme EPC URNs cannot write, a Digital Link with attributes the URN
    // would drop, no known company prefix) is written as it is.
    internal string Epc(string value)
    {
        switch (EpcFormat)
        {
            case EpcFormat.AlwaysDigitalLink when value.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase):
                return EpcUrn.TryToElementString(value, out var fromUrn, out _) && DigitalLink.TryCreate(fromUrn, DigitalLinkStem, out var uri, out _)
                    ? uri
                    : value;
            case EpcFormat.AlwaysEpcUrn when CompanyPrefixes is not null && value.StartsWith("http", StringComparison.OrdinalIgnoreCase):
                if (!DigitalLink.TryParse(value, out var link, out _) || link.OtherQueryParameters.Count > 0 ||
                    !EpcUrn.TryFromElementString(link.ElementString, CompanyPrefixes, null, out var urn, out _) ||
                    !EpcUrn.TryToElementString(urn, out var back, out _) ||
                    !back.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal).SequenceEqual(link.ElementString.Elements.OrderBy(e => e.Ai, StringComparer.Ordinal)))
                {
                    return value;
                }

                return urn;
            default:
                return value;
        }
    }
}

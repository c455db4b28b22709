using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 §8.3: an identifier is any absolute URI; EPC URNs and GS1 Digital Link URIs are checked by the GS1 module
// (company prefix lengths, check digits, AI syntax), other URIs (urn:uuid:, geo:, private URLs) pass as they are.
public static class EpcisIdentifiers
{
    public static string? Problem(string value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            return EpcUrn.TryToElementString(value, out _, out var error) ? null : $"'{value}' is not a valid EPC URI: {error.Message}";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out _))
        {
            return $"'{value}' is not an absolute URI";
        }

        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // A web URI with no GS1 key path is a private identifier, not a malformed Digital Link.
            return DigitalLink.TryParse(value, out _, out var error) || error.Message.Contains("no GS1 primary key", StringComparison.Ordinal)
                ? null
                : $"'{value}' is not a valid GS1 Digital Link URI: {error.Message}";
        }

        return null;
    }

    // CBV 2.0 §8.9.3 (event hash): a GS1 key is written as a constrained canonical Digital Link — id.gs1.org, the key
    // and its key qualifiers only, no query string — whether it was sent as an EPC URN, an EPC class or pattern URI, or
    // a Digital Link on another domain. Anything else is returned unchanged.
    public static string Canonical(string value)
    {
        ElementString? elements = null;
        if (value.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            elements = EpcUrn.TryToElementString(value, out var fromUrn, out _) ? fromUrn : null;
        }
        else if (value.StartsWith("http", StringComparison.OrdinalIgnoreCase) && DigitalLink.TryParse(value, out var link, out _))
        {
            elements = link.ElementString;
        }

        if (elements is null || !DigitalLink.TryCreate(elements, DigitalLink.DefaultStem, out var uri, out _))
        {
            return value;
        }

        var query = uri.IndexOf('?');
        return query < 0 ? uri : uri[..query];
    }
}

using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 §8.3: an identifier is any absolute URI; EPC URNs and GS1 Digital Link URIs are checked by the GS1 module
// (company prefix lengths, check digits, AI syntax), other URIs (urn:uuid:, geo:, private URLs) pass as they are.
public static class EpcisIdentifiers
{
    // A capture reads each EPC four times (validation, event hash, identifier index, the unit it names), and parsing
    // an EPC URN with its GS1 checks was a quarter of a capture's time: within Remember(), answers are kept. Scoped to
    // one piece of work rather than process-wide, so what is kept dies young (a process-wide cache slowed capture down
    // through the garbage collector) and never grows past one document's identifiers.
    sealed class Memo
    {
        public readonly Dictionary<string, (ElementString? Elements, string? Error)> Urns = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string> Canonicals = new(StringComparer.Ordinal);
    }

    static readonly AsyncLocal<Memo?> Current = new();

    // Keeps parsed identifiers until disposed; for the current flow of work only.
    public static IDisposable Remember()
    {
        var outer = Current.Value;
        Current.Value ??= new Memo();
        return new Forget(outer);
    }

    sealed class Forget(Memo? outer) : IDisposable
    {
        public void Dispose() => Current.Value = outer;
    }

    static (ElementString? Elements, string? Error) Urn(string value)
    {
        var memo = Current.Value;
        if (memo is not null && memo.Urns.TryGetValue(value, out var known))
        {
            return known;
        }
        (ElementString?, string?) answer = EpcUrn.TryToElementString(value, out var elements, out var error) ? (elements, null) : (null, error.Message);
        memo?.Urns.TryAdd(value, answer);
        return answer;
    }

    public static string? Problem(string value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            return Urn(value).Error is { } error ? $"'{value}' is not a valid EPC URI: {error}" : null;
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

    // The GS1 element string an EPC URN or a Digital Link (short AI names too) stands for; null for any other URI.
    public static ElementString? ElementsOf(string value)
    {
        if (value.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            return Urn(value).Elements;
        }
        return value.StartsWith("http", StringComparison.OrdinalIgnoreCase) &&
               (DigitalLink.TryParse(value, out var link, out _) || DigitalLink.TryParse(WithoutShortNames(value), out link, out _))
            ? link.ElementString
            : null;
    }

    // CBV 2.0 §8.9.3 (event hash): a GS1 key is written as a constrained canonical Digital Link — id.gs1.org, the key
    // and its key qualifiers only, no query string — whether it was sent as an EPC URN, an EPC class or pattern URI, or
    // a Digital Link on another domain. Anything else is returned unchanged.
    public static string Canonical(string value)
    {
        var memo = Current.Value;
        if (memo is not null && memo.Canonicals.TryGetValue(value, out var known))
        {
            return known;
        }
        var answer = CanonicalOf(value);
        memo?.Canonicals.TryAdd(value, answer);
        return answer;
    }

    static string CanonicalOf(string value)
    {
        var elements = ElementsOf(value);
        if (elements is null || !DigitalLink.TryCreate(elements, DigitalLink.DefaultStem, out var uri, out _))
        {
            return value;
        }

        var query = uri.IndexOf('?');
        var path = (query < 0 ? uri : uri[..query])[DigitalLink.DefaultStem.Length..].Split('/');
        for (var i = 2; i < path.Length; i += 2)
        {
            path[i] = HashEscape(Uri.UnescapeDataString(path[i]));
        }

        return DigitalLink.DefaultStem + string.Join('/', path);
    }

    // The event hash percent-encodes exactly the characters GS1 Digital Link §7.1 Table 7-1 requires (and those EPC
    // URIs escape), no more: "6789%2F%26%25%22%21%3F%28%29", but an apostrophe stays as it is.
    private static string HashEscape(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if ("!\"#%&()*+,/:<>? ".Contains(c))
            {
                sb.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    // GS1 Digital Link 1.1 allowed short names for the primary keys and qualifiers (/gtin/…/ser/…); 1.2 dropped them.
    private static readonly Dictionary<string, string> ShortNames = new(StringComparer.Ordinal)
    {
        ["gtin"] = "01",
        ["itip"] = "8006",
        ["cpv"] = "22",
        ["lot"] = "10",
        ["ser"] = "21",
        ["sscc"] = "00",
        ["gln"] = "414",
        ["party"] = "417",
        ["gsrn"] = "8018",
        ["gsrnp"] = "8017",
        ["grai"] = "8003",
        ["giai"] = "8004",
        ["gdti"] = "253",
        ["gsin"] = "402",
        ["ginc"] = "401",
        ["cpid"] = "8010",
        ["cpsn"] = "8011",
        ["glnx"] = "254",
        ["gcn"] = "255",
        ["upui"] = "235",
    };

    private static string WithoutShortNames(string uri)
    {
        var query = uri.IndexOf('?') is var q and >= 0 ? q : uri.Length;
        var segments = uri[..query].Split('/');
        for (var i = 3; i < segments.Length; i++)
        {
            if (ShortNames.TryGetValue(segments[i], out var ai))
            {
                segments[i] = ai;
            }
        }

        return string.Join('/', segments) + uri[query..];
    }
}

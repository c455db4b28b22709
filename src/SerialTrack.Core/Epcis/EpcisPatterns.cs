using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Epcis;

// EPC pattern URIs (TDS 2.x §8) as ranges of the canonical Digital Link forms the identifier index holds: the
// identifiers a pattern matches are exactly those whose canonical form is one of Exact or starts with one of Prefixes.
// A GS1 company prefix never begins another, so "every key of company prefix P" is every key whose digits after the
// indicator (or extension) digit start with P: ten prefixes, one per indicator digit.
public static class EpcisPatterns
{
    public sealed record Ranges(IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes);

    const string Stem = DigitalLink.DefaultStem;

    // Null when the URI is not a pattern this reads; the caller then reads it as any other identifier.
    public static Ranges? Read(string uri)
    {
        if (!uri.StartsWith("urn:epc:idpat:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var rest = uri["urn:epc:idpat:".Length..];
        var colon = rest.IndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var f = rest[(colon + 1)..].Split('.');
        bool Prefix(int i) => f[i].Length is >= 6 and <= 12 && f[i].All(char.IsAsciiDigit);
        bool Digits(int i) => f[i].All(char.IsAsciiDigit);
        bool Any(int from) => f.Skip(from).All(x => x == "*");
        Ranges Starting(params string[] prefixes) => new([], prefixes);
        Ranges AnyIndicator(string ai, string companyPrefix, string lead = "") =>
            Starting([.. Enumerable.Range(0, 10).Select(d => $"{Stem}/{ai}/{lead}{d}{companyPrefix}")]);
        string Check(string digits) => digits + Gs1Linters.ComputeCheckDigit(digits);

        return (rest[..colon].ToLowerInvariant(), f.Length) switch
        {
            ("sgtin", 3) when Any(0) => Starting($"{Stem}/01/"),
            ("sgtin", 3) when Prefix(0) && Any(1) => AnyIndicator("01", f[0]),
            ("sscc", 2) when Any(0) => Starting($"{Stem}/00/"),
            ("sscc", 2) when Prefix(0) && Any(1) => AnyIndicator("00", f[0]),
            ("sgln", 3) when Any(0) => Starting($"{Stem}/414/"),
            ("sgln", 3) when Prefix(0) && Any(1) => Starting($"{Stem}/414/{f[0]}"),
            // A GLN with any extension, or none.
            ("sgln", 3) when Prefix(0) && Digits(1) && f[0].Length + f[1].Length == 12 && Any(2) =>
                new([$"{Stem}/414/{Check(f[0] + f[1])}"], [$"{Stem}/414/{Check(f[0] + f[1])}/"]),
            // Keys whose serial follows the key's digits directly in the element string (GRAI, GDTI, SGCN).
            ("grai", 3) => Serialised("8003", "0", 12),
            ("gdti", 3) => Serialised("253", "", 12),
            ("sgcn", 3) => Serialised("255", "", 12),
            _ => null,
        };

        Ranges? Serialised(string ai, string lead, int digits) =>
            Any(0) ? Starting($"{Stem}/{ai}/")
            : Prefix(0) && Any(1) ? Starting($"{Stem}/{ai}/{lead}{f[0]}")
            : Prefix(0) && Digits(1) && f[0].Length + f[1].Length == digits && Any(2)
                ? new([$"{Stem}/{ai}/{Check(lead + f[0] + f[1])}"], [$"{Stem}/{ai}/{Check(lead + f[0] + f[1])}"])
            : null;
    }
}

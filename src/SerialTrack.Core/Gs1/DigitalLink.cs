using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SerialTrack.Core.Gs1;

public sealed class DigitalLink
{
    public const string DefaultStem = "https://id.gs1.org";

    private DigitalLink(string uri, string stem, ElementString elementString, IReadOnlyList<KeyValuePair<string, string>> otherQuery)
    {
        Uri = uri;
        Stem = stem;
        ElementString = elementString;
        OtherQueryParameters = otherQuery;
    }

    public string Uri { get; }

    public string Stem { get; }

    public ElementString ElementString { get; }

    // Query parameters that are not AIs (e.g. linkType); GS1 Digital Link §4.8 says resolvers pass them on.
    public IReadOnlyList<KeyValuePair<string, string>> OtherQueryParameters { get; }

    public static DigitalLink Parse(string uri) =>
        TryParse(uri, out var link, out var error) ? link : throw new Gs1Exception(error);

    public static bool TryParse(string uri, [NotNullWhen(true)] out DigitalLink? link, [NotNullWhen(false)] out Gs1Error? error)
    {
        link = null;
        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? uri[..schemeEnd] : "";
        if (!scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, null, 0, "a GS1 Digital Link URI starts with http:// or https://");
            return false;
        }

        var end = uri.IndexOf('#') is var hash and >= 0 ? hash : uri.Length;
        var queryStart = uri.IndexOf('?') is var q and >= 0 && q < end ? q : end;
        var authorityStart = schemeEnd + 3;
        var pathStart = uri.IndexOf('/', authorityStart) is var slash and >= 0 && slash < queryStart ? slash : queryStart;

        // Path segments with their offsets, so errors can point into the URI.
        var segments = new List<(string Text, int Position)>();
        for (var pos = pathStart; pos < queryStart;)
        {
            var next = uri.IndexOf('/', pos + 1) is var n and >= 0 && n < queryStart ? n : queryStart;
            segments.Add((uri[(pos + 1)..next], pos + 1));
            pos = next;
        }

        while (segments.Count > 0 && segments[^1].Text.Length == 0)
        {
            segments.RemoveAt(segments.Count - 1);
        }

        var keyIndex = FindPrimaryKey(segments);
        if (keyIndex < 0)
        {
            error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, null, pathStart,
                "no GS1 primary key (e.g. /01/<GTIN>) with AI/value pairs to the end of the path");
            return false;
        }

        var builder = new ElementString.Builder(Gs1InputForm.DigitalLink, Gs1Symbology.None);
        var keyDefinition = Gs1Dictionary.Default.Get(segments[keyIndex].Text);
        var qualifiers = new List<string>();
        for (var i = keyIndex; i < segments.Count; i += 2)
        {
            var (ai, position) = segments[i];
            var value = System.Uri.UnescapeDataString(segments[i + 1].Text);
            if (ai == "01" && value.Length is 8 or 12 or 13 && value.All(char.IsAsciiDigit))
            {
                // GS1 Digital Link §4.3: a GTIN-8/12/13 in the path stands for its 14-digit form.
                value = value.PadLeft(14, '0');
            }

            if (i > keyIndex)
            {
                qualifiers.Add(ai);
            }

            if (!builder.TryAdd(ai, value, position, out error))
            {
                return false;
            }
        }

        if (qualifiers.Count > 0 && !keyDefinition.DigitalLinkQualifierSequences.Any(seq => IsOrderedSubset(qualifiers, seq)))
        {
            var allowed = keyDefinition.DigitalLinkQualifierSequences.Count == 0
                ? "it takes no key qualifiers"
                : "allowed key qualifiers in order: " + string.Join(" or ", keyDefinition.DigitalLinkQualifierSequences.Select(s => string.Join(",", s)));
            error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, keyDefinition.Ai, segments[keyIndex].Position,
                $"key qualifiers {string.Join(",", qualifiers)} are not valid; {allowed}");
            return false;
        }

        var other = new List<KeyValuePair<string, string>>();
        for (var pos = queryStart + 1; pos < end;)
        {
            var next = uri.IndexOf('&', pos) is var amp and >= 0 && amp < end ? amp : end;
            var pair = uri[pos..next];
            if (pair.Length > 0)
            {
                var eq = pair.IndexOf('=');
                var key = System.Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
                var value = System.Uri.UnescapeDataString(eq >= 0 ? pair[(eq + 1)..] : "");
                if (key.Length is >= 2 and <= 4 && key.All(char.IsAsciiDigit))
                {
                    if (!Gs1Dictionary.Default.TryGet(key, out var definition))
                    {
                        error = Gs1Error.For(Gs1ErrorCodes.UnknownAi, key, pos, "not a GS1 Application Identifier");
                        return false;
                    }

                    if (!definition.DigitalLinkAttribute)
                    {
                        error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, key, pos, "is not permitted as a GS1 Digital Link query attribute");
                        return false;
                    }

                    if (!builder.TryAdd(key, value, pos, out error))
                    {
                        return false;
                    }
                }
                else
                {
                    other.Add(new(key, value));
                }
            }

            pos = next + 1;
        }

        if (!builder.TryBuild(out var elementString, out error))
        {
            return false;
        }

        var stem = uri[..(keyIndex < segments.Count ? segments[keyIndex].Position - 1 : pathStart)];
        link = new DigitalLink(uri, stem, elementString, other);
        return true;
    }

    public static string Create(ElementString elementString, string stem = DefaultStem) =>
        TryCreate(elementString, stem, out var uri, out var error) ? uri : throw new Gs1Exception(error);

    public static bool TryCreate(
        ElementString elementString, string stem, [NotNullWhen(true)] out string? uri, [NotNullWhen(false)] out Gs1Error? error)
    {
        uri = null;
        var dictionary = Gs1Dictionary.Default;
        var key = elementString.Elements.FirstOrDefault(e => dictionary.Get(e.Ai).IsDigitalLinkPrimaryKey);
        if (key.Ai is null)
        {
            error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, null, null, "the element string has no GS1 Digital Link primary key");
            return false;
        }

        var present = elementString.Elements.Select(e => e.Ai).ToHashSet(StringComparer.Ordinal);
        var sequence = dictionary.Get(key.Ai).DigitalLinkQualifierSequences
            .OrderByDescending(seq => seq.Count(present.Contains))
            .FirstOrDefault() ?? [];

        var sb = new StringBuilder(stem.TrimEnd('/'));
        var used = new HashSet<string>(StringComparer.Ordinal) { key.Ai };
        AppendPath(sb, key.Ai, key.Value);
        foreach (var qualifier in sequence.Where(present.Contains))
        {
            AppendPath(sb, qualifier, elementString.Get(qualifier)!);
            used.Add(qualifier);
        }

        var separator = '?';
        foreach (var attribute in elementString.Elements.Where(e => !used.Contains(e.Ai)).DistinctBy(e => e.Ai).OrderBy(e => e.Ai, StringComparer.Ordinal))
        {
            if (!dictionary.Get(attribute.Ai).DigitalLinkAttribute)
            {
                error = Gs1Error.For(Gs1ErrorCodes.DigitalLink, attribute.Ai, null,
                    $"is neither a key qualifier of ({key.Ai}) nor permitted as a GS1 Digital Link query attribute");
                return false;
            }

            sb.Append(separator).Append(attribute.Ai).Append('=').Append(System.Uri.EscapeDataString(attribute.Value));
            separator = '&';
        }

        uri = sb.ToString();
        error = null;
        return true;
    }

    public override string ToString() => Uri;

    private static void AppendPath(StringBuilder sb, string ai, string value) =>
        sb.Append('/').Append(ai).Append('/').Append(System.Uri.EscapeDataString(value));

    private static int FindPrimaryKey(List<(string Text, int Position)> segments)
    {
        for (var i = 0; i + 1 < segments.Count; i++)
        {
            if ((segments.Count - i) % 2 != 0 ||
                !Gs1Dictionary.Default.TryGet(segments[i].Text, out var definition) ||
                !definition.IsDigitalLinkPrimaryKey)
            {
                continue;
            }

            var allPairsAreAis = true;
            for (var j = i; j < segments.Count; j += 2)
            {
                allPairsAreAis &= Gs1Dictionary.Default.TryGet(segments[j].Text, out _);
            }

            if (allPairsAreAis)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsOrderedSubset(List<string> qualifiers, IReadOnlyList<string> sequence)
    {
        var at = 0;
        foreach (var qualifier in qualifiers)
        {
            while (at < sequence.Count && sequence[at] != qualifier)
            {
                at++;
            }

            if (at == sequence.Count)
            {
                return false;
            }

            at++;
        }

        return true;
    }
}

namespace SerialTrack.Core.Gs1;

public interface IGs1CompanyPrefixes
{
    // digits start where the GS1 Company Prefix starts (e.g. after a GTIN-14's indicator digit).
    bool TryGetPrefixLength(string digits, out int length);
}

public sealed class Gs1CompanyPrefixOptions
{
    public IReadOnlyList<string> Prefixes { get; init; } = [];

    // Only used when set: guessing a prefix length silently produces wrong EPCs.
    public int? FallbackLength { get; init; }
}

public sealed class Gs1CompanyPrefixes(Gs1CompanyPrefixOptions options) : IGs1CompanyPrefixes
{
    private readonly string[] _longestFirst = [.. options.Prefixes.Where(p => p.Length > 0).OrderByDescending(p => p.Length)];

    public bool TryGetPrefixLength(string digits, out int length)
    {
        foreach (var prefix in _longestFirst)
        {
            if (digits.StartsWith(prefix, StringComparison.Ordinal))
            {
                length = prefix.Length;
                return true;
            }
        }

        length = options.FallbackLength ?? 0;
        return options.FallbackLength is not null;
    }
}

using System.Diagnostics.CodeAnalysis;

namespace SerialTrack.Core.Gs1;

public static class Gs1CheckDigit
{
    public static int Compute(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        if (digits.Length == 0 || !digits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("Check digits are computed over digits only.", nameof(digits));
        }

        return Gs1Linters.ComputeCheckDigit(digits);
    }

    public static bool IsValid(string digitsWithCheckDigit) =>
        digitsWithCheckDigit is { Length: >= 2 } d &&
        d.All(char.IsAsciiDigit) &&
        Gs1Linters.ComputeCheckDigit(d.AsSpan(0, d.Length - 1)) == d[^1] - '0';

    internal static bool TryParseKey(
        string? text, string what, string ai, int[] lengths, int padTo,
        [NotNullWhen(true)] out string? digits, [NotNullWhen(false)] out Gs1Error? error)
    {
        digits = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !lengths.Contains(text.Length))
        {
            error = Gs1Error.For(Gs1ErrorCodes.Length, ai, 0,
                $"{what} must be {string.Join(", ", lengths.SkipLast(1))}{(lengths.Length > 1 ? " or " : "")}{lengths[^1]} digits, not {text?.Length ?? 0}");
            return false;
        }

        var bad = Gs1CharacterSets.FindInvalid(text, Gs1CharacterSet.Numeric);
        if (bad >= 0)
        {
            error = Gs1Error.For(Gs1ErrorCodes.Charset, ai, bad, $"{what} must be digits only, found '{text[bad]}'");
            return false;
        }

        var expected = Gs1Linters.ComputeCheckDigit(text.AsSpan(0, text.Length - 1));
        if (expected != text[^1] - '0')
        {
            error = Gs1Error.For(Gs1ErrorCodes.CheckDigit, ai, text.Length - 1,
                $"{what} check digit should be {expected}, not {text[^1]}");
            return false;
        }

        digits = text.PadLeft(padTo, '0');
        error = null;
        return true;
    }
}

public readonly record struct Gtin
{
    private Gtin(string value) => Value = value;

    // Always the 14-digit form (GS1 General Specifications §3.3.2: GTIN-8/12/13 are right-justified
    // in a 14-digit field with leading zeros).
    public string Value { get; }

    public static bool TryParse(string? text, out Gtin gtin, [NotNullWhen(false)] out Gs1Error? error)
    {
        var ok = Gs1CheckDigit.TryParseKey(text, "GTIN", "01", [8, 12, 13, 14], 14, out var digits, out error);
        gtin = ok ? new Gtin(digits!) : default;
        return ok;
    }

    public static Gtin Parse(string text) =>
        TryParse(text, out var gtin, out var error) ? gtin : throw new Gs1Exception(error);

    public override string ToString() => Value;
}

public readonly record struct Sscc
{
    private Sscc(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out Sscc sscc, [NotNullWhen(false)] out Gs1Error? error)
    {
        var ok = Gs1CheckDigit.TryParseKey(text, "SSCC", "00", [18], 18, out var digits, out error);
        sscc = ok ? new Sscc(digits!) : default;
        return ok;
    }

    public static Sscc Parse(string text) =>
        TryParse(text, out var sscc, out var error) ? sscc : throw new Gs1Exception(error);

    public override string ToString() => Value;
}

public readonly record struct Gln
{
    private Gln(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out Gln gln, [NotNullWhen(false)] out Gs1Error? error)
    {
        var ok = Gs1CheckDigit.TryParseKey(text, "GLN", "414", [13], 13, out var digits, out error);
        gln = ok ? new Gln(digits!) : default;
        return ok;
    }

    public static Gln Parse(string text) =>
        TryParse(text, out var gln, out var error) ? gln : throw new Gs1Exception(error);

    public override string ToString() => Value;
}

namespace SerialTrack.Core.Gs1;

// GTIN-8/12/13/14, held as 14 digits (GS1 General Specifications §3.3.2: shorter GTINs are right-aligned
// with leading zeros).
public readonly record struct Gtin(string Value)
{
    public static Gtin ParseForField(string text, string field)
    {
        var t = text.Trim();
        if (t.Length is not (8 or 12 or 13 or 14) || !t.All(char.IsAsciiDigit))
        {
            throw DomainException.BadInput("gtin.length", field, $"GTIN '{t}' must be 8, 12, 13 or 14 digits.");
        }
        var padded = t.PadLeft(14, '0');
        var expected = CheckDigit(padded.AsSpan(0, 13));
        if (padded[13] - '0' != expected)
        {
            throw DomainException.BadInput("gtin.check_digit", field, $"GTIN check digit should be {expected}, not {padded[13]}.");
        }
        return new Gtin(padded);
    }

    // GS1 mod 10: weights 3 and 1 from the right, excluding the check digit.
    public static int CheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var weight = (digits.Length - i) % 2 == 1 ? 3 : 1;
            sum += (digits[i] - '0') * weight;
        }
        return (10 - sum % 10) % 10;
    }

    public override string ToString() => Value;
}

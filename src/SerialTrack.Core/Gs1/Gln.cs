namespace SerialTrack.Core.Gs1;

// Global Location Number: 13 digits with a GS1 mod-10 check digit.
public readonly record struct Gln(string Value)
{
    public static Gln ParseForField(string text, string field)
    {
        var t = text.Trim();
        if (t.Length != 13 || !t.All(char.IsAsciiDigit))
        {
            throw DomainException.BadInput("gln.length", field, $"GLN '{t}' must be 13 digits.");
        }
        var expected = Gtin.CheckDigit(t.AsSpan(0, 12));
        if (t[12] - '0' != expected)
        {
            throw DomainException.BadInput("gln.check_digit", field, $"GLN check digit should be {expected}, not {t[12]}.");
        }
        return new Gln(t);
    }

    public override string ToString() => Value;
}

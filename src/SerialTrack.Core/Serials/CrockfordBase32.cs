using System.Security.Cryptography;

namespace SerialTrack.Core.Serials;

// Douglas Crockford's base 32: digits and upper-case letters without I, L, O and U, so a
// serial read aloud or retyped is not confused with 1 and 0 (and spells fewer words).
public static class CrockfordBase32
{
    public const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    // The same set as a regex character class.
    public const string RegexClass = "[0-9A-HJKMNP-TV-Z]";

    // Cryptographic RNG: random parts are often what makes a serial hard to guess.
    public static string Random(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    public static bool IsCanonical(string text) => text.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    public static string Encode(ulong value)
    {
        if (value == 0)
        {
            return "0";
        }
        Span<char> buffer = stackalloc char[13];
        var i = buffer.Length;
        while (value > 0)
        {
            buffer[--i] = Alphabet[(int)(value % 32)];
            value /= 32;
        }
        return new string(buffer[i..]);
    }

    // Reads as Crockford prescribes: case-insensitive, I and L mean 1, O means 0, hyphens are ignored.
    public static bool TryDecode(string text, out ulong value)
    {
        value = 0;
        var digits = 0;
        foreach (var raw in text)
        {
            if (raw == '-')
            {
                continue;
            }
            var c = char.ToUpperInvariant(raw) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };
            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0 || value > (ulong.MaxValue >> 5))
            {
                value = 0;
                return false;
            }
            value = (value << 5) | (uint)index;
            digits++;
        }
        return digits > 0;
    }
}

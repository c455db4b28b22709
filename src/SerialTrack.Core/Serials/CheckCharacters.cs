namespace SerialTrack.Core.Serials;

public enum CheckAlgorithm
{
    Luhn,
    Gs1,
    Mod11_2,
    Mod37_36,
    Mod97_10,
}

// Every algorithm reads only the characters of its own alphabet and skips the rest, so literal
// separators ("-", "/") in a serial never change its check character. The digit-only algorithms
// (luhn, gs1, mod11-2) therefore do not protect letters: schemes with letters that matter should
// use mod37-36 or mod97-10.
public static class CheckCharacters
{
    private const string Alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static string Name(CheckAlgorithm algorithm) => algorithm switch
    {
        CheckAlgorithm.Luhn => "luhn",
        CheckAlgorithm.Gs1 => "gs1",
        CheckAlgorithm.Mod11_2 => "mod11-2",
        CheckAlgorithm.Mod37_36 => "mod37-36",
        CheckAlgorithm.Mod97_10 => "mod97-10",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public static IReadOnlyList<string> Names { get; } =
        [.. Enum.GetValues<CheckAlgorithm>().Select(Name)];

    public static bool TryParse(string name, out CheckAlgorithm algorithm)
    {
        foreach (var candidate in Enum.GetValues<CheckAlgorithm>())
        {
            if (string.Equals(Name(candidate), name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }
        algorithm = default;
        return false;
    }

    // How many characters the check occupies at the end of a serial.
    public static int Length(CheckAlgorithm algorithm) => algorithm == CheckAlgorithm.Mod97_10 ? 2 : 1;

    public static string Compute(CheckAlgorithm algorithm, string payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return algorithm switch
        {
            CheckAlgorithm.Luhn => Luhn(payload),
            CheckAlgorithm.Gs1 => Gs1Mod10(payload),
            CheckAlgorithm.Mod11_2 => Mod11_2(payload),
            CheckAlgorithm.Mod37_36 => Mod37_36(payload),
            CheckAlgorithm.Mod97_10 => Mod97_10(payload),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        };
    }

    // full = payload followed by its check character(s).
    public static bool IsValid(CheckAlgorithm algorithm, string full)
    {
        ArgumentNullException.ThrowIfNull(full);
        var length = Length(algorithm);
        if (full.Length < length)
        {
            return false;
        }
        var payload = full[..^length];
        var check = full[^length..];
        return string.Equals(Compute(algorithm, payload), check, StringComparison.OrdinalIgnoreCase);
    }

    // Luhn (ISO/IEC 7812-1 annex B): from the rightmost payload digit leftwards, every other digit
    // starting with the rightmost is doubled (and 9 subtracted when above 9).
    private static string Luhn(string payload)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(payload[i]))
            {
                continue;
            }
            var d = payload[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return ((10 - (sum % 10)) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // GS1 General Specifications §7.9.1: weights 3,1,3,1... from the rightmost payload digit,
    // check = the amount that rounds the weighted sum up to a multiple of ten.
    private static string Gs1Mod10(string payload)
    {
        var sum = 0;
        var weight = 3;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(payload[i]))
            {
                continue;
            }
            sum += (payload[i] - '0') * weight;
            weight = 4 - weight;
        }
        return ((10 - (sum % 10)) % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // ISO/IEC 7064 MOD 11-2, pure system with radix 2, computed recursively:
    // P = (P + digit) * 2 mod 11 from the left; the check makes (P + check) mod 11 == 1, and 10 is written X.
    private static string Mod11_2(string payload)
    {
        var p = 0;
        foreach (var c in payload)
        {
            if (char.IsAsciiDigit(c))
            {
                p = (p + (c - '0')) * 2 % 11;
            }
        }
        var check = (12 - p) % 11;
        return check == 10 ? "X" : check.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // ISO/IEC 7064 MOD 37,36, hybrid system (M = 36): start with P = M; for each character
    // S = (P + value) mod M, with 0 read as M; P = 2S mod (M + 1). The check makes (P + check) mod M == 1.
    // Letters are read case-insensitively (A = 10 ... Z = 35).
    private static string Mod37_36(string payload)
    {
        const int m = 36;
        var p = m;
        foreach (var c in payload)
        {
            var value = AlphanumericValue(c);
            if (value < 0)
            {
                continue;
            }
            var s = (p + value) % m;
            if (s == 0)
            {
                s = m;
            }
            p = s * 2 % (m + 1);
        }
        return Alphanumerics[(m + 1 - p) % m].ToString();
    }

    // ISO/IEC 7064 MOD 97-10, pure system with two check digits; letters become the two digits
    // 10..35 first, as ISO 13616 (IBAN) does. Check = 98 - (payload * 100 mod 97), so the whole
    // number mod 97 is 1. Remainders are taken as we go so payload length is unbounded.
    // It catches every digit-for-digit and letter-for-letter substitution, but because a letter is two
    // digits, a digit replaced by a letter (or back) can slip through; MOD 37,36 has no such gap.
    private static string Mod97_10(string payload)
    {
        var r = 0;
        foreach (var c in payload)
        {
            var value = AlphanumericValue(c);
            if (value < 0)
            {
                continue;
            }
            r = (value < 10 ? (r * 10) + value : (r * 100) + value) % 97;
        }
        r = r * 100 % 97;
        return (98 - r).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int AlphanumericValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        >= 'a' and <= 'z' => c - 'a' + 10,
        _ => -1,
    };
}

namespace SerialTrack.Core.Gs1;

public sealed record LintFailure(string Code, string Reason, int Offset = 0);

// The reference procedures are the GS1 Barcode Syntax Tests; the names here are theirs.
public static class Gs1Linters
{
    private const int MinimumGcpLength = 4;
    private const string Cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string ImporterIndexChars = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private static readonly int[] CheckPairPrimes =
        [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83];

    private static readonly Dictionary<string, Func<string, LintFailure?>> Linters = new(StringComparer.Ordinal)
    {
        ["csum"] = CheckDigit,
        ["csumalpha"] = CheckCharacterPair,
        ["gcppos1"] = v => CompanyPrefixAt(v, 0),
        ["gcppos2"] = v => CompanyPrefixAt(v, 1),
        ["key"] = v => CompanyPrefixAt(v, 0),
        ["yymmdd"] = v => Date(v, allowZeroDay: false),
        ["yymmd0"] = v => Date(v, allowZeroDay: true),
        ["yyyymmdd"] = FourDigitYearDate,
        ["yymmddhh"] = v => v.Length == 8 ? Date(v[..6], false) ?? Hour(v[6..], 6) : Fail(Gs1ErrorCodes.Date, "must be YYMMDDHH"),
        ["hhmi"] = HourMinute,
        ["hhmm"] = HourMinute,
        ["hh"] = v => Hour(v, 0),
        ["mi"] = v => MinuteOrSecond(v, "minute", 0),
        ["ss"] = v => MinuteOrSecond(v, "second", 0),
        ["mmoptss"] = v => v.Length is 2 or 4
            ? MinuteOrSecond(v[..2], "minute", 0) ?? (v.Length == 4 ? MinuteOrSecond(v[2..], "second", 2) : null)
            : Fail(Gs1ErrorCodes.Date, "must be MM or MMSS"),
        ["iso3166"] = v => InList(v, Gs1CodeLists.Iso3166Numeric, "ISO 3166 numeric country code"),
        ["iso3166999"] = v => v == "999" ? null : InList(v, Gs1CodeLists.Iso3166Numeric, "ISO 3166 numeric country code or 999"),
        ["iso3166alpha2"] = v => InList(v, Gs1CodeLists.Iso3166Alpha2, "ISO 3166 alpha-2 country code"),
        ["iso3166list"] = CountryList,
        ["iso4217"] = v => InList(v, Gs1CodeLists.Iso4217Numeric, "ISO 4217 numeric currency code"),
        ["iban"] = Iban,
        ["pcenc"] = PercentEncoding,
        ["yesno"] = v => v is "0" or "1" ? null : Fail(Gs1ErrorCodes.Content, $"'{v}' must be 0 or 1"),
        ["hyphen"] = v => v.All(c => c == '-') ? null : Fail(Gs1ErrorCodes.Content, $"'{v}' must be a hyphen"),
        ["latitude"] = v => Ordinate(v, 1_800_000_000, "latitude"),
        ["longitude"] = v => Ordinate(v, 3_600_000_000, "longitude"),
        ["importeridx"] = v => v.Length == 1 && ImporterIndexChars.Contains(v[0]) ? null : Fail(Gs1ErrorCodes.Content, $"'{v}' is not a valid importer index"),
        ["packagetype"] = PackageType,
        ["mediatype"] = MediaType,
        ["iso5218"] = v => v is "0" or "1" or "2" or "9" ? null : Fail(Gs1ErrorCodes.Content, $"'{v}' is not an ISO/IEC 5218 sex code (0, 1, 2 or 9)"),
        ["posinseqslash"] = PositionInSequence,
        ["nonzero"] = v => v.Any(c => c != '0') ? null : Fail(Gs1ErrorCodes.Content, "must not be zero"),
        ["winding"] = v => v is "0" or "1" or "9" ? null : Fail(Gs1ErrorCodes.Content, $"winding direction '{v}' must be 0, 1 or 9"),
        ["zero"] = v => v == "0" ? null : Fail(Gs1ErrorCodes.Content, $"'{v}' must be 0"),
        ["pieceoftotal"] = PieceOfTotal,
        ["nozeroprefix"] = v => v.Length > 1 && v[0] == '0' ? Fail(Gs1ErrorCodes.Content, "must not start with 0") : null,
        ["hasnondigit"] = v => v.Any(c => !char.IsAsciiDigit(c)) ? null : Fail(Gs1ErrorCodes.Content, "must contain a non-digit character"),
        ["couponcode"] = v => DigitsOnly(v, "coupon code"),
        ["couponposoffer"] = v => DigitsOnly(v, "positive offer file coupon code"),
    };

    // Linters that check syntax only, not the full rule of the reference procedure.
    public static IReadOnlySet<string> Lenient { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "gcppos1", "gcppos2", "key", "packagetype", "couponcode", "couponposoffer",
    };

    public static IReadOnlyCollection<string> Known => Linters.Keys;

    public static bool IsKnown(string name) => Linters.ContainsKey(name);

    // An unknown linter passes: a newer dictionary may name procedures this build does not have,
    // and refusing every AI that uses one would be worse than skipping one content check.
    public static LintFailure? Run(string name, string value) =>
        Linters.TryGetValue(name, out var linter) ? linter(value) : null;

    public static int ComputeCheckDigit(ReadOnlySpan<char> digitsWithoutCheck)
    {
        // GS1 General Specifications §7.9.1: weights 3 and 1 alternate from the rightmost digit.
        var sum = 0;
        var weight = 3;
        for (var i = digitsWithoutCheck.Length - 1; i >= 0; i--)
        {
            sum += (digitsWithoutCheck[i] - '0') * weight;
            weight = 4 - weight;
        }

        return (10 - sum % 10) % 10;
    }

    public static string? ComputeCheckCharacterPair(ReadOnlySpan<char> dataWithoutPair)
    {
        // GS1 General Specifications §7.9.5: prime weights from the right, sum modulo 1021,
        // split into two characters of CSET 32.
        if (dataWithoutPair.Length > CheckPairPrimes.Length)
        {
            return null;
        }

        var sum = 0;
        for (var i = 0; i < dataWithoutPair.Length; i++)
        {
            var value = Gs1CharacterSets.Cset82.IndexOf(dataWithoutPair[i]);
            if (value < 0)
            {
                return null;
            }

            sum += value * CheckPairPrimes[dataWithoutPair.Length - 1 - i];
        }

        sum %= 1021;
        return string.Concat(Cset32[sum >> 5], Cset32[sum & 31]);
    }

    private static LintFailure Fail(string code, string reason, int offset = 0) => new(code, reason, offset);

    private static LintFailure? CheckDigit(string value)
    {
        if (value.Length < 2 || !value.All(char.IsAsciiDigit))
        {
            return Fail(Gs1ErrorCodes.CheckDigit, "check digit needs at least two digits");
        }

        var expected = ComputeCheckDigit(value.AsSpan(0, value.Length - 1));
        var actual = value[^1] - '0';
        return expected == actual
            ? null
            : Fail(Gs1ErrorCodes.CheckDigit, $"check digit should be {expected}, not {actual}", value.Length - 1);
    }

    private static LintFailure? CheckCharacterPair(string value)
    {
        if (value.Length < 2)
        {
            return Fail(Gs1ErrorCodes.CheckDigit, "too short to hold a check character pair");
        }

        var expected = ComputeCheckCharacterPair(value.AsSpan(0, value.Length - 2));
        if (expected is null)
        {
            return Fail(Gs1ErrorCodes.CheckDigit, "too long for a check character pair");
        }

        return value.EndsWith(expected, StringComparison.Ordinal)
            ? null
            : Fail(Gs1ErrorCodes.CheckDigit, $"check characters should be {expected}, not {value[^2..]}", value.Length - 2);
    }

    private static LintFailure? CompanyPrefixAt(string value, int position)
    {
        // Lenient: a GS1 Company Prefix has at least four digits; whether it is allocated
        // can only be told by GS1's registry (Verified by GS1), which we do not consult.
        if (value.Length < position + MinimumGcpLength)
        {
            return Fail(Gs1ErrorCodes.Length, "too short to hold a GS1 Company Prefix", position);
        }

        for (var i = position; i < position + MinimumGcpLength; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return Fail(Gs1ErrorCodes.Content, "GS1 Company Prefix must start with four digits", i);
            }
        }

        return null;
    }

    private static LintFailure? Date(string value, bool allowZeroDay)
    {
        if (value.Length != 6 || !value.All(char.IsAsciiDigit))
        {
            return Fail(Gs1ErrorCodes.Date, $"date '{value}' must be YYMMDD");
        }

        // GS1 General Specifications §7.12: YY selects a year within a sliding century window, in which
        // every year divisible by 4 is a leap year (2000 was), so YY alone decides February's length.
        var yy = int.Parse(value.AsSpan(0, 2));
        return MonthAndDay(value, 2, yy % 4 == 0, allowZeroDay);
    }

    private static LintFailure? FourDigitYearDate(string value)
    {
        if (value.Length != 8 || !value.All(char.IsAsciiDigit))
        {
            return Fail(Gs1ErrorCodes.Date, $"date '{value}' must be YYYYMMDD");
        }

        return MonthAndDay(value, 4, DateTime.IsLeapYear(Math.Max(1, int.Parse(value.AsSpan(0, 4)))), allowZeroDay: false);
    }

    private static LintFailure? MonthAndDay(string value, int monthOffset, bool leap, bool allowZeroDay)
    {
        var month = int.Parse(value.AsSpan(monthOffset, 2));
        var day = int.Parse(value.AsSpan(monthOffset + 2, 2));
        if (month is < 1 or > 12)
        {
            return Fail(Gs1ErrorCodes.Date, $"month {month:00} does not exist in date {value}", monthOffset);
        }

        var daysInMonth = month == 2 ? (leap ? 29 : 28) : DateTime.DaysInMonth(2001, month);
        if (day == 0 && allowZeroDay)
        {
            return null;
        }

        return day < 1 || day > daysInMonth
            ? Fail(Gs1ErrorCodes.Date, $"day {day:00} does not exist in month {month:00} of date {value}", monthOffset + 2)
            : null;
    }

    private static LintFailure? HourMinute(string value) =>
        value.Length == 4 ? Hour(value[..2], 0) ?? MinuteOrSecond(value[2..], "minute", 2) : Fail(Gs1ErrorCodes.Date, $"time '{value}' must be HHMM");

    private static LintFailure? Hour(string value, int offset) =>
        value.Length == 2 && int.TryParse(value, out var hour) && hour is >= 0 and <= 23
            ? null
            : Fail(Gs1ErrorCodes.Date, $"hour '{value}' must be 00 to 23", offset);

    private static LintFailure? MinuteOrSecond(string value, string what, int offset) =>
        value.Length == 2 && int.TryParse(value, out var n) && n is >= 0 and <= 59
            ? null
            : Fail(Gs1ErrorCodes.Date, $"{what} '{value}' must be 00 to 59", offset);

    private static LintFailure? InList(string value, IReadOnlySet<string> list, string what) =>
        list.Contains(value) ? null : Fail(Gs1ErrorCodes.Content, $"'{value}' is not a valid {what}");

    private static LintFailure? CountryList(string value)
    {
        if (value.Length == 0 || value.Length % 3 != 0)
        {
            return Fail(Gs1ErrorCodes.Length, "must be a list of three-digit country codes");
        }

        for (var i = 0; i < value.Length; i += 3)
        {
            if (!Gs1CodeLists.Iso3166Numeric.Contains(value.Substring(i, 3)))
            {
                return Fail(Gs1ErrorCodes.Content, $"'{value.Substring(i, 3)}' is not a valid ISO 3166 numeric country code", i);
            }
        }

        return null;
    }

    private static LintFailure? Iban(string value)
    {
        // ISO 13616: country code, two check digits, BBAN of upper-case letters and digits; mod 97 == 1.
        if (value.Length is < 5 or > 34)
        {
            return Fail(Gs1ErrorCodes.Length, "IBAN must be 5 to 34 characters");
        }

        if (!Gs1CodeLists.Iso3166Alpha2.Contains(value[..2]))
        {
            return Fail(Gs1ErrorCodes.Content, $"IBAN country '{value[..2]}' is not an ISO 3166 alpha-2 code");
        }

        if (!char.IsAsciiDigit(value[2]) || !char.IsAsciiDigit(value[3]))
        {
            return Fail(Gs1ErrorCodes.Content, "IBAN check digits must be digits", 2);
        }

        var remainder = 0;
        var rearranged = value[4..] + value[..4];
        for (var i = 0; i < rearranged.Length; i++)
        {
            var c = rearranged[i];
            if (char.IsAsciiDigit(c))
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return Fail(Gs1ErrorCodes.Content, $"IBAN character '{c}' must be an upper-case letter or digit", (i + 4) % value.Length);
            }
        }

        return remainder == 1 ? null : Fail(Gs1ErrorCodes.CheckDigit, "IBAN check digits are wrong", 2);
    }

    private static LintFailure? PercentEncoding(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' &&
                (i + 2 >= value.Length || !char.IsAsciiHexDigit(value[i + 1]) || !char.IsAsciiHexDigit(value[i + 2])))
            {
                return Fail(Gs1ErrorCodes.Content, "'%' must be followed by two hexadecimal digits", i);
            }
        }

        return null;
    }

    private static LintFailure? Ordinate(string value, long max, string what) =>
        long.TryParse(value, out var n) && n <= max ? null : Fail(Gs1ErrorCodes.Content, $"{what} '{value}' is out of range");

    private static LintFailure? PackageType(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c))
            ? null
            : Fail(Gs1ErrorCodes.Content, $"'{value}' is not a UN/ECE Recommendation 21 package type code");

    private static LintFailure? MediaType(string value) =>
        int.TryParse(value, out var n) && value.Length == 2 && n is (>= 1 and <= 10) or (>= 80 and <= 99)
            ? null
            : Fail(Gs1ErrorCodes.Content, $"'{value}' is not an AIDC media type (01-10 or 80-99)");

    private static LintFailure? PositionInSequence(string value)
    {
        var parts = value.Split('/');
        if (parts is not [var position, var total] ||
            !int.TryParse(position, out var p) || !int.TryParse(total, out var t) ||
            !position.All(char.IsAsciiDigit) || !total.All(char.IsAsciiDigit))
        {
            return Fail(Gs1ErrorCodes.Content, $"'{value}' must be position/total, e.g. 1/2");
        }

        return p >= 1 && p <= t ? null : Fail(Gs1ErrorCodes.Content, $"position {p} is not within a sequence of {t}");
    }

    private static LintFailure? PieceOfTotal(string value)
    {
        if (value.Length % 2 != 0 || value.Length == 0)
        {
            return Fail(Gs1ErrorCodes.Length, "piece and total must have the same number of digits");
        }

        var half = value.Length / 2;
        var piece = int.Parse(value.AsSpan(0, half));
        var total = int.Parse(value.AsSpan(half));
        if (piece == 0 || total == 0)
        {
            return Fail(Gs1ErrorCodes.Content, "piece number and total must not be zero");
        }

        return piece <= total ? null : Fail(Gs1ErrorCodes.Content, $"piece {piece} exceeds total {total}");
    }

    private static LintFailure? DigitsOnly(string value, string what) =>
        value.All(char.IsAsciiDigit) ? null : Fail(Gs1ErrorCodes.Content, $"{what} must be digits only");
}

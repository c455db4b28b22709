using System.Globalization;
using System.Text.RegularExpressions;

namespace SerialTrack.Core.Epcis;

internal static partial class EpcisTime
{
    // EPCIS 2.0 §7.3.1: event times are xsd:dateTime with an explicit time zone (Z or ±hh:mm). Seconds are accepted
    // as optional because conformance documents (openepcis) send declarationTime as 2020-01-14T23:00Z.
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        time = default;
        return DateTimePattern().IsMatch(text) &&
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    // 200.0 and 200 are the same quantity: drop trailing zeros so both bindings read equal.
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;

    [GeneratedRegex(@"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex DateTimePattern();
}

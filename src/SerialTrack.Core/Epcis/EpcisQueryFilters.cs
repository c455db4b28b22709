using System.Globalization;
using System.Text.RegularExpressions;

namespace SerialTrack.Core.Epcis;

// Where EQ_/GT_/GE_/LT_/LE_/EXISTS_ look for a user extension field (EPCIS 2.0 §8.2.7.1): the event's own extensions,
// its ILMD, its errorDeclaration, and the three levels of sensor data.
public enum EpcisFieldPlace
{
    Event,
    Ilmd,
    ErrorDeclaration,
    SensorElement,
    SensorMetadata,
    SensorReport,
}

// A condition on a user extension field. Inner: at any depth below a top-level field (EQ_INNER_...), not at the top.
// Operator EQ takes several values (any matches); GT/GE/LT/LE one number or time; EXISTS none.
public sealed partial record EpcisFieldFilter(EpcisFieldPlace Place, bool Inner, string Operator, string Field, IReadOnlyList<string> Values)
{
    // OP_[INNER_][PLACE_]fieldname; the field must be qualified (namespace#name, a namespace URI and name, or a prefix of
    // the standard context such as cbvmda:lotNumber), which is what tells it from a misspelt standard parameter.
    [GeneratedRegex("^(EQ|GT|GE|LT|LE|EXISTS)_(INNER_)?(ILMD_|ERROR_DECLARATION_|SENSORELEMENT_|SENSORMETADATA_|SENSORREPORT_)?(.+[:#].+)$")]
    private static partial Regex Shape();

    public static EpcisFieldFilter? TryParse(string name, string value)
    {
        var m = Shape().Match(name);
        if (!m.Success)
        {
            return null;
        }
        var op = m.Groups[1].Value;
        var place = m.Groups[3].Value switch
        {
            "ILMD_" => EpcisFieldPlace.Ilmd,
            "ERROR_DECLARATION_" => EpcisFieldPlace.ErrorDeclaration,
            "SENSORELEMENT_" => EpcisFieldPlace.SensorElement,
            "SENSORMETADATA_" => EpcisFieldPlace.SensorMetadata,
            "SENSORREPORT_" => EpcisFieldPlace.SensorReport,
            _ => EpcisFieldPlace.Event,
        };
        var field = Expand(m.Groups[4].Value);
        IReadOnlyList<string> values = op switch
        {
            "EXISTS" => [],
            "EQ" => Split(name, value),
            _ => [EpcisValueFilter.Comparable(name, value)],
        };
        return new EpcisFieldFilter(place, m.Groups[2].Success, op, field, values);
    }

    static string Expand(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && EpcisJsonReader.StandardPrefixes.TryGetValue(field[..colon], out var ns) && !field.Contains('/', StringComparison.Ordinal)
            ? ns + field[(colon + 1)..]
            : field;
    }

    internal static IReadOnlyList<string> Split(string name, string value)
    {
        var values = value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0 ? throw EpcisQuery.Bad(name, $"{name} needs a value.") : values;
    }

    public bool Accepts(EpcisEvent e)
    {
        var tops = Place switch
        {
            EpcisFieldPlace.Event => e.Extensions,
            EpcisFieldPlace.Ilmd => e.Ilmd ?? [],
            EpcisFieldPlace.ErrorDeclaration => e.ErrorDeclaration?.Extensions ?? [],
            EpcisFieldPlace.SensorElement => [.. e.SensorElementList.SelectMany(s => s.Extensions)],
            EpcisFieldPlace.SensorMetadata => [.. e.SensorElementList.SelectMany(s => s.Metadata?.Extensions ?? [])],
            _ => [.. e.SensorElementList.SelectMany(s => s.Reports).SelectMany(r => r.Extensions)],
        };
        var candidates = Inner ? tops.SelectMany(t => Descendants(t.Children)) : tops;
        return candidates.Any(x => Names(x) && (Operator == "EXISTS" || x.Value is { } v && EpcisValueFilter.Compare(Operator, v, Values)));
    }

    static IEnumerable<EpcisExtension> Descendants(IEnumerable<EpcisExtension> children) =>
        children.SelectMany(c => Descendants(c.Children).Prepend(c));

    // EPCIS 1.2 §8.2.7.1 writes a qualified name as namespace#name; a namespace ending in '/' or '#' is also taken joined
    // to the name as it is, which is how JSON-LD prefixes expand.
    bool Names(EpcisExtension x) =>
        Field == x.Namespace + x.Name || Field == x.Namespace + "#" + x.Name || Field == x.Namespace.TrimEnd('#', '/', ':') + "#" + x.Name;
}

// A condition on a standard sensor attribute (EQ_type, EQ_deviceID, GE_minValue, GE_time, ...) or on the event's own
// standard fields that have no column (EQ_transformationID, EQ_errorReason, EQ_persistentDisposition_set, ...).
public sealed record EpcisValueFilter(string Field, string Operator, IReadOnlyList<string> Values)
{
    // Attributes a sensorReport takes from its sensorMetadata when it does not carry them itself (EPCIS 2.0 §7.3.8).
    static readonly HashSet<string> Inherited = ["deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "time"];

    public static readonly IReadOnlyList<string> SensorTexts =
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules", "microorganism",
        "chemicalSubstance", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "uom", "coordinateReferenceSystem",
    ];

    public static readonly IReadOnlyList<string> SensorNumbers = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"];

    public static EpcisValueFilter? TryParseSensor(string name, string value)
    {
        var cut = name.IndexOf('_', StringComparison.Ordinal);
        if (cut != 2 && cut != 6)
        {
            return null;
        }
        var (op, field) = (name[..cut], name[(cut + 1)..]);
        if (op == "EQ" && SensorTexts.Contains(field))
        {
            return new(field, op, [.. EpcisFieldFilter.Split(name, value).Select(v => SensorText(name, field, v))]);
        }
        if (op is "EQ" or "GT" or "GE" or "LT" or "LE" && SensorNumbers.Contains(field))
        {
            return new(field, op, [Number(name, value)]);
        }
        return op is "GE" or "LT" && field == "time" ? new(field, op, [Time(name, value)]) : null;
    }

    static string SensorText(string name, string field, string v) => field switch
    {
        "booleanValue" => v is "true" or "false" ? v : throw EpcisQuery.Bad(name, $"{name}: '{v}' is not true or false."),
        "hexBinaryValue" => v.All(char.IsAsciiHexDigit) ? v.ToUpperInvariant() : throw EpcisQuery.Bad(name, $"{name}: '{v}' is not hexadecimal."),
        "deviceID" => EpcisIdentifiers.Canonical(v),
        _ => Cbv.ExpandSensorTerm(field, v),
    };

    static string Number(string name, string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d.ToString(CultureInfo.InvariantCulture)
            : throw EpcisQuery.Bad(name, $"{name}: '{value}' is not a number.");

    static string Time(string name, string value) =>
        EpcisTime.TryParse(value, out var t) ? EpcisTime.Format(t) : throw EpcisQuery.Bad(name, $"{name}: '{value}' is not a time with a time zone (e.g. 2026-03-01T09:00:00Z).");

    // GT_/GE_/LT_/LE_ on an extension field: a number or a time, whichever the value reads as.
    public static string Comparable(string name, string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || EpcisTime.TryParse(value, out _)
            ? value
            : throw EpcisQuery.Bad(name, $"{name}: '{value}' is neither a number nor a time with a time zone.");

    // EQ: the same text, the same number (20 = 20.0) or the same instant (Z = +00:00). GT/GE/LT/LE: numbers with numbers,
    // times with times; a value of another kind does not match.
    public static bool Compare(string op, string actual, IReadOnlyList<string> wanted)
    {
        if (op == "EQ")
        {
            return wanted.Any(w => w == actual
                || Num(w) is { } a && Num(actual) is { } b && a == b && !Padded(w) && !Padded(actual)
                || Instant(w) is { } t && Instant(actual) is { } u && t == u);
        }
        var want = wanted[0];
        int? order = Num(want) is { } n ? Num(actual)?.CompareTo(n) : Instant(want) is { } i ? Instant(actual)?.CompareTo(i) : null;
        return order is { } o && op switch
        {
            "GT" => o > 0,
            "GE" => o >= 0,
            "LT" => o < 0,
            _ => o <= 0,
        };
    }

    // "00123" is a code, not the number 123: a lot number must not match another lot that reads as the same number.
    static bool Padded(string s) => s.TrimStart('-').Length > 1 && s.TrimStart('-')[0] == '0' && char.IsAsciiDigit(s.TrimStart('-')[1]);

    static decimal? Num(string s) => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    static DateTimeOffset? Instant(string s) => s.Contains('T', StringComparison.Ordinal) && EpcisTime.TryParse(s, out var t) ? t : null;

    public bool Accepts(EpcisEvent e) => Field switch
    {
        "transformationID" => e.TransformationId is { } id && Values.Contains(EpcisIdentifiers.Canonical(id), StringComparer.Ordinal),
        "errorReason" => e.ErrorDeclaration?.Reason is { } reason && Values.Contains(reason, StringComparer.Ordinal),
        "correctiveEventID" => e.ErrorDeclaration?.CorrectiveEventIds.Any(c => Values.Contains(c, StringComparer.Ordinal)) == true,
        "errorDeclaration" => e.ErrorDeclaration is not null,
        "persistentDisposition_set" => e.PersistentDisposition?.Set.Any(d => Values.Contains(d, StringComparer.Ordinal)) == true,
        "persistentDisposition_unset" => e.PersistentDisposition?.Unset.Any(d => Values.Contains(d, StringComparer.Ordinal)) == true,
        _ => throw new InvalidOperationException($"'{Field}' is a sensor attribute: SensorAccepts reads it."),
    };

    // All the sensor conditions of a query hold for one sensorReport, its element's metadata filling in what it leaves
    // out: "a report of type Temperature above 8 °C", not a temperature report and some other value above 8.
    public static bool SensorAccepts(EpcisEvent e, IReadOnlyList<EpcisValueFilter> filters) =>
        e.SensorElementList.Any(s => (s.Reports.Count == 0 ? [new EpcisSensorFields([], [])] : s.Reports)
            .Any(r => filters.All(f => f.Holds(r.Get(f.Field) ?? (Inherited.Contains(f.Field) ? s.Metadata?.Get(f.Field) : null)))));

    bool Holds(string? actual) => actual is not null && Field switch
    {
        "hexBinaryValue" => Values.Contains(actual.ToUpperInvariant(), StringComparer.Ordinal),
        "deviceID" => Values.Contains(EpcisIdentifiers.Canonical(actual), StringComparer.Ordinal),
        _ when Operator == "EQ" && !SensorNumbers.Contains(Field) => Values.Contains(actual, StringComparer.Ordinal),
        _ => Compare(Operator, actual, Values),
    };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SerialTrack.Core.Epcis;

// GS1 CBV 2.0 §8.9 "event hash": a syntax-independent identity of an event, so that the same event captured twice —
// in XML or JSON, with EPC URNs or Digital Links, in another time zone — is recognised as a duplicate. The pre-hash
// string concatenates the event's fields in a fixed order, each as name=value with values normalised (times in UTC at
// millisecond precision, numbers without trailing zeros, GS1 keys as constrained Digital Links, CBV values as web
// URIs), lists sorted, user extensions last as {namespace}name=value; eventID, recordTime and the declaration of an
// error are not part of what happened, so they are left out.
public static class EpcisEventHash
{
    public static string Compute(EpcisEvent e) => FromPreHash(PreHash(e));

    public static string Compute(EpcisEvent e, IReadOnlyList<string> ignoredFields) => FromPreHash(PreHash(e, ignoredFields));

    // An rdfs:comment is a note to a human reader, not part of what happened.
    public static string PreHash(EpcisEvent e, IReadOnlyList<string> ignoredFields) =>
        Build(Without(e, [.. ignoredFields, "{http://www.w3.org/2000/01/rdf-schema#}comment"]));

    public static string PreHash(EpcisEvent e) => PreHash(e, []);

    public static string FromPreHash(string preHash) =>
        "ni:///sha-256;" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preHash))) + "?ver=CBV2.0";

    private static string Build(EpcisEvent e)
    {
        var sb = new StringBuilder();
        sb.Append("eventType=").Append(e.Type);
        Field(sb, "eventTime", e.EventTime is { } time ? Time(time) : null);
        Field(sb, "eventTimeZoneOffset", e.EventTimeZoneOffset);
        sb.Append(string.Concat(e.CertificationInfo.Select(c => "certificationInfo=" + Value(c)).Order(StringComparer.Ordinal)));
        Epcs(sb, "epcList", e.EpcList);
        Field(sb, "parentID", e.ParentId is null ? null : EpcisIdentifiers.Canonical(e.ParentId));
        Epcs(sb, "inputEPCList", e.InputEpcList);
        Epcs(sb, "childEPCs", e.ChildEpcs);
        Quantities(sb, "quantityList", e.QuantityList);
        Quantities(sb, "childQuantityList", e.ChildQuantityList);
        Quantities(sb, "inputQuantityList", e.InputQuantityList);
        Epcs(sb, "outputEPCList", e.OutputEpcList);
        Quantities(sb, "outputQuantityList", e.OutputQuantityList);
        Field(sb, "action", e.Action?.ToString().ToUpperInvariant());
        Field(sb, "transformationID", e.TransformationId is null ? null : Value(e.TransformationId));
        Field(sb, "bizStep", e.BizStep);
        Field(sb, "disposition", e.Disposition);
        if (e.PersistentDisposition is { } persistent && persistent.Set.Count + persistent.Unset.Count > 0)
        {
            sb.Append("persistentDisposition")
                .Append(Sorted(persistent.Set.Select(s => "set=" + s)))
                .Append(Sorted(persistent.Unset.Select(s => "unset=" + s)));
        }

        Place(sb, "readPoint", e.ReadPoint);
        Place(sb, "bizLocation", e.BizLocation);
        if (e.SensorElementList.Count > 0)
        {
            sb.Append("sensorElementList").Append(Sorted(e.SensorElementList.Select(Sensor)));
        }

        // The reference implementation of the CBV 2.0 event hash (RalphTro/epcis-event-hash-generator) has no fixed
        // place for the business transactions, sources, destinations and ILMD: they are written after the sensor data,
        // sorted together with the user extensions. So is a sensorReport's bizRules, which its order does not know.
        var tail = new List<string>(e.Extensions.Select(Extension))
        {
            Typed("bizTransactionList", "bizTransaction", e.BizTransactionList),
            Typed("destinationList", "destination", e.DestinationList),
            Typed("sourceList", "source", e.SourceList),
            e.Ilmd is { Count: > 0 } ilmd ? "ilmd" + Sorted(ilmd.Select(Extension)) : "",
            UnorderedSensorFields(e.SensorElementList),
        };
        sb.Append(Sorted(tail.Where(t => t.Length > 0)));
        return sb.ToString();
    }

    private static EpcisEvent Without(EpcisEvent e, HashSet<string> ignored)
    {
        List<EpcisExtension> Strip(IReadOnlyList<EpcisExtension> extensions) =>
        [
            .. extensions.Where(x => !ignored.Contains("{" + x.Namespace + "}" + x.Name)).Select(x => x with { Children = Strip(x.Children) }),
        ];

        EpcisPlace? Place(EpcisPlace? place) => place is null ? null : place with { Extensions = Strip(place.Extensions) };

        EpcisSensorFields? Sensor(EpcisSensorFields? fields) => fields is null ? null : fields with { Extensions = Strip(fields.Extensions) };

        List<EpcisQuantity>? Quantities(IReadOnlyList<EpcisQuantity>? quantities) =>
            quantities?.Select(q => q with { Extensions = Strip(q.Extensions) }).ToList();

        return e with
        {
            Extensions = Strip(e.Extensions),
            Ilmd = e.Ilmd is null ? null : Strip(e.Ilmd),
            ReadPoint = Place(e.ReadPoint),
            BizLocation = Place(e.BizLocation),
            QuantityList = Quantities(e.QuantityList),
            ChildQuantityList = Quantities(e.ChildQuantityList),
            InputQuantityList = Quantities(e.InputQuantityList),
            OutputQuantityList = Quantities(e.OutputQuantityList),
            SensorElementList =
            [
                .. e.SensorElementList.Select(s => new EpcisSensorElement(Sensor(s.Metadata), [.. s.Reports.Select(r => Sensor(r)!)], Strip(s.Extensions))),
            ],
        };
    }

    private static void Field(StringBuilder sb, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            sb.Append(name).Append('=').Append(value);
        }
    }

    private static void Epcs(StringBuilder sb, string name, IReadOnlyList<string>? epcs)
    {
        if (epcs is { Count: > 0 })
        {
            sb.Append(name).Append(Sorted(epcs.Select(epc => "epc=" + EpcisIdentifiers.Canonical(epc))));
        }
    }

    private static void Quantities(StringBuilder sb, string name, IReadOnlyList<EpcisQuantity>? quantities)
    {
        if (quantities is { Count: > 0 })
        {
            sb.Append(name).Append(Sorted(quantities.Select(q =>
                "quantityElement" + "epcClass=" + EpcisIdentifiers.Canonical(q.EpcClass) +
                (q.Quantity is { } n ? "quantity=" + Number(n) : "") +
                (q.Uom is null ? "" : "uom=" + q.Uom) +
                Sorted(q.Extensions.Select(Extension)))));
        }
    }

    private static void Place(StringBuilder sb, string name, EpcisPlace? place)
    {
        if (place is not null)
        {
            sb.Append(name).Append("id=").Append(EpcisIdentifiers.Canonical(place.Id)).Append(Sorted(place.Extensions.Select(Extension)));
        }
    }

    private static string Typed(string name, string itemName, IReadOnlyList<EpcisTypedValue> values) =>
        values.Count == 0 ? "" : name + Sorted(values.Select(v => (v.Type is null ? "" : "type=" + v.Type) + itemName + "=" + Value(v.Value)));

    private static string UnorderedSensorFields(IReadOnlyList<EpcisSensorElement> elements)
    {
        var withRules = elements
            .Select(e => e.Reports.Where(r => r.Get("bizRules") is not null).Select(r => "sensorReportbizRules=" + Value(r.Get("bizRules")!)).ToList())
            .Where(reports => reports.Count > 0)
            .Select(reports => "sensorElement" + Sorted(reports))
            .ToList();
        return withRules.Count == 0 ? "" : "sensorElementList" + Sorted(withRules);
    }

    private static string Sensor(EpcisSensorElement element)
    {
        var sb = new StringBuilder("sensorElement");
        if (element.Metadata is { } metadata)
        {
            sb.Append(SensorFields("sensorMetadata", metadata));
        }

        sb.Append(Sorted(element.Reports.Select(r => SensorFields("sensorReport", r))));
        sb.Append(Sorted(element.Extensions.Select(Extension)));
        return sb.ToString();
    }

    private static string SensorFields(string name, EpcisSensorFields fields)
    {
        var sb = new StringBuilder(name);
        foreach (var field in fields.Fields.Where(f => !(name == "sensorReport" && f.Name == "bizRules")))
        {
            var value = field.Name is "time" or "startTime" or "endTime" && EpcisTime.TryParse(field.Value, out var t)
                ? Time(t)
                : Value(field.Value);
            sb.Append(field.Name).Append('=').Append(value);
        }

        return sb.Append(Sorted(fields.Extensions.Select(Extension))).ToString();
    }

    private static string Extension(EpcisExtension extension)
    {
        var value = extension.Value?.Trim();
        var text = string.IsNullOrEmpty(value) ? "" : "=" + (IsTimeName(extension.Name) && EpcisTime.TryParse(value, out var t) ? Time(t) : Value(value));
        var name = extension.Namespace.Length == 0 ? extension.Name : "{" + extension.Namespace + "}" + extension.Name;
        return name + text + Sorted(extension.Children.Select(Extension));
    }

    private static bool IsTimeName(string name) => name.Contains("time", StringComparison.OrdinalIgnoreCase) && !name.Contains("offset", StringComparison.OrdinalIgnoreCase);

    // Values of extensions and identifiers: CBV URNs become web URIs, numbers lose trailing zeros, GS1 keys become
    // constrained Digital Links.
    private static string Value(string value)
    {
        foreach (var vocabulary in Enum.GetValues<CbvVocabulary>())
        {
            if (value.StartsWith("urn:epcglobal:cbv:", StringComparison.Ordinal) && Cbv.Normalise(vocabulary, value, out _) is { } web && web != value)
            {
                return web;
            }
        }

        // Any value that reads as a number is written as the reference does it: through a double, whole numbers without
        // a decimal point. A 24-digit stringValue therefore loses its last digits in the hash, as in the CBV vectors.
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number == Math.Floor(number)
                ? new System.Numerics.BigInteger(number).ToString(CultureInfo.InvariantCulture)
                : number.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        }

        return EpcisIdentifiers.Canonical(value);
    }

    private static string Number(decimal value) => Value(value.ToString(CultureInfo.InvariantCulture));

    private static string Time(DateTimeOffset time)
    {
        // Millisecond precision, rounded half up (CBV 2.0 §8.9: "2023-02-02T11:04:03.1415Z" hashes as ".142Z").
        var utc = time.UtcDateTime;
        var ticks = (utc.Ticks + (TimeSpan.TicksPerMillisecond / 2)) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond;
        return new DateTime(ticks, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static string Sorted(IEnumerable<string> parts) => string.Concat(parts.Order(StringComparer.Ordinal));
}

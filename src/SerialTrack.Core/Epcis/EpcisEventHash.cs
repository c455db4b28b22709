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

    public static string FromPreHash(string preHash) =>
        "ni:///sha-256;" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preHash))) + "?ver=CBV2.0";

    public static string PreHash(EpcisEvent e)
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
        Typed(sb, "bizTransactionList", "bizTransaction", e.BizTransactionList);
        Typed(sb, "destinationList", "destination", e.DestinationList);
        Typed(sb, "sourceList", "source", e.SourceList);
        if (e.SensorElementList.Count > 0)
        {
            sb.Append("sensorElementList").Append(Sorted(e.SensorElementList.Select(Sensor)));
        }

        if (e.Ilmd is { Count: > 0 } ilmd)
        {
            sb.Append("ilmd").Append(Sorted(ilmd.Select(Extension)));
        }

        sb.Append(Sorted(e.Extensions.Select(Extension)));
        return sb.ToString();
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

    private static void Typed(StringBuilder sb, string name, string itemName, IReadOnlyList<EpcisTypedValue> values)
    {
        if (values.Count > 0)
        {
            sb.Append(name).Append(Sorted(values.Select(v =>
                (v.Type is null ? "" : "type=" + v.Type) + itemName + "=" + Value(v.Value))));
        }
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
        foreach (var field in fields.Fields)
        {
            // Sensor values are already normalised by the reader; a stringValue of digits stays a string.
            var value = field.Name is "time" or "startTime" or "endTime" && EpcisTime.TryParse(field.Value, out var t)
                ? Time(t)
                : EpcisIdentifiers.Canonical(field.Value);
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

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number == Math.Floor(number) && Math.Abs(number) < 1e17
                ? ((long)number).ToString(CultureInfo.InvariantCulture)
                : number.ToString("R", CultureInfo.InvariantCulture);
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

namespace SerialTrack.Core.Epcis;

// What the JSON-LD and XML writers share: the order of an event's fields and the prefixes of user namespaces.
internal static class EpcisWriting
{
    public const string ContextUrl = "https://ref.gs1.org/standards/epcis/epcis-context.jsonld";

    // EPCIS.xsd 2.0: the header every event type starts with, then the type's own sequence (EpcisEventMapper reads
    // XML in the same order), then user extensions. JSON-LD does not care; it gets the same order to read alike.
    private static readonly string[] Header = ["eventTime", "recordTime", "eventTimeZoneOffset", "certificationInfo", "eventID", "errorDeclaration"];

    public static IEnumerable<string> Fields(EpcisEventType type) => Header.Concat(EpcisEventMapper.Sequences[type]);

    public static IEnumerable<string> Namespaces(EpcisEvent e)
    {
        IEnumerable<EpcisExtension> Quantities(IReadOnlyList<EpcisQuantity>? list) => list?.SelectMany(q => q.Extensions) ?? [];

        var all = e.Extensions
            .Concat(e.Ilmd ?? [])
            .Concat(e.ReadPoint?.Extensions ?? [])
            .Concat(e.BizLocation?.Extensions ?? [])
            .Concat(e.ErrorDeclaration?.Extensions ?? [])
            .Concat(Quantities(e.QuantityList)).Concat(Quantities(e.ChildQuantityList))
            .Concat(Quantities(e.InputQuantityList)).Concat(Quantities(e.OutputQuantityList))
            .Concat(e.SensorElementList.SelectMany(s =>
                s.Extensions.Concat(s.Metadata?.Extensions ?? []).Concat(s.Reports.SelectMany(r => r.Extensions))));
        return Flatten(all).Select(x => x.Namespace).Where(ns => ns.Length > 0).Distinct();
    }

    private static IEnumerable<EpcisExtension> Flatten(IEnumerable<EpcisExtension> extensions) =>
        extensions.SelectMany(x => Flatten(x.Children).Prepend(x));

    // Extensions of one name in a row become one JSON array (the reader makes repeated elements of an array).
    public static IEnumerable<List<EpcisExtension>> Grouped(IReadOnlyList<EpcisExtension> extensions) =>
        extensions.GroupBy(x => (x.Namespace, x.Name)).Select(g => g.ToList());
}

// Prefixes for user namespaces: the ones the EPCIS context declares keep theirs, SerialTrack's own is "st", the
// rest are numbered ext1, ext2, ... in the order met. A namespace keeps its prefix for the whole document; whether
// it is declared where it is used is the JSON writer's business (XmlWriter declares prefixes itself).
internal sealed class EpcisPrefixes
{
    private readonly Dictionary<string, string> _byNamespace = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    public EpcisPrefixes(bool standardDeclared)
    {
        foreach (var (prefix, ns) in EpcisJsonReader.StandardPrefixes)
        {
            _byNamespace.TryAdd(ns, prefix);
            _used.Add(prefix);
            if (standardDeclared)
            {
                _declared.Add(ns);
            }
        }
    }

    public bool IsDeclared(string ns) => _declared.Contains(ns);

    public void Declare(string ns) => _declared.Add(ns);

    public void Undeclare(string ns) => _declared.Remove(ns);

    public string Of(string ns)
    {
        if (_byNamespace.TryGetValue(ns, out var known))
        {
            return known;
        }

        var prefix = ns == NativeEpcis.Namespace && _used.Add("st") ? "st" : Next();
        _byNamespace[ns] = prefix;
        return prefix;
    }

    private string Next()
    {
        for (var i = 1; ; i++)
        {
            if (_used.Add("ext" + i))
            {
                return "ext" + i;
            }
        }
    }
}

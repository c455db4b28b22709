using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SerialTrack.Core.Epcis;

public enum EpcisOrderBy
{
    // Capture order (the stored id): new events only ever come last.
    Stored,
    EventTime,
    RecordTime,
}

// An EPC filter (MATCH_epc and its kind): the lists it looks in, the identifiers named exactly, and the GS1 keys named
// as a pattern (urn:epc:idpat:sgtin:0614141.107346.* or a Digital Link class URI) that match every serial below them.
public sealed record EpcisMatch(string Parameter, IReadOnlyList<EpcisEpcRole> Roles, IReadOnlyList<string> Exact, IReadOnlyList<string> Prefixes);

public sealed record EpcisQuantityFilter(string Operator, decimal Value)
{
    public bool Accepts(decimal q) => Operator switch
    {
        "EQ" => q == Value,
        "GT" => q > Value,
        "GE" => q >= Value,
        "LT" => q < Value,
        _ => q <= Value,
    };
}

// EQ_bizTransaction_<type>, EQ_source_<type>, EQ_destination_<type>: the canonical type and the identifiers sought.
public sealed record EpcisTypedFilter(string Type, IReadOnlyList<string> Values);

// The standard query parameters of EPCIS 2.0 §8.2.7.1 (SimpleEventQuery) as the REST binding sends them, parsed once:
// vocabulary in canonical CBV form, identifiers in canonical Digital Link form, so that every stored form matches.
public sealed record EpcisQuery
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 1000;

    public IReadOnlyList<EpcisEventType>? EventTypes { get; init; }
    public DateTimeOffset? GeEventTime { get; init; }
    public DateTimeOffset? LtEventTime { get; init; }
    public DateTimeOffset? GeRecordTime { get; init; }
    public DateTimeOffset? LtRecordTime { get; init; }
    public IReadOnlyList<EpcisAction>? Actions { get; init; }
    public IReadOnlyList<string>? BizSteps { get; init; }
    public IReadOnlyList<string>? Dispositions { get; init; }
    public IReadOnlyList<string>? ReadPoints { get; init; }
    public IReadOnlyList<string>? WithinReadPoints { get; init; }
    public IReadOnlyList<string>? BizLocations { get; init; }
    public IReadOnlyList<string>? WithinBizLocations { get; init; }
    public IReadOnlyList<string>? EventIds { get; init; }
    public IReadOnlyList<EpcisMatch> Matches { get; init; } = [];
    public IReadOnlyList<EpcisQuantityFilter> Quantities { get; init; } = [];
    public IReadOnlyList<EpcisTypedFilter> BizTransactions { get; init; } = [];
    public IReadOnlyList<EpcisTypedFilter> Sources { get; init; } = [];
    public IReadOnlyList<EpcisTypedFilter> Destinations { get; init; } = [];
    public IReadOnlyList<EpcisValueFilter> Fields { get; init; } = [];
    public IReadOnlyList<EpcisValueFilter> Sensors { get; init; } = [];
    public IReadOnlyList<EpcisFieldFilter> Extensions { get; init; } = [];

    // Set by the edge for an epcis:query-own token, never by a parameter: only the events about this party's shipments.
    public long? OwnParty { get; init; }
    public EpcisOrderBy OrderBy { get; init; }

    // EPCIS 2.0 §8.2.7.1: orderDirection defaults to DESC; without orderBy the order is capture order.
    public bool? Direction { get; init; }
    public bool Descending => OrderBy != EpcisOrderBy.Stored && (Direction ?? true);
    public int? EventCountLimit { get; init; }
    public int? MaxEventCount { get; init; }
    public int PerPage { get; init; } = DefaultPerPage;
    public string? NextPageToken { get; init; }

    // What a page token is bound to: the parameters that choose the events, so a token cannot be replayed on another query.
    public string Fingerprint { get; init; } = "";

    // Filters the store has no column for: answered from each event's stored JSON, after the SQL has narrowed the rest.
    public bool NeedsEventBody => Quantities.Count > 0 || BizTransactions.Count > 0 || Sources.Count > 0 || Destinations.Count > 0
        || Fields.Count > 0 || Sensors.Count > 0 || Extensions.Count > 0;

    public static EpcisQuery ForEpc(string epc, int? perPage, string? nextPageToken) =>
        Parse([new("MATCH_anyEPC", epc), .. perPage is null ? [] : new KeyValuePair<string, string>[] { new("perPage", perPage.Value.ToString(CultureInfo.InvariantCulture)) },
            .. nextPageToken is null ? [] : new KeyValuePair<string, string>[] { new("nextPageToken", nextPageToken) }]);

    // stored: a query saved before this version refused what it now refuses (an unknown event type) is run as it was
    // saved, so that a webhook or a named query does not fail on every run; a new one is checked in full.
    public static EpcisQuery Parse(IEnumerable<KeyValuePair<string, string>> parameters, bool stored = false)
    {
        var q = new EpcisQuery();
        var matches = new List<EpcisMatch>();
        var quantities = new List<EpcisQuantityFilter>();
        var transactions = new List<EpcisTypedFilter>();
        var sources = new List<EpcisTypedFilter>();
        var destinations = new List<EpcisTypedFilter>();
        var fields = new List<EpcisValueFilter>();
        var sensors = new List<EpcisValueFilter>();
        var extensions = new List<EpcisFieldFilter>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fingerprint = new List<string>();
        foreach (var (name, value) in parameters)
        {
            if (!seen.Add(name))
            {
                throw Bad(name, $"{name} is given twice; give several values in one parameter, separated by '|'.");
            }
            if (name is not ("nextPageToken" or "perPage"))
            {
                fingerprint.Add(name + "=" + value);
            }
            q = name switch
            {
                "eventType" => q with { EventTypes = [.. Values(name, value).SelectMany(v => EventType(name, v, stored))] },
                "GE_eventTime" => q with { GeEventTime = Time(name, value) },
                "LT_eventTime" => q with { LtEventTime = Time(name, value) },
                "GE_recordTime" => q with { GeRecordTime = Time(name, value) },
                "LT_recordTime" => q with { LtRecordTime = Time(name, value) },
                "EQ_action" => q with { Actions = [.. Values(name, value).Select(v => Action(name, v))] },
                "EQ_bizStep" => q with { BizSteps = Vocabulary(name, value, CbvVocabulary.BizStep) },
                "EQ_disposition" => q with { Dispositions = Vocabulary(name, value, CbvVocabulary.Disposition) },
                "EQ_readPoint" => q with { ReadPoints = Identifiers(name, value) },
                "WD_readPoint" => q with { WithinReadPoints = Identifiers(name, value) },
                "EQ_bizLocation" => q with { BizLocations = Identifiers(name, value) },
                "WD_bizLocation" => q with { WithinBizLocations = Identifiers(name, value) },
                "EQ_eventID" => q with { EventIds = Values(name, value) },
                "orderBy" => q with { OrderBy = OrderField(name, value) },
                "orderDirection" => q with { Direction = OrderDirection(name, value) },
                "eventCountLimit" => q with { EventCountLimit = Positive(name, value, int.MaxValue) },
                "maxEventCount" => q with { MaxEventCount = Positive(name, value, int.MaxValue) },
                "perPage" => q with { PerPage = Positive(name, value, MaxPerPage) },
                "nextPageToken" => q with { NextPageToken = value },
                "EQ_transformationID" => Add(q, fields, new EpcisValueFilter("transformationID", "EQ", [.. Values(name, value).Select(EpcisIdentifiers.Canonical)])),
                "EQ_errorReason" => Add(q, fields, new EpcisValueFilter("errorReason", "EQ", Vocabulary(name, value, CbvVocabulary.ErrorReason))),
                "EQ_correctiveEventID" => Add(q, fields, new EpcisValueFilter("correctiveEventID", "EQ", Values(name, value))),
                "EXISTS_errorDeclaration" => Add(q, fields, new EpcisValueFilter("errorDeclaration", "EXISTS", [])),
                "EQ_persistentDisposition_set" or "EQ_persistentDisposition_unset" =>
                    Add(q, fields, new EpcisValueFilter(name[3..], "EQ", Vocabulary(name, value, CbvVocabulary.Disposition))),
                _ when Roles(name) is { } roles => Add(q, matches, Match(name, value, roles)),
                _ when name.Length == 11 && name.EndsWith("_quantity", StringComparison.Ordinal) && name[..2] is "EQ" or "GT" or "GE" or "LT" or "LE" =>
                    Add(q, quantities, new EpcisQuantityFilter(name[..2], Quantity(name, value))),
                _ when name.StartsWith("EQ_bizTransaction_", StringComparison.Ordinal) =>
                    Add(q, transactions, Typed(name, value, "EQ_bizTransaction_", CbvVocabulary.BizTransactionType)),
                _ when name.StartsWith("EQ_source_", StringComparison.Ordinal) => Add(q, sources, Typed(name, value, "EQ_source_", CbvVocabulary.SourceDestinationType)),
                _ when name.StartsWith("EQ_destination_", StringComparison.Ordinal) =>
                    Add(q, destinations, Typed(name, value, "EQ_destination_", CbvVocabulary.SourceDestinationType)),
                _ when EpcisValueFilter.TryParseSensor(name, value) is { } sensor => Add(q, sensors, sensor),
                _ when EpcisFieldFilter.TryParse(name, value) is { } field => Add(q, extensions, field),
                _ => throw Bad(name, $"'{name}' is not a query parameter SerialTrack knows (EPCIS 2.0 SimpleEventQuery parameters, perPage, nextPageToken; "
                    + "an extension field is named with its namespace, e.g. EQ_ILMD_urn:epcglobal:cbv:mda#lotNumber)."),
            };
        }

        // EPCIS 2.0 §8.2.7.1: eventCountLimit and maxEventCount together are a QueryParameterException.
        if (q.EventCountLimit is not null && q.MaxEventCount is not null)
        {
            throw Bad("maxEventCount", "eventCountLimit and maxEventCount cannot be given together: one cuts the answer short, the other refuses a long one.");
        }
        fingerprint.Sort(StringComparer.Ordinal);
        return q with
        {
            Matches = matches,
            Quantities = quantities,
            BizTransactions = transactions,
            Sources = sources,
            Destinations = destinations,
            Fields = fields,
            Sensors = sensors,
            Extensions = extensions,
            Fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', fingerprint))))[..16],
        };
    }

    static EpcisQuery Add<T>(EpcisQuery q, List<T> list, T item)
    {
        list.Add(item);
        return q;
    }

    public static DomainException Bad(string field, string message) => DomainException.BadInput("epcis.query_parameter", field, message);

    // EPCIS 2.0 REST binding: several values of one parameter are separated by '|', any of them matching.
    static IReadOnlyList<string> Values(string name, string value)
    {
        var values = value.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return values.Length == 0 ? throw Bad(name, $"{name} needs a value.") : values;
    }

    // An event type the store cannot hold matches nothing rather than being refused: the standard lets extension types
    // exist (named with a namespace), and QuantityEvent (EPCIS 1.x) is one no event here has. Any other bare word is a
    // mistake ("objectevent", "Foo") that would look like "no events" if it matched nothing.
    static IEnumerable<EpcisEventType> EventType(string name, string value, bool stored) =>
        Enum.TryParse<EpcisEventType>(value, ignoreCase: false, out var type) && Enum.IsDefined(type) && !char.IsDigit(value[0]) ? [type]
        : stored || value == "QuantityEvent" || value.Contains(':', StringComparison.Ordinal) ? []
        : throw Bad(name, $"{name}: '{value}' is not an event type ({string.Join(", ", Enum.GetNames<EpcisEventType>())}, or an extension type named with its namespace).");

    static DateTimeOffset Time(string name, string value) =>
        EpcisTime.TryParse(value, out var time) ? time : throw Bad(name, $"{name}: '{value}' is not a time with a time zone (e.g. 2026-03-01T09:00:00Z).");

    static EpcisAction Action(string name, string value) => value switch
    {
        "ADD" => EpcisAction.Add,
        "OBSERVE" => EpcisAction.Observe,
        "DELETE" => EpcisAction.Delete,
        _ => throw Bad(name, $"{name}: '{value}' is not an action (ADD, OBSERVE, DELETE)."),
    };

    static IReadOnlyList<string> Vocabulary(string name, string value, CbvVocabulary vocabulary) =>
        [.. Values(name, value).Select(v => Cbv.Normalise(vocabulary, v, out var problem) ?? throw Bad(name, $"{name}: {problem}."))];

    static IReadOnlyList<string> Identifiers(string name, string value) => [.. Values(name, value).Select(v => Identifier(name, v))];

    static string Identifier(string name, string value) =>
        EpcisIdentifiers.Problem(value) is { } problem ? throw Bad(name, $"{name}: {problem}.") : EpcisIdentifiers.Canonical(value);

    static EpcisOrderBy OrderField(string name, string value) => value switch
    {
        "eventTime" => EpcisOrderBy.EventTime,
        "recordTime" => EpcisOrderBy.RecordTime,
        _ => throw Bad(name, $"{name}: '{value}' is not a field to order by (eventTime, recordTime)."),
    };

    static bool? OrderDirection(string name, string value) => value switch
    {
        "ASC" => false,
        "DESC" => true,
        _ => throw Bad(name, $"{name} is ASC or DESC, not '{value}'."),
    };

    static int Positive(string name, string value, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max
            ? n
            : throw Bad(name, $"{name}: '{value}' is not a whole number from 1 to {max}.");

    static decimal Quantity(string name, string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : throw Bad(name, $"{name}: '{value}' is not a number.");

    static IReadOnlyList<EpcisEpcRole>? Roles(string name) => name switch
    {
        "MATCH_epc" => [EpcisEpcRole.Epc],
        "MATCH_parentID" => [EpcisEpcRole.Parent],
        "MATCH_inputEPC" => [EpcisEpcRole.Input],
        "MATCH_outputEPC" => [EpcisEpcRole.Output],
        "MATCH_anyEPC" => [EpcisEpcRole.Epc, EpcisEpcRole.Parent, EpcisEpcRole.Input, EpcisEpcRole.Output],
        "MATCH_epcClass" => [EpcisEpcRole.Class],
        "MATCH_inputEPCClass" => [EpcisEpcRole.InputClass],
        "MATCH_outputEPCClass" => [EpcisEpcRole.OutputClass],
        "MATCH_anyEPCClass" => [EpcisEpcRole.Class, EpcisEpcRole.InputClass, EpcisEpcRole.OutputClass],
        _ => null,
    };

    // A pattern (urn:epc:idpat:sgtin:CompanyPrefix.ItemRef.*) and a Digital Link naming a GTIN alone both stand for every
    // instance and lot of that GTIN: the canonical form of each of those starts with the GTIN's own, followed by '/'.
    static EpcisMatch Match(string name, string value, IReadOnlyList<EpcisEpcRole> roles)
    {
        var exact = new List<string>();
        var prefixes = new List<string>();
        foreach (var v in Values(name, value))
        {
            if (EpcisPatterns.Read(v) is { } ranges)
            {
                exact.AddRange(ranges.Exact);
                prefixes.AddRange(ranges.Prefixes);
                continue;
            }
            var canonical = Identifier(name, v);
            var isClass = canonical.StartsWith(Gs1.DigitalLink.DefaultStem + "/01/", StringComparison.Ordinal) && canonical.Count(c => c == '/') == 4;
            if (v.StartsWith("urn:epc:idpat:", StringComparison.OrdinalIgnoreCase) || isClass)
            {
                exact.Add(canonical);
                prefixes.Add(canonical + "/");
            }
            else
            {
                exact.Add(canonical);
            }
        }
        return new EpcisMatch(name, roles, exact, prefixes);
    }

    static EpcisTypedFilter Typed(string name, string value, string prefix, CbvVocabulary vocabulary)
    {
        var type = name[prefix.Length..];
        var canonical = Cbv.Normalise(vocabulary, type, out var problem) ?? throw Bad(name, $"{name}: {problem}.");
        return new EpcisTypedFilter(canonical, [.. Values(name, value).Select(EpcisIdentifiers.Canonical)]);
    }

    public bool Accepts(EpcisEvent e)
    {
        if (Quantities.Count > 0)
        {
            var all = (e.QuantityList ?? []).Concat(e.ChildQuantityList ?? []).Concat(e.InputQuantityList ?? []).Concat(e.OutputQuantityList ?? []);
            if (!all.Any(x => x.Quantity is { } n && Quantities.All(f => f.Accepts(n))))
            {
                return false;
            }
        }
        return BizTransactions.All(f => Has(e.BizTransactionList, f)) && Sources.All(f => Has(e.SourceList, f)) && Destinations.All(f => Has(e.DestinationList, f))
            && Fields.All(f => f.Accepts(e)) && Extensions.All(f => f.Accepts(e)) && (Sensors.Count == 0 || EpcisValueFilter.SensorAccepts(e, Sensors));

        static bool Has(IReadOnlyList<EpcisTypedValue> list, EpcisTypedFilter f) =>
            list.Any(t => t.Type == f.Type && f.Values.Contains(EpcisIdentifiers.Canonical(t.Value), StringComparer.Ordinal));
    }
}

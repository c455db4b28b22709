using System.Globalization;
using System.Text.RegularExpressions;

namespace SerialTrack.Core.Epcis;

// Turns the neutral tree of either binding into the model. Lexical rules live here (times, numbers, actions, CBV words,
// field names allowed per event type, XML element order); rules across fields live in EpcisValidator.
internal sealed partial class EpcisEventMapper
{
    private static readonly string[] Common =
    [
        "eventTime", "recordTime", "eventTimeZoneOffset", "eventID", "certificationInfo", "errorDeclaration",
        "bizStep", "disposition", "persistentDisposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList",
        "destinationList", "sensorElementList",
    ];

    // EPCIS.xsd 2.0: the element sequence of each event type (before any user extension elements). The writers follow it.
    internal static readonly Dictionary<EpcisEventType, string[]> Sequences = new()
    {
        [EpcisEventType.ObjectEvent] =
        [
            "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList", "quantityList",
            "sourceList", "destinationList", "sensorElementList", "persistentDisposition", "ilmd",
        ],
        [EpcisEventType.AggregationEvent] =
        [
            "parentID", "childEPCs", "action", "bizStep", "disposition", "readPoint", "bizLocation", "bizTransactionList",
            "childQuantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
        ],
        [EpcisEventType.TransactionEvent] =
        [
            "bizTransactionList", "parentID", "epcList", "action", "bizStep", "disposition", "readPoint", "bizLocation",
            "quantityList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
        ],
        [EpcisEventType.TransformationEvent] =
        [
            "inputEPCList", "inputQuantityList", "outputEPCList", "outputQuantityList", "transformationID", "bizStep",
            "disposition", "readPoint", "bizLocation", "bizTransactionList", "sourceList", "destinationList",
            "sensorElementList", "persistentDisposition", "ilmd",
        ],
        [EpcisEventType.AssociationEvent] =
        [
            "parentID", "childEPCs", "childQuantityList", "action", "bizStep", "disposition", "readPoint", "bizLocation",
            "bizTransactionList", "sourceList", "destinationList", "sensorElementList", "persistentDisposition",
        ],
    };

    // The header of every event type: eventTime, recordTime, eventTimeZoneOffset, then eventID, errorDeclaration and
    // certificationInfo (the fixtures put certificationInfo on either side of the other two, so they share a rank).
    private static readonly Dictionary<string, int> HeaderRanks = new()
    {
        ["eventTime"] = 0,
        ["recordTime"] = 1,
        ["eventTimeZoneOffset"] = 2,
        ["certificationInfo"] = 3,
        ["eventID"] = 3,
        ["errorDeclaration"] = 3,
    };

    private readonly List<EpcisError> _errors;
    private readonly bool _isXml;
    private int _index;
    private string? _eventId;

    private EpcisEventMapper(List<EpcisError> errors, bool isXml)
    {
        _errors = errors;
        _isXml = isXml;
    }

    public static EpcisDocument Map(EpcisDocumentKind kind, EpcisNode header, IReadOnlyList<EpcisNode> eventNodes, List<EpcisError> errors, bool isXml)
    {
        var mapper = new EpcisEventMapper(errors, isXml);
        var events = new List<EpcisEvent>();
        for (var i = 0; i < eventNodes.Count; i++)
        {
            mapper._index = i;
            if (mapper.MapEvent(eventNodes[i]) is { } mapped)
            {
                events.Add(mapped);
            }
        }

        mapper._index = -1;
        var version = header.Children.FirstOrDefault(c => c.IsStandard && c.Name == "schemaVersion")?.Text;
        var created = header.Children.FirstOrDefault(c => c.IsStandard && c.Name == "creationDate") is { } c
            ? mapper.Time(c, "creationDate") : null;
        if (kind != EpcisDocumentKind.SingleEvent && version is null)
        {
            errors.Add(new(null, null, "schemaVersion", EpcisErrorCodes.Required, "the document needs schemaVersion"));
        }

        if (kind == EpcisDocumentKind.Document && created is null && !errors.Any(e => e.Field == "creationDate"))
        {
            errors.Add(new(null, null, "creationDate", EpcisErrorCodes.Required, "the document needs creationDate"));
        }

        return new EpcisDocument(kind, version, created, events) { HashIgnoredFields = IgnoredFields(header) };
    }

    private static List<string> IgnoredFields(EpcisNode node) =>
    [
        .. node.Children.Where(c => !c.IsStandard && c.Name == "ignoreFields").SelectMany(c => c.Children).Select(c => c.Text!),
        .. node.Children.Where(c => c.IsStandard && c.Children.Count > 0 && c.Name is not "eventList" and not "EventList").SelectMany(IgnoredFields),
    ];

    private void Error(string field, string code, string message) =>
        _errors.Add(new(_index < 0 ? null : _index, _eventId, _index < 0 ? field : $"eventList[{_index}].{field}", code, message));

    private EpcisEvent? MapEvent(EpcisNode node)
    {
        _eventId = node.Children.FirstOrDefault(c => c.IsStandard && c.Name == "eventID")?.Text;
        if (!Enum.TryParse<EpcisEventType>(node.Name, out var type) || !Enum.IsDefined(type))
        {
            Error("type", EpcisErrorCodes.Structure,
                $"'{node.Name}' is not an EPCIS event type (ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent, AssociationEvent)");
            return null;
        }

        var sequence = Sequences[type];
        var allowed = new HashSet<string>(Common.Concat(sequence));
        var result = new EpcisEvent { Type = type };
        var extensions = new List<EpcisExtension>();
        var lastRank = -1;
        var lastName = "";
        var certifications = 0;
        foreach (var child in node.Children)
        {
            if (!child.IsStandard)
            {
                if (!child.IsAttribute)
                {
                    extensions.Add(child.ToExtension());
                }

                continue;
            }

            var name = child.Name;
            if (child.IsAttribute || (!_isXml && name == "type"))
            {
                continue;
            }

            if (!allowed.Contains(name))
            {
                Error(name, EpcisErrorCodes.UnknownField, $"'{name}' is not a field of {type} and has no namespace, so it is not an extension either");
                continue;
            }

            if (_isXml && !child.FromWrapper)
            {
                var rank = HeaderRanks.TryGetValue(name, out var r) ? r : 10 + Array.IndexOf(sequence, name);
                if (rank < lastRank)
                {
                    Error(name, EpcisErrorCodes.Order, $"<{name}> must come before <{lastName}> in {EpcisValidator.WithArticle(type)} (EPCIS.xsd 2.0 element order)");
                }

                (lastRank, lastName) = (rank, name);
            }

            result = name switch
            {
                "eventTime" => result with { EventTime = Time(child, name) },
                "recordTime" => result with { RecordTime = Time(child, name) },
                "eventTimeZoneOffset" => result with { EventTimeZoneOffset = Offset(child) },
                "eventID" => result with { EventId = Uri(child, name) },
                "certificationInfo" => result with { CertificationInfo = [.. result.CertificationInfo, .. Certification(child, certifications++)] },
                "errorDeclaration" => result with { ErrorDeclaration = ErrorDeclaration(child) },
                "parentID" => result with { ParentId = Text(child, name) },
                "epcList" => result with { EpcList = Epcs(child, name) },
                "childEPCs" => result with { ChildEpcs = Epcs(child, name) },
                "inputEPCList" => result with { InputEpcList = Epcs(child, name) },
                "outputEPCList" => result with { OutputEpcList = Epcs(child, name) },
                "quantityList" => result with { QuantityList = Quantities(child, name) },
                "childQuantityList" => result with { ChildQuantityList = Quantities(child, name) },
                "inputQuantityList" => result with { InputQuantityList = Quantities(child, name) },
                "outputQuantityList" => result with { OutputQuantityList = Quantities(child, name) },
                "action" => result with { Action = Action(child) },
                "transformationID" => result with { TransformationId = Text(child, name) },
                "bizStep" => result with { BizStep = Vocabulary(child, name, CbvVocabulary.BizStep) },
                "disposition" => result with { Disposition = Vocabulary(child, name, CbvVocabulary.Disposition) },
                "persistentDisposition" => result with { PersistentDisposition = Persistent(child) },
                "readPoint" => result with { ReadPoint = Place(child, name) },
                "bizLocation" => result with { BizLocation = Place(child, name) },
                "bizTransactionList" => result with { BizTransactionList = Typed(child, name, "bizTransaction", CbvVocabulary.BizTransactionType) },
                "sourceList" => result with { SourceList = Typed(child, name, "source", CbvVocabulary.SourceDestinationType) },
                "destinationList" => result with { DestinationList = Typed(child, name, "destination", CbvVocabulary.SourceDestinationType) },
                "sensorElementList" => result with { SensorElementList = Sensors(child) },
                "ilmd" => result with { Ilmd = Ilmd(child) },
                _ => result,
            };
        }

        return result with { Extensions = extensions };
    }

    private string? Text(EpcisNode node, string field)
    {
        if (node.IsStructured || string.IsNullOrWhiteSpace(node.Text))
        {
            Error(field, EpcisErrorCodes.Structure, node.IsStructured ? "expected a text value, found an object or array" : "is empty");
            return null;
        }

        return node.Text.Trim();
    }

    private string? Uri(EpcisNode node, string field)
    {
        var text = Text(node, field);
        if (text is not null && !System.Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            Error(field, EpcisErrorCodes.Identifier, $"'{text}' is not an absolute URI");
        }

        return text;
    }

    private DateTimeOffset? Time(EpcisNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }

        if (EpcisTime.TryParse(text, out var time))
        {
            return time;
        }

        Error(field, EpcisErrorCodes.Time, $"'{text}' is not an xsd:dateTime with a time zone (e.g. 2026-07-22T06:45:00.000+02:00)");
        return null;
    }

    private string? Offset(EpcisNode node)
    {
        var text = Text(node, "eventTimeZoneOffset");
        if (text is not null && !OffsetPattern().IsMatch(text))
        {
            Error("eventTimeZoneOffset", EpcisErrorCodes.Time, $"'{text}' is not a time zone offset of the form +hh:mm or -hh:mm between -14:00 and +14:00");
        }

        return text;
    }

    private IEnumerable<string> Certification(EpcisNode node, int index)
    {
        // EPCIS 2.0 §7.4.1: certificationInfo is a URI (a certificate to look up), never inline details.
        var text = Uri(node, $"certificationInfo[{index}]");
        return text is null ? [] : [text];
    }

    private EpcisErrorDeclaration ErrorDeclaration(EpcisNode node)
    {
        DateTimeOffset? time = null;
        string? reason = null;
        var corrective = new List<string>();
        var extensions = new List<EpcisExtension>();
        foreach (var child in node.Children)
        {
            var field = "errorDeclaration." + child.Name;
            switch (child.IsStandard ? child.Name : null)
            {
                case "declarationTime":
                    time = Time(child, field);
                    break;
                case "reason":
                    reason = Vocabulary(child, field, CbvVocabulary.ErrorReason);
                    break;
                case "correctiveEventIDs":
                    corrective.AddRange(child.Children.Select(c => Uri(c, field)).OfType<string>());
                    break;
                case null:
                    extensions.Add(child.ToExtension());
                    break;
                default:
                    Error(field, EpcisErrorCodes.UnknownField, $"'{child.Name}' is not a field of errorDeclaration");
                    break;
            }
        }

        if (time is null && !_errors.Any(e => e.EventIndex == _index && e.Field.EndsWith("declarationTime", StringComparison.Ordinal)))
        {
            Error("errorDeclaration.declarationTime", EpcisErrorCodes.Required, "an errorDeclaration needs its declarationTime");
        }

        return new EpcisErrorDeclaration(time, reason, corrective, extensions);
    }

    private List<string> Epcs(EpcisNode node, string field)
    {
        var epcs = new List<string>();
        for (var i = 0; i < node.Children.Count; i++)
        {
            if (Text(node.Children[i], $"{field}[{i}]") is { } epc)
            {
                epcs.Add(epc);
            }
        }

        return epcs;
    }

    private List<EpcisQuantity> Quantities(EpcisNode node, string field)
    {
        var quantities = new List<EpcisQuantity>();
        for (var i = 0; i < node.Children.Count; i++)
        {
            var element = node.Children[i];
            var path = $"{field}[{i}]";
            string? epcClass = null, uom = null;
            decimal? quantity = null;
            var extensions = new List<EpcisExtension>();
            foreach (var part in element.Children)
            {
                switch (part.IsStandard ? part.Name : null)
                {
                    case "epcClass":
                        epcClass = Text(part, path + ".epcClass");
                        break;
                    case "quantity":
                        quantity = Number(part, path + ".quantity");
                        break;
                    case "uom":
                        uom = Text(part, path + ".uom");
                        break;
                    case null:
                        extensions.Add(part.ToExtension());
                        break;
                    default:
                        Error($"{path}.{part.Name}", EpcisErrorCodes.UnknownField, $"'{part.Name}' is not a field of a quantity element (epcClass, quantity, uom)");
                        break;
                }
            }

            if (epcClass is null)
            {
                Error(path + ".epcClass", EpcisErrorCodes.Required, "a quantity element needs its epcClass");
                continue;
            }

            quantities.Add(new EpcisQuantity(epcClass, quantity, uom, extensions));
        }

        return quantities;
    }

    private decimal? Number(EpcisNode node, string field)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }

        if (node.IsJsonString || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            Error(field, EpcisErrorCodes.Number, $"'{text}' is not a number");
            return null;
        }

        return EpcisTime.Canonical(value);
    }

    private EpcisAction? Action(EpcisNode node)
    {
        var text = Text(node, "action");
        switch (text)
        {
            case null:
                return null;
            case "ADD":
                return EpcisAction.Add;
            case "OBSERVE":
                return EpcisAction.Observe;
            case "DELETE":
                return EpcisAction.Delete;
            default:
                Error("action", EpcisErrorCodes.Vocabulary, $"'{text}' is not an action: ADD, OBSERVE or DELETE");
                return null;
        }
    }

    private string? Vocabulary(EpcisNode node, string field, CbvVocabulary vocabulary)
    {
        var text = Text(node, field);
        if (text is null)
        {
            return null;
        }

        var canonical = Cbv.Normalise(vocabulary, text, out var problem);
        if (problem is not null)
        {
            Error(field, EpcisErrorCodes.Vocabulary, problem);
        }

        return canonical ?? text;
    }

    private EpcisPersistentDisposition Persistent(EpcisNode node)
    {
        var set = new List<string>();
        var unset = new List<string>();
        foreach (var child in node.Children)
        {
            var field = "persistentDisposition." + child.Name;
            if (child.IsStandard && child.Name is "set" or "unset")
            {
                if (Vocabulary(child, field, CbvVocabulary.Disposition) is { } value)
                {
                    (child.Name == "set" ? set : unset).Add(value);
                }
            }
            else
            {
                Error(field, EpcisErrorCodes.UnknownField, "persistentDisposition holds only set and unset");
            }
        }

        return new EpcisPersistentDisposition(set, unset);
    }

    private EpcisPlace? Place(EpcisNode node, string field)
    {
        string? id = null;
        var extensions = new List<EpcisExtension>();
        foreach (var child in node.Children)
        {
            if (child.IsStandard && child.Name == "id")
            {
                id = Text(child, field + ".id");
            }
            else if (!child.IsStandard)
            {
                extensions.Add(child.ToExtension());
            }
            else
            {
                Error($"{field}.{child.Name}", EpcisErrorCodes.UnknownField, $"{field} holds only id and extensions");
            }
        }

        if (id is null)
        {
            if (!_errors.Any(e => e.EventIndex == _index && e.Field.EndsWith(field + ".id", StringComparison.Ordinal)))
            {
                Error(field + ".id", EpcisErrorCodes.Required, $"{field} needs its id");
            }

            return null;
        }

        return new EpcisPlace(id, extensions);
    }

    private List<EpcisTypedValue> Typed(EpcisNode node, string field, string itemName, CbvVocabulary vocabulary)
    {
        var values = new List<EpcisTypedValue>();
        for (var i = 0; i < node.Children.Count; i++)
        {
            var item = node.Children[i];
            var path = $"{field}[{i}]";
            if (item.Name != itemName)
            {
                Error(path, EpcisErrorCodes.UnknownField, $"{field} holds only {itemName} elements");
                continue;
            }

            string? type = null;
            foreach (var attribute in item.Children)
            {
                if (attribute.IsStandard && attribute.Name == "type")
                {
                    type = Vocabulary(attribute, path + ".type", vocabulary);
                }
                else
                {
                    Error($"{path}.{attribute.Name}", EpcisErrorCodes.UnknownField, $"'{attribute.Name}' is not a field of {itemName}");
                }
            }

            if (type is null && vocabulary == CbvVocabulary.SourceDestinationType)
            {
                Error(path + ".type", EpcisErrorCodes.Required, $"a {itemName} needs its type");
            }

            if (Text(item with { Children = [] }, $"{path}.{itemName}") is { } value)
            {
                values.Add(new EpcisTypedValue(type, value));
            }
        }

        return values;
    }

    private List<EpcisSensorElement> Sensors(EpcisNode node)
    {
        var elements = new List<EpcisSensorElement>();
        for (var i = 0; i < node.Children.Count; i++)
        {
            var path = $"sensorElementList[{i}]";
            EpcisSensorFields? metadata = null;
            var reports = new List<EpcisSensorFields>();
            var extensions = new List<EpcisExtension>();
            foreach (var child in node.Children[i].Children)
            {
                switch (child.IsStandard ? child.Name : null)
                {
                    case "sensorMetadata":
                        metadata = SensorFields(child, path + ".sensorMetadata", EpcisSensorFields.MetadataNames);
                        break;
                    case "sensorReport":
                        reports.Add(SensorFields(child, $"{path}.sensorReport[{reports.Count}]", EpcisSensorFields.ReportNames));
                        break;
                    case null:
                        extensions.Add(child.ToExtension());
                        break;
                    default:
                        Error($"{path}.{child.Name}", EpcisErrorCodes.UnknownField, "a sensorElement holds sensorMetadata, sensorReport and extensions");
                        break;
                }
            }

            if (reports.Count == 0)
            {
                Error(path + ".sensorReport", EpcisErrorCodes.Required, "a sensorElement needs at least one sensorReport");
            }

            elements.Add(new EpcisSensorElement(metadata, reports, extensions));
        }

        return elements;
    }

    private EpcisSensorFields SensorFields(EpcisNode node, string path, IReadOnlyList<string> names)
    {
        var fields = new List<EpcisSensorField>();
        var extensions = new List<EpcisExtension>();
        foreach (var child in node.Children)
        {
            if (!child.IsStandard)
            {
                extensions.Add(child.ToExtension());
                continue;
            }

            var field = $"{path}.{child.Name}";
            if (!names.Contains(child.Name))
            {
                Error(field, EpcisErrorCodes.UnknownField, $"'{child.Name}' is not a standard sensor attribute and has no namespace");
                continue;
            }

            if (Text(child, field) is not { } text)
            {
                continue;
            }

            string? value = child.Name switch
            {
                "time" or "startTime" or "endTime" => Time(child, field) is { } t ? EpcisTime.Format(t) : null,
                "value" or "minValue" or "maxValue" or "meanValue" or "sDev" or "percRank" or "percValue" =>
                    Number(child with { IsJsonString = false }, field)?.ToString(CultureInfo.InvariantCulture),
                "booleanValue" => text is "true" or "false" ? text : Invalid(field, $"'{text}' is not true or false"),
                _ => Cbv.ExpandSensorTerm(child.Name, text),
            };
            if (value is not null)
            {
                fields.Add(new EpcisSensorField(child.Name, value));
            }
        }

        fields.Sort((a, b) => names.IndexOf(a.Name).CompareTo(names.IndexOf(b.Name)));
        return new EpcisSensorFields(fields, extensions);
    }

    private string? Invalid(string field, string message)
    {
        Error(field, EpcisErrorCodes.Structure, message);
        return null;
    }

    private List<EpcisExtension> Ilmd(EpcisNode node)
    {
        var ilmd = new List<EpcisExtension>();
        foreach (var child in node.Children.Where(c => !c.IsAttribute))
        {
            if (child.IsStandard)
            {
                // EPCIS 2.0 §7.3.6: ILMD content is defined by master data vocabularies, always in a namespace.
                Error("ilmd." + child.Name, EpcisErrorCodes.Namespace, $"ILMD field '{child.Name}' has no namespace (e.g. cbvmda:{child.Name} or a prefix declared in @context)");
                continue;
            }

            ilmd.Add(child.ToExtension());
        }

        return ilmd;
    }

    [GeneratedRegex(@"^[+-](0\d|1[0-4]):[0-5]\d$")]
    private static partial Regex OffsetPattern();
}

file static class ListExtensions
{
    public static int IndexOf(this IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}

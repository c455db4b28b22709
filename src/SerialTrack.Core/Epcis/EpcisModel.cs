namespace SerialTrack.Core.Epcis;

// The EPCIS 2.0 event model shared by the JSON-LD and XML bindings (EPCIS 2.0 §7). Identifiers are kept as sent
// (an EPC URN stays a URN, a Digital Link stays a Digital Link); CBV vocabulary is kept in its canonical web URI form
// (https://ref.gs1.org/cbv/BizStep-shipping), whichever of the three equivalent forms was sent.
public enum EpcisEventType
{
    ObjectEvent,
    AggregationEvent,
    TransactionEvent,
    TransformationEvent,
    AssociationEvent,
}

public enum EpcisAction
{
    Add,
    Observe,
    Delete,
}

public enum EpcisDocumentKind
{
    Document,
    QueryDocument,
    SingleEvent,
}

public sealed record EpcisDocument(
    EpcisDocumentKind Kind, string? SchemaVersion, DateTimeOffset? CreationDate, IReadOnlyList<EpcisEvent> Events)
{
    // Qualified names ("{namespace}name") a repository declared in an ignoreFields extension, following the event hash
    // generator's convention: its own bookkeeping fields (captureID, stored hash) that must not change the event hash.
    public IReadOnlyList<string> HashIgnoredFields { get; init; } = [];
}

public sealed record EpcisEvent
{
    public required EpcisEventType Type { get; init; }

    public string? EventId { get; init; }

    public DateTimeOffset? EventTime { get; init; }

    public string? EventTimeZoneOffset { get; init; }

    public DateTimeOffset? RecordTime { get; init; }

    public IReadOnlyList<string> CertificationInfo { get; init; } = [];

    public EpcisErrorDeclaration? ErrorDeclaration { get; init; }

    public string? ParentId { get; init; }

    // Null when the list was absent, empty when it was sent empty: a few rules (ObjectEvent needs a list) tell them apart.
    public IReadOnlyList<string>? EpcList { get; init; }

    public IReadOnlyList<string>? ChildEpcs { get; init; }

    public IReadOnlyList<string>? InputEpcList { get; init; }

    public IReadOnlyList<string>? OutputEpcList { get; init; }

    public IReadOnlyList<EpcisQuantity>? QuantityList { get; init; }

    public IReadOnlyList<EpcisQuantity>? ChildQuantityList { get; init; }

    public IReadOnlyList<EpcisQuantity>? InputQuantityList { get; init; }

    public IReadOnlyList<EpcisQuantity>? OutputQuantityList { get; init; }

    public EpcisAction? Action { get; init; }

    public string? TransformationId { get; init; }

    public string? BizStep { get; init; }

    public string? Disposition { get; init; }

    public EpcisPersistentDisposition? PersistentDisposition { get; init; }

    public EpcisPlace? ReadPoint { get; init; }

    public EpcisPlace? BizLocation { get; init; }

    public IReadOnlyList<EpcisTypedValue> BizTransactionList { get; init; } = [];

    public IReadOnlyList<EpcisTypedValue> SourceList { get; init; } = [];

    public IReadOnlyList<EpcisTypedValue> DestinationList { get; init; } = [];

    public IReadOnlyList<EpcisSensorElement> SensorElementList { get; init; } = [];

    public IReadOnlyList<EpcisExtension>? Ilmd { get; init; }

    public IReadOnlyList<EpcisExtension> Extensions { get; init; } = [];
}

public sealed record EpcisQuantity(string EpcClass, decimal? Quantity, string? Uom, IReadOnlyList<EpcisExtension> Extensions);

public sealed record EpcisPlace(string Id, IReadOnlyList<EpcisExtension> Extensions);

// A business transaction, source or destination: its CBV type (optional for transactions) and its identifier.
public sealed record EpcisTypedValue(string? Type, string Value);

public sealed record EpcisPersistentDisposition(IReadOnlyList<string> Set, IReadOnlyList<string> Unset);

public sealed record EpcisErrorDeclaration(
    DateTimeOffset? DeclarationTime, string? Reason, IReadOnlyList<string> CorrectiveEventIds, IReadOnlyList<EpcisExtension> Extensions);

public sealed record EpcisSensorElement(
    EpcisSensorFields? Metadata, IReadOnlyList<EpcisSensorFields> Reports, IReadOnlyList<EpcisExtension> Extensions);

// sensorMetadata and sensorReport are flat attribute sets (EPCIS 2.0 §7.3.8): the standard ones in the order of
// EpcisSensorFields.MetadataNames / ReportNames with normalised values (times with offset, numbers without trailing
// zeros, measurement types as https://gs1.org/voc/ URIs), then the user's namespaced attributes.
public sealed record EpcisSensorFields(IReadOnlyList<EpcisSensorField> Fields, IReadOnlyList<EpcisExtension> Extensions)
{
    public static readonly IReadOnlyList<string> MetadataNames =
        ["time", "startTime", "endTime", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "bizRules"];

    public static readonly IReadOnlyList<string> ReportNames =
    [
        "type", "exception", "deviceID", "deviceMetadata", "rawData", "dataProcessingMethod", "time", "microorganism",
        "chemicalSubstance", "value", "component", "stringValue", "booleanValue", "hexBinaryValue", "uriValue", "minValue",
        "maxValue", "meanValue", "sDev", "percRank", "percValue", "uom", "coordinateReferenceSystem",

        // Newer than the May 2023 schema (EPCIS 2.0.1 sensor reports may name their business rules); kept last.
        "bizRules",
    ];

    public string? Get(string name) => Fields.FirstOrDefault(f => f.Name == name)?.Value;
}

public sealed record EpcisSensorField(string Name, string Value);

// A user extension (EPCIS 2.0 §7.4.1, §9.5): qualified name and either a text value or child elements, in the
// order sent. A JSON array becomes repeated elements of the same name, as XML writes it.
public sealed record EpcisExtension(string Namespace, string Name, string? Value, IReadOnlyList<EpcisExtension> Children)
{
    // Sent in JSON as a number, true or false (Value is its text), and so written back as one; XML text, and a JSON
    // string, is written as a string, so that "1E5" or "007" is never turned into a number.
    public bool Literal { get; init; }
}

// Where a problem is: the event (index in the event list, and its eventID when it has one) and the field path.
public sealed record EpcisError(int? EventIndex, string? EventId, string Field, string Code, string Message)
{
    public override string ToString()
    {
        var where = EventIndex is null ? "" : $"event {EventIndex}{(EventId is null ? "" : $" ({EventId})")}: ";
        return $"{where}{Field}: {Message} [{Code}]";
    }
}

public static class EpcisErrorCodes
{
    public const string Structure = "epcis.structure";
    public const string Required = "epcis.required";
    public const string UnknownField = "epcis.unknown_field";
    public const string Vocabulary = "epcis.vocabulary";
    public const string Identifier = "epcis.identifier";
    public const string Time = "epcis.time";
    public const string Number = "epcis.number";
    public const string Namespace = "epcis.namespace";
    public const string Order = "epcis.element_order";
}

public sealed record EpcisReading(EpcisDocument Document, IReadOnlyList<EpcisError> Errors);

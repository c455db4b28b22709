using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 JSON-LD binding (§9.2): the document header, then the events one at a time, then the closing brackets,
// so an export of a million events never holds more than one in memory. CBV values are written as bare words (the
// EPCIS context maps them back), user extensions under prefixes declared in @context: once at the top for the
// namespaces known in advance, in the event's own @context for those first met in it.
public sealed class EpcisJsonWriter : IAsyncDisposable
{
    private static readonly HashSet<string> NumericSensorFields = ["value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue"];

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly EpcisWriterOptions _options;
    private readonly EpcisPrefixes _prefixes = new(standardDeclared: true);
    private readonly EpcisDocumentKind _kind;

    private EpcisJsonWriter(Stream stream, EpcisDocumentKind kind, EpcisWriterOptions options)
    {
        _stream = stream;
        _kind = kind;
        _options = options;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = options.Indented,

            // Times keep their "+02:00" readable instead of "\u002B02:00"; the output is a document, not HTML.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    // Opens a document (EPCISDocument or EPCISQueryDocument) up to its event list. Namespaces named here are
    // declared once in the document's @context.
    public static async Task<EpcisJsonWriter> StartAsync(
        Stream stream, EpcisDocumentKind kind, DateTimeOffset creationDate, EpcisWriterOptions? options = null,
        IEnumerable<string>? namespaces = null, string schemaVersion = "2.0", CancellationToken ct = default)
    {
        if (kind == EpcisDocumentKind.SingleEvent)
        {
            throw new ArgumentException("a single event is written with WriteEvent", nameof(kind));
        }

        var writer = new EpcisJsonWriter(stream, kind, options ?? EpcisWriterOptions.Default);
        var json = writer._json;
        json.WriteStartObject();
        writer.WriteContext(namespaces ?? []);
        json.WriteString("type", kind == EpcisDocumentKind.Document ? "EPCISDocument" : "EPCISQueryDocument");
        json.WriteString("schemaVersion", schemaVersion);
        json.WriteString("creationDate", EpcisTime.Format(creationDate));
        json.WriteStartObject("epcisBody");
        if (kind == EpcisDocumentKind.QueryDocument)
        {
            json.WriteStartObject("queryResults");
            json.WriteString("queryName", writer._options.QueryName);
            if (writer._options.SubscriptionId is { } subscription)
            {
                json.WriteString("subscriptionID", subscription);
            }

            json.WriteStartObject("resultsBody");
        }

        json.WriteStartArray("eventList");
        await writer.FlushAsync(ct);
        return writer;
    }

    public async Task WriteAsync(EpcisEvent e, CancellationToken ct = default)
    {
        WriteEventObject(e, standalone: false);

        // Flushed in pieces: the writer's buffer never grows past a few events.
        if (_json.BytesPending > 64 * 1024)
        {
            await FlushAsync(ct);
        }
    }

    public async Task FinishAsync(CancellationToken ct = default)
    {
        _json.WriteEndArray();
        if (_kind == EpcisDocumentKind.QueryDocument)
        {
            _json.WriteEndObject();
            _json.WriteEndObject();
        }

        _json.WriteEndObject();
        _json.WriteEndObject();
        await FlushAsync(ct);
    }

    public async ValueTask DisposeAsync() => await _json.DisposeAsync();

    public static async Task WriteAsync(Stream stream, EpcisDocument document, EpcisWriterOptions? options = null, CancellationToken ct = default)
    {
        if (document.Kind == EpcisDocumentKind.SingleEvent)
        {
            var single = new EpcisJsonWriter(stream, document.Kind, options ?? EpcisWriterOptions.Default);
            await using (single)
            {
                single.WriteEventObject(document.Events.Single(), standalone: true);
                await single.FlushAsync(ct);
            }

            return;
        }

        var writer = await StartAsync(stream, document.Kind, document.CreationDate ?? DateTimeOffset.UtcNow, options,
            document.Events.SelectMany(EpcisWriting.Namespaces).Distinct(), document.SchemaVersion ?? "2.0", ct);
        await using (writer)
        {
            foreach (var e in document.Events)
            {
                await writer.WriteAsync(e, ct);
            }

            await writer.FinishAsync(ct);
        }
    }

    public static string Write(EpcisDocument document, EpcisWriterOptions? options = null)
    {
        using var stream = new MemoryStream();
        WriteAsync(stream, document, options).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // One event as a JSON-LD object that stands alone (its own @context): what the event store keeps, and what
    // POST /epcis/events accepts.
    public static string WriteEvent(EpcisEvent e, EpcisWriterOptions? options = null) =>
        Write(new EpcisDocument(EpcisDocumentKind.SingleEvent, null, null, [e]), options);

    private async Task FlushAsync(CancellationToken ct)
    {
        await _json.FlushAsync(ct);
        await _stream.FlushAsync(ct);
    }

    private void WriteContext(IEnumerable<string> namespaces)
    {
        _json.WriteStartArray("@context");
        _json.WriteStringValue(EpcisWriting.ContextUrl);
        WritePrefixes(namespaces.Where(ns => !_prefixes.IsDeclared(ns)).ToList());
        _json.WriteEndArray();
    }

    private void WritePrefixes(List<string> namespaces)
    {
        if (namespaces.Count == 0)
        {
            return;
        }

        _json.WriteStartObject();
        foreach (var ns in namespaces)
        {
            _json.WriteString(_prefixes.Of(ns), ns);
            _prefixes.Declare(ns);
        }

        _json.WriteEndObject();
    }

    private void WriteEventObject(EpcisEvent e, bool standalone)
    {
        _json.WriteStartObject();
        var fresh = EpcisWriting.Namespaces(e).Where(ns => !_prefixes.IsDeclared(ns)).ToList();
        if (standalone)
        {
            WriteContext(fresh);
        }
        else if (fresh.Count > 0)
        {
            // A namespace first met here is declared for this event only, as JSON-LD scopes a nested @context.
            _json.WriteStartArray("@context");
            WritePrefixes(fresh);
            _json.WriteEndArray();
        }

        _json.WriteString("type", e.Type.ToString());
        foreach (var field in EpcisWriting.Fields(e.Type))
        {
            WriteField(e, field);
        }

        WriteExtensions(e.Extensions);
        _json.WriteEndObject();

        if (!standalone)
        {
            // Declared in the event's own @context, so the next event must declare them again.
            foreach (var ns in fresh)
            {
                _prefixes.Undeclare(ns);
            }
        }
    }

    private void WriteField(EpcisEvent e, string field)
    {
        switch (field)
        {
            case "eventTime" when e.EventTime is { } time:
                _json.WriteString(field, EpcisTime.Format(time));
                break;
            case "recordTime" when e.RecordTime is { } time:
                _json.WriteString(field, EpcisTime.Format(time));
                break;
            case "eventTimeZoneOffset" when e.EventTimeZoneOffset is { } offset:
                _json.WriteString(field, offset);
                break;
            case "certificationInfo" when e.CertificationInfo.Count == 1:
                _json.WriteString(field, e.CertificationInfo[0]);
                break;
            case "certificationInfo" when e.CertificationInfo.Count > 1:
                WriteStrings(field, e.CertificationInfo, epcs: false);
                break;
            case "eventID" when e.EventId is { } id:
                _json.WriteString(field, id);
                break;
            case "errorDeclaration" when e.ErrorDeclaration is { } declaration:
                _json.WriteStartObject(field);
                if (declaration.DeclarationTime is { } declared)
                {
                    _json.WriteString("declarationTime", EpcisTime.Format(declared));
                }

                if (declaration.Reason is { } reason)
                {
                    _json.WriteString("reason", Vocabulary(CbvVocabulary.ErrorReason, reason));
                }

                if (declaration.CorrectiveEventIds.Count > 0)
                {
                    WriteStrings("correctiveEventIDs", declaration.CorrectiveEventIds, epcs: false);
                }

                WriteExtensions(declaration.Extensions);
                _json.WriteEndObject();
                break;
            case "parentID" when e.ParentId is { } parent:
                _json.WriteString(field, _options.Epc(parent));
                break;
            case "epcList" or "childEPCs" or "inputEPCList" or "outputEPCList" when Epcs(e, field) is { } epcs:
                WriteStrings(field, epcs, epcs: true);
                break;
            case "quantityList" or "childQuantityList" or "inputQuantityList" or "outputQuantityList" when Quantities(e, field) is { } quantities:
                _json.WriteStartArray(field);
                foreach (var q in quantities)
                {
                    _json.WriteStartObject();
                    _json.WriteString("epcClass", _options.Epc(q.EpcClass));
                    if (q.Quantity is { } quantity)
                    {
                        _json.WriteNumber("quantity", quantity);
                    }

                    if (q.Uom is { } uom)
                    {
                        _json.WriteString("uom", uom);
                    }

                    WriteExtensions(q.Extensions);
                    _json.WriteEndObject();
                }

                _json.WriteEndArray();
                break;
            case "action" when e.Action is { } action:
                _json.WriteString(field, action.ToString().ToUpperInvariant());
                break;
            case "transformationID" when e.TransformationId is { } transformation:
                _json.WriteString(field, transformation);
                break;
            case "bizStep" when e.BizStep is { } step:
                _json.WriteString(field, Vocabulary(CbvVocabulary.BizStep, step));
                break;
            case "disposition" when e.Disposition is { } disposition:
                _json.WriteString(field, Vocabulary(CbvVocabulary.Disposition, disposition));
                break;
            case "persistentDisposition" when e.PersistentDisposition is { } persistent:
                _json.WriteStartObject(field);
                if (persistent.Set.Count > 0)
                {
                    WriteStrings("set", [.. persistent.Set.Select(s => Vocabulary(CbvVocabulary.Disposition, s))], epcs: false);
                }

                if (persistent.Unset.Count > 0)
                {
                    WriteStrings("unset", [.. persistent.Unset.Select(s => Vocabulary(CbvVocabulary.Disposition, s))], epcs: false);
                }

                _json.WriteEndObject();
                break;
            case "readPoint" or "bizLocation" when (field == "readPoint" ? e.ReadPoint : e.BizLocation) is { } where:
                _json.WriteStartObject(field);
                _json.WriteString("id", _options.Epc(where.Id));
                WriteExtensions(where.Extensions);
                _json.WriteEndObject();
                break;
            case "bizTransactionList" when e.BizTransactionList.Count > 0:
                WriteTyped(field, "bizTransaction", e.BizTransactionList, CbvVocabulary.BizTransactionType, convert: false);
                break;
            case "sourceList" when e.SourceList.Count > 0:
                WriteTyped(field, "source", e.SourceList, CbvVocabulary.SourceDestinationType, convert: true);
                break;
            case "destinationList" when e.DestinationList.Count > 0:
                WriteTyped(field, "destination", e.DestinationList, CbvVocabulary.SourceDestinationType, convert: true);
                break;
            case "sensorElementList" when e.SensorElementList.Count > 0:
                _json.WriteStartArray(field);
                foreach (var sensor in e.SensorElementList)
                {
                    _json.WriteStartObject();
                    if (sensor.Metadata is { } metadata)
                    {
                        _json.WritePropertyName("sensorMetadata");
                        WriteSensorFields(metadata);
                    }

                    _json.WriteStartArray("sensorReport");
                    foreach (var report in sensor.Reports)
                    {
                        WriteSensorFields(report);
                    }

                    _json.WriteEndArray();
                    WriteExtensions(sensor.Extensions);
                    _json.WriteEndObject();
                }

                _json.WriteEndArray();
                break;
            case "ilmd" when e.Ilmd is { } ilmd:
                _json.WriteStartObject(field);
                WriteExtensions(ilmd);
                _json.WriteEndObject();
                break;
        }
    }

    internal static IReadOnlyList<string>? Epcs(EpcisEvent e, string field) => field switch
    {
        "epcList" => e.EpcList,
        "childEPCs" => e.ChildEpcs,
        "inputEPCList" => e.InputEpcList,
        _ => e.OutputEpcList,
    };

    internal static IReadOnlyList<EpcisQuantity>? Quantities(EpcisEvent e, string field) => field switch
    {
        "quantityList" => e.QuantityList,
        "childQuantityList" => e.ChildQuantityList,
        "inputQuantityList" => e.InputQuantityList,
        _ => e.OutputQuantityList,
    };

    private static string Vocabulary(CbvVocabulary vocabulary, string value) => Cbv.Word(vocabulary, value) ?? value;

    private void WriteStrings(string name, IReadOnlyList<string> values, bool epcs)
    {
        _json.WriteStartArray(name);
        foreach (var value in values)
        {
            _json.WriteStringValue(epcs ? _options.Epc(value) : value);
        }

        _json.WriteEndArray();
    }

    private void WriteTyped(string field, string itemName, IReadOnlyList<EpcisTypedValue> values, CbvVocabulary vocabulary, bool convert)
    {
        _json.WriteStartArray(field);
        foreach (var value in values)
        {
            _json.WriteStartObject();
            if (value.Type is { } type)
            {
                _json.WriteString("type", Vocabulary(vocabulary, type));
            }

            _json.WriteString(itemName, convert ? _options.Epc(value.Value) : value.Value);
            _json.WriteEndObject();
        }

        _json.WriteEndArray();
    }

    private void WriteSensorFields(EpcisSensorFields fields)
    {
        _json.WriteStartObject();
        foreach (var field in fields.Fields)
        {
            if (NumericSensorFields.Contains(field.Name) && decimal.TryParse(field.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                _json.WriteNumber(field.Name, number);
            }
            else if (field.Name == "booleanValue")
            {
                _json.WriteBoolean(field.Name, field.Value == "true");
            }
            else
            {
                _json.WriteString(field.Name, field.Name switch
                {
                    "type" or "exception" when field.Value.StartsWith("https://gs1.org/voc/", StringComparison.Ordinal) => "gs1:" + field.Value[20..],
                    "component" when field.Value.StartsWith(Cbv.WebBase + "Comp-", StringComparison.Ordinal) => field.Value[(Cbv.WebBase.Length + 5)..],
                    _ => field.Value,
                });
            }
        }

        WriteExtensions(fields.Extensions);
        _json.WriteEndObject();
    }

    private void WriteExtensions(IReadOnlyList<EpcisExtension> extensions)
    {
        foreach (var group in EpcisWriting.Grouped(extensions))
        {
            var first = group[0];
            _json.WritePropertyName(first.Namespace.Length == 0 ? first.Name : _prefixes.Of(first.Namespace) + ":" + first.Name);
            if (group.Count > 1)
            {
                _json.WriteStartArray();
            }

            foreach (var extension in group)
            {
                WriteExtensionValue(extension);
            }

            if (group.Count > 1)
            {
                _json.WriteEndArray();
            }
        }
    }

    private void WriteExtensionValue(EpcisExtension extension)
    {
        if (extension.Children.Count > 0 || extension.Value is null)
        {
            _json.WriteStartObject();
            WriteExtensions(extension.Children);
            _json.WriteEndObject();
        }
        else if (extension.Literal)
        {
            _json.WriteRawValue(extension.Value);
        }
        else
        {
            _json.WriteStringValue(extension.Value);
        }
    }
}

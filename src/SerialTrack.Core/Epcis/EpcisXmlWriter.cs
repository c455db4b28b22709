using System.Text;
using System.Xml;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 XML binding (EPCIS.xsd 2.0): standard elements unqualified in the order the schema fixes (the reader
// refuses any other), CBV values as their web URIs, user extensions in their namespaces after the standard fields.
// Like the JSON-LD writer it streams: header, events one by one, footer.
public sealed class EpcisXmlWriter : IAsyncDisposable
{
    private const string EpcisNamespace = "urn:epcglobal:epcis:xsd:2";
    private const string QueryNamespace = "urn:epcglobal:epcis-query:xsd:2";

    // XmlWriter writes into this buffer, which is handed to the output stream asynchronously after each event: a
    // response body refuses synchronous writes, and the buffer never holds more than one event.
    private readonly MemoryStream _buffer = new();
    private readonly Stream _stream;
    private readonly XmlWriter _xml;
    private readonly EpcisWriterOptions _options;
    private readonly EpcisPrefixes _prefixes = new(standardDeclared: false);

    private EpcisXmlWriter(Stream stream, EpcisWriterOptions options)
    {
        _stream = stream;
        _options = options;
        _xml = XmlWriter.Create(_buffer, new XmlWriterSettings
        {
            Indent = options.Indented,
            Encoding = new UTF8Encoding(false),
        });
    }

    public static async Task<EpcisXmlWriter> StartAsync(
        Stream stream, EpcisDocumentKind kind, DateTimeOffset creationDate, EpcisWriterOptions? options = null,
        IEnumerable<string>? namespaces = null, string schemaVersion = "2.0", CancellationToken ct = default)
    {
        if (kind == EpcisDocumentKind.SingleEvent)
        {
            throw new ArgumentException("a single event is written with WriteEvent", nameof(kind));
        }

        var writer = new EpcisXmlWriter(stream, options ?? EpcisWriterOptions.Default);
        var xml = writer._xml;
        xml.WriteStartDocument();
        if (kind == EpcisDocumentKind.Document)
        {
            xml.WriteStartElement("epcis", "EPCISDocument", EpcisNamespace);
        }
        else
        {
            xml.WriteStartElement("epcisq", "EPCISQueryDocument", QueryNamespace);
        }

        writer.Declare(namespaces ?? []);
        xml.WriteAttributeString("schemaVersion", schemaVersion);
        xml.WriteAttributeString("creationDate", EpcisTime.Format(creationDate));
        xml.WriteStartElement("EPCISBody");
        if (kind == EpcisDocumentKind.QueryDocument)
        {
            xml.WriteStartElement("epcisq", "QueryResults", QueryNamespace);
            xml.WriteElementString("queryName", writer._options.QueryName);
            if (writer._options.SubscriptionId is { } subscription)
            {
                xml.WriteElementString("subscriptionID", subscription);
            }

            xml.WriteStartElement("resultsBody");
        }

        xml.WriteStartElement("EventList");
        await writer.FlushAsync(ct);
        return writer;
    }

    public async Task WriteAsync(EpcisEvent e, CancellationToken ct = default)
    {
        WriteEventElement(e);
        await FlushAsync(ct);
    }

    public async Task FinishAsync(CancellationToken ct = default)
    {
        _xml.WriteEndDocument();
        await FlushAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        _xml.Dispose();
        await _buffer.DisposeAsync();
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        _xml.Flush();
        if (_buffer.Length > 0)
        {
            await _stream.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), ct);
            _buffer.SetLength(0);
            await _stream.FlushAsync(ct);
        }
    }

    public static async Task WriteAsync(Stream stream, EpcisDocument document, EpcisWriterOptions? options = null, CancellationToken ct = default)
    {
        if (document.Kind == EpcisDocumentKind.SingleEvent)
        {
            var single = new EpcisXmlWriter(stream, options ?? EpcisWriterOptions.Default);
            await using (single)
            {
                single.WriteEventElement(document.Events.Single());
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

    private void Declare(IEnumerable<string> namespaces)
    {
        foreach (var ns in namespaces)
        {
            _xml.WriteAttributeString("xmlns", _prefixes.Of(ns), null, ns);
        }
    }

    private void WriteEventElement(EpcisEvent e)
    {
        _xml.WriteStartElement(e.Type.ToString());
        foreach (var field in EpcisWriting.Fields(e.Type))
        {
            WriteField(e, field);
        }

        WriteExtensions(e.Extensions);
        _xml.WriteEndElement();
    }

    private void WriteField(EpcisEvent e, string field)
    {
        switch (field)
        {
            case "eventTime" when e.EventTime is { } time:
                _xml.WriteElementString(field, EpcisTime.Format(time));
                break;
            case "recordTime" when e.RecordTime is { } time:
                _xml.WriteElementString(field, EpcisTime.Format(time));
                break;
            case "eventTimeZoneOffset" when e.EventTimeZoneOffset is { } offset:
                _xml.WriteElementString(field, offset);
                break;
            case "certificationInfo":
                foreach (var certification in e.CertificationInfo)
                {
                    _xml.WriteElementString(field, certification);
                }

                break;
            case "eventID" when e.EventId is { } id:
                _xml.WriteElementString(field, id);
                break;
            case "errorDeclaration" when e.ErrorDeclaration is { } declaration:
                _xml.WriteStartElement(field);
                if (declaration.DeclarationTime is { } declared)
                {
                    _xml.WriteElementString("declarationTime", EpcisTime.Format(declared));
                }

                if (declaration.Reason is { } reason)
                {
                    _xml.WriteElementString("reason", reason);
                }

                if (declaration.CorrectiveEventIds.Count > 0)
                {
                    _xml.WriteStartElement("correctiveEventIDs");
                    foreach (var corrective in declaration.CorrectiveEventIds)
                    {
                        _xml.WriteElementString("correctiveEventID", corrective);
                    }

                    _xml.WriteEndElement();
                }

                WriteExtensions(declaration.Extensions);
                _xml.WriteEndElement();
                break;
            case "parentID" when e.ParentId is { } parent:
                _xml.WriteElementString(field, _options.Epc(parent));
                break;
            case "epcList" or "childEPCs" or "inputEPCList" or "outputEPCList" when EpcisJsonWriter.Epcs(e, field) is { } epcs:
                _xml.WriteStartElement(field);
                foreach (var epc in epcs)
                {
                    _xml.WriteElementString("epc", _options.Epc(epc));
                }

                _xml.WriteEndElement();
                break;
            case "quantityList" or "childQuantityList" or "inputQuantityList" or "outputQuantityList" when EpcisJsonWriter.Quantities(e, field) is { } quantities:
                _xml.WriteStartElement(field);
                foreach (var q in quantities)
                {
                    _xml.WriteStartElement("quantityElement");
                    _xml.WriteElementString("epcClass", _options.Epc(q.EpcClass));
                    if (q.Quantity is { } quantity)
                    {
                        _xml.WriteElementString("quantity", quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    if (q.Uom is { } uom)
                    {
                        _xml.WriteElementString("uom", uom);
                    }

                    WriteExtensions(q.Extensions);
                    _xml.WriteEndElement();
                }

                _xml.WriteEndElement();
                break;
            case "action" when e.Action is { } action:
                _xml.WriteElementString(field, action.ToString().ToUpperInvariant());
                break;
            case "transformationID" when e.TransformationId is { } transformation:
                _xml.WriteElementString(field, transformation);
                break;
            case "bizStep" when e.BizStep is { } step:
                _xml.WriteElementString(field, step);
                break;
            case "disposition" when e.Disposition is { } disposition:
                _xml.WriteElementString(field, disposition);
                break;
            case "persistentDisposition" when e.PersistentDisposition is { } persistent:
                _xml.WriteStartElement(field);
                foreach (var set in persistent.Set)
                {
                    _xml.WriteElementString("set", set);
                }

                foreach (var unset in persistent.Unset)
                {
                    _xml.WriteElementString("unset", unset);
                }

                _xml.WriteEndElement();
                break;
            case "readPoint" or "bizLocation" when (field == "readPoint" ? e.ReadPoint : e.BizLocation) is { } where:
                _xml.WriteStartElement(field);
                _xml.WriteElementString("id", _options.Epc(where.Id));
                WriteExtensions(where.Extensions);
                _xml.WriteEndElement();
                break;
            case "bizTransactionList" when e.BizTransactionList.Count > 0:
                WriteTyped(field, "bizTransaction", e.BizTransactionList, convert: false);
                break;
            case "sourceList" when e.SourceList.Count > 0:
                WriteTyped(field, "source", e.SourceList, convert: true);
                break;
            case "destinationList" when e.DestinationList.Count > 0:
                WriteTyped(field, "destination", e.DestinationList, convert: true);
                break;
            case "sensorElementList" when e.SensorElementList.Count > 0:
                _xml.WriteStartElement(field);
                foreach (var sensor in e.SensorElementList)
                {
                    _xml.WriteStartElement("sensorElement");
                    if (sensor.Metadata is { } metadata)
                    {
                        WriteSensorFields("sensorMetadata", metadata);
                    }

                    foreach (var report in sensor.Reports)
                    {
                        WriteSensorFields("sensorReport", report);
                    }

                    WriteExtensions(sensor.Extensions);
                    _xml.WriteEndElement();
                }

                _xml.WriteEndElement();
                break;
            case "ilmd" when e.Ilmd is { } ilmd:
                _xml.WriteStartElement(field);
                WriteExtensions(ilmd);
                _xml.WriteEndElement();
                break;
        }
    }

    private void WriteTyped(string field, string itemName, IReadOnlyList<EpcisTypedValue> values, bool convert)
    {
        _xml.WriteStartElement(field);
        foreach (var value in values)
        {
            _xml.WriteStartElement(itemName);
            if (value.Type is { } type)
            {
                _xml.WriteAttributeString("type", type);
            }

            _xml.WriteString(convert ? _options.Epc(value.Value) : value.Value);
            _xml.WriteEndElement();
        }

        _xml.WriteEndElement();
    }

    // EPCIS.xsd 2.0: sensorMetadata and sensorReport carry their fields as attributes; a user field with a nested
    // structure cannot be an attribute and is written as a child element, which the schema allows too.
    private void WriteSensorFields(string name, EpcisSensorFields fields)
    {
        _xml.WriteStartElement(name);
        foreach (var field in fields.Fields)
        {
            _xml.WriteAttributeString(field.Name, field.Value);
        }

        foreach (var extension in fields.Extensions.Where(x => x.Children.Count == 0 && x.Value is not null))
        {
            if (extension.Namespace.Length == 0)
            {
                _xml.WriteAttributeString(extension.Name, extension.Value);
            }
            else
            {
                _xml.WriteAttributeString(_prefixes.Of(extension.Namespace), extension.Name, extension.Namespace, extension.Value);
            }
        }

        WriteExtensions([.. fields.Extensions.Where(x => x.Children.Count > 0 || x.Value is null)]);
        _xml.WriteEndElement();
    }

    private void WriteExtensions(IReadOnlyList<EpcisExtension> extensions)
    {
        foreach (var extension in extensions)
        {
            if (extension.Namespace.Length == 0)
            {
                _xml.WriteStartElement(extension.Name);
            }
            else
            {
                _xml.WriteStartElement(_prefixes.Of(extension.Namespace), extension.Name, extension.Namespace);
            }

            if (extension.Children.Count > 0)
            {
                WriteExtensions(extension.Children);
            }
            else
            {
                _xml.WriteString(extension.Value ?? "");
            }

            _xml.WriteEndElement();
        }
    }
}

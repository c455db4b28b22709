using System.Text.Json;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 JSON/JSON-LD binding (§9.2 of the standard, schema epcis-json-schema.json). Member names with a prefix
// ("ext1:float") are user extensions: the prefix is resolved through the @context in force at that level.
public static class EpcisJsonReader
{
    // The prefixes the standard EPCIS 2.0 context (epcis-context.jsonld) declares.
    internal static readonly Dictionary<string, string> StandardPrefixes = new(StringComparer.Ordinal)
    {
        ["epcis"] = "https://ref.gs1.org/epcis/",
        ["cbv"] = "https://ref.gs1.org/cbv/",
        ["cbvmda"] = "urn:epcglobal:cbv:mda:",
        ["gs1"] = "https://gs1.org/voc/",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
        ["rdf"] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        ["owl"] = "http://www.w3.org/2002/07/owl#",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["dcterms"] = "http://purl.org/dc/terms/",
    };

    // JSON arrays whose items are elements of another name in the XML binding.
    private static readonly Dictionary<string, string> ItemNames = new(StringComparer.Ordinal)
    {
        ["epcList"] = "epc",
        ["childEPCs"] = "epc",
        ["inputEPCList"] = "epc",
        ["outputEPCList"] = "epc",
        ["quantityList"] = "quantityElement",
        ["childQuantityList"] = "quantityElement",
        ["inputQuantityList"] = "quantityElement",
        ["outputQuantityList"] = "quantityElement",
        ["bizTransactionList"] = "bizTransaction",
        ["sourceList"] = "source",
        ["destinationList"] = "destination",
        ["sensorElementList"] = "sensorElement",
        ["correctiveEventIDs"] = "correctiveEventID",
    };

    public static EpcisReading Read(string json)
    {
        var errors = new List<EpcisError>();
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            errors.Add(new(null, null, "document", EpcisErrorCodes.Structure, $"not well-formed JSON: {e.Message}"));
            return new(new EpcisDocument(EpcisDocumentKind.Document, null, null, []), errors);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(null, null, "document", EpcisErrorCodes.Structure, "an EPCIS document is a JSON object"));
                return new(new EpcisDocument(EpcisDocumentKind.Document, null, null, []), errors);
            }

            var prefixes = new Dictionary<string, string>(StandardPrefixes, StringComparer.Ordinal);
            if (!root.TryGetProperty("@context", out var context))
            {
                errors.Add(new(null, null, "@context", EpcisErrorCodes.Required,
                    "an EPCIS JSON-LD document needs @context naming the EPCIS 2.0 context (EPCIS 2.0 §9.2)"));
            }
            else
            {
                AddContext(context, prefixes);
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var header = ToNode(null, "document", root, prefixes, errors);
            var kind = type switch
            {
                "EPCISDocument" => EpcisDocumentKind.Document,
                "EPCISQueryDocument" => EpcisDocumentKind.QueryDocument,
                _ => EpcisDocumentKind.SingleEvent,
            };
            IReadOnlyList<EpcisNode> eventNodes;
            if (kind == EpcisDocumentKind.SingleEvent)
            {
                eventNodes = [header with { Name = type ?? "" }];
            }
            else
            {
                var body = Child(header, "epcisBody");
                var list = kind == EpcisDocumentKind.QueryDocument
                    ? Child(Child(Child(body, "queryResults"), "resultsBody"), "eventList")
                    : Child(body, "eventList");
                if (list is null)
                {
                    errors.Add(new(null, null, kind == EpcisDocumentKind.Document ? "epcisBody.eventList" : "epcisBody.queryResults.resultsBody.eventList",
                        EpcisErrorCodes.Required, "the document has no event list"));
                }

                eventNodes = list?.Children ?? [];
            }

            var document = EpcisEventMapper.Map(kind, header, eventNodes, errors, isXml: false);
            return new(document, errors);
        }
    }

    private static EpcisNode? Child(EpcisNode? node, string name) => node?.Children.FirstOrDefault(c => c.IsStandard && c.Name == name);

    private static void AddContext(JsonElement context, Dictionary<string, string> prefixes)
    {
        if (context.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in context.EnumerateArray())
            {
                AddContext(item, prefixes);
            }
        }
        else if (context.ValueKind == JsonValueKind.Object)
        {
            foreach (var member in context.EnumerateObject())
            {
                if (member.Value.ValueKind == JsonValueKind.String)
                {
                    prefixes[member.Name] = member.Value.GetString()!;
                }
                else if (member.Value.ValueKind == JsonValueKind.Object && member.Value.TryGetProperty("@id", out var id) &&
                         id.ValueKind == JsonValueKind.String)
                {
                    prefixes[member.Name] = id.GetString()!;
                }
            }
        }
    }

    private static EpcisNode ToNode(string? ns, string name, JsonElement value, Dictionary<string, string> prefixes, List<EpcisError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var scoped = prefixes;
                if (value.TryGetProperty("@context", out var local))
                {
                    scoped = new Dictionary<string, string>(prefixes, StringComparer.Ordinal);
                    AddContext(local, scoped);
                }

                var children = new List<EpcisNode>();
                foreach (var member in value.EnumerateObject())
                {
                    if (member.Name == "@context")
                    {
                        continue;
                    }

                    var (memberNs, memberName) = Resolve(member.Name, scoped, errors);
                    AddMember(children, memberNs, memberName, member.Value, scoped, errors);
                }

                return new EpcisNode(ns, name, null, children) { IsStructured = true };
            case JsonValueKind.Array:
                // Only reached for arrays nested directly in arrays: keep the items as repeated children.
                return new EpcisNode(ns, name, null, [.. value.EnumerateArray().Select(v => ToNode(ns, name, v, prefixes, errors))]) { IsStructured = true };
            case JsonValueKind.String:
                return new EpcisNode(ns, name, value.GetString(), []) { IsJsonString = true };
            case JsonValueKind.Null:
                return new EpcisNode(ns, name, null, []);
            default:
                return new EpcisNode(ns, name, value.GetRawText(), []) { IsJsonLiteral = true };
        }
    }

    private static void AddMember(List<EpcisNode> siblings, string? ns, string name, JsonElement value, Dictionary<string, string> prefixes, List<EpcisError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            siblings.Add(ToNode(ns, name, value, prefixes, errors));
            return;
        }

        if (ns is not null && name == "ignoreFields")
        {
            // The event hash generator's convention: names of repository fields the hash leaves out, as CURIEs.
            var names = value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v =>
            {
                var (itemNs, itemName) = Resolve(v.GetString()!, prefixes, errors);
                return new EpcisNode(null, "field", "{" + itemNs + "}" + itemName, []);
            });
            siblings.Add(new EpcisNode(ns, name, null, [.. names]) { IsStructured = true });
            return;
        }

        if (ns is null && name == "eventList")
        {
            var events = value.EnumerateArray().Select(item =>
            {
                var type = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
                    ? t.GetString()! : "";
                return ToNode(null, type, item, prefixes, errors);
            });
            siblings.Add(new EpcisNode(null, name, null, [.. events]) { IsStructured = true });
            return;
        }

        if (ns is null && ItemNames.TryGetValue(name, out var itemName))
        {
            var items = value.EnumerateArray().Select(item =>
            {
                var node = ToNode(null, itemName, item, prefixes, errors);
                if (name is "bizTransactionList" or "sourceList" or "destinationList" && node.IsStructured)
                {
                    // {"type": ..., "source": ...} is <source type="...">...</source> in XML.
                    var text = node.Children.FirstOrDefault(c => c.IsStandard && c.Name == itemName);
                    node = node with
                    {
                        Text = text?.Text,
                        IsStructured = false,
                        Children = [.. node.Children.Where(c => c != text).Select(c => c with { IsAttribute = true })],
                    };
                }

                return node;
            });
            siblings.Add(new EpcisNode(null, name, null, [.. items]) { IsStructured = true });
            return;
        }

        foreach (var item in value.EnumerateArray())
        {
            siblings.Add(ToNode(ns, name, item, prefixes, errors));
        }
    }

    private static (string? Ns, string Name) Resolve(string member, Dictionary<string, string> prefixes, List<EpcisError> errors)
    {
        var colon = member.IndexOf(':');
        if (colon < 0)
        {
            return (null, member);
        }

        if (member.Contains("://", StringComparison.Ordinal))
        {
            // A full IRI as member name: namespace up to the last '/' or '#'.
            var cut = Math.Max(member.LastIndexOf('/'), member.LastIndexOf('#')) + 1;
            return (member[..cut], member[cut..]);
        }

        var prefix = member[..colon];
        if (prefixes.TryGetValue(prefix, out var ns))
        {
            return (ns, member[(colon + 1)..]);
        }

        errors.Add(new(null, null, member, EpcisErrorCodes.Namespace, $"namespace prefix '{prefix}' is not declared in @context"));
        return (prefix + ":", member[(colon + 1)..]);
    }
}

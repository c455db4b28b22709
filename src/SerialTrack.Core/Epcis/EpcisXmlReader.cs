using System.Xml;
using System.Xml.Linq;

namespace SerialTrack.Core.Epcis;

// EPCIS 2.0 XML binding (EPCIS.xsd 2.0): EPCISDocument/EPCISBody/EventList, EPCISQueryDocument/EPCISBody/QueryResults/
// resultsBody/EventList, or one bare event element. Standard elements are unqualified; anything in a namespace is a
// user extension. EPCIS 1.x documents wrap newer fields in <extension> (and TransformationEvent in EventList/extension):
// those wrappers are lifted so 1.x-style files read into the same model.
public static class EpcisXmlReader
{
    private static readonly HashSet<string> EventNames = [.. Enum.GetNames<EpcisEventType>()];

    public static EpcisReading Read(string xml)
    {
        var errors = new List<EpcisError>();
        XDocument parsed;
        try
        {
            parsed = XDocument.Parse(xml);
        }
        catch (XmlException e)
        {
            errors.Add(new(null, null, "document", EpcisErrorCodes.Structure, $"not well-formed XML: {e.Message}"));
            return new(new EpcisDocument(EpcisDocumentKind.Document, null, null, []), errors);
        }

        var root = parsed.Root!;
        var header = ToNode(root);
        var name = root.Name.LocalName;
        IReadOnlyList<EpcisNode> eventNodes;
        EpcisDocumentKind kind;
        if (EventNames.Contains(name) && NamespaceOf(root.Name) is null)
        {
            kind = EpcisDocumentKind.SingleEvent;
            eventNodes = [header];
        }
        else if (name is "EPCISDocument" or "EPCISQueryDocument")
        {
            kind = name == "EPCISDocument" ? EpcisDocumentKind.Document : EpcisDocumentKind.QueryDocument;
            var body = Child(header, "EPCISBody");
            var list = kind == EpcisDocumentKind.Document
                ? Child(body, "EventList")
                : Child(Child(Child(body, "QueryResults"), "resultsBody"), "EventList");
            if (list is null)
            {
                var where = kind == EpcisDocumentKind.Document ? "EPCISBody.EventList" : "EPCISBody.QueryResults.resultsBody.EventList";
                var misplaced = root.Descendants("EventList").FirstOrDefault();
                errors.Add(new(null, null, where, misplaced is null ? EpcisErrorCodes.Required : EpcisErrorCodes.Structure,
                    misplaced is null ? "the document has no event list" : "the event list is not where EPCIS.xsd 2.0 puts it"));
                list = misplaced is null ? null : ToNode(misplaced);
            }

            eventNodes = list?.Children.Where(c => !c.IsAttribute).ToList() ?? [];
        }
        else
        {
            errors.Add(new(null, null, root.Name.LocalName, EpcisErrorCodes.Structure,
                "the root element is neither EPCISDocument, EPCISQueryDocument nor an EPCIS event"));
            return new(new EpcisDocument(EpcisDocumentKind.Document, null, null, []), errors);
        }

        var document = EpcisEventMapper.Map(kind, header, eventNodes, errors, isXml: true);
        return new(document, errors);
    }

    // Standard elements are normally unqualified, but some writers qualify them with the EPCIS namespace itself.
    private static readonly HashSet<string> EpcisNamespaces =
        ["urn:epcglobal:epcis:xsd:1", "urn:epcglobal:epcis:xsd:2", "urn:epcglobal:epcis-query:xsd:1", "urn:epcglobal:epcis-query:xsd:2"];

    private static readonly XName Nil = XName.Get("nil", "http://www.w3.org/2001/XMLSchema-instance");

    private static string? NamespaceOf(XName name) =>
        name.Namespace == XNamespace.None || EpcisNamespaces.Contains(name.NamespaceName) ? null : name.NamespaceName;

    private static EpcisNode? Child(EpcisNode? node, string name) =>
        node?.Children.FirstOrDefault(c => c.Name == name && !c.IsAttribute);

    private static EpcisNode ToNode(XElement element)
    {
        var children = new List<EpcisNode>();
        if (element.Name.LocalName == "ignoreFields" && NamespaceOf(element.Name) is not null)
        {
            // The event hash generator's convention: the repository fields the hash leaves out, as empty elements.
            return new EpcisNode(NamespaceOf(element.Name), "ignoreFields", null,
                [.. element.Elements().Select(e => new EpcisNode(null, "field", "{" + e.Name.NamespaceName + "}" + e.Name.LocalName, []))]);
        }

        foreach (var attribute in element.Attributes().Where(a => !a.IsNamespaceDeclaration))
        {
            var ns = attribute.Name.Namespace == XNamespace.None ? null : attribute.Name.NamespaceName;
            if (ns == "http://www.w3.org/2001/XMLSchema-instance")
            {
                continue;
            }

            children.Add(new EpcisNode(ns, attribute.Name.LocalName, attribute.Value, []) { IsAttribute = true });
        }

        foreach (var child in element.Elements())
        {
            if ((string?)child.Attribute(Nil) == "true")
            {
                continue;
            }

            if (NamespaceOf(child.Name) is null && child.Name.LocalName is "extension" or "baseExtension")
            {
                children.AddRange(ToNode(child).Children.Where(c => !c.IsAttribute).Select(c => c with { FromWrapper = true }));
            }
            else
            {
                children.Add(ToNode(child));
            }
        }

        var text = element.HasElements ? null : element.Value.Trim();
        var ownNs = NamespaceOf(element.Name);
        return new EpcisNode(ownNs, element.Name.LocalName, text, children);
    }
}

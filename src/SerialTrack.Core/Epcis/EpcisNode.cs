namespace SerialTrack.Core.Epcis;

// Both bindings are first read into this neutral tree (element or JSON member, qualified name, text, children), so the
// rules that turn it into the model are written once. XML attributes and JSON members of an object are children alike.
internal sealed record EpcisNode(string? Namespace, string Name, string? Text, IReadOnlyList<EpcisNode> Children)
{
    public bool IsAttribute { get; init; }

    // JSON only: a value that arrived as a JSON string where the schema wants a number.
    public bool IsJsonString { get; init; }

    // JSON only: a number, true or false, whose text is kept as sent.
    public bool IsJsonLiteral { get; init; }

    // JSON only: a member whose value was an object or array where text was expected.
    public bool IsStructured { get; init; }

    // XML only: an element lifted out of an EPCIS 1.x <extension> wrapper, exempt from the 2.0 element order.
    public bool FromWrapper { get; init; }

    public bool IsStandard => Namespace is null;

    public EpcisExtension ToExtension() =>
        new(Namespace ?? "", Name, Children.Count == 0 ? Text ?? "" : null, [.. Children.Select(c => c.ToExtension())]) { Literal = IsJsonLiteral };
}

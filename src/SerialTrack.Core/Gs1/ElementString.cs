using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SerialTrack.Core.Gs1;

public readonly record struct Gs1Element(string Ai, string Value);

public enum Gs1InputForm
{
    Created,
    Bracketed,
    Raw,
    Scanned,
    DigitalLink,
    EpcUrn,
}

public enum Gs1Symbology
{
    None,
    Gs1_128,
    Gs1DataMatrix,
    Gs1QrCode,
    Gs1DataBar,
    Gs1DotCode,
    Ean13,
    Ean8,
}

public sealed class ElementString
{
    public const char GroupSeparator = '\u001D';

    internal ElementString(IReadOnlyList<Gs1Element> elements, Gs1InputForm form, Gs1Symbology symbology)
    {
        Elements = elements;
        Form = form;
        Symbology = symbology;
    }

    public IReadOnlyList<Gs1Element> Elements { get; }

    public Gs1InputForm Form { get; }

    public Gs1Symbology Symbology { get; }

    public Gtin? Gtin => Get("01") is { } v && Gs1.Gtin.TryParse(v, out var gtin, out _) ? gtin : null;

    public Sscc? Sscc => Get("00") is { } v && Gs1.Sscc.TryParse(v, out var sscc, out _) ? sscc : null;

    public string? Serial => Get("21");

    public string? Batch => Get("10");

    public string? ExpiryDate => Get("17");

    public string? this[string ai] => Get(ai);

    public string? Get(string ai)
    {
        foreach (var element in Elements)
        {
            if (element.Ai == ai)
            {
                return element.Value;
            }
        }

        return null;
    }

    public bool Contains(string ai) => Get(ai) is not null;

    public static bool TryCreate(
        IEnumerable<Gs1Element> elements,
        [NotNullWhen(true)] out ElementString? result,
        [NotNullWhen(false)] out Gs1Error? error)
    {
        var list = elements.ToList();
        var builder = new Builder(Gs1InputForm.Created, Gs1Symbology.None);
        foreach (var element in list)
        {
            if (!builder.TryAdd(element.Ai, element.Value, null, out error))
            {
                result = null;
                return false;
            }
        }

        return builder.TryBuild(out result, out error);
    }

    public static ElementString Create(IEnumerable<Gs1Element> elements) =>
        TryCreate(elements, out var result, out var error) ? result : throw new Gs1Exception(error);

    public static ElementString Create(params (string Ai, string Value)[] elements) =>
        Create(elements.Select(e => new Gs1Element(e.Ai, e.Value)));

    public static bool TryParseBracketed(
        string text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error) =>
        ElementStringParser.TryParseBracketed(text, out result, out error);

    public static ElementString ParseBracketed(string text) =>
        TryParseBracketed(text, out var result, out var error) ? result : throw new Gs1Exception(error);

    // FNC1 separators are GS (0x1D) characters, as decoders transmit them.
    public static bool TryParseRaw(
        string data, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error) =>
        ElementStringParser.TryParseRaw(data, 0, caretIsFnc1: false, Gs1InputForm.Raw, Gs1Symbology.None, out result, out error);

    public static ElementString ParseRaw(string data) =>
        TryParseRaw(data, out var result, out var error) ? result : throw new Gs1Exception(error);

    // Typed or command-line input: "^" stands for FNC1 (it is outside CSET 82, so never data).
    public static bool TryParseCaretSeparated(
        string data, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error) =>
        ElementStringParser.TryParseRaw(data, 0, caretIsFnc1: true, Gs1InputForm.Raw, Gs1Symbology.None, out result, out error);

    public static ElementString ParseCaretSeparated(string data) =>
        TryParseCaretSeparated(data, out var result, out var error) ? result : throw new Gs1Exception(error);

    // Scanner output starting with an AIM symbology identifier such as "]d2".
    public static bool TryParseScan(
        string scanned, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error) =>
        ElementStringParser.TryParseScan(scanned, caretIsFnc1: false, out result, out error);

    public static ElementString ParseScan(string scanned) =>
        TryParseScan(scanned, out var result, out var error) ? result : throw new Gs1Exception(error);

    public string ToBracketed()
    {
        var sb = new StringBuilder();
        foreach (var (ai, value) in Elements)
        {
            // GS1 Barcode Syntax Engine convention: a literal "(" in bracketed data is escaped as "\(".
            sb.Append('(').Append(ai).Append(')').Append(value.Replace("(", "\\(", StringComparison.Ordinal));
        }

        return sb.ToString();
    }

    public string ToHumanReadable() => ToBracketed();

    public string ToRaw()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Elements.Count; i++)
        {
            var (ai, value) = Elements[i];
            sb.Append(ai).Append(value);
            var isLast = i == Elements.Count - 1;
            if (!isLast && Gs1Dictionary.Default.Get(ai).RequiresFnc1)
            {
                sb.Append(GroupSeparator);
            }
        }

        return sb.ToString();
    }

    public override string ToString() => ToBracketed();

    internal sealed class Builder(Gs1InputForm form, Gs1Symbology symbology)
    {
        private readonly List<Gs1Element> _elements = [];
        private readonly List<int?> _positions = [];

        public bool TryAdd(string ai, string value, int? position, [NotNullWhen(false)] out Gs1Error? error)
        {
            if (!Gs1Dictionary.Default.TryGet(ai, out var definition))
            {
                error = Gs1Error.For(Gs1ErrorCodes.UnknownAi, ai, position, "not a GS1 Application Identifier");
                return false;
            }

            error = Gs1Validator.ValidateElement(definition, value, position);
            if (error is not null)
            {
                return false;
            }

            _elements.Add(new Gs1Element(ai, value));
            _positions.Add(position);
            return true;
        }

        public bool TryBuild([NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
        {
            result = null;
            if (_elements.Count == 0)
            {
                error = Gs1Error.For(Gs1ErrorCodes.Syntax, null, null, "no GS1 element strings found");
                return false;
            }

            error = Gs1Validator.ValidateMessage(_elements, _positions);
            if (error is not null)
            {
                return false;
            }

            result = new ElementString(_elements.ToArray(), form, symbology);
            return true;
        }
    }
}

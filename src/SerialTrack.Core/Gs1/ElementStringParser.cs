using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace SerialTrack.Core.Gs1;

internal static class ElementStringParser
{
    public static bool TryParseBracketed(
        string text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        var builder = new ElementString.Builder(Gs1InputForm.Bracketed, Gs1Symbology.None);
        var pos = 0;
        while (pos < text.Length)
        {
            var elementStart = pos;
            var close = text[pos] == '(' ? text.IndexOf(')', pos) : -1;
            if (close < 0)
            {
                error = Gs1Error.For(Gs1ErrorCodes.Syntax, null, pos, "expected an AI in brackets, e.g. (01)");
                return false;
            }

            var ai = text[(pos + 1)..close];
            if (ai.Length is < 2 or > 4 || !ai.All(char.IsAsciiDigit) || !Gs1Dictionary.Default.TryGet(ai, out _))
            {
                error = Gs1Error.For(Gs1ErrorCodes.UnknownAi, ai, pos, "not a GS1 Application Identifier");
                return false;
            }

            var value = new StringBuilder();
            pos = close + 1;
            while (pos < text.Length && text[pos] != '(')
            {
                if (text[pos] == '\\' && pos + 1 < text.Length && text[pos + 1] == '(')
                {
                    pos++;
                }

                value.Append(text[pos++]);
            }

            if (!builder.TryAdd(ai, value.ToString(), elementStart, out error))
            {
                return false;
            }
        }

        return builder.TryBuild(out result, out error);
    }

    public static bool TryParseRaw(
        string text, int start, bool caretIsFnc1, Gs1InputForm form, Gs1Symbology symbology,
        [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        bool IsFnc1(char c) => c == ElementString.GroupSeparator || (caretIsFnc1 && c == '^');

        var builder = new ElementString.Builder(form, symbology);
        var pos = start;

        // GS1 DataMatrix and QR decoders may transmit the leading FNC1 as GS; it carries no data.
        while (pos < text.Length && IsFnc1(text[pos]))
        {
            pos++;
        }

        while (pos < text.Length)
        {
            var elementStart = pos;
            if (!Gs1Dictionary.Default.TryMatchAi(text.AsSpan(pos), out var definition))
            {
                var digits = new string(text.AsSpan(pos, Math.Min(4, text.Length - pos)).ToArray().TakeWhile(char.IsAsciiDigit).ToArray());
                error = Gs1Error.For(Gs1ErrorCodes.UnknownAi, digits.Length >= 2 ? digits : null, pos,
                    digits.Length >= 2
                        ? $"no GS1 Application Identifier starts with '{digits}'"
                        : "expected a GS1 Application Identifier");
                return false;
            }

            pos += definition.Ai.Length;
            var valueStart = pos;
            var limit = definition.PredefinedLength ? Math.Min(text.Length, pos + definition.MaxLength) : text.Length;
            while (pos < limit && !IsFnc1(text[pos]))
            {
                pos++;
            }

            var value = text[valueStart..pos];

            // An FNC1 after a predefined-length AI is redundant but harmless; after any other AI it ends the value.
            if (pos < text.Length && IsFnc1(text[pos]))
            {
                pos++;
            }

            if (!builder.TryAdd(definition.Ai, value, elementStart, out error))
            {
                return false;
            }
        }

        return builder.TryBuild(out result, out error);
    }

    public static bool TryParseScan(
        string text, bool caretIsFnc1, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        if (text.Length < 3 || text[0] != ']')
        {
            error = Gs1Error.For(Gs1ErrorCodes.Syntax, null, 0, "expected an AIM symbology identifier such as ]d2");
            return false;
        }

        // ISO/IEC 15424 symbology identifiers for GS1 data (GS1 General Specifications §5.1.2 / Figure 5.4.1-1).
        var identifier = text[..3];
        var symbology = identifier switch
        {
            "]C1" => Gs1Symbology.Gs1_128,
            "]d2" => Gs1Symbology.Gs1DataMatrix,
            "]Q3" => Gs1Symbology.Gs1QrCode,
            "]e0" => Gs1Symbology.Gs1DataBar,
            "]J1" => Gs1Symbology.Gs1DotCode,
            "]E0" => Gs1Symbology.Ean13,
            "]E4" => Gs1Symbology.Ean8,
            _ => Gs1Symbology.None,
        };

        switch (symbology)
        {
            case Gs1Symbology.None:
                error = Gs1Error.For(Gs1ErrorCodes.Syntax, null, 0, $"symbology identifier {identifier} does not carry GS1 data");
                return false;
            case Gs1Symbology.Ean13 or Gs1Symbology.Ean8:
                return TryParseEanUpc(text, symbology, out result, out error);
            default:
                return TryParseRaw(text, 3, caretIsFnc1, Gs1InputForm.Scanned, symbology, out result, out error);
        }
    }

    private static bool TryParseEanUpc(
        string text, Gs1Symbology symbology, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        var digits = text[3..];
        int[] allowed = symbology == Gs1Symbology.Ean8 ? [8] : [8, 12, 13];
        if (!allowed.Contains(digits.Length) || !digits.All(char.IsAsciiDigit))
        {
            error = Gs1Error.For(Gs1ErrorCodes.Length, "01", 3,
                $"{(symbology == Gs1Symbology.Ean8 ? "EAN-8" : "EAN/UPC")} data must be {string.Join(" or ", allowed)} digits, got '{digits}'");
            return false;
        }

        if (!Gtin.TryParse(digits, out var gtin, out var gtinError))
        {
            // Re-anchor the GTIN's own error at the start of the scanned digits.
            error = Gs1Error.For(gtinError.Code, "01", 3, gtinError.Message[(gtinError.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..]);
            return false;
        }

        var builder = new ElementString.Builder(Gs1InputForm.Scanned, symbology);
        return builder.TryAdd("01", gtin.Value, 3, out error) && builder.TryBuild(out result, out error);
    }
}

using System.Diagnostics.CodeAnalysis;

namespace SerialTrack.Core.Gs1;

public static class Gs1Parser
{
    // One entry point for the CLI and scanners: the form is told by how the text starts.
    public static bool TryParseAny(string text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        // GS (0x1D) counts as white space in .NET, so trim only what keyboards and wedges add.
        var input = (text ?? "").Trim(' ', '\t', '\r', '\n');
        if (input.Length == 0)
        {
            result = null;
            error = Gs1Error.For(Gs1ErrorCodes.Syntax, null, 0, "nothing to parse");
            return false;
        }

        if (input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || input.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var ok = DigitalLink.TryParse(input, out var link, out error);
            result = link?.ElementString;
            return ok;
        }

        if (input.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase))
        {
            return EpcUrn.TryToElementString(input, out result, out error);
        }

        return input[0] switch
        {
            '(' => ElementStringParser.TryParseBracketed(input, out result, out error),
            ']' => ElementStringParser.TryParseScan(input, caretIsFnc1: true, out result, out error),
            _ => ElementStringParser.TryParseRaw(input, 0, caretIsFnc1: true, Gs1InputForm.Raw, Gs1Symbology.None, out result, out error),
        };
    }

    public static ElementString ParseAny(string text) =>
        TryParseAny(text, out var result, out var error) ? result : throw new Gs1Exception(error);
}

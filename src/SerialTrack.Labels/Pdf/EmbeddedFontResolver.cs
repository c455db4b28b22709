using PdfSharp.Fonts;
using SerialTrack.Labels.Fonts;

namespace SerialTrack.Labels.Pdf;

// PDFsharp 6 (Core build) has no font discovery on Linux; every family resolves to the embedded DejaVu faces.
public sealed class EmbeddedFontResolver : IFontResolver
{
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName.Contains("Mono", StringComparison.OrdinalIgnoreCase) ? new FontResolverInfo(EmbeddedFonts.SansMono)
        : bold ? new FontResolverInfo(EmbeddedFonts.SansBold)
        : new FontResolverInfo(EmbeddedFonts.Sans, false, italic);

    public byte[]? GetFont(string faceName) => EmbeddedFonts.GetBytes(faceName);
}

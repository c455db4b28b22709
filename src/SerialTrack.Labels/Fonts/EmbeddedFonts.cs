using System.Collections.Concurrent;
using SkiaSharp;

namespace SerialTrack.Labels.Fonts;

// DejaVu (Bitstream Vera licence, see LICENSE-DejaVu.txt) ships inside the assembly so PNG, SVG metrics
// and PDF all use the same glyphs on any host, with or without fontconfig.
public static class EmbeddedFonts
{
    public const string Sans = "DejaVuSans";
    public const string SansBold = "DejaVuSans-Bold";
    public const string SansMono = "DejaVuSansMono";
    public const string FamilyName = "DejaVu Sans";

    static readonly ConcurrentDictionary<string, byte[]> Bytes = new();
    static readonly Lazy<SKTypeface> Regular = new(() => Load(Sans));
    static readonly Lazy<SKTypeface> Bold = new(() => Load(SansBold));

    public static byte[] GetBytes(string face) => Bytes.GetOrAdd(face, static f =>
    {
        using var s = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"SerialTrack.Labels.Fonts.{f}.ttf")
            ?? throw new LabelException("font.missing", $"Embedded font {f} is missing from the assembly", f);
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    });

    public static SKTypeface Typeface(bool bold) => bold ? Bold.Value : Regular.Value;

    static SKTypeface Load(string face)
    {
        using var data = SKData.CreateCopy(GetBytes(face));
        return SKTypeface.FromData(data) ?? throw new LabelException("font.invalid", $"Embedded font {face} cannot be loaded", face);
    }
}

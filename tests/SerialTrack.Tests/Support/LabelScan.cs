using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace SerialTrack.Tests.Support;

// Reads barcodes back from rendered labels the way a scanner would: from pixels. The label renderer's own
// tests (SerialTrack.Labels.Tests) link this file too.
public static class LabelScan
{
    public static List<Result> DecodeAll(byte[] png, SKRectI crop, params BarcodeFormat[] formats)
    {
        using var bitmap = SKBitmap.Decode(png);
        return DecodeAll(bitmap, crop, formats);
    }

    public static List<Result> DecodeAll(SKBitmap image, SKRectI crop, params BarcodeFormat[] formats) =>
        Decode(image, crop, formats, assumeGs1: true) is { } result ? [result] : [];

    // AssumeGS1 makes ZXing show a leading FNC1 as GS (and ]C1/]d2 in the symbology identifier).
    public static Result? Decode(SKBitmap image, SKRectI crop, BarcodeFormat[] formats, bool assumeGs1)
    {
        const int pad = 16;
        crop.Intersect(new SKRectI(0, 0, image.Width, image.Height));
        using var part = new SKBitmap(new SKImageInfo(crop.Width + 2 * pad, crop.Height + 2 * pad, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var c = new SKCanvas(part))
        {
            c.Clear(SKColors.White);
            c.DrawBitmap(image, crop, new SKRect(pad, pad, pad + crop.Width, pad + crop.Height));
        }
        var source = new RGBLuminanceSource(part.Bytes, part.Width, part.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        // Single-symbol decoding of a crop, normal then "pure": ZXing's multi-symbol reader misses Data Matrix.
        foreach (var pure in new[] { false, true })
        {
            var reader = new BarcodeReaderGeneric
            {
                AutoRotate = false,
                Options = new DecodingOptions { PossibleFormats = formats, TryHarder = true, AssumeGS1 = assumeGs1, PureBarcode = pure },
            };
            if (reader.Decode(source) is { } result)
            {
                return result;
            }
        }
        return null;
    }

    // Rasterizes page 1 with poppler's pdftoppm, as a printer driver would.
    public static SKBitmap RasterizeFirstPage(byte[] pdf, int dpi)
    {
        var dir = Directory.CreateTempSubdirectory("serialtrack-pdf-").FullName;
        try
        {
            var file = Path.Combine(dir, "labels.pdf");
            File.WriteAllBytes(file, pdf);
            using var p = Process.Start(new ProcessStartInfo("pdftoppm",
                ["-png", "-r", dpi.ToString(CultureInfo.InvariantCulture), "-singlefile", "-f", "1", "-l", "1", file, Path.Combine(dir, "page")])
            { RedirectStandardError = true })!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftoppm failed: {err}");
            }
            return SKBitmap.Decode(Path.Combine(dir, "page.png"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

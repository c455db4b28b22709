using SerialTrack.Labels.Templates;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace SerialTrack.Labels.Tests.Support;

public sealed record Scanned(string Text, string SymbologyId, BarcodeFormat Format);

// Decodes like a scanner would: from pixels only, cropped to one symbol's quiet-zone rectangle plus white margin.
public static class Scan
{
    public static SKBitmap Load(byte[] png)
    {
        using var decoded = SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");
        return decoded.Copy(SKColorType.Rgba8888);
    }

    public static SKBitmap LoadFile(string path) => Load(File.ReadAllBytes(path));

    public static BarcodeFormat FormatOf(Symbology s) => s switch
    {
        Symbology.Code128 or Symbology.Gs1_128 => BarcodeFormat.CODE_128,
        Symbology.QrCode => BarcodeFormat.QR_CODE,
        Symbology.DataMatrix or Symbology.Gs1DataMatrix => BarcodeFormat.DATA_MATRIX,
        Symbology.Ean13 => BarcodeFormat.EAN_13,
        Symbology.UpcA => BarcodeFormat.UPC_A,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static Scanned Decode(SKBitmap image, SKRectI crop, BarcodeFormat format, bool gs1)
    {
        const int pad = 16;
        crop.Intersect(new SKRectI(0, 0, image.Width, image.Height));
        using var part = new SKBitmap(new SKImageInfo(crop.Width + 2 * pad, crop.Height + 2 * pad, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var c = new SKCanvas(part))
        {
            c.Clear(SKColors.White);
            c.DrawBitmap(image, crop, new SKRect(pad, pad, pad + crop.Width, pad + crop.Height));
        }
        var src = new RGBLuminanceSource(part.Bytes, part.Width, part.Height, RGBLuminanceSource.BitmapFormat.RGBA32);
        foreach (bool pure in new[] { false, true })
        {
            var reader = new BarcodeReaderGeneric
            {
                AutoRotate = false,
                Options = new DecodingOptions { PossibleFormats = [format], TryHarder = true, AssumeGS1 = gs1, PureBarcode = pure },
            };
            var r = reader.Decode(src);
            if (r is not null)
            {
                var id = r.ResultMetadata is not null && r.ResultMetadata.TryGetValue(ResultMetadataType.SYMBOLOGY_IDENTIFIER, out var v) ? v?.ToString() ?? "" : "";
                return new Scanned(r.Text, id, r.BarcodeFormat);
            }
        }
        throw new Xunit.Sdk.XunitException($"No {format} found in crop {crop} of a {image.Width}x{image.Height} image");
    }

    public static SKRectI ToRect(DotRect r) => new(r.X, r.Y, r.Right, r.Bottom);

    public static Scanned Decode(SKBitmap image, LayoutBarcode bc) =>
        Decode(image, ToRect(bc.QuietZoneBounds), FormatOf(bc.Symbol.Symbology),
            bc.Symbol.Symbology is Symbology.Gs1_128 or Symbology.Gs1DataMatrix);
}

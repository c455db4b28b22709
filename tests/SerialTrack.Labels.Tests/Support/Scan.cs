using SerialTrack.Labels.Templates;
using SerialTrack.Tests.Support;
using SkiaSharp;
using ZXing;

namespace SerialTrack.Labels.Tests.Support;

public sealed record Scanned(string Text, string SymbologyId, BarcodeFormat Format);

// Decodes like a scanner would (LabelScan): from pixels only, cropped to one symbol's quiet-zone rectangle.
public static class Scan
{
    public static SKBitmap Load(byte[] png)
    {
        using var decoded = SKBitmap.Decode(png) ?? throw new InvalidOperationException("not a PNG");
        return decoded.Copy(SKColorType.Rgba8888);
    }

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
        var r = LabelScan.Decode(image, crop, [format], gs1)
            ?? throw new Xunit.Sdk.XunitException($"No {format} found in crop {crop} of a {image.Width}x{image.Height} image");
        var id = r.ResultMetadata is not null && r.ResultMetadata.TryGetValue(ResultMetadataType.SYMBOLOGY_IDENTIFIER, out var v) ? v?.ToString() ?? "" : "";
        return new Scanned(r.Text, id, r.BarcodeFormat);
    }

    public static SKRectI ToRect(DotRect r) => new(r.X, r.Y, r.Right, r.Bottom);

    public static Scanned Decode(SKBitmap image, LayoutBarcode bc) =>
        Decode(image, ToRect(bc.QuietZoneBounds), FormatOf(bc.Symbol.Symbology),
            bc.Symbol.Symbology is Symbology.Gs1_128 or Symbology.Gs1DataMatrix);
}

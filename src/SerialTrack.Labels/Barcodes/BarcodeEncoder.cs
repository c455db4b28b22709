using SerialTrack.Labels.Templates;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;
using ZXing.OneD;
using ZXing.QrCode;
using ZXing.QrCode.Internal;

namespace SerialTrack.Labels.Barcodes;

// Modules is one cell per module (1D: one row). Quiet zones are in modules and are NOT part of Modules.
public sealed record EncodedBarcode(Symbology Symbology, BitMatrix Modules, string Data, string? HumanReadable,
    int QuietLeft, int QuietRight, int QuietVertical)
{
    public bool IsLinear => LabelTemplates.IsLinear(Symbology);
}

public static class BarcodeEncoder
{
    // ZXing's in-content FNC1 marker for Code 128.
    internal const char ZxingFnc1 = '\u00F1';
    public const char GroupSeparator = '\u001D';

    // GS1 General Specifications §7.11 Figure 7.11-1 (CSET 82): the characters allowed in AI values.
    const string Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    public static EncodedBarcode Encode(Symbology symbology, string data, string? gs1Hri = null, string field = "data")
    {
        if (string.IsNullOrEmpty(data))
            throw new LabelException("barcode.empty", $"No data for the {symbology} bar code in field '{field}'", field);
        try
        {
            return symbology switch
            {
                // ISO/IEC 15417 §4.3.3 and GS1 General Specifications §5.4.4.5: 10X quiet zones both sides.
                Symbology.Code128 => Linear(symbology, BarcodeFormat.CODE_128, CheckCode128(data, field),
                    new Code128EncodingOptions { Margin = 0 }, data, data, 10, 10),
                // GS1 General Specifications §5.4.1: FNC1 in the first position (ZXing adds it with GS1Format)
                // and FNC1 as separator after variable-length AIs, which the caller marked with GS.
                Symbology.Gs1_128 => Linear(symbology, BarcodeFormat.CODE_128,
                    CheckGs1(data, field).Replace(GroupSeparator, ZxingFnc1),
                    new Code128EncodingOptions { Margin = 0, GS1Format = true }, data, gs1Hri ?? data, 10, 10),
                // ISO/IEC 18004 §6.3.8: 4X quiet zone. ECC M is the usual choice for printed labels.
                Symbology.QrCode => Matrix(symbology, BarcodeFormat.QR_CODE, data,
                    new QrCodeEncodingOptions { Margin = 0, ErrorCorrection = ErrorCorrectionLevel.M }, data, 4),
                // ISO/IEC 16022 §7.1: 1X quiet zone; square symbols only because ZPL ^BX cannot make rectangles.
                Symbology.DataMatrix => Matrix(symbology, BarcodeFormat.DATA_MATRIX, data,
                    new DatamatrixEncodingOptions { Margin = 0, SymbolShape = SymbolShapeHint.FORCE_SQUARE }, data, 1),
                // GS1 General Specifications §5.6.3.2: FNC1 in first position makes it GS1 DataMatrix (]d2);
                // ZXing only emits that with CompactEncoding, and takes GS as the separator.
                Symbology.Gs1DataMatrix => Matrix(symbology, BarcodeFormat.DATA_MATRIX, CheckGs1(data, field),
                    new DatamatrixEncodingOptions { Margin = 0, SymbolShape = SymbolShapeHint.FORCE_SQUARE, GS1Format = true, CompactEncoding = true },
                    gs1Hri ?? data, 1),
                // GS1 General Specifications §5.2.3.4: EAN-13 quiet zones 11X left, 7X right.
                Symbology.Ean13 => Linear(symbology, BarcodeFormat.EAN_13, Gtin.ToEan13(data, field),
                    new EncodingOptions { Margin = 0 }, Gtin.ToEan13(data, field), Gtin.ToEan13(data, field), 11, 7),
                // UPC-A: 9X quiet zones both sides.
                Symbology.UpcA => Linear(symbology, BarcodeFormat.UPC_A, Gtin.ToUpcA(data, field),
                    new EncodingOptions { Margin = 0 }, Gtin.ToUpcA(data, field), Gtin.ToUpcA(data, field), 9, 9),
                _ => throw new LabelException("barcode.unknown_symbology", $"Unknown symbology '{symbology}' for field '{field}'", field),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or WriterException or InvalidOperationException)
        {
            throw new LabelException("barcode.encode", $"Cannot encode '{data}' as {symbology} (field '{field}'): {ex.Message}", field);
        }
    }

    static EncodedBarcode Linear(Symbology s, BarcodeFormat f, string contents, EncodingOptions o, string data, string hri, int ql, int qr)
    {
        var m = new MultiFormatWriter().encode(contents, f, 0, 1, o.Hints);
        return new EncodedBarcode(s, m, data, hri, ql, qr, 0);
    }

    static EncodedBarcode Matrix(Symbology s, BarcodeFormat f, string contents, EncodingOptions o, string hri, int quiet)
    {
        var m = new MultiFormatWriter().encode(contents, f, 0, 0, o.Hints);
        return new EncodedBarcode(s, m, contents, hri, quiet, quiet, quiet);
    }

    static string CheckCode128(string data, string field)
    {
        // Subset B covers printable ASCII; control characters would need subset A and are not label data.
        foreach (char c in data)
            if (c is < ' ' or > '~')
                throw new LabelException("barcode.invalid_char", $"Code 128 field '{field}' contains U+{(int)c:X4}, only printable ASCII is allowed", field);
        return data;
    }

    internal static string CheckGs1(string raw, string field)
    {
        if (raw[0] == GroupSeparator || raw[0] == ZxingFnc1)
            throw new LabelException("gs1.leading_fnc1", $"GS1 data in '{field}' must not start with FNC1/GS: the encoder adds FNC1 in first position", field);
        if (!char.IsAsciiDigit(raw[0]) || !char.IsAsciiDigit(raw.Length > 1 ? raw[1] : 'x'))
            throw new LabelException("gs1.invalid", $"GS1 data in '{field}' must start with an application identifier", field);
        foreach (char c in raw)
            if (c != GroupSeparator && !Cset82.Contains(c, StringComparison.Ordinal))
                throw new LabelException("gs1.invalid_char", $"GS1 data in '{field}' contains '{c}' (U+{(int)c:X4}), outside GS1 CSET 82", field);
        return raw;
    }
}

using System.Globalization;
using System.Text;
using SerialTrack.Labels.Barcodes;
using SerialTrack.Labels.Templates;

namespace SerialTrack.Labels.Zpl;

// Command names below are those of the Zebra "ZPL II Programming Guide".
public static class ZplRenderer
{
    // ^BY module width accepts 1..10 dots; ^BQ magnification 1..10.
    const int MaxBarModuleDots = 10;

    public static string Render(LabelTemplate template, IReadOnlyDictionary<string, string> data, int copies = 1)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(LabelLayouter.Layout(template, data), copies, sw);
        return sw.ToString();
    }

    public static string Render(LabelLayout layout, int copies = 1)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        Write(layout, copies, sw);
        return sw.ToString();
    }

    // One ^XA..^XZ format per label, written as it is produced so a 10,000-label job never sits in memory.
    public static int RenderMany(LabelTemplate template, IEnumerable<IReadOnlyDictionary<string, string>> labels, TextWriter output, int copies = 1)
    {
        ArgumentNullException.ThrowIfNull(labels);
        int n = 0;
        foreach (var data in labels)
        {
            Write(LabelLayouter.Layout(template, data), copies, output);
            n++;
        }
        return n;
    }

    static void Write(LabelLayout layout, int copies, TextWriter w)
    {
        if (copies is < 1 or > 99_999_999)
            throw new LabelException("zpl.copies", $"copies must be 1..99999999 (^PQ), was {copies}", "copies");
        var ci = CultureInfo.InvariantCulture;
        w.Write("^XA\n");
        w.Write("^CI28\n");                                   // field data is UTF-8
        w.Write(string.Create(ci, $"^PW{layout.WidthDots}\n"));              // print width in dots
        w.Write(string.Create(ci, $"^LL{layout.HeightDots}\n"));             // label length in dots
        w.Write("^LH0,0\n");                                  // label home: ^FO is relative to the label's top-left
        foreach (var item in layout.Items)
        {
            switch (item)
            {
                case LayoutText t:
                    // Font 0 (CG Triumvirate Bold Condensed) is resident on every ZPL printer; it is already
                    // bold, so Bold has no separate face. Width = height scaled like our DejaVu fit.
                    w.Write(string.Create(ci, $"^FO{t.X},{t.Y}^A0N,{t.Size},{Math.Max(1, (int)Math.Round(t.Size * t.ScaleX))}^FH\\^FD{Hex(t.Text)}^FS\n"));
                    break;
                case LayoutBox b:
                    w.Write(string.Create(ci, $"^FO{b.X},{b.Y}^GB{b.Width},{b.Height},{Math.Min(b.Thickness, Math.Min(b.Width, b.Height))},B,0^FS\n"));
                    break;
                case LayoutBarcode bc:
                    WriteBarcode(bc, w);
                    break;
            }
        }
        w.Write(string.Create(ci, $"^PQ{copies}\n"));
        w.Write("^XZ\n");
    }

    static void WriteBarcode(LayoutBarcode bc, TextWriter w)
    {
        var ci = CultureInfo.InvariantCulture;
        var sym = bc.Symbol;
        if (bc.ModuleDots > MaxBarModuleDots && sym.Symbology is not (Symbology.DataMatrix or Symbology.Gs1DataMatrix))
            throw new LabelException("zpl.module_too_large",
                $"The {sym.Symbology} bar code of field '{bc.Field}' needs {bc.ModuleDots}-dot modules; ZPL ^BY/^BQ allow at most {MaxBarModuleDots}", bc.Field);
        w.Write(string.Create(ci, $"^FO{bc.X},{bc.Y}"));
        switch (sym.Symbology)
        {
            case Symbology.Code128:
            case Symbology.Gs1_128:
                // ^BC mode N with explicit subset invocation codes: >; start C, >: start B, >5/>6 switch to C/B,
                // >8 FNC1. FNC1 first (>;>8) makes it GS1-128 (GS1 General Specifications §5.4.1); our own HRI
                // field below prints the bracketed AIs, so the printer's interpretation line is off.
                w.Write(string.Create(ci, $"^BY{bc.ModuleDots},3,{bc.BarHeightDots}^BCN,{bc.BarHeightDots},N,N,N,N^FH\\^FD{Hex(Code128Invocations(sym.Data, sym.Symbology == Symbology.Gs1_128))}^FS\n"));
                break;
            case Symbology.Ean13:
                // ^BE takes 12 digits and computes the check digit itself.
                w.Write(string.Create(ci, $"^BY{bc.ModuleDots},3,{bc.BarHeightDots}^BEN,{bc.BarHeightDots},N,N^FD{sym.Data[..12]}^FS\n"));
                break;
            case Symbology.UpcA:
                // ^BU takes 11 digits; e=Y prints (encodes) the computed check digit.
                w.Write(string.Create(ci, $"^BY{bc.ModuleDots},3,{bc.BarHeightDots}^BUN,{bc.BarHeightDots},N,N,Y^FD{sym.Data[..11]}^FS\n"));
                break;
            case Symbology.QrCode:
                // ^BQ model 2, magnification = module size in dots; field data "MA," = ECC level M, automatic input mode.
                w.Write(string.Create(ci, $"^BQN,2,{bc.ModuleDots}^FH\\^FDMA,{Hex(sym.Data)}^FS\n"));
                break;
            case Symbology.DataMatrix:
            case Symbology.Gs1DataMatrix:
                // ^BX quality 200 = ECC 200. g='_' sets the escape character explicitly (firmware defaults differ):
                // "_1" = FNC1, "__" = a literal underscore. ^FH hex processing runs before escape processing.
                // GS1 DataMatrix: FNC1 in first position (GS1 General Specifications §5.6.3.2) and FNC1 as separator.
                w.Write(string.Create(ci, $"^BXN,{bc.ModuleDots},200,,,,_^FH\\^FD{Hex(DataMatrixEscapes(sym.Data, sym.Symbology == Symbology.Gs1DataMatrix))}^FS\n"));
                break;
            default:
                throw new LabelException("barcode.unknown_symbology", $"Unknown symbology '{sym.Symbology}'", bc.Field);
        }
    }

    internal static string DataMatrixEscapes(string data, bool gs1)
    {
        var sb = new StringBuilder(data.Length + 4);
        if (gs1) sb.Append("_1");
        foreach (char c in data)
        {
            if (c == '_') sb.Append("__");
            else if (gs1 && c == BarcodeEncoder.GroupSeparator) sb.Append("_1");
            else sb.Append(c);
        }
        return sb.ToString();
    }

    // Builds ^BC mode-N field data with the fewest subset switches that still compress digit runs (ISO/IEC 15417 Annex E rules, simplified).
    internal static string Code128Invocations(string data, bool gs1)
    {
        var sb = new StringBuilder(data.Length + 8);
        char set;
        int i = 0;
        if (gs1) { sb.Append(">;>8"); set = 'C'; }
        else if (DigitRun(data, 0) >= 4 || (DigitRun(data, 0) == data.Length && data.Length % 2 == 0)) { sb.Append(">;"); set = 'C'; }
        else { sb.Append(">:"); set = 'B'; }

        while (i < data.Length)
        {
            char c = data[i];
            if (gs1 && c == BarcodeEncoder.GroupSeparator) { sb.Append(">8"); i++; continue; }
            int run = DigitRun(data, i);
            if (set == 'C')
            {
                if (run >= 2) { sb.Append(data, i, 2); i += 2; continue; }
                sb.Append(">6"); set = 'B';
                continue;
            }
            // In subset B: switch to C for a run of at least 4 digits that ends the data or is even; an odd
            // run leaves its first digit in B.
            if (run >= 4)
            {
                if (run % 2 == 1) { sb.Append(c); i++; }
                sb.Append(">5"); set = 'C';
                continue;
            }
            sb.Append(c == '>' ? "><" : c.ToString());
            i++;
        }
        return sb.ToString();
    }

    static int DigitRun(string s, int from)
    {
        int n = 0;
        while (from + n < s.Length && char.IsAsciiDigit(s[from + n])) n++;
        return n;
    }

    // ^FH\ : '\' introduces two hex digits. '^' and '~' would start a command, '\' is the indicator itself,
    // control characters are not allowed raw in ^FD. Other text passes as UTF-8 (^CI28).
    internal static string Hex(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (c is '^' or '~' or '\\' || c < ' ' || c == '\u007F')
                sb.Append('\\').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else
                sb.Append(c);
        }
        return sb.ToString();
    }
}

using SerialTrack.Labels.Barcodes;
using SerialTrack.Labels.Fonts;
using SkiaSharp;

namespace SerialTrack.Labels.Templates;

public readonly record struct DotRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;
}

public abstract record LayoutItem;

// Y is the top of the text cell (as ZPL ^FO for ^A0); the baseline sits at Y + Baseline(Size).
public sealed record LayoutText(int X, int Y, int Size, string Text, bool Bold, float ScaleX, int Width) : LayoutItem
{
    public int Baseline => Y + (int)Math.Round(Size * LabelLayouter.BaselineRatio);
}

// Filled rectangle when Thickness >= min(Width, Height), otherwise an outline of that thickness (ZPL ^GB semantics).
public sealed record LayoutBox(int X, int Y, int Width, int Height, int Thickness) : LayoutItem
{
    public bool IsFilled => Thickness >= Math.Min(Width, Height);

    // The outline as filled rectangles drawn inside the box, as ^GB does.
    public IEnumerable<DotRect> Fills()
    {
        if (IsFilled) { yield return new DotRect(X, Y, Width, Height); yield break; }
        yield return new DotRect(X, Y, Width, Thickness);
        yield return new DotRect(X, Y + Height - Thickness, Width, Thickness);
        yield return new DotRect(X, Y + Thickness, Thickness, Height - 2 * Thickness);
        yield return new DotRect(X + Width - Thickness, Y + Thickness, Thickness, Height - 2 * Thickness);
    }
}

public sealed record LayoutBarcode(EncodedBarcode Symbol, int X, int Y, int ModuleDots, int BarHeightDots, string Field, DotRect QuietZoneBounds) : LayoutItem
{
    public int Width => Symbol.Modules.Width * ModuleDots;
    public int Height => Symbol.IsLinear ? BarHeightDots : Symbol.Modules.Height * ModuleDots;

    // Merged horizontal runs of dark modules, in dots: what every renderer draws.
    public IEnumerable<DotRect> Runs()
    {
        var m = Symbol.Modules;
        int rows = Symbol.IsLinear ? 1 : m.Height;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < m.Width; c++)
            {
                if (!m[c, r]) continue;
                int c0 = c;
                while (c < m.Width && m[c, r]) c++;
                yield return new DotRect(X + c0 * ModuleDots, Y + r * ModuleDots, (c - c0) * ModuleDots, Symbol.IsLinear ? BarHeightDots : ModuleDots);
            }
    }
}

public sealed record LabelLayout(LabelTemplate Template, int WidthDots, int HeightDots, IReadOnlyList<LayoutItem> Items)
{
    public int Dpi => Template.Dpi;
    public IEnumerable<LayoutBarcode> Barcodes => Items.OfType<LayoutBarcode>();
}

// Resolves a template + data into absolute dot positions once, so ZPL, PNG, SVG and PDF agree to the dot.
public static class LabelLayouter
{
    internal const double BaselineRatio = 0.8;
    const double HriHeightMm = 2.5;
    const float MinScaleX = 0.6f;

    public static int MmToDots(double mm, int dpi) => (int)Math.Round(mm * dpi / 25.4, MidpointRounding.AwayFromZero);

    // Whole dots per module, at least 2: a 1-dot module is at the mercy of printhead dot gain.
    public static int ModuleDots(double moduleMm, int dpi) => Math.Max(2, MmToDots(moduleMm, dpi));

    public static LabelLayout Layout(LabelTemplate template, IReadOnlyDictionary<string, string> data)
    {
        LabelTemplates.Validate(template);
        ArgumentNullException.ThrowIfNull(data);
        int dpi = template.Dpi, wDots = MmToDots(template.WidthMm, dpi), hDots = MmToDots(template.HeightMm, dpi);
        var items = new List<LayoutItem>(template.Elements.Count + 2);
        int D(double mm) => MmToDots(mm, dpi);

        foreach (var e in template.Elements)
        {
            if (!Applies(e, data)) continue;
            switch (e)
            {
                case TextElement t:
                    {
                        string text = t.Field is not null ? Require(data, t.Field) : Expand(t.Text!, data);
                        int? max = t.MaxWidthMm is { } mw ? D(mw) : null;
                        items.Add(FitText(D(t.Xmm), D(t.Ymm), Math.Max(1, D(t.HeightMm)), text, t.Bold, max, center: false));
                        break;
                    }
                case LineElement l:
                    {
                        int th = Math.Max(1, D(l.ThicknessMm));
                        int x = D(Math.Min(l.X1, l.X2)), y = D(Math.Min(l.Y1, l.Y2));
                        int w = l.Y1 == l.Y2 ? Math.Max(th, D(Math.Abs(l.X2 - l.X1))) : th;
                        int h = l.Y1 == l.Y2 ? th : Math.Max(th, D(Math.Abs(l.Y2 - l.Y1)));
                        items.Add(new LayoutBox(x, y, Math.Min(w, wDots - x), Math.Min(h, hDots - y), th));
                        break;
                    }
                case BoxElement b:
                    {
                        int x = D(b.X), y = D(b.Y);
                        items.Add(new LayoutBox(x, y, Math.Min(D(b.W), wDots - x), Math.Min(D(b.H), hDots - y), Math.Max(1, D(b.ThicknessMm))));
                        break;
                    }
                case BarcodeElement bc:
                    AddBarcode(bc);
                    break;
            }
        }
        return new LabelLayout(template, wDots, hDots, items);

        void AddBarcode(BarcodeElement bc)
        {
            string value = Require(data, bc.Field);
            bool gs1 = bc.Symbology is Symbology.Gs1_128 or Symbology.Gs1DataMatrix;
            // GS1 HRI is the bracketed form the caller built (GS1 General Specifications §4.15), not the raw element string.
            string? hri = gs1 && bc.HumanReadable ? Require(data, LabelFields.Gs1Hri) : null;
            var sym = BarcodeEncoder.Encode(bc.Symbology, value, hri, bc.Field);
            int mod = ModuleDots(bc.ModuleMm, dpi);
            int x = D(bc.Xmm), y = D(bc.Ymm);
            int w = sym.Modules.Width * mod, h = sym.IsLinear ? D(bc.HeightMm) : sym.Modules.Height * mod;
            var qz = new DotRect(x - sym.QuietLeft * mod, y - sym.QuietVertical * mod,
                w + (sym.QuietLeft + sym.QuietRight) * mod, h + 2 * sym.QuietVertical * mod);
            if (qz.X < 0 || qz.Y < 0 || qz.Right > wDots || qz.Bottom > hDots)
                throw new LabelException("barcode.outside",
                    $"Template '{template.Name}': the {bc.Symbology} bar code of field '{bc.Field}' needs {qz.Width * 25.4 / dpi:0.#}x{qz.Height * 25.4 / dpi:0.#} mm with quiet zones at ({qz.X * 25.4 / dpi:0.#},{qz.Y * 25.4 / dpi:0.#}) mm and does not fit on the {template.WidthMm}x{template.HeightMm} mm label",
                    bc.Field);
            var placed = new LayoutBarcode(sym, x, y, mod, h, bc.Field, qz);
            items.Add(placed);
            if (!bc.HumanReadable || sym.HumanReadable is null) return;
            int size = D(HriHeightMm), top = y + h + Math.Max(mod, D(0.5));
            if (top + size > hDots)
                throw new LabelException("barcode.outside", $"Template '{template.Name}': the human-readable line of field '{bc.Field}' falls below the label", bc.Field);
            items.Add(FitText(qz.X, top, size, sym.HumanReadable, false, qz.Width, center: true));
        }
    }

    internal static float Measure(string text, int size, bool bold, float scaleX = 1)
    {
        using var font = new SKFont(EmbeddedFonts.Typeface(bold), size) { ScaleX = scaleX };
        return font.MeasureText(text);
    }

    // Too-long text is first condensed (like ZPL ^A0 width < height), then cut with "...": it never overprints neighbours.
    static LayoutText FitText(int x, int y, int size, string text, bool bold, int? maxWidth, bool center)
    {
        float width = Measure(text, size, bold), scale = 1;
        if (maxWidth is { } max && width > max)
        {
            scale = Math.Max(MinScaleX, max / width);
            width = Measure(text, size, bold, scale);
            while (width > max && text.Length > 1)
            {
                text = text[..^(text.EndsWith("...", StringComparison.Ordinal) ? 4 : 1)].TrimEnd() + "...";
                width = Measure(text, size, bold, scale);
            }
        }
        int w = (int)Math.Ceiling(width);
        if (center && maxWidth is { } area) x += Math.Max(0, (area - w) / 2);
        return new LayoutText(x, y, size, text, bold, scale, w);
    }

    static bool Applies(LabelElement e, IReadOnlyDictionary<string, string> data)
    {
        if (e.When is not { } when) return true;
        bool negate = when.StartsWith('!');
        bool present = data.TryGetValue(when.TrimStart('!'), out var v) && !string.IsNullOrEmpty(v);
        return negate ? !present : present;
    }

    static string Require(IReadOnlyDictionary<string, string> data, string field) =>
        data.TryGetValue(field, out var v) && v is not null
            ? v
            : throw new LabelException("data.missing", $"Label data has no value for field '{field}'", field);

    static string Expand(string text, IReadOnlyDictionary<string, string> data) =>
        LabelTemplates.Placeholder().Replace(text, m => Require(data, m.Groups[1].Value));
}

using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using SerialTrack.Labels.Fonts;
using SerialTrack.Labels.Templates;

namespace SerialTrack.Labels.Pdf;

public static class PdfRenderer
{
    static readonly Lock FontInit = new();
    const int ProgressEvery = 100;

    // PDFsharp's resolver is process-wide and settable once; install ours unless the host already did.
    static void EnsureFontResolver()
    {
        lock (FontInit)
        {
            GlobalFontSettings.FontResolver ??= new EmbeddedFontResolver();
        }
    }

    // Labels are pulled from `labels` one at a time and laid out, drawn and dropped: only PDFsharp's page
    // content (small vector streams) accumulates until Save. Returns the number of labels written.
    public static int RenderLabels(LabelTemplate template, IEnumerable<IReadOnlyDictionary<string, string>> labels, Stream output,
        PdfLayout layout, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(layout);
        LabelTemplates.Validate(template);
        EnsureFontResolver();

        using var doc = new PdfDocument();
        doc.Info.Title = $"Labels: {template.Name}";
        doc.Info.Creator = "SerialTrack.Labels";
        var fonts = new Dictionary<(int Size, bool Bold), XFont>();
        double pt = 72.0 / template.Dpi;   // one printer dot in PDF points
        int count = 0;

        PdfPage? page = null;
        XGraphics? g = null;
        int cell = 0;
        try
        {
            foreach (var data in labels)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lab = LabelLayouter.Layout(template, data);
                double ox, oy;
                switch (layout)
                {
                    case RollLayout:
                        g?.Dispose();
                        page = doc.AddPage();
                        page.Width = XUnit.FromMillimeter(template.WidthMm);
                        page.Height = XUnit.FromMillimeter(template.HeightMm);
                        g = XGraphics.FromPdfPage(page);
                        ox = oy = 0;
                        break;
                    case SheetLayout s:
                        if (g is null || cell >= s.Spec.PerSheet)
                        {
                            g?.Dispose();
                            cell = page is null ? s.StartPosition : 0;
                            page = doc.AddPage();
                            page.Width = XUnit.FromMillimeter(s.Spec.PageWidthMm);
                            page.Height = XUnit.FromMillimeter(s.Spec.PageHeightMm);
                            g = XGraphics.FromPdfPage(page);
                        }
                        if (template.WidthMm > s.Spec.LabelWidthMm + 0.01 || template.HeightMm > s.Spec.LabelHeightMm + 0.01)
                            throw new LabelException("pdf.label_too_large",
                                $"Template '{template.Name}' ({template.WidthMm}x{template.HeightMm} mm) does not fit the {s.Spec.LabelWidthMm:0.##}x{s.Spec.LabelHeightMm:0.##} mm cells of {s.Spec.Name}", template.Name);
                        var (cx, cy) = s.Spec.Cell(cell++);
                        // Centre the label in its cell so a slightly smaller template keeps even margins.
                        ox = XUnit.FromMillimeter(cx + (s.Spec.LabelWidthMm - template.WidthMm) / 2).Point;
                        oy = XUnit.FromMillimeter(cy + (s.Spec.LabelHeightMm - template.HeightMm) / 2).Point;
                        break;
                    default:
                        throw new LabelException("pdf.layout", $"Unknown PDF layout {layout.GetType().Name}", "layout");
                }
                Draw(g!, lab, ox, oy, pt, fonts);
                count++;
                if (progress is not null && count % ProgressEvery == 0) progress.Report(count);
            }
        }
        finally
        {
            g?.Dispose();
        }
        if (count == 0)
            throw new LabelException("pdf.empty", "No labels to render", "labels");
        doc.Save(output, closeStream: false);
        progress?.Report(count);
        return count;
    }

    static void Draw(XGraphics g, LabelLayout lab, double ox, double oy, double pt, Dictionary<(int, bool), XFont> fonts)
    {
        foreach (var item in lab.Items)
        {
            switch (item)
            {
                case LayoutText t:
                    {
                        if (!fonts.TryGetValue((t.Size, t.Bold), out var font))
                            fonts[(t.Size, t.Bold)] = font = new XFont(EmbeddedFonts.FamilyName, t.Size * pt,
                                t.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
                        double x = ox + t.X * pt, y = oy + t.Baseline * pt;
                        if (t.ScaleX < 1)
                        {
                            var state = g.Save();
                            g.ScaleAtTransform(t.ScaleX, 1, new XPoint(x, y));
                            g.DrawString(t.Text, font, XBrushes.Black, x, y);
                            g.Restore(state);
                        }
                        else
                        {
                            g.DrawString(t.Text, font, XBrushes.Black, x, y);
                        }
                        break;
                    }
                case LayoutBox b:
                    foreach (var r in b.Fills())
                        g.DrawRectangle(XBrushes.Black, ox + r.X * pt, oy + r.Y * pt, r.Width * pt, r.Height * pt);
                    break;
                case LayoutBarcode bc:
                    // Vector rectangles on the printer's dot grid: sharp at any zoom and identical to the PNG/ZPL geometry.
                    foreach (var r in bc.Runs())
                        g.DrawRectangle(XBrushes.Black, ox + r.X * pt, oy + r.Y * pt, r.Width * pt, r.Height * pt);
                    break;
            }
        }
    }
}

using SerialTrack.Labels.Pdf;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;
using SerialTrack.Tests.Support;
using SkiaSharp;

namespace SerialTrack.Labels.Tests;

public sealed class PdfTests : IDisposable
{
    const int RasterDpi = 300;
    readonly string dir = Directory.CreateTempSubdirectory("labels-pdf-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    // A 70 x 37 mm unit label for A4 3x8 sheets.
    static readonly LabelTemplate Small = new("small-unit", 70, 37, 203,
    [
        new TextElement(3, 2, 3, Field: LabelFields.ProductName, Bold: true, MaxWidthMm: 44),
        new TextElement(3, 6, 2.5, Text: "S/N {serial}", MaxWidthMm: 44),
        new BarcodeElement(52, 3, Symbology.Gs1DataMatrix, LabelFields.Gs1Raw, 0.5, HumanReadable: false),
        new BarcodeElement(4, 14, Symbology.Code128, LabelFields.Serial, 0.25, 12, HumanReadable: true),
    ]);

    static IEnumerable<IReadOnlyDictionary<string, string>> Units(int count) =>
        Enumerable.Range(1, count).Select(i => (IReadOnlyDictionary<string, string>)Samples.Unit($"SN{i:D6}"));

    static SKRectI PageRect(LabelLayout layout, LayoutBarcode bc, double cellXmm, double cellYmm)
    {
        double k = RasterDpi / 25.4, dotMm = 25.4 / layout.Dpi;
        var r = bc.QuietZoneBounds;
        return new SKRectI((int)Math.Floor((cellXmm + r.X * dotMm) * k), (int)Math.Floor((cellYmm + r.Y * dotMm) * k),
            (int)Math.Ceiling((cellXmm + r.Right * dotMm) * k), (int)Math.Ceiling((cellYmm + r.Bottom * dotMm) * k));
    }

    static void AssertCellScans(SKBitmap page, LabelTemplate t, SheetSpec spec, int cell, string serial)
    {
        var data = Samples.Unit(serial);
        var layout = LabelLayouter.Layout(t, data);
        var (cx, cy) = spec.Cell(cell);
        cx += (spec.LabelWidthMm - t.WidthMm) / 2;
        cy += (spec.LabelHeightMm - t.HeightMm) / 2;
        foreach (var bc in layout.Barcodes)
        {
            var gs1 = bc.Symbol.Symbology == Symbology.Gs1DataMatrix;
            var scan = Scan.Decode(page, PageRect(layout, bc, cx, cy), Scan.FormatOf(bc.Symbol.Symbology), gs1);
            if (gs1)
            {
                Assert.Equal("]d2", scan.SymbologyId);
                Assert.Equal([("01", Samples.Gtin13), ("21", serial)], Gs1TestData.Split(scan.Text));
            }
            else
            {
                Assert.Equal(serial, scan.Text);
            }
        }
    }

    string Render(LabelTemplate t, IEnumerable<IReadOnlyDictionary<string, string>> labels, PdfLayout layout, string name)
    {
        var path = Path.Combine(dir, name);
        using (var fs = File.Create(path)) PdfRenderer.RenderLabels(t, labels, fs, layout, null);
        return path;
    }

    [PdftoppmFact]
    public void A4_3x8_sheet_of_24_labels_scans_cell_by_cell()
    {
        var pdf = Render(Small, Units(24), PdfLayout.Sheet(SheetSpec.A4_3x8), "sheet.pdf");
        using var page = LabelScan.RasterizeFirstPage(File.ReadAllBytes(pdf), RasterDpi);
        Assert.InRange(page.Width, 2475, 2485);   // 210 mm at 300 dpi
        for (int i = 0; i < 24; i++)
            AssertCellScans(page, Small, SheetSpec.A4_3x8, i, $"SN{i + 1:D6}");
    }

    [PdftoppmFact]
    public void Start_position_5_leaves_the_first_five_cells_white()
    {
        var pdf = Render(Small, Units(5), PdfLayout.Sheet(SheetSpec.A4_3x8, startPosition: 5), "start5.pdf");
        using var page = LabelScan.RasterizeFirstPage(File.ReadAllBytes(pdf), RasterDpi);
        double k = RasterDpi / 25.4;
        for (int cell = 0; cell < 5; cell++)
        {
            var (x, y) = SheetSpec.A4_3x8.Cell(cell);
            for (int py = (int)(y * k) + 2; py < (int)((y + 37) * k) - 2; py += 3)
                for (int px = (int)(x * k) + 2; px < (int)((x + 70) * k) - 2; px += 3)
                    Assert.True(page.GetPixel(px, py).Red > 250, $"cell {cell} not blank at {px},{py}");
        }
        for (int i = 0; i < 5; i++)
            AssertCellScans(page, Small, SheetSpec.A4_3x8, 5 + i, $"SN{i + 1:D6}");
    }

    [PdftoppmFact]
    public void Roll_label_is_one_page_of_label_size_and_scans()
    {
        var pdf = Render(DefaultTemplates.Unit, [Samples.Unit("ABCDEFGHIJ0123456789")], PdfLayout.Roll, "roll.pdf");
        using var page = LabelScan.RasterizeFirstPage(File.ReadAllBytes(pdf), RasterDpi);
        Assert.InRange(page.Width, 1179, 1183);   // 100 mm at 300 dpi
        Assert.InRange(page.Height, 589, 592);
        var roll = new SheetSpec("roll", 100, 50, 1, 1, 100, 50, 0, 0, 100, 50);
        AssertCellScans(page, DefaultTemplates.Unit, roll, 0, "ABCDEFGHIJ0123456789");
    }

    [Fact]
    public void PDF_embeds_the_DejaVu_fonts()
    {
        var pdf = Render(DefaultTemplates.Unit, [Samples.Unit("SN1")], PdfLayout.Roll, "fonts.pdf");
        var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(pdf));
        // Subset-embedded TrueType (pdffonts: "XXXXXX+DejaVu Sans  CID TrueType  emb yes").
        Assert.Matches(@"/BaseFont\s*/[A-Z]{6}\+DejaVu", text);
        Assert.Contains("/FontFile2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Labels_are_pulled_lazily_and_progress_is_reported()
    {
        int produced = 0;
        IEnumerable<IReadOnlyDictionary<string, string>> Source()
        {
            for (int i = 0; i < 250; i++) { produced++; yield return Samples.Unit($"SN{i}"); }
        }
        var reports = new List<int>();
        using var ms = new MemoryStream();
        int n = PdfRenderer.RenderLabels(Small, Source(), ms, PdfLayout.Sheet(SheetSpec.A4_3x8), new SyncProgress(reports.Add));
        Assert.Equal(250, n);
        Assert.Equal(250, produced);
        Assert.Equal([100, 200, 250], reports);
        Assert.True(ms.Length > 1000);
    }

    [Fact]
    public void Sheet_specs_fit_their_pages()
    {
        foreach (var s in SheetSpec.All)
        {
            var (x, y) = s.Cell(s.PerSheet - 1);
            Assert.True(x + s.LabelWidthMm <= s.PageWidthMm + 0.01, s.Name);
            Assert.True(y + s.LabelHeightMm <= s.PageHeightMm + 0.01, s.Name);
        }
    }

    [Fact]
    public void A_template_larger_than_the_sheet_cell_is_refused()
    {
        using var ms = new MemoryStream();
        var ex = Assert.Throws<LabelException>(() =>
            PdfRenderer.RenderLabels(DefaultTemplates.Unit, [Samples.Unit("1")], ms, PdfLayout.Sheet(SheetSpec.A4_3x8)));
        Assert.Equal("pdf.label_too_large", ex.Code);
    }

    sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

using SerialTrack.Labels.Images;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;

namespace SerialTrack.Labels.Tests;

public class DefaultTemplateScanTests
{
    static List<(Scanned Scan, LayoutBarcode Bc)> RenderAndScan(LabelTemplate t, IReadOnlyDictionary<string, string> data)
    {
        var layout = LabelLayouter.Layout(t, data);
        using var img = Scan.Load(PngRenderer.Render(layout));
        Assert.Equal(layout.WidthDots, img.Width);
        Assert.Equal(layout.HeightDots, img.Height);
        return layout.Barcodes.Select(b => (Scan.Decode(img, b), b)).ToList();
    }

    public static TheoryData<string> Serials() => [.. Samples.Serials];

    [Theory]
    [MemberData(nameof(Serials))]
    public void Unit_label_DataMatrix_carries_GTIN_and_serial_and_Code128_carries_the_serial(string serial)
    {
        var scans = RenderAndScan(DefaultTemplates.Unit, Samples.Unit(serial));
        Assert.Equal(2, scans.Count);

        var dm = scans.Single(s => s.Bc.Symbol.Symbology == Symbology.Gs1DataMatrix).Scan;
        Assert.Equal("]d2", dm.SymbologyId);
        Assert.Equal([("01", Samples.Gtin13), ("21", serial)], Gs1TestData.Split(dm.Text));

        var c128 = scans.Single(s => s.Bc.Symbol.Symbology == Symbology.Code128).Scan;
        Assert.Equal("]C0", c128.SymbologyId);
        Assert.Equal(serial, c128.Text);
    }

    public static TheoryData<string, string> LotsAndDates()
    {
        var d = new TheoryData<string, string>();
        for (int i = 0; i < Samples.Lots.Length; i++) d.Add(Samples.Lots[i], Samples.Expiries[i % Samples.Expiries.Length]);
        return d;
    }

    [Theory]
    [MemberData(nameof(LotsAndDates))]
    public void Lot_label_GS1_128_carries_GTIN_expiry_and_batch_with_CSET82_characters(string lot, string expiry)
    {
        var scan = Assert.Single(RenderAndScan(DefaultTemplates.Lot, Samples.Lot(lot, expiry))).Scan;
        Assert.Equal("]C1", scan.SymbologyId);
        Assert.Equal([("01", Samples.Gtin13), ("17", expiry), ("10", lot)], Gs1TestData.Split(scan.Text));
    }

    [Theory]
    [InlineData("A-01-02-03")]
    [InlineData("Z99")]
    [InlineData("RACK 12/SHELF 4")]
    public void Location_label_Code128_carries_the_location_code(string code)
    {
        var scan = Assert.Single(RenderAndScan(DefaultTemplates.Location, Samples.Location(code))).Scan;
        Assert.Equal("]C0", scan.SymbologyId);
        Assert.Equal(code, scan.Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(123456789)]
    public void Container_label_with_an_SSCC_carries_AI_00_in_GS1_128(int n)
    {
        var sscc = Samples.SsccFor(n);
        var scan = Assert.Single(RenderAndScan(DefaultTemplates.Container, Samples.Container("CNT-1", sscc))).Scan;
        Assert.Equal("]C1", scan.SymbologyId);
        Assert.Equal([("00", sscc)], Gs1TestData.Split(scan.Text));
    }

    [Fact]
    public void Container_label_without_an_SSCC_carries_the_container_code_in_plain_Code128()
    {
        var scan = Assert.Single(RenderAndScan(DefaultTemplates.Container, Samples.Container("CNT-000123", null))).Scan;
        Assert.Equal("]C0", scan.SymbologyId);
        Assert.Equal("CNT-000123", scan.Text);
    }

    [Fact]
    public void GS1_logistic_label_carries_the_SSCC_with_HRI_under_the_bars()
    {
        var sscc = Samples.SsccFor(7);
        var data = Samples.Logistic(sscc, "LOT-9", "260630");
        var scan = Assert.Single(RenderAndScan(DefaultTemplates.Gs1Logistic, data));
        Assert.Equal("]C1", scan.Scan.SymbologyId);
        Assert.Equal([("00", sscc)], Gs1TestData.Split(scan.Scan.Text));

        var layout = LabelLayouter.Layout(DefaultTemplates.Gs1Logistic, data);
        var hri = layout.Items.OfType<LayoutText>().Single(t => t.Text == $"(00){sscc}");
        Assert.True(hri.Y > scan.Bc.Y + scan.Bc.Height, "HRI must sit under the bars");
        Assert.True(scan.Bc.Height >= LabelLayouter.MmToDots(31.9, 203), "SSCC bars at least 32 mm high");
        Assert.True(scan.Bc.ModuleDots * 25.4 / 203 >= 0.495, "SSCC X-dimension at least 0.495 mm");
    }

    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    public void Every_default_template_also_scans_at_higher_dpi(int dpi)
    {
        foreach (var t in DefaultTemplates.All)
        {
            var scans = RenderAndScan(t with { Dpi = dpi }, Samples.For(t));
            Assert.NotEmpty(scans);
        }
    }

    [Fact]
    public void Bars_are_whole_pixels_at_least_two_wide()
    {
        foreach (var t in DefaultTemplates.All)
            foreach (var bc in LabelLayouter.Layout(t, Samples.For(t)).Barcodes)
                Assert.True(bc.ModuleDots >= 2, $"{t.Name}/{bc.Field}");
    }
}

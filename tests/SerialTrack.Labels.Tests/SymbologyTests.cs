using SerialTrack.Labels.Images;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;
using SerialTrack.Labels.Zpl;

namespace SerialTrack.Labels.Tests;

public class SymbologyTests
{
    public static TheoryData<Symbology, int> Cases()
    {
        var d = new TheoryData<Symbology, int>();
        foreach (var s in Enum.GetValues<Symbology>())
            foreach (var dpi in new[] { 203, 300 })
                d.Add(s, dpi);
        return d;
    }

    static (string Field, Dictionary<string, string> Data, string ExpectedText, string ExpectedId) Case(Symbology s)
    {
        var (raw, hri) = Gs1TestData.Build(("01", Samples.Gtin13), ("10", "AB-12/x"), ("21", "SER_001"));
        var data = new Dictionary<string, string>
        {
            [LabelFields.Serial] = "SN-00042 x",
            [LabelFields.Gs1Raw] = raw,
            [LabelFields.Gs1Hri] = hri,
            [LabelFields.DigitalLink] = "https://id.gs1.org/01/09506000134352/21/SER_001?10=AB-12%2Fx",
            [LabelFields.Gtin] = s == Symbology.UpcA ? Samples.Gtin12 : Samples.Gtin13,
        };
        return s switch
        {
            Symbology.Code128 => (LabelFields.Serial, data, "SN-00042 x", "]C0"),
            Symbology.Gs1_128 => (LabelFields.Gs1Raw, data, raw, "]C1"),
            Symbology.QrCode => (LabelFields.DigitalLink, data, data[LabelFields.DigitalLink], "]Q1"),
            Symbology.DataMatrix => (LabelFields.Serial, data, "SN-00042 x", "]d1"),
            Symbology.Gs1DataMatrix => (LabelFields.Gs1Raw, data, raw, "]d2"),
            Symbology.Ean13 => (LabelFields.Gtin, data, "9506000134352", "]E0"),
            Symbology.UpcA => (LabelFields.Gtin, data, "012345678905", "]E0"),
            _ => throw new ArgumentOutOfRangeException(nameof(s)),
        };
    }

    static LabelTemplate TemplateFor(Symbology s, string field, int dpi) =>
        new($"sym-{s}", 160, 60, dpi, [new BarcodeElement(8, 8, s, field, 0.33, 20, HumanReadable: true)]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_symbology_decodes_from_the_PNG_with_its_symbology_identifier(Symbology s, int dpi)
    {
        var (field, data, expected, id) = Case(s);
        var layout = LabelLayouter.Layout(TemplateFor(s, field, dpi), data);
        using var img = Scan.Load(PngRenderer.Render(layout));
        var scan = Scan.Decode(img, layout.Barcodes.Single());
        Assert.Equal(id, scan.SymbologyId);
        if (s is Symbology.Gs1_128 or Symbology.Gs1DataMatrix)
            Assert.Equal(Gs1TestData.Split(expected), Gs1TestData.Split(scan.Text));
        else
            Assert.Equal(expected, scan.Text);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_symbology_produces_lint_clean_ZPL_with_its_native_command(Symbology s, int dpi)
    {
        var (field, data, _, _) = Case(s);
        var zpl = ZplRenderer.Render(TemplateFor(s, field, dpi), data);
        Assert.Empty(ZplLint.Check(zpl));
        var cmd = s switch
        {
            Symbology.Code128 or Symbology.Gs1_128 => "^BCN,",
            Symbology.QrCode => "^BQN,2,",
            Symbology.DataMatrix or Symbology.Gs1DataMatrix => "^BXN,",
            Symbology.Ean13 => "^BEN,",
            _ => "^BUN,",
        };
        Assert.Contains(cmd, zpl, StringComparison.Ordinal);
    }
}

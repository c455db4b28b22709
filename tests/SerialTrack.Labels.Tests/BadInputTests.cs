using SerialTrack.Labels.Barcodes;
using SerialTrack.Labels.Images;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;

namespace SerialTrack.Labels.Tests;

public class BadInputTests
{
    [Fact]
    public void Unknown_symbology_in_JSON_is_refused_naming_the_element()
    {
        var json = """{"name":"x","widthMm":50,"heightMm":30,"dpi":203,"elements":[{"type":"barcode","xmm":5,"ymm":5,"symbology":"Aztec","field":"serial","moduleMm":0.3}]}""";
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.FromJson(json));
        Assert.Equal("template.invalid_json", ex.Code);
        Assert.Contains("symbology", ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_symbology_value_in_code_is_refused()
    {
        var t = new LabelTemplate("x", 50, 30, 203, [new BarcodeElement(5, 5, (Symbology)99, LabelFields.Serial, 0.3)]);
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.Validate(t));
        Assert.Equal("template.unknown_symbology", ex.Code);
        Assert.Equal("elements[0].symbology", ex.Field);
    }

    [Fact]
    public void UPC_A_from_a_13_digit_GTIN_not_starting_with_zero_is_refused()
    {
        var ex = Assert.Throws<LabelException>(() => BarcodeEncoder.Encode(Symbology.UpcA, "9506000134352", field: "gtin"));
        Assert.Equal("gtin.not_upca", ex.Code);
        Assert.Equal("gtin", ex.Field);
        Assert.Contains("9506000134352", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EAN_13_from_a_GTIN_14_with_indicator_digit_is_refused_and_bad_check_digits_too()
    {
        Assert.Equal("gtin.not_ean13", Assert.Throws<LabelException>(() => BarcodeEncoder.Encode(Symbology.Ean13, "19506000134359")).Code);
        Assert.Equal("gtin.check_digit", Assert.Throws<LabelException>(() => BarcodeEncoder.Encode(Symbology.Ean13, "9506000134353")).Code);
        Assert.Equal("9506000134352", BarcodeEncoder.Encode(Symbology.Ean13, "09506000134352").Data);
        Assert.Equal("012345678905", BarcodeEncoder.Encode(Symbology.UpcA, "0012345678905").Data);
    }

    [Theory]
    [InlineData(48, 5)]
    [InlineData(5, 31)]
    [InlineData(-1, 5)]
    public void Element_outside_the_label_is_refused_naming_the_element(double x, double y)
    {
        var t = new LabelTemplate("x", 50, 30, 203, [new TextElement(1, 1, 2, Text: "ok"), new TextElement(x, y, 3, Text: "hi", MaxWidthMm: 5)]);
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.Validate(t));
        Assert.Equal("template.outside", ex.Code);
        Assert.Equal("elements[1]", ex.Field);
    }

    [Fact]
    public void Barcode_too_wide_for_the_label_is_refused_at_render_naming_the_field()
    {
        var t = new LabelTemplate("x", 40, 30, 203, [new BarcodeElement(3, 3, Symbology.Code128, LabelFields.Serial, 0.5, 10)]);
        var ex = Assert.Throws<LabelException>(() => PngRenderer.Render(t, new Dictionary<string, string> { ["serial"] = "ABCDEFGHIJKLMNOPQRST" }));
        Assert.Equal("barcode.outside", ex.Code);
        Assert.Equal("serial", ex.Field);
    }

    [Fact]
    public void Unknown_field_in_JSON_is_refused_naming_the_field()
    {
        var json = """{"name":"x","widthMm":50,"heightMm":30,"dpi":203,"elements":[{"type":"text","xmm":1,"ymm":1,"heightMm":3,"field":"colour"}]}""";
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.FromJson(json));
        Assert.Equal("template.unknown_field", ex.Code);
        Assert.Equal("colour", ex.Field);
        Assert.Contains("'colour'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_placeholder_in_text_is_refused_naming_the_field()
    {
        var json = """{"name":"x","widthMm":50,"heightMm":30,"dpi":203,"elements":[{"type":"text","xmm":1,"ymm":1,"heightMm":3,"text":"Batch {batch_no}"}]}""";
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.FromJson(json));
        Assert.Equal("batch_no", ex.Field);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(72)]
    public void Only_203_300_and_600_dpi_are_accepted(int dpi)
    {
        var ex = Assert.Throws<LabelException>(() => LabelTemplates.Validate(DefaultTemplates.Unit with { Dpi = dpi }));
        Assert.Equal("template.dpi", ex.Code);
    }

    [Fact]
    public void Missing_data_is_refused_naming_the_field()
    {
        var data = Samples.Unit("SN1");
        data.Remove(LabelFields.Gs1Raw);
        var ex = Assert.Throws<LabelException>(() => PngRenderer.Render(DefaultTemplates.Unit, data));
        Assert.Equal("data.missing", ex.Code);
        Assert.Equal("gs1_raw", ex.Field);
    }

    [Theory]
    [InlineData("\u001D0109506000134352", "gs1.leading_fnc1")]
    [InlineData("0109506000134352 21A", "gs1.invalid_char")]
    [InlineData("01095060001343522#A", "gs1.invalid_char")]
    [InlineData("AB", "gs1.invalid")]
    public void GS1_data_outside_CSET_82_or_with_leading_FNC1_is_refused(string raw, string code)
    {
        var ex = Assert.Throws<LabelException>(() => BarcodeEncoder.Encode(Symbology.Gs1_128, raw, field: "gs1_raw"));
        Assert.Equal(code, ex.Code);
        Assert.Equal("gs1_raw", ex.Field);
    }
}

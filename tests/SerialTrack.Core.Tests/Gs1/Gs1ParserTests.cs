using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class Gs1ParserTests
{
    private const string Expected = "(01)09506000134352(10)ABC(21)123";

    [Theory]
    [InlineData("(01)09506000134352(10)ABC(21)123", Gs1InputForm.Bracketed, Gs1Symbology.None)]
    [InlineData("]d20109506000134352" + "10ABC\u001D21123", Gs1InputForm.Scanned, Gs1Symbology.Gs1DataMatrix)]
    [InlineData("]C10109506000134352" + "10ABC^21123", Gs1InputForm.Scanned, Gs1Symbology.Gs1_128)]
    [InlineData("0109506000134352" + "10ABC\u001D21123", Gs1InputForm.Raw, Gs1Symbology.None)]
    [InlineData("\u001D0109506000134352" + "10ABC\u001D21123", Gs1InputForm.Raw, Gs1Symbology.None)]
    [InlineData("0109506000134352" + "10ABC^21123", Gs1InputForm.Raw, Gs1Symbology.None)]
    [InlineData("https://id.gs1.org/01/09506000134352/10/ABC/21/123", Gs1InputForm.DigitalLink, Gs1Symbology.None)]
    [InlineData("urn:epc:id:sgtin:9506000.013435.123", Gs1InputForm.EpcUrn, Gs1Symbology.None)]
    public void Any_supported_form_is_detected_and_parsed(string text, Gs1InputForm form, Gs1Symbology symbology)
    {
        var es = Gs1Parser.ParseAny(text);

        var expected = form == Gs1InputForm.EpcUrn ? "(01)09506000134352(21)123" : Expected;
        Assert.Equal(expected, es.ToBracketed());
        Assert.Equal(form, es.Form);
        Assert.Equal(symbology, es.Symbology);
    }

    [Fact]
    public void A_scanned_EAN_13_is_detected_by_its_AIM_identifier()
    {
        var es = Gs1Parser.ParseAny("]E04006381333931\r\n");

        Assert.Equal("04006381333931", es.Gtin?.Value);
        Assert.Equal(Gs1Symbology.Ean13, es.Symbology);
    }

    [Theory]
    [InlineData("", Gs1ErrorCodes.Syntax)]
    [InlineData("hello", Gs1ErrorCodes.UnknownAi)]
    [InlineData("(01)09506000134353", Gs1ErrorCodes.CheckDigit)]
    [InlineData("https://id.gs1.org/01/09506000134353", Gs1ErrorCodes.CheckDigit)]
    [InlineData("urn:epc:id:sgtin:9506000.0134.1", Gs1ErrorCodes.EpcUrn)]
    public void Unparseable_text_yields_a_coded_error(string text, string code)
    {
        Assert.False(Gs1Parser.TryParseAny(text, out _, out var error));
        Assert.Equal(code, error.Code);
    }
}

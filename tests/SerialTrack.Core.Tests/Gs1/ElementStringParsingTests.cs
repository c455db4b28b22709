using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class ElementStringParsingTests
{
    private const char GS = '\u001D';

    [Fact]
    public void A_bracketed_element_string_is_parsed_into_ordered_AI_value_pairs()
    {
        var es = ElementString.ParseBracketed("(01)09506000134352(17)201225(10)ABC123");

        Assert.Equal([new("01", "09506000134352"), new("17", "201225"), new("10", "ABC123")], es.Elements);
        Assert.Equal("09506000134352", es.Gtin?.Value);
        Assert.Equal("ABC123", es.Batch);
        Assert.Equal("201225", es.Get("17"));
        Assert.Null(es.Serial);
        Assert.Equal(Gs1InputForm.Bracketed, es.Form);
    }

    [Fact]
    public void A_fixed_length_AI_followed_directly_by_the_next_AI_is_split_correctly()
    {
        var es = ElementString.ParseRaw("010950600013435217201225" + "3103000195" + "10ABC");

        Assert.Equal(["01", "17", "3103", "10"], es.Elements.Select(e => e.Ai));
        Assert.Equal("000195", es.Get("3103"));
        Assert.Equal("ABC", es.Batch);
    }

    [Fact]
    public void A_variable_length_AI_is_ended_by_FNC1()
    {
        var es = ElementString.ParseRaw($"0109506000134352" + $"10ABC123{GS}21XYZ");

        Assert.Equal("ABC123", es.Batch);
        Assert.Equal("XYZ", es.Serial);
    }

    [Fact]
    public void A_variable_length_AI_at_the_end_of_data_needs_no_FNC1()
    {
        var es = ElementString.ParseRaw("010950600013435221SERIAL-1");

        Assert.Equal("SERIAL-1", es.Serial);
    }

    [Fact]
    public void A_fixed_length_AI_without_the_predefined_flag_still_needs_FNC1_after_it()
    {
        // (8005) is N6 but not in the predefined-length table: without FNC1 it swallows the next AI.
        var ok = ElementString.TryParseRaw("01095060001343528005000123" + "3103000195", out _, out var error);

        Assert.False(ok);
        Assert.Equal(Gs1ErrorCodes.Length, error!.Code);
        Assert.Equal("8005", error.Ai);
        Assert.Equal(16, error.Position);
    }

    [Fact]
    public void Raw_output_places_FNC1_only_after_AIs_that_need_it_and_never_at_the_end()
    {
        var es = ElementString.ParseBracketed("(01)09506000134352(10)ABC(8005)000123(17)201225(21)S1");

        Assert.Equal($"0109506000134352" + $"10ABC{GS}8005000123{GS}17201225" + "21S1", es.ToRaw());
        Assert.Equal(es.ToBracketed(), ElementString.ParseRaw(es.ToRaw()).ToBracketed());
        Assert.Equal(es.ToBracketed(), es.ToHumanReadable());
    }

    [Fact]
    public void Caret_stands_for_FNC1_in_the_caret_separated_entry_point()
    {
        var es = ElementString.ParseCaretSeparated("^0109506000134352" + "10ABC^21XYZ");

        Assert.Equal("ABC", es.Batch);
        Assert.Equal("XYZ", es.Serial);
    }

    [Fact]
    public void A_leading_GS_from_a_DataMatrix_decoder_is_tolerated()
    {
        var es = ElementString.ParseRaw($"{GS}0109506000134352" + "21ABC");

        Assert.Equal("ABC", es.Serial);
    }

    [Theory]
    [InlineData("]C1", Gs1Symbology.Gs1_128)]
    [InlineData("]d2", Gs1Symbology.Gs1DataMatrix)]
    [InlineData("]Q3", Gs1Symbology.Gs1QrCode)]
    [InlineData("]e0", Gs1Symbology.Gs1DataBar)]
    [InlineData("]J1", Gs1Symbology.Gs1DotCode)]
    public void Scanner_output_with_an_AIM_identifier_records_the_symbology(string aim, Gs1Symbology symbology)
    {
        var es = ElementString.ParseScan(aim + $"0109506000134352" + $"10LOT7{GS}21S1");

        Assert.Equal(symbology, es.Symbology);
        Assert.Equal(Gs1InputForm.Scanned, es.Form);
        Assert.Equal("LOT7", es.Batch);
    }

    [Theory]
    [InlineData("]E04006381333931", "04006381333931", Gs1Symbology.Ean13)]
    [InlineData("]E0036000291452", "00036000291452", Gs1Symbology.Ean13)]
    [InlineData("]E412345670", "00000012345670", Gs1Symbology.Ean8)]
    public void An_EAN_or_UPC_scan_becomes_AI_01_with_a_14_digit_GTIN(string scan, string gtin, Gs1Symbology symbology)
    {
        var es = ElementString.ParseScan(scan);

        Assert.Equal([new Gs1Element("01", gtin)], es.Elements);
        Assert.Equal(symbology, es.Symbology);
    }

    [Fact]
    public void An_EAN_13_scan_with_a_wrong_check_digit_is_refused()
    {
        var ok = ElementString.TryParseScan("]E04006381333932", out _, out var error);

        Assert.False(ok);
        Assert.Equal(Gs1ErrorCodes.CheckDigit, error!.Code);
        Assert.Contains("check digit should be 1", error.Message);
    }

    [Fact]
    public void A_non_GS1_symbology_identifier_is_refused()
    {
        var ok = ElementString.TryParseScan("]d1HELLO", out _, out var error);

        Assert.False(ok);
        Assert.Equal(Gs1ErrorCodes.Syntax, error!.Code);
    }

    [Fact]
    public void A_literal_bracket_in_bracketed_data_is_escaped_with_a_backslash()
    {
        var es = ElementString.ParseBracketed(@"(01)09506000134352(21)A\(B)");

        Assert.Equal("A(B)", es.Serial);
        Assert.Equal(@"(01)09506000134352(21)A\(B)", es.ToBracketed());
    }

    [Fact]
    public void Created_element_strings_are_validated_like_parsed_ones()
    {
        Assert.Equal("(01)09506000134352(21)1", ElementString.Create(("01", "09506000134352"), ("21", "1")).ToBracketed());
        Assert.Throws<Gs1Exception>(() => ElementString.Create(("21", "1")));
    }
}

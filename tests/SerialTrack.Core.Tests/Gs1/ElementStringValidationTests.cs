using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class ElementStringValidationTests
{
    private static Gs1Error ErrorOf(string bracketed)
    {
        Assert.False(ElementString.TryParseBracketed(bracketed, out _, out var error));
        return error;
    }

    [Fact]
    public void A_wrong_GTIN_check_digit_names_the_AI_the_position_and_the_right_digit()
    {
        var error = ErrorOf("(01)09506000134353");

        Assert.Equal(Gs1ErrorCodes.CheckDigit, error.Code);
        Assert.Equal("01", error.Ai);
        Assert.Equal(0, error.Position);
        Assert.Equal("AI (01) at position 0: check digit should be 2, not 3", error.Message);
    }

    [Fact]
    public void The_throwing_parse_carries_the_error()
    {
        var exception = Assert.Throws<Gs1Exception>(() => ElementString.ParseBracketed("(01)09506000134353"));

        Assert.Equal(Gs1ErrorCodes.CheckDigit, exception.Error.Code);
        Assert.Equal(exception.Error.Message, exception.Message);
    }

    [Theory]
    [InlineData("201332", "month 13")]
    [InlineData("210230", "day 30")]
    [InlineData("210229", "day 29")]
    public void Impossible_dates_are_refused(string date, string reason)
    {
        var error = ErrorOf($"(01)09506000134352(17){date}");

        Assert.Equal(Gs1ErrorCodes.Date, error.Code);
        Assert.Equal("17", error.Ai);
        Assert.Equal(18, error.Position);
        Assert.Contains(reason, error.Message);
    }

    [Theory]
    [InlineData("17")]
    [InlineData("11")]
    [InlineData("15")]
    public void Day_00_is_allowed_where_the_dictionary_says_yymmd0(string ai) =>
        Assert.True(ElementString.TryParseBracketed($"(01)09506000134352({ai})251200", out _, out _));

    [Fact]
    public void Day_00_is_refused_where_the_dictionary_says_yymmdd()
    {
        // (7006) FIRST FREEZE DATE is N6,yymmdd in the dictionary.
        var error = ErrorOf("(01)09506000134352(7006)251200");

        Assert.Equal(Gs1ErrorCodes.Date, error.Code);
        Assert.Equal("7006", error.Ai);
    }

    [Fact]
    public void A_serial_without_a_GTIN_is_missing_its_requisite()
    {
        var error = ErrorOf("(21)12345");

        Assert.Equal(Gs1ErrorCodes.RequisiteMissing, error.Code);
        Assert.Equal("21", error.Ai);
        Assert.Equal("AI (21) at position 0: requires (01) or (03) or (8006) in the same message", error.Message);
    }

    [Fact]
    public void Plus_joined_requisites_need_every_AI_of_the_group()
    {
        // (7004) ACTIVE POTENCY: req=01+10.
        Assert.Equal(Gs1ErrorCodes.RequisiteMissing, ErrorOf("(01)09506000134352(7004)12").Code);
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(10)L1(7004)12", out _, out _));
    }

    [Fact]
    public void Each_req_attribute_applies_on_its_own()
    {
        // (250) has req=01,8006 and req=21.
        Assert.Equal(Gs1ErrorCodes.RequisiteMissing, ErrorOf("(01)09506000134352(250)X").Code);
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(21)S(250)X", out _, out _));
    }

    [Fact]
    public void Requisite_patterns_with_n_match_any_digit()
    {
        // (3920) PRICE: req=01 and req=30,31nn,32nn,35nn,36nn.
        Assert.Equal(Gs1ErrorCodes.RequisiteMissing, ErrorOf("(01)09506000134352(3922)1995").Code);
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(3103)000195(3922)1995", out _, out _));
    }

    [Fact]
    public void A_GTIN_together_with_a_content_GTIN_is_an_exclusive_pair()
    {
        var error = ErrorOf("(01)09506000134352(02)09506000134352");

        Assert.Equal(Gs1ErrorCodes.ExclusivePair, error.Code);
        Assert.Equal("AI (02) at position 18: must not appear together with (01)", error.Message);
    }

    [Fact]
    public void Two_net_weights_with_different_decimals_exclude_each_other_but_an_AI_does_not_exclude_itself()
    {
        Assert.Equal(Gs1ErrorCodes.ExclusivePair, ErrorOf("(01)09506000134352(3103)000195(3102)001950").Code);
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(3103)000195(3103)000195", out _, out _));
    }

    [Fact]
    public void The_same_AI_twice_with_different_values_is_refused()
    {
        var error = ErrorOf("(01)09506000134352(10)A(10)B");

        Assert.Equal(Gs1ErrorCodes.DuplicateAi, error.Code);
        Assert.Equal(23, error.Position);
    }

    [Fact]
    public void An_unknown_AI_is_refused()
    {
        var bracketed = ErrorOf("(01)09506000134352(23)X");
        Assert.False(ElementString.TryParseRaw("0109506000134352" + "2399", out _, out var raw));

        Assert.Equal(Gs1ErrorCodes.UnknownAi, bracketed.Code);
        Assert.Equal("23", bracketed.Ai);
        Assert.Equal(18, bracketed.Position);
        Assert.Equal(Gs1ErrorCodes.UnknownAi, raw!.Code);
        Assert.Equal(16, raw.Position);
    }

    [Fact]
    public void A_too_long_value_is_refused_with_the_allowed_length()
    {
        var error = ErrorOf("(01)09506000134352(10)ABCDEFGHIJKLMNOPQRSTU");

        Assert.Equal(Gs1ErrorCodes.Length, error.Code);
        Assert.Equal("AI (10) at position 18: value is 21 characters long, at most 20 allowed", error.Message);
    }

    [Fact]
    public void A_short_fixed_length_value_is_refused()
    {
        Assert.Equal(Gs1ErrorCodes.Length, ErrorOf("(01)0950600013435").Code);
        Assert.False(ElementString.TryParseRaw("01095060001343", out _, out var error));
        Assert.Equal(Gs1ErrorCodes.Length, error!.Code);
    }

    [Fact]
    public void A_character_outside_CSET_82_is_refused()
    {
        var error = ErrorOf("(01)09506000134352(21)AB C");

        Assert.Equal(Gs1ErrorCodes.Charset, error.Code);
        Assert.Contains("' ' at offset 2", error.Message);
    }

    [Fact]
    public void A_GMN_check_character_pair_is_verified()
    {
        Assert.True(ElementString.TryParseBracketed("(8013)1987654Ad4X4bL5ttr2310c2K", out _, out _));
        Assert.Equal(Gs1ErrorCodes.CheckDigit, ErrorOf("(8013)1987654Ad4X4bL5ttr2310c2L").Code);
    }

    [Fact]
    public void Optional_components_may_be_left_out_but_are_checked_when_present()
    {
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(423)276", out _, out _));
        Assert.True(ElementString.TryParseBracketed("(01)09506000134352(423)276250", out _, out _));
        Assert.Equal(Gs1ErrorCodes.Content, ErrorOf("(01)09506000134352(423)276999").Code);
        Assert.Equal(Gs1ErrorCodes.Length, ErrorOf("(01)09506000134352(423)27625").Code);
    }

    [Fact]
    public void A_currency_amount_checks_the_ISO_4217_code()
    {
        Assert.True(ElementString.TryParseBracketed("(415)9506000000008(8020)REF1(3911)978123", out _, out _));
        Assert.Equal(Gs1ErrorCodes.Content, ErrorOf("(415)9506000000008(8020)REF1(3911)001123").Code);
    }
}

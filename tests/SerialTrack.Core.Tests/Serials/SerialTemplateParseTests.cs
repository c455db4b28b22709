using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Tests.Serials;

public class SerialTemplateParseTests
{
    private static DomainException ParseFails(string template)
    {
        var error = Assert.Throws<DomainException>(() => SerialTemplate.Parse(template));
        Assert.Equal(ErrorKind.BadInput, error.Kind);
        Assert.Equal("template", error.Field);
        return error;
    }

    [Fact]
    public void The_example_template_parses_into_its_tokens()
    {
        var template = SerialTemplate.Parse("{SKU}-{LOC}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}");

        Assert.Equal(["SKU", "TEXT", "LOC", "TEXT", "YY", "WW", "TEXT", "SEQ", "CHECK"], template.Tokens.Select(t => t.Name));
        Assert.True(template.HasSequence);
        Assert.Equal(CheckAlgorithm.Luhn, template.CheckAlgorithm);
        Assert.Equal(["SKU", "YY"], template.ScopeTokens);
        Assert.Equal(5, template.Sequence!.Width);
        Assert.Equal(1, template.Sequence.Start);
        Assert.Equal(99_999, template.Sequence.MaxValue);
        Assert.True(template.YearIsIsoWeekYear);
    }

    [Fact]
    public void Sequence_start_and_scope_combine()
    {
        var template = SerialTemplate.Parse("{YY}{SKU}/{SEQ:5@100/per YY , product, week}");
        Assert.Equal(100, template.Sequence!.Start);
        Assert.Equal(["SKU", "WEEK", "YY"], template.ScopeTokens);
    }

    [Fact]
    public void Doubled_braces_are_literal_braces()
    {
        var template = SerialTemplate.Parse("{{X}}-{SEQ:3}");
        var literal = Assert.IsType<LiteralToken>(template.Tokens[0]);
        Assert.Equal("{X}-", literal.Text);
        Assert.Equal("{X}-007", template.Format(new SerialContext("A", DateTimeOffset.UnixEpoch), 7));
    }

    [Fact]
    public void Token_names_and_algorithms_are_case_insensitive()
    {
        var template = SerialTemplate.Parse("{sku}-{seq:4}{check:MOD37-36}");
        Assert.Equal(CheckAlgorithm.Mod37_36, template.CheckAlgorithm);
    }

    [Fact]
    public void An_unknown_token_is_refused_with_its_position()
    {
        var error = ParseFails("AB-{FOO}");
        Assert.Equal("scheme.unknown_token", error.Code);
        Assert.StartsWith("Token {FOO} at position 4: unknown token FOO", error.Message);
    }

    [Theory]
    [InlineData("{SKU}-{SEQ:x}", "Token {SEQ:x} at position 7: width must be a number")]
    [InlineData("{SEQ}", "Token {SEQ} at position 1: SEQ needs a width, e.g. {SEQ:5}")]
    [InlineData("{SEQ:0}", "Token {SEQ:0} at position 1: width must be between 1 and 18")]
    [InlineData("{SEQ:19}", "Token {SEQ:19} at position 1: width must be between 1 and 18")]
    [InlineData("{SEQ:-3}", "Token {SEQ:-3} at position 1: width must be a number")]
    [InlineData("{RAND:0}", "Token {RAND:0} at position 1: length must be between 1 and 32")]
    public void A_bad_width_is_refused(string template, string message)
    {
        var error = ParseFails(template);
        Assert.Equal("scheme.bad_width", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{SEQ:3@1000}", "scheme.bad_start")]
    [InlineData("{SEQ:3@abc}", "scheme.bad_start")]
    [InlineData("{SEQ:3/SKU}", "scheme.bad_scope")]
    [InlineData("{SEQ:3/per }", "scheme.bad_scope")]
    [InlineData("{SKU}{SEQ:3/per colour}", "scheme.bad_scope")]
    [InlineData("{SKU}{SEQ:3/per SKU,product}", "scheme.bad_scope")]
    [InlineData("{SKU}{SEQ:3/per scheme,SKU}", "scheme.bad_scope")]
    [InlineData("{ATTR}", "scheme.bad_token")]
    [InlineData("{ATTR:colour|Red}", "scheme.bad_mapping")]
    [InlineData("{ATTR:colour|Red=R,red=Q}", "scheme.bad_mapping")]
    [InlineData("{SKU:x}", "scheme.bad_token")]
    [InlineData("{CHECK:crc32}", "scheme.bad_algorithm")]
    [InlineData("{SKU", "scheme.unclosed_brace")]
    [InlineData("{SKU{LOC}", "scheme.unclosed_brace")]
    [InlineData("A}B", "scheme.unmatched_brace")]
    [InlineData("{}", "scheme.unknown_token")]
    [InlineData("", "scheme.empty")]
    [InlineData("{SEQ:3}-{SEQ:2}", "scheme.duplicate_sequence")]
    public void Malformed_templates_are_refused(string template, string code)
    {
        Assert.Equal(code, ParseFails(template).Code);
    }

    [Fact]
    public void A_sequence_scope_naming_a_token_after_it_is_refused()
    {
        var error = ParseFails("{SKU}-{SEQ:5/per SKU,LOC}-{LOC}");
        Assert.Equal("scheme.bad_scope", error.Code);
        Assert.StartsWith("Token {SEQ:5/per SKU,LOC} at position 7: scope LOC must be a token that appears before the SEQ", error.Message);
    }

    [Fact]
    public void Scope_words_count_per_value_without_the_token_in_the_template()
    {
        var template = SerialTemplate.Parse("X-{SEQ:5/per product,location,day,month,year}");
        Assert.Equal(["DAY", "LOC", "MONTH", "SKU", "YEAR"], template.ScopeTokens);
    }

    [Fact]
    public void Check_must_be_the_last_token()
    {
        var error = ParseFails("{SEQ:5}{CHECK:luhn}-X");
        Assert.Equal("scheme.check_not_last", error.Code);
        Assert.StartsWith("Token {CHECK:luhn} at position 8:", error.Message);
    }

    [Fact]
    public void Two_checks_are_refused()
    {
        var error = ParseFails("{SEQ:5}{CHECK:luhn}{CHECK:gs1}");
        Assert.Equal("scheme.duplicate_check", error.Code);
        Assert.StartsWith("Token {CHECK:gs1} at position 20:", error.Message);
    }

    [Theory]
    [InlineData("{SKU}{LOC}")]
    [InlineData("{SKU}{YY}{CAT}-{SEQ:3}")]
    [InlineData("{LOC}{ATTR:size|Small=S,Large=XL}")]
    [InlineData("{SKU}{YY}0{SEQ:3}")]
    [InlineData("{SKU}{RAND:2}A{SEQ:3}")]
    public void Variable_length_tokens_without_a_separator_are_refused(string template)
    {
        Assert.Equal("scheme.ambiguous", ParseFails(template).Code);
    }

    [Fact]
    public void Fixed_width_mapped_attributes_need_no_separator()
    {
        var template = SerialTemplate.Parse("{SKU}{ATTR:colour|Red=R,Blue=B}{SEQ:3}");
        Assert.Equal(3, template.Tokens.Count);
    }
}

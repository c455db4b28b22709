using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class DigitalLinkTests
{
    [Fact]
    public void A_digital_link_with_a_path_prefix_qualifiers_and_query_attributes_is_parsed()
    {
        var link = DigitalLink.Parse("https://example.com/my/prefix/01/09506000134352/10/ABC/21/123?17=201225&3103=000195&linkType=gs1:pip");

        Assert.Equal("(01)09506000134352(10)ABC(21)123(17)201225(3103)000195", link.ElementString.ToBracketed());
        Assert.Equal("https://example.com/my/prefix", link.Stem);
        Assert.Equal([new KeyValuePair<string, string>("linkType", "gs1:pip")], link.OtherQueryParameters);
        Assert.Equal(Gs1InputForm.DigitalLink, link.ElementString.Form);
    }

    [Fact]
    public void Path_values_are_percent_decoded()
    {
        var link = DigitalLink.Parse("https://id.gs1.org/01/09506000134352/21/A%2FB%25C%26");

        Assert.Equal("A/B%C&", link.ElementString.Serial);
    }

    [Fact]
    public void A_GTIN_13_in_the_path_becomes_a_14_digit_GTIN()
    {
        var link = DigitalLink.Parse("https://id.gs1.org/01/4006381333931");

        Assert.Equal("04006381333931", link.ElementString.Get("01"));
    }

    [Fact]
    public void Qualifiers_out_of_the_dictionary_order_are_refused()
    {
        Assert.False(DigitalLink.TryParse("https://id.gs1.org/01/09506000134352/21/123/10/ABC", out _, out var error));

        Assert.Equal(Gs1ErrorCodes.DigitalLink, error.Code);
        Assert.Equal("01", error.Ai);
    }

    [Fact]
    public void Qualifiers_from_different_alternative_sequences_are_not_mixed()
    {
        Assert.False(DigitalLink.TryParse("https://id.gs1.org/01/09506000134352/10/ABC/235/X", out _, out var error));
        Assert.Equal(Gs1ErrorCodes.DigitalLink, error.Code);
        Assert.True(DigitalLink.TryParse("https://id.gs1.org/01/09506000134352/235/X", out _, out _));
    }

    [Fact]
    public void Only_AIs_flagged_as_data_attributes_may_be_query_parameters()
    {
        Assert.False(DigitalLink.TryParse("https://id.gs1.org/01/09506000134352?21=123", out _, out var error));

        Assert.Equal(Gs1ErrorCodes.DigitalLink, error.Code);
        Assert.Equal("21", error.Ai);
    }

    [Fact]
    public void Elements_from_a_digital_link_are_validated()
    {
        Assert.False(DigitalLink.TryParse("https://id.gs1.org/01/09506000134353", out _, out var checkDigit));
        Assert.False(DigitalLink.TryParse("https://id.gs1.org/01/09506000134352?17=210230", out _, out var date));

        Assert.Equal(Gs1ErrorCodes.CheckDigit, checkDigit.Code);
        Assert.Equal(Gs1ErrorCodes.Date, date.Code);
    }

    [Fact]
    public void A_URI_without_a_primary_key_is_refused()
    {
        Assert.False(DigitalLink.TryParse("https://example.com/products/123", out _, out var error));
        Assert.Equal(Gs1ErrorCodes.DigitalLink, error.Code);
    }

    [Fact]
    public void Other_primary_keys_like_SSCC_and_GLN_with_extension_are_recognised()
    {
        Assert.Equal("106141411234567897", DigitalLink.Parse("https://id.gs1.org/00/106141411234567897").ElementString.Sscc?.Value);
        Assert.Equal("(414)9506000000008(254)5", DigitalLink.Parse("https://id.gs1.org/414/9506000000008/254/5").ElementString.ToBracketed());
    }

    [Fact]
    public void A_digital_link_is_created_in_canonical_order()
    {
        var es = ElementString.ParseBracketed("(3103)000195(21)123(01)09506000134352(17)201225(10)ABC");

        Assert.Equal(
            "https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=201225&3103=000195",
            DigitalLink.Create(es));
    }

    [Fact]
    public void Created_links_percent_encode_all_but_unreserved_characters_and_round_trip()
    {
        var es = ElementString.ParseBracketed("(01)09506000134352(10)x+y(21)A/B%C&D-._!");

        var uri = DigitalLink.Create(es, "https://example.com/dl/");

        Assert.Equal("https://example.com/dl/01/09506000134352/10/x%2By/21/A%2FB%25C%26D-._%21", uri);
        Assert.Equal(es.ToBracketed(), DigitalLink.Parse(uri).ElementString.ToBracketed());
    }

    [Fact]
    public void An_element_string_without_a_primary_key_cannot_become_a_digital_link()
    {
        var es = ElementString.ParseBracketed("(400)PO-1");

        Assert.False(DigitalLink.TryCreate(es, DigitalLink.DefaultStem, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.DigitalLink, error.Code);
    }
}

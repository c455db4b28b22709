using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class EpcUrnTests
{
    private static readonly IGs1CompanyPrefixes Prefixes = new Gs1CompanyPrefixes(new Gs1CompanyPrefixOptions
    {
        Prefixes = ["950600", "9506000", "0614141"],
    });

    [Fact]
    public void An_SGTIN_URN_becomes_a_GTIN_and_serial()
    {
        var es = EpcUrn.ToElementString("urn:epc:id:sgtin:9506000.013435.A%2FB");

        Assert.Equal("(01)09506000134352(21)A/B", es.ToBracketed());
        Assert.Equal(Gs1InputForm.EpcUrn, es.Form);
    }

    [Fact]
    public void The_longest_configured_company_prefix_wins_when_making_an_SGTIN()
    {
        var es = ElementString.ParseBracketed("(01)09506000134352(21)A/B");

        Assert.Equal("urn:epc:id:sgtin:9506000.013435.A%2FB", EpcUrn.FromElementString(es, Prefixes));
    }

    [Theory]
    [InlineData("(01)09506000134352(21)S&1<2>?\"%")]
    [InlineData("(00)106141411234567897")]
    [InlineData("(414)9506000000008")]
    [InlineData("(414)9506000000008(254)EXT/1")]
    [InlineData("(01)09506000134352(10)LOT-1")]
    [InlineData("(01)09506000134352")]
    public void Element_strings_round_trip_through_EPC_URNs(string bracketed)
    {
        var es = ElementString.ParseBracketed(bracketed);

        var urn = EpcUrn.FromElementString(es, Prefixes);

        Assert.Equal(bracketed, EpcUrn.ToElementString(urn).ToBracketed());
    }

    [Theory]
    [InlineData("(00)106141411234567897", "urn:epc:id:sscc:0614141.1123456789")]
    [InlineData("(414)9506000000008", "urn:epc:id:sgln:9506000.00000.0")]
    [InlineData("(414)9506000000008(254)5", "urn:epc:id:sgln:9506000.00000.5")]
    [InlineData("(01)09506000134352(10)L/1", "urn:epc:class:lgtin:9506000.013435.L%2F1")]
    [InlineData("(01)09506000134352", "urn:epc:idpat:sgtin:9506000.013435.*")]
    public void Each_URN_scheme_follows_the_Tag_Data_Standard_layout(string bracketed, string urn) =>
        Assert.Equal(urn, EpcUrn.FromElementString(ElementString.ParseBracketed(bracketed), Prefixes));

    [Fact]
    public void Without_a_matching_company_prefix_the_error_names_the_GTIN()
    {
        var es = ElementString.ParseBracketed("(01)04006381333931(21)1");

        Assert.False(EpcUrn.TryFromElementString(es, Prefixes, null, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.CompanyPrefix, error.Code);
        Assert.Contains("GTIN 04006381333931", error.Message);
    }

    [Fact]
    public void A_fallback_prefix_length_is_used_only_when_configured()
    {
        var fallback = new Gs1CompanyPrefixes(new Gs1CompanyPrefixOptions { FallbackLength = 7 });
        var es = ElementString.ParseBracketed("(01)04006381333931(21)1");

        Assert.Equal("urn:epc:id:sgtin:4006381.033393.1", EpcUrn.FromElementString(es, fallback));
    }

    [Theory]
    [InlineData("urn:epc:id:sgtin:9506000.01343.1")]
    [InlineData("urn:epc:id:sgtin:9506000.013435")]
    [InlineData("urn:epc:id:bic:CSQU3054383")]
    [InlineData("urn:epc:idpat:sgtin:9506000.*.*")]
    public void Malformed_or_unsupported_URNs_are_refused(string urn)
    {
        Assert.False(EpcUrn.TryToElementString(urn, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.EpcUrn, error.Code);
    }

    [Fact]
    public void A_serial_too_long_for_AI_21_is_refused_with_its_position_in_the_URN()
    {
        Assert.False(EpcUrn.TryToElementString("urn:epc:id:sgtin:9506000.013435.ABCDEFGHIJKLMNOPQRSTU", out _, out var error));

        Assert.Equal(Gs1ErrorCodes.Length, error.Code);
        Assert.Equal("21", error.Ai);
        Assert.Equal(32, error.Position);
    }

    // TDS 2.x §6.3: the other GS1 keys an EPCIS document may carry, with the element string each stands for.
    [Theory]
    [InlineData("urn:epc:id:grai:4012345.00022.334455", "(8003)04012345000221334455")]
    [InlineData("urn:epc:id:giai:4012345.ABC345", "(8004)4012345ABC345")]
    [InlineData("urn:epc:id:gsrn:4012345.0000006765", "(8018)401234500000067657")]
    [InlineData("urn:epc:id:gsrnp:4012345.0000000007", "(8017)401234500000000074")]
    [InlineData("urn:epc:id:gdti:4012345.00009.PO-4711", "(253)4012345000092PO-4711")]
    [InlineData("urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234", "(8010)061414111111111111111-A#/(8011)1234")]
    [InlineData("urn:epc:id:ginc:0614141.xyz47%2F11", "(401)0614141xyz47/11")]
    [InlineData("urn:epc:id:gsin:4012345.222333444", "(402)40123452223334442")]
    [InlineData("urn:epc:id:itip:4012345.011111.01.02.987", "(8006)040123451111180102(21)987")]
    [InlineData("urn:epc:id:pgln:4000001.00000", "(417)4000001000005")]
    [InlineData("urn:epc:idpat:grai:4012345.00022.*", "(8003)04012345000221")]
    public void Other_EPC_schemes_become_their_GS1_keys(string urn, string bracketed)
    {
        Assert.Equal(bracketed, EpcUrn.ToElementString(urn).ToBracketed());
    }

    [Theory]
    [InlineData("urn:epc:id:grai:4012345.0002.334455")]
    [InlineData("urn:epc:id:pgln:4000001.00000.1")]
    [InlineData("urn:epc:id:foo:4000001.00000")]
    public void A_malformed_EPC_URN_of_another_scheme_is_refused(string urn)
    {
        Assert.False(EpcUrn.TryToElementString(urn, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.EpcUrn, error.Code);
    }
}

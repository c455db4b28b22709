using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class Gs1LinterTests
{
    [Fact]
    public void Every_linter_the_dictionary_names_is_implemented_and_the_lenient_ones_are_listed()
    {
        var named = Gs1Dictionary.Default.Definitions.SelectMany(d => d.AllLinters).ToHashSet();

        string[] unknownLinters = [];
        Assert.Equal(unknownLinters, named.Where(n => !Gs1Linters.IsKnown(n)).Order());
        Assert.Equal(
            ["couponcode", "couponposoffer", "gcppos1", "gcppos2", "packagetype"],
            named.Where(Gs1Linters.Lenient.Contains).Order());
    }

    [Fact]
    public void An_unknown_linter_passes_instead_of_crashing() =>
        Assert.Null(Gs1Linters.Run("notalinter", "anything"));

    [Theory]
    [InlineData("csum", "09506000134352", true)]
    [InlineData("csum", "09506000134353", false)]
    [InlineData("csumalpha", "1987654Ad4X4bL5ttr2310c2K", true)]
    [InlineData("csumalpha", "1987654Ad4X4bL5ttr2310c2L", false)]
    [InlineData("gcppos2", "09506000134352", true)]
    [InlineData("gcppos1", "12A4", false)]
    [InlineData("yymmdd", "201225", true)]
    [InlineData("yymmdd", "201200", false)]
    [InlineData("yymmd0", "201200", true)]
    [InlineData("yymmd0", "201332", false)]
    [InlineData("yymmd0", "210230", false)]
    [InlineData("yymmdd", "240229", true)]
    [InlineData("yymmdd", "230229", false)]
    [InlineData("yyyymmdd", "20000229", true)]
    [InlineData("yyyymmdd", "19000229", false)]
    [InlineData("hhmi", "2359", true)]
    [InlineData("hhmi", "2400", false)]
    [InlineData("hh", "23", true)]
    [InlineData("mi", "60", false)]
    [InlineData("ss", "59", true)]
    [InlineData("mmoptss", "5959", true)]
    [InlineData("yymmddhh", "20122524", false)]
    [InlineData("iso3166", "276", true)]
    [InlineData("iso3166", "999", false)]
    [InlineData("iso3166999", "999", true)]
    [InlineData("iso3166alpha2", "DE", true)]
    [InlineData("iso3166alpha2", "XX", false)]
    [InlineData("iso4217", "978", true)]
    [InlineData("iso4217", "001", false)]
    [InlineData("iban", "GB82WEST12345698765432", true)]
    [InlineData("iban", "GB82WEST12345698765433", false)]
    [InlineData("pcenc", "ABC%20DEF", true)]
    [InlineData("pcenc", "ABC%2", false)]
    [InlineData("pcenc", "ABC%G0", false)]
    [InlineData("yesno", "1", true)]
    [InlineData("yesno", "2", false)]
    [InlineData("hyphen", "-", true)]
    [InlineData("latitude", "1800000000", true)]
    [InlineData("latitude", "1800000001", false)]
    [InlineData("longitude", "3600000000", true)]
    [InlineData("importeridx", "_", true)]
    [InlineData("importeridx", "!", false)]
    [InlineData("mediatype", "10", true)]
    [InlineData("mediatype", "50", false)]
    [InlineData("iso5218", "9", true)]
    [InlineData("iso5218", "3", false)]
    [InlineData("posinseqslash", "1/2", true)]
    [InlineData("posinseqslash", "3/2", false)]
    [InlineData("nonzero", "0000", false)]
    [InlineData("winding", "9", true)]
    [InlineData("winding", "2", false)]
    [InlineData("zero", "0", true)]
    [InlineData("pieceoftotal", "0102", true)]
    [InlineData("pieceoftotal", "0302", false)]
    [InlineData("pieceoftotal", "0002", false)]
    [InlineData("nozeroprefix", "0123", false)]
    [InlineData("nozeroprefix", "0", true)]
    [InlineData("hasnondigit", "12345", false)]
    [InlineData("couponcode", "0123456789", true)]
    [InlineData("couponcode", "01A", false)]
    public void Linters_accept_good_and_reject_bad_components(string linter, string value, bool valid) =>
        Assert.Equal(valid, Gs1Linters.Run(linter, value) is null);

    [Fact]
    public void A_wrong_check_digit_failure_says_what_the_digit_should_be()
    {
        var failure = Gs1Linters.Run("csum", "09506000134353");

        Assert.NotNull(failure);
        Assert.Equal(Gs1ErrorCodes.CheckDigit, failure.Code);
        Assert.Equal("check digit should be 2, not 3", failure.Reason);
    }

    [Theory]
    [InlineData("ABC", Gs1CharacterSet.Cset39, -1)]
    [InlineData("abc", Gs1CharacterSet.Cset39, 0)]
    [InlineData("a!\"%&'()*+,-./:;<=>?_z", Gs1CharacterSet.Cset82, -1)]
    [InlineData("AB C", Gs1CharacterSet.Cset82, 2)]
    [InlineData("Zm9v-_==", Gs1CharacterSet.Base64Url, -1)]
    [InlineData("Zm9v+/", Gs1CharacterSet.Base64Url, 4)]
    [InlineData("12a", Gs1CharacterSet.Numeric, 2)]
    public void Character_sets_follow_the_GS1_tables(string value, Gs1CharacterSet set, int firstInvalid) =>
        Assert.Equal(firstInvalid, Gs1CharacterSets.FindInvalid(value, set));
}

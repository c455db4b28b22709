using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class Gs1KeyTests
{
    [Theory]
    [InlineData("0950600013435", 2)]
    [InlineData("10614141123456789", 7)]
    [InlineData("400638133393", 1)]
    [InlineData("1234567", 0)]
    public void The_GS1_check_digit_is_computed_with_weights_3_and_1_from_the_right(string digits, int expected)
    {
        Assert.Equal(expected, Gs1CheckDigit.Compute(digits));
        Assert.True(Gs1CheckDigit.IsValid(digits + expected));
        Assert.False(Gs1CheckDigit.IsValid(digits + (expected + 1) % 10));
    }

    [Fact]
    public void Computing_a_check_digit_over_non_digits_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => Gs1CheckDigit.Compute("12A"));

    [Theory]
    [InlineData("12345670", "00000012345670")]
    [InlineData("036000291452", "00036000291452")]
    [InlineData("4006381333931", "04006381333931")]
    [InlineData("09506000134352", "09506000134352")]
    public void GTIN_8_12_13_and_14_are_normalised_to_14_digits(string text, string expected) =>
        Assert.Equal(expected, Gtin.Parse(text).Value);

    [Fact]
    public void A_GTIN_with_a_wrong_check_digit_says_what_it_should_be()
    {
        Assert.False(Gtin.TryParse("09506000134353", out _, out var error));

        Assert.Equal(Gs1ErrorCodes.CheckDigit, error.Code);
        Assert.Contains("GTIN check digit should be 2", error.Message);
    }

    [Theory]
    [InlineData("09506000134")]
    [InlineData("095060001343521")]
    [InlineData("")]
    public void A_GTIN_of_the_wrong_length_is_refused(string text)
    {
        Assert.False(Gtin.TryParse(text, out _, out var error));
        Assert.Equal(Gs1ErrorCodes.Length, error.Code);
    }

    [Fact]
    public void SSCC_and_GLN_check_their_length_and_check_digit()
    {
        Assert.Equal("106141411234567897", Sscc.Parse("106141411234567897").Value);
        Assert.Equal("9506000000008", Gln.Parse("9506000000008").Value);
        Assert.False(Sscc.TryParse("106141411234567898", out _, out var ssccError));
        Assert.Contains("SSCC check digit should be 7", ssccError.Message);
        Assert.False(Gln.TryParse("95060000000", out _, out var glnError));
        Assert.Equal(Gs1ErrorCodes.Length, glnError.Code);
    }
}

using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Tests.Serials;

public class CrockfordBase32Tests
{
    [Fact]
    public void Random_uses_only_the_alphabet_without_i_l_o_u()
    {
        var text = CrockfordBase32.Random(2000);
        Assert.Equal(2000, text.Length);
        Assert.True(CrockfordBase32.IsCanonical(text));
        Assert.DoesNotContain('I', text);
        Assert.DoesNotContain('L', text);
        Assert.DoesNotContain('O', text);
        Assert.DoesNotContain('U', text);
    }

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(31UL, "Z")]
    [InlineData(32UL, "10")]
    [InlineData(1234UL, "16J")]
    [InlineData(ulong.MaxValue, "FZZZZZZZZZZZZ")]
    public void Encode_and_decode_round_trip(ulong value, string text)
    {
        Assert.Equal(text, CrockfordBase32.Encode(value));
        Assert.True(CrockfordBase32.TryDecode(text, out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void Decode_reads_confusable_letters_as_crockford_prescribes()
    {
        Assert.True(CrockfordBase32.TryDecode("1-6j", out var value));
        Assert.Equal(1234UL, value);
        Assert.True(CrockfordBase32.TryDecode("lo", out var ones));
        Assert.Equal(32UL, ones);
        Assert.False(CrockfordBase32.TryDecode("U1", out _));
        Assert.False(CrockfordBase32.TryDecode("", out _));
    }
}

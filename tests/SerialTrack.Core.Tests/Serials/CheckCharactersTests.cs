using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Tests.Serials;

public class CheckCharactersTests
{
    [Theory]
    // Luhn: the classic published example.
    [InlineData(CheckAlgorithm.Luhn, "7992739871", "3")]
    [InlineData(CheckAlgorithm.Luhn, "7992-739-871", "3")]
    [InlineData(CheckAlgorithm.Luhn, "A100-WH1-2647-00123", "2")]
    // GS1 General Specifications §7.9.1: GTIN-13 6291041500213.
    [InlineData(CheckAlgorithm.Gs1, "629104150021", "3")]
    [InlineData(CheckAlgorithm.Gs1, "0001234560001", "2")]
    // ISO/IEC 7064 MOD 11-2: the standard's example, one giving X, and ISNI/ORCID identifiers.
    [InlineData(CheckAlgorithm.Mod11_2, "0794", "0")]
    [InlineData(CheckAlgorithm.Mod11_2, "079", "X")]
    [InlineData(CheckAlgorithm.Mod11_2, "000000021825009", "7")]
    [InlineData(CheckAlgorithm.Mod11_2, "000000021694233", "X")]
    // ISO/IEC 7064 MOD 37,36: the GRid example A1-2425G-ABC1234002-M, and "A" traced by hand:
    // P=36; S=(36+10) mod 36=10; P=20 mod 37=20; check=(37-20) mod 36=17 -> H.
    [InlineData(CheckAlgorithm.Mod37_36, "A12425GABC1234002", "M")]
    [InlineData(CheckAlgorithm.Mod37_36, "A1-2425G-ABC1234002", "M")]
    [InlineData(CheckAlgorithm.Mod37_36, "A", "H")]
    [InlineData(CheckAlgorithm.Mod37_36, "a", "H")]
    [InlineData(CheckAlgorithm.Mod37_36, "SERIAL2026", "N")]
    // ISO/IEC 7064 MOD 97-10: the standard's 794 -> 44, and IBAN GB82 WEST 1234 5698 7654 32 rearranged
    // (BBAN first, then country code) as ISO 13616 does.
    [InlineData(CheckAlgorithm.Mod97_10, "794", "44")]
    [InlineData(CheckAlgorithm.Mod97_10, "WEST12345698765432GB", "82")]
    [InlineData(CheckAlgorithm.Mod97_10, "3214282912345698765432161182", "95")]
    public void Compute_matches_published_examples(CheckAlgorithm algorithm, string payload, string expected)
    {
        Assert.Equal(expected, CheckCharacters.Compute(algorithm, payload));
        Assert.True(CheckCharacters.IsValid(algorithm, payload + expected));
    }

    [Theory]
    [InlineData(CheckAlgorithm.Luhn, "79927398710")]
    [InlineData(CheckAlgorithm.Gs1, "6291041500212")]
    [InlineData(CheckAlgorithm.Mod11_2, "07941")]
    [InlineData(CheckAlgorithm.Mod37_36, "A12425GABC1234002N")]
    [InlineData(CheckAlgorithm.Mod97_10, "79443")]
    [InlineData(CheckAlgorithm.Mod97_10, "4")]
    public void IsValid_rejects_a_wrong_check(CheckAlgorithm algorithm, string full)
    {
        Assert.False(CheckCharacters.IsValid(algorithm, full));
    }

    [Fact]
    public void Mod97_10_of_a_full_iban_rearranged_is_valid()
    {
        Assert.True(CheckCharacters.IsValid(CheckAlgorithm.Mod97_10, "WEST12345698765432GB82"));
    }

    [Theory]
    [InlineData("luhn", CheckAlgorithm.Luhn)]
    [InlineData("GS1", CheckAlgorithm.Gs1)]
    [InlineData("mod11-2", CheckAlgorithm.Mod11_2)]
    [InlineData("mod37-36", CheckAlgorithm.Mod37_36)]
    [InlineData("mod97-10", CheckAlgorithm.Mod97_10)]
    public void Algorithm_names_parse(string name, CheckAlgorithm expected)
    {
        Assert.True(CheckCharacters.TryParse(name, out var algorithm));
        Assert.Equal(expected, algorithm);
        Assert.Equal(name.ToLowerInvariant(), CheckCharacters.Name(algorithm));
    }

    [Fact]
    public void Every_single_digit_substitution_is_caught_by_every_algorithm()
    {
        string[] samples = ["A100-WH1-2647-00123", "629104150021", "0794", "2026000001", "99999"];
        foreach (var algorithm in Enum.GetValues<CheckAlgorithm>())
        {
            foreach (var payload in samples)
            {
                var full = payload + CheckCharacters.Compute(algorithm, payload);
                for (var i = 0; i < full.Length; i++)
                {
                    if (!char.IsAsciiDigit(full[i]))
                    {
                        continue;
                    }
                    for (var d = '0'; d <= '9'; d++)
                    {
                        if (d == full[i])
                        {
                            continue;
                        }
                        var typo = string.Concat(full.AsSpan(0, i), d.ToString(), full.AsSpan(i + 1));
                        Assert.False(CheckCharacters.IsValid(algorithm, typo),
                            $"{algorithm} missed {typo} (from {full})");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(CheckAlgorithm.Mod37_36)]
    [InlineData(CheckAlgorithm.Mod97_10)]
    public void Every_single_alphanumeric_substitution_is_caught_by_the_alphanumeric_algorithms(CheckAlgorithm algorithm)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        string[] samples = ["A100-WH1-2647-00123", "SERIAL2026", "ZZ9-QX7K"];
        foreach (var payload in samples)
        {
            var full = payload + CheckCharacters.Compute(algorithm, payload);
            for (var i = 0; i < full.Length; i++)
            {
                if (!alphabet.Contains(full[i], StringComparison.Ordinal))
                {
                    continue;
                }
                foreach (var c in alphabet)
                {
                    // Mod97-10 writes letters as two digits, so a digit turned letter changes the length of
                    // the number and is not guaranteed to be caught (see the next test); same-kind substitutions are.
                    if (c == full[i] || (algorithm == CheckAlgorithm.Mod97_10 && char.IsAsciiDigit(c) != char.IsAsciiDigit(full[i])))
                    {
                        continue;
                    }
                    var typo = string.Concat(full.AsSpan(0, i), c.ToString(), full.AsSpan(i + 1));
                    Assert.False(CheckCharacters.IsValid(algorithm, typo), $"{algorithm} missed {typo} (from {full})");
                }
            }
        }
    }

    [Fact]
    public void Mod97_10_can_miss_a_digit_replaced_by_a_letter_which_mod37_36_catches()
    {
        // A100... reads as 10 1 0 0..., A1S0... as 10 1 28 0...; the two numbers happen to agree mod 97.
        Assert.True(CheckCharacters.IsValid(CheckAlgorithm.Mod97_10, "A100-WH1-2647-0012329"));
        Assert.True(CheckCharacters.IsValid(CheckAlgorithm.Mod97_10, "A1S0-WH1-2647-0012329"));
        var full = "A100-WH1-2647-00123" + CheckCharacters.Compute(CheckAlgorithm.Mod37_36, "A100-WH1-2647-00123");
        Assert.False(CheckCharacters.IsValid(CheckAlgorithm.Mod37_36, "A1S0" + full[4..]));
    }

    [Fact]
    public void Mod11_2_catches_a_substituted_x_check()
    {
        Assert.True(CheckCharacters.IsValid(CheckAlgorithm.Mod11_2, "079X"));
        for (var d = '0'; d <= '9'; d++)
        {
            Assert.False(CheckCharacters.IsValid(CheckAlgorithm.Mod11_2, "079" + d));
        }
    }
}

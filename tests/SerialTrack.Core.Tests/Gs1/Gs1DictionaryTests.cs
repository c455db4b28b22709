using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Tests.Gs1;

public class Gs1DictionaryTests
{
    [Fact]
    public void Every_AI_listed_in_the_dictionary_is_loaded_with_ranges_expanded()
    {
        var expected = 0;
        foreach (var line in EmbeddedDictionaryLines())
        {
            var ais = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0].Split('-');
            expected += ais.Length == 2 ? int.Parse(ais[1]) - int.Parse(ais[0]) + 1 : 1;
        }

        Assert.Equal(541, expected);
        Assert.Equal(expected, Gs1Dictionary.Default.Count);
        Assert.Equal(224, EmbeddedDictionaryLines().Count());
    }

    [Theory]
    [InlineData("00", 18, 18, true)]
    [InlineData("01", 14, 14, true)]
    [InlineData("10", 1, 20, false)]
    [InlineData("3103", 6, 6, true)]
    [InlineData("3955", 6, 6, false)]
    [InlineData("8005", 6, 6, false)]
    [InlineData("423", 3, 15, false)]
    [InlineData("99", 1, 90, false)]
    [InlineData("8030", 1, 90, false)]
    public void Lengths_and_the_predefined_length_flag_come_from_the_dictionary(string ai, int min, int max, bool predefined)
    {
        var definition = Gs1Dictionary.Default.Get(ai);

        Assert.Equal(min, definition.MinLength);
        Assert.Equal(max, definition.MaxLength);
        Assert.Equal(predefined, definition.PredefinedLength);
    }

    [Fact]
    public void Components_carry_character_set_optionality_and_linters()
    {
        var definition = Gs1Dictionary.Default.Get("8003");

        Assert.Collection(definition.Components,
            c => Assert.Equal((Gs1CharacterSet.Numeric, 1, false, "zero"), (c.CharacterSet, c.MaxLength, c.Optional, string.Join(",", c.Linters))),
            c => Assert.Equal((Gs1CharacterSet.Numeric, 13, false, "csum,gcppos1"), (c.CharacterSet, c.MaxLength, c.Optional, string.Join(",", c.Linters))),
            c => Assert.Equal((Gs1CharacterSet.Cset82, 16, true, ""), (c.CharacterSet, c.MaxLength, c.Optional, string.Join(",", c.Linters))));
        Assert.Equal(Gs1CharacterSet.Cset39, Gs1Dictionary.Default.Get("8010").Components[0].CharacterSet);
        Assert.Equal(Gs1CharacterSet.Base64Url, Gs1Dictionary.Default.Get("8030").Components[0].CharacterSet);
    }

    [Fact]
    public void Digital_link_primary_keys_and_qualifier_sequences_are_read()
    {
        var gtin = Gs1Dictionary.Default.Get("01");

        Assert.True(gtin.IsDigitalLinkPrimaryKey);
        Assert.Equal(["22,10,21", "235"], gtin.DigitalLinkQualifierSequences.Select(s => string.Join(",", s)));
        Assert.True(Gs1Dictionary.Default.Get("00").IsDigitalLinkPrimaryKey);
        Assert.Empty(Gs1Dictionary.Default.Get("00").DigitalLinkQualifierSequences);
        Assert.False(Gs1Dictionary.Default.Get("21").DigitalLinkAttribute);
        Assert.True(Gs1Dictionary.Default.Get("17").DigitalLinkAttribute);
    }

    [Fact]
    public void Requisites_keep_each_req_attribute_and_plus_joined_groups()
    {
        var count = Gs1Dictionary.Default.Get("37");
        var imei = Gs1Dictionary.Default.Get("8041");

        Assert.Equal(["(00)", "(02) or (8026)"], count.Requisites.Select(r => r.ToString()));
        Assert.Equal("(01)(21)(8040)", imei.Requisites.Single().ToString());
    }

    [Theory]
    [InlineData("0109506000134352", "01")]
    [InlineData("2351234", "235")]
    [InlineData("3103000195", "3103")]
    [InlineData("7040", "7040")]
    [InlineData("99ABC", "99")]
    public void The_AI_at_the_start_of_a_digit_string_is_the_prefix_the_dictionary_knows(string data, string ai)
    {
        Assert.True(Gs1Dictionary.Default.TryMatchAi(data, out var definition));
        Assert.Equal(ai, definition.Ai);
    }

    [Theory]
    [InlineData("2300")]
    [InlineData("0")]
    [InlineData("AB01")]
    public void A_digit_string_without_a_known_AI_prefix_matches_nothing(string data) =>
        Assert.False(Gs1Dictionary.Default.TryMatchAi(data, out _));

    [Fact]
    public void Loading_the_default_dictionary_from_many_threads_yields_one_instance()
    {
        var instances = Enumerable.Range(0, 8).AsParallel().Select(_ => Gs1Dictionary.Default).Distinct().ToList();

        Assert.Single(instances);
    }

    internal static IEnumerable<string> EmbeddedDictionaryLines()
    {
        using var stream = typeof(Gs1Dictionary).Assembly.GetManifestResourceStream("SerialTrack.Core.Gs1.gs1-syntax-dictionary.txt")!;
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } trimmed && !trimmed.StartsWith('#'))
            {
                lines.Add(trimmed);
            }
        }

        return lines;
    }
}

public class Gs1DictionaryPrefixTests
{
    [Fact]
    public void Every_AI_is_found_at_the_start_of_data_so_the_table_is_prefix_free()
    {
        foreach (var definition in Gs1Dictionary.Default.Definitions)
        {
            Assert.True(Gs1Dictionary.Default.TryMatchAi(definition.Ai + "0000", out var found));
            Assert.Equal(definition.Ai, found.Ai);
        }
    }

    [Fact]
    public void Every_predefined_length_AI_has_a_fixed_length()
    {
        var notFixed = Gs1Dictionary.Default.Definitions.Where(d => d.PredefinedLength && !d.IsFixedLength).Select(d => d.Ai);

        Assert.Equal(Array.Empty<string>(), notFixed);
    }
}

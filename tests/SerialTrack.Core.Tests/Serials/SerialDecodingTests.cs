using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Tests.Serials;

public class SerialDecodingTests
{
    [Fact]
    public void A_serial_decodes_into_its_parts_with_meanings()
    {
        var template = SerialTemplate.Parse("{SKU}-{LOC}-{YY}{WW}-{SEQ:6}");

        Assert.True(template.TryDecode("A100-WH1-2647-000123", out var decoded));
        Assert.Equal(
            [
                new DecodedPart("SKU", "A100", "SKU A100"),
                new DecodedPart("LOC", "WH1", "location WH1"),
                new DecodedPart("YY", "26", "ISO week-year 2026"),
                new DecodedPart("WW", "47", "ISO week 47"),
                new DecodedPart("SEQ", "000123", "sequence 123"),
            ],
            decoded.Parts);
        Assert.Equal(123, decoded.Sequence);
        Assert.Null(decoded.CheckCharacterValid);
    }

    [Theory]
    [InlineData("A100-WH1-2647-00123")]
    [InlineData("A100-WH1-2647-0001234")]
    [InlineData("A100-WH1-2654-000123")]
    [InlineData("A100-WH1-26AB-000123")]
    [InlineData("A100WH1-2647-000123")]
    [InlineData("A100-WH1-2647-000123\n")]
    [InlineData("")]
    public void Serials_that_do_not_fit_the_scheme_do_not_decode(string serial)
    {
        var template = SerialTemplate.Parse("{SKU}-{LOC}-{YY}{WW}-{SEQ:6}");
        Assert.False(template.TryDecode(serial, out _));
        var error = Assert.Throws<DomainException>(() => template.Validate(serial));
        Assert.Equal("serial.pattern", error.Code);
        Assert.Equal("serial", error.Field);
        Assert.Equal(ErrorKind.BadInput, error.Kind);
    }

    [Fact]
    public void A_wrong_check_character_is_reported_with_the_right_one()
    {
        var template = SerialTemplate.Parse("{SKU}-{LOC}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}");
        Assert.Equal("A100-WH1-2647-001232", template.Validate("A100-WH1-2647-001232").Serial);

        Assert.True(template.TryDecode("A100-WH1-2647-001237", out var decoded));
        Assert.False(decoded.CheckCharacterValid);
        Assert.Equal("luhn check character (wrong, should be 2)", decoded.Part("CHECK")!.Meaning);
        var error = Assert.Throws<DomainException>(() => template.Validate("A100-WH1-2647-001237"));
        Assert.Equal("serial.check_character", error.Code);
        Assert.Equal("Serial 'A100-WH1-2647-001237': check character wrong (should be 2)", error.Message);
    }

    [Fact]
    public void Mapped_attributes_decode_to_the_values_they_stand_for()
    {
        var template = SerialTemplate.Parse("{SKU}{ATTR:colour|Red=R,Crimson=R,Blue=B}{SEQ:3}");
        var decoded = template.Validate("ZX9R042");
        Assert.Equal("ZX9", decoded.Part("SKU")!.Text);
        Assert.Equal("attribute colour = Red or Crimson", decoded.Part("ATTR:colour")!.Meaning);
        Assert.Equal(42, decoded.Sequence);
    }

    [Fact]
    public void Literal_text_after_a_value_with_fixed_parts_between_still_decodes()
    {
        var template = SerialTemplate.Parse("{SKU}{YY}-{SEQ:3}");
        var decoded = template.Validate("B7726-001");
        Assert.Equal("B77", decoded.Part("SKU")!.Text);
        Assert.Equal("26", decoded.Part("YY")!.Text);
    }

    [Theory]
    [InlineData("{SKU}-{LOC}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}")]
    [InlineData("{CAT}/{SKU}+{YYYY}{MM}{DD}+{SEQ:4@10}{CHECK:gs1}")]
    [InlineData("{SKU}-{ATTR:colour|Red=R,Blue=B,Green=G}{DDD}{RAND:4}{CHECK:mod11-2}")]
    [InlineData("{LOC}:{ATTR:size}:{WW}{RAND:6}-{SEQ:6/per location,week}{CHECK:mod37-36}")]
    [InlineData("{{{SKU}}}-{SEQ:8}-{CAT}{CHECK:mod97-10}")]
    [InlineData("{SKU} {CAT} {YY}{RAND:3}")]
    public void Generated_serials_decode_back_to_what_made_them(string text)
    {
        var template = SerialTemplate.Parse(text);
        var rng = new Random(20261119);
        const string chars = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789abcxyz_.#";
        string Word(int min, int max)
        {
            var length = rng.Next(min, max + 1);
            return new string(Enumerable.Range(0, length).Select(_ => chars[rng.Next(chars.Length)]).ToArray());
        }
        string[] colours = ["Red", "Blue", "Green"];

        for (var n = 0; n < 300; n++)
        {
            var ctx = new SerialContext(Word(1, 12), new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(rng.Next(0, 36500)))
            {
                Category = Word(1, 8),
                Location = Word(1, 6),
                Attributes = new Dictionary<string, string> { ["colour"] = colours[rng.Next(3)], ["size"] = Word(1, 3) },
            };
            var sequence = template.Sequence is { } seq ? rng.NextInt64(seq.Start, seq.MaxValue + 1) : 0;
            var serial = template.Format(ctx, sequence);

            var decoded = template.Validate(serial);

            Assert.Equal(serial, decoded.Serial);
            Assert.Equal(template.Sequence is null ? null : (long?)sequence, decoded.Sequence);
            Assert.Equal(template.CheckAlgorithm is null ? null : (bool?)true, decoded.CheckCharacterValid);
            foreach (var token in template.Tokens.OfType<FieldToken>())
            {
                var expected = token.Field switch
                {
                    FieldKind.Sku => ctx.Sku,
                    FieldKind.Category => ctx.Category,
                    _ => ctx.Location,
                };
                Assert.Equal(expected, decoded.Part(token.Name)!.Text);
            }
            // Reassembling the parts and the literals gives the serial back.
            var rebuilt = new System.Text.StringBuilder();
            var part = 0;
            foreach (var token in template.Tokens)
            {
                rebuilt.Append(token is LiteralToken literal ? literal.Text : decoded.Parts[part++].Text);
            }
            Assert.Equal(serial, rebuilt.ToString());
        }
    }

    [Theory]
    [InlineData("{SKU}-{YY}{WW}-{SEQ:6}{CHECK:luhn}")]
    [InlineData("{SKU}-{YY}{WW}-{SEQ:6}{CHECK:gs1}")]
    [InlineData("{SKU}-{YY}{WW}-{SEQ:6}{CHECK:mod11-2}")]
    [InlineData("{SKU}-{YY}{WW}-{SEQ:6}{CHECK:mod37-36}")]
    [InlineData("{SKU}-{YY}{WW}-{SEQ:6}{CHECK:mod97-10}")]
    public void A_single_digit_typo_in_a_generated_serial_is_caught(string text)
    {
        var template = SerialTemplate.Parse(text);
        var ctx = new SerialContext("A100", new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero));
        foreach (var sequence in new long[] { 1, 123, 98765, 999999 })
        {
            var serial = template.Format(ctx, sequence);
            for (var i = 0; i < serial.Length; i++)
            {
                if (!char.IsAsciiDigit(serial[i]))
                {
                    continue;
                }
                for (var d = '0'; d <= '9'; d++)
                {
                    if (d == serial[i])
                    {
                        continue;
                    }
                    var typo = string.Concat(serial.AsSpan(0, i), d.ToString(), serial.AsSpan(i + 1));
                    // Either it no longer fits the pattern (say week 99) or the check character objects.
                    var error = Assert.Throws<DomainException>(() => template.Validate(typo));
                    Assert.True(error.Code is "serial.check_character" or "serial.pattern", error.Code);
                }
            }
        }
    }
}

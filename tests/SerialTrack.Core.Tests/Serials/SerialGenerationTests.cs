using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Tests.Serials;

public class SerialGenerationTests
{
    private const string Example = "{SKU}-{LOC}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}";

    // Thursday 19 November 2026, ISO week 47.
    private static readonly DateTimeOffset November19 = new(2026, 11, 19, 10, 30, 0, TimeSpan.FromHours(1));

    private static SerialContext Context(string sku = "A100", DateTimeOffset? when = null) =>
        new(sku, when ?? November19) { Location = "WH1", Category = "Widgets" };

    [Fact]
    public void The_example_scheme_generates_the_expected_serial()
    {
        var template = SerialTemplate.Parse(Example);

        // Luhn over the digits 1001264700123 (letters and '-' skipped) is 2.
        Assert.Equal("A100-WH1-2647-001232", template.Format(Context(), 123));
    }

    [Fact]
    public void Date_parts_print_the_local_date_of_the_given_offset()
    {
        var template = SerialTemplate.Parse("{YYYY}{MM}{DD}-{DDD}-{YY}");
        Assert.Equal("20261119-323-26", template.Format(Context(), 1));

        // 23:30 on the 19th at UTC-5 is already the 20th in UTC; the offset given decides.
        var lateEvening = new DateTimeOffset(2026, 11, 19, 23, 30, 0, TimeSpan.FromHours(-5));
        Assert.Equal("20261119-323-26", template.Format(Context(when: lateEvening), 1));
    }

    [Fact]
    public void A_year_next_to_an_iso_week_is_the_iso_week_year()
    {
        // Friday 1 January 2027 is in ISO week 53 of 2026.
        var newYearsDay = new DateTimeOffset(2027, 1, 1, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal("2653", SerialTemplate.Parse("{YY}{WW}").Format(Context(when: newYearsDay), 0));
        Assert.Equal("2026-W53", SerialTemplate.Parse("{YYYY}-W{WW}").Format(Context(when: newYearsDay), 0));
        Assert.Equal("27-001", SerialTemplate.Parse("{YY}-{DDD}").Format(Context(when: newYearsDay), 0));
    }

    [Fact]
    public void Scope_keys_differ_per_sku_and_year_and_are_equal_otherwise()
    {
        var template = SerialTemplate.Parse(Example);
        var key = template.ScopeKey(Context());

        Assert.Equal("SKU=A100|YY=26", key);
        Assert.Equal(key, template.ScopeKey(Context() with { Location = "WH9", Category = "Other" }));
        Assert.Equal(key, template.ScopeKey(Context(when: new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero))));
        Assert.NotEqual(key, template.ScopeKey(Context(sku: "B200")));
        Assert.NotEqual(key, template.ScopeKey(Context(when: new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero))));
    }

    [Fact]
    public void A_scheme_wide_counter_has_an_empty_scope_key()
    {
        Assert.Equal("", SerialTemplate.Parse("{SKU}-{SEQ:6}").ScopeKey(Context()));
        Assert.Equal("", SerialTemplate.Parse("{SKU}-{SEQ:6/per scheme}").ScopeKey(Context()));
        Assert.Equal("", SerialTemplate.Parse("{SKU}-{RAND:6}").ScopeKey(Context()));
    }

    [Fact]
    public void Scope_words_give_documented_keys_and_escape_separators()
    {
        var template = SerialTemplate.Parse("X-{SEQ:5/per product,location,day,week,month,year}");
        var ctx = Context(sku: "A|1=%") with { Location = "WH1" };
        Assert.Equal("DAY=2026-11-19|LOC=WH1|MONTH=2026-11|SKU=A%7C1%3D%25|WEEK=2026-W47|YEAR=2026", template.ScopeKey(ctx));
    }

    [Fact]
    public void An_attribute_scope_keys_on_the_printed_code()
    {
        var template = SerialTemplate.Parse("{ATTR:colour|Red=R,Crimson=R,Blue=B}-{SEQ:4/per ATTR:colour}");
        var red = Context() with { Attributes = new Dictionary<string, string> { ["colour"] = "Red" } };
        var crimson = Context() with { Attributes = new Dictionary<string, string> { ["colour"] = "Crimson" } };
        Assert.Equal("ATTR:colour=R", template.ScopeKey(red));
        Assert.Equal(template.ScopeKey(red), template.ScopeKey(crimson));
    }

    [Fact]
    public void Sequence_start_applies_and_width_pads()
    {
        var template = SerialTemplate.Parse("{SEQ:5@1000}");
        Assert.Equal("01000", template.Format(Context(), 1000));
        var below = Assert.Throws<DomainException>(() => template.Format(Context(), 999));
        Assert.Equal("serial.sequence_out_of_range", below.Code);
    }

    [Fact]
    public void A_sequence_past_its_width_is_refused_as_exhausted()
    {
        var template = SerialTemplate.Parse("{SKU}-{SEQ:3}");
        Assert.Equal("A100-999", template.Format(Context(), 999));

        var error = Assert.Throws<DomainException>(() => template.Format(Context(), 1000));
        Assert.Equal("serial.sequence_exhausted", error.Code);
        Assert.Equal(ErrorKind.RuleBroken, error.Kind);
        Assert.Contains("3 digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_lists_the_next_serials_and_stops_when_the_sequence_runs_out()
    {
        var template = SerialTemplate.Parse("{SKU}-{SEQ:3}");
        Assert.Equal(["A100-001", "A100-002", "A100-003", "A100-004", "A100-005"], template.Preview(Context(), 1, 5));
        Assert.Equal(["A100-998", "A100-999"], template.Preview(Context(), 998, 5));
    }

    [Fact]
    public void Attribute_values_print_as_is_or_through_the_mapping()
    {
        var ctx = Context() with { Attributes = new Dictionary<string, string> { ["colour"] = "Blue", ["size"] = "XL" } };
        Assert.Equal("XL-B-01", SerialTemplate.Parse("{ATTR:size}-{ATTR:colour|Red=R,Blue=B,Green=G}-{SEQ:2}").Format(ctx, 1));
        Assert.Equal("B", SerialTemplate.Parse("{ATTR:colour|red=R,blue=B}").Format(ctx, 0));
    }

    [Fact]
    public void An_unmapped_attribute_value_is_refused_naming_attribute_and_value()
    {
        var template = SerialTemplate.Parse("{ATTR:colour|Red=R,Blue=B,Green=G}-{SEQ:4}");
        var ctx = Context() with { Attributes = new Dictionary<string, string> { ["colour"] = "Purple" } };

        var error = Assert.Throws<DomainException>(() => template.Format(ctx, 1));
        Assert.Equal("serial.attribute_unmapped", error.Code);
        Assert.Contains("'colour'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Purple'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_values_are_refused()
    {
        Assert.Equal("serial.attribute_missing",
            Assert.Throws<DomainException>(() => SerialTemplate.Parse("{ATTR:colour}").Format(Context(), 0)).Code);
        var noLocation = Assert.Throws<DomainException>(() => SerialTemplate.Parse("{LOC}-{SEQ:2}").Format(Context() with { Location = null }, 1));
        Assert.Equal("location", noLocation.Field);
        var noCategory = Assert.Throws<DomainException>(() => SerialTemplate.Parse("{CAT}").Format(Context() with { Category = null }, 0));
        Assert.Equal("category", noCategory.Field);
    }

    [Fact]
    public void A_value_containing_its_separator_is_refused_because_it_could_not_be_read_back()
    {
        var error = Assert.Throws<DomainException>(() => SerialTemplate.Parse(Example).Format(Context(sku: "A-100"), 1));
        Assert.Equal("serial.value_unusable", error.Code);
        Assert.Equal("sku", error.Field);
        // At the end of a template the value can hold anything printable.
        Assert.Equal("01-A-100", SerialTemplate.Parse("{SEQ:2}-{SKU}").Format(Context(sku: "A-100"), 1));
    }

    [Fact]
    public void Random_parts_come_from_the_given_source_or_the_crockford_alphabet()
    {
        var template = SerialTemplate.Parse("{SKU}-{RAND:6}");
        Assert.Equal("A100-ABC123", template.Format(Context(), 0, n => "ABC123"[..n]));

        var serial = template.Format(Context(), 0);
        Assert.True(CrockfordBase32.IsCanonical(serial[5..]));
        Assert.Equal(11, serial.Length);
        Assert.Throws<InvalidOperationException>(() => template.Format(Context(), 0, _ => "ILOU12"));
    }
}

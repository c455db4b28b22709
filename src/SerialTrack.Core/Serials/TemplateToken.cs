using System.Globalization;

namespace SerialTrack.Core.Serials;

// Position is the 1-based character position of the token's '{' in the template (of the first
// character for literal text), so error messages point where a person would count.
public abstract record TemplateToken(int Position, string Source)
{
    // The token's name as it appears in decoded parts and scope keys: "SKU", "ATTR:colour", "SEQ"...
    public abstract string Name { get; }

    // Fixed-width tokens can sit next to anything; two variable-width ones need a literal between them.
    public abstract bool IsFixedWidth { get; }
}

public sealed record LiteralToken(int Position, string Text) : TemplateToken(Position, Text)
{
    public override string Name => "TEXT";
    public override bool IsFixedWidth => true;
}

public enum FieldKind
{
    Sku,
    Category,
    Location,
}

public sealed record FieldToken(int Position, string Source, FieldKind Field) : TemplateToken(Position, Source)
{
    public override string Name => Field switch
    {
        FieldKind.Sku => "SKU",
        FieldKind.Category => "CAT",
        _ => "LOC",
    };

    public override bool IsFixedWidth => false;
}

// Codes maps an attribute value (compared case-insensitively) to the text printed for it;
// null prints the value itself.
public sealed record AttributeToken(int Position, string Source, string Attribute, IReadOnlyDictionary<string, string>? Codes)
    : TemplateToken(Position, Source)
{
    public override string Name => "ATTR:" + Attribute;

    public override bool IsFixedWidth => Codes is not null && Codes.Values.Select(v => v.Length).Distinct().Count() == 1;
}

public enum DatePart
{
    Year2,
    Year4,
    Month,
    Day,
    IsoWeek,
    DayOfYear,
}

public sealed record DateToken(int Position, string Source, DatePart Part) : TemplateToken(Position, Source)
{
    public override string Name => NameOf(Part);

    public override bool IsFixedWidth => true;

    public int Width => Part switch
    {
        DatePart.Year4 => 4,
        DatePart.DayOfYear => 3,
        _ => 2,
    };

    public static string NameOf(DatePart part) => part switch
    {
        DatePart.Year2 => "YY",
        DatePart.Year4 => "YYYY",
        DatePart.Month => "MM",
        DatePart.Day => "DD",
        DatePart.IsoWeek => "WW",
        _ => "DDD",
    };
}

// Scope holds the canonical names the counter is kept per, in scope-key order; empty = one counter per scheme.
public sealed record SequenceToken(int Position, string Source, int Width, long Start, IReadOnlyList<string> Scope)
    : TemplateToken(Position, Source)
{
    public const int MaxWidth = 18;

    public override string Name => "SEQ";

    public override bool IsFixedWidth => true;

    public long MaxValue => Pow10(Width) - 1;

    public string Format(long value) => value.ToString("D" + Width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static long Pow10(int n)
    {
        var result = 1L;
        for (var i = 0; i < n; i++)
        {
            result *= 10;
        }
        return result;
    }
}

public sealed record RandomToken(int Position, string Source, int Length) : TemplateToken(Position, Source)
{
    public const int MaxLength = 32;

    public override string Name => "RAND";

    public override bool IsFixedWidth => true;
}

public sealed record CheckToken(int Position, string Source, CheckAlgorithm Algorithm) : TemplateToken(Position, Source)
{
    public override string Name => "CHECK";

    public override bool IsFixedWidth => true;
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SerialTrack.Core.Serials;

// A parsed serial scheme. Generation is split in two so the caller can reserve the counter in its own
// transaction: ScopeKey(ctx) names the counter, the caller takes the next value for (scheme, key) —
// at least Sequence.Start — and Format(ctx, value) prints the serial.
public sealed class SerialTemplate
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    // For SKU/CAT/LOC/unmapped ATTR: the first character of the next literal, which the value must not
    // contain; that is what lets the decoder find where the value ends.
    private readonly char?[] _delimiters;
    private readonly Regex _pattern;
    private readonly int _sequenceIndex;

    private SerialTemplate(string text, List<TemplateToken> tokens)
    {
        Text = text;
        Tokens = tokens.AsReadOnly();
        Sequence = tokens.OfType<SequenceToken>().SingleOrDefault();
        _sequenceIndex = Sequence is null ? tokens.Count : tokens.IndexOf(Sequence);
        CheckAlgorithm = tokens.OfType<CheckToken>().SingleOrDefault()?.Algorithm;
        // ISO 8601 weeks belong to a week-numbering year: 2027-01-01 is in week 53 of 2026. When the
        // template prints {WW}, {YY}/{YYYY} print that week-year so "2653" never becomes "2753".
        YearIsIsoWeekYear = tokens.OfType<DateToken>().Any(d => d.Part == DatePart.IsoWeek);
        _delimiters = new char?[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            _delimiters[i] = tokens.Skip(i + 1).OfType<LiteralToken>().FirstOrDefault()?.Text[0];
        }
        _pattern = new Regex(BuildPattern(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, MatchTimeout);
    }

    public string Text { get; }
    public IReadOnlyList<TemplateToken> Tokens { get; }
    public SequenceToken? Sequence { get; }
    public bool HasSequence => Sequence is not null;
    public CheckAlgorithm? CheckAlgorithm { get; }
    public bool YearIsIsoWeekYear { get; }

    // Canonical names the counter is kept per, in key order: token names (SKU, LOC, YY, ATTR:colour...)
    // and DAY/WEEK/MONTH/YEAR for the scope words day/week/month/year. Empty: one counter per scheme.
    public IReadOnlyList<string> ScopeTokens => Sequence?.Scope ?? [];

    public static SerialTemplate Parse(string template) => new(template, SerialTemplateParser.Parse(template));

    public override string ToString() => Text;

    // Format: NAME=value pairs sorted by NAME (ordinal) and joined with '|', e.g. "SKU=A100|YY=26";
    // '%', '|' and '=' in values are written %25, %7C, %3D. Token scopes use the text the serial prints
    // (the mapped code for ATTR, the week-year for YY next to WW), so two values printing alike share a
    // counter and serials stay unique. DAY=2026-11-19, WEEK=2026-W47, MONTH=2026-11, YEAR=2026.
    // "" means one counter for the scheme.
    public string ScopeKey(SerialContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (Sequence is null || Sequence.Scope.Count == 0)
        {
            return "";
        }
        return string.Join('|', Sequence.Scope.Select(name => name + "=" + EscapeKeyValue(ScopeValue(name, ctx))));
    }

    // sequence is ignored when the template has no SEQ. random(n) must return n Crockford base 32
    // characters; it defaults to a cryptographic RNG and exists so tests and previews can be fixed.
    public string Format(SerialContext ctx, long sequence, Func<int, string>? random = null)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        if (Sequence is not null)
        {
            CheckSequence(Sequence, sequence);
        }
        var serial = new StringBuilder();
        for (var i = 0; i < Tokens.Count; i++)
        {
            switch (Tokens[i])
            {
                case LiteralToken literal:
                    serial.Append(literal.Text);
                    break;
                case SequenceToken seq:
                    serial.Append(seq.Format(sequence));
                    break;
                case RandomToken rand:
                    serial.Append(RandomText(rand, random));
                    break;
                case CheckToken check:
                    serial.Append(CheckCharacters.Compute(check.Algorithm, serial.ToString()));
                    break;
                default:
                    serial.Append(Render(i, ctx));
                    break;
            }
        }
        return serial.ToString();
    }

    // The serials that the next `count` counter values would give. Stops early instead of failing
    // when the sequence runs out, so the page shows how many are left.
    public IReadOnlyList<string> Preview(SerialContext ctx, long firstSequence, int count, Func<int, string>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1000);
        var serials = new List<string>(count);
        for (var k = 0; k < count; k++)
        {
            var value = firstSequence + k;
            if (Sequence is not null && value > Sequence.MaxValue)
            {
                break;
            }
            serials.Add(Format(ctx, value, random));
        }
        return serials;
    }

    public bool TryDecode(string serial, [NotNullWhen(true)] out DecodedSerial? decoded)
    {
        decoded = null;
        if (string.IsNullOrEmpty(serial))
        {
            return false;
        }
        Match match;
        try
        {
            match = _pattern.Match(serial);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
        if (!match.Success)
        {
            return false;
        }
        var parts = new List<DecodedPart>();
        long? sequence = null;
        bool? checkValid = null;
        string? expected = null;
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token is LiteralToken)
            {
                continue;
            }
            var group = match.Groups[GroupName(i)];
            var text = group.Value;
            string meaning;
            switch (token)
            {
                case FieldToken field:
                    meaning = field.Field switch
                    {
                        FieldKind.Sku => $"SKU {text}",
                        FieldKind.Category => $"category {text}",
                        _ => $"location {text}",
                    };
                    break;
                case AttributeToken attr:
                    var value = attr.Codes is null
                        ? text
                        : string.Join(" or ", attr.Codes.Where(kv => kv.Value == text).Select(kv => kv.Key));
                    meaning = $"attribute {attr.Attribute} = {value}";
                    break;
                case DateToken date:
                    var number = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                    if (!InRange(date.Part, number))
                    {
                        return false;
                    }
                    meaning = DateMeaning(date.Part, number);
                    break;
                case SequenceToken:
                    sequence = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
                    meaning = $"sequence {sequence}";
                    break;
                case RandomToken:
                    meaning = "random characters";
                    break;
                case CheckToken check:
                    expected = CheckCharacters.Compute(check.Algorithm, serial[..group.Index]);
                    checkValid = expected == text;
                    var name = CheckCharacters.Name(check.Algorithm);
                    meaning = checkValid.Value
                        ? $"{name} check character (correct)"
                        : $"{name} check character (wrong, should be {expected})";
                    break;
                default:
                    throw new InvalidOperationException($"Unexpected token {token}");
            }
            parts.Add(new DecodedPart(token.Name, text, meaning));
        }
        decoded = new DecodedSerial(serial, parts, sequence, checkValid, expected);
        return true;
    }

    public DecodedSerial Validate(string serial)
    {
        if (!TryDecode(serial, out var decoded))
        {
            throw DomainException.BadInput("serial.pattern", "serial", $"Serial '{serial}' does not match scheme '{Text}'");
        }
        if (decoded.CheckCharacterValid == false)
        {
            throw DomainException.BadInput("serial.check_character", "serial",
                $"Serial '{serial}': check character wrong (should be {decoded.ExpectedCheckCharacter})");
        }
        return decoded;
    }

    private void CheckSequence(SequenceToken seq, long value)
    {
        if (value < seq.Start)
        {
            throw DomainException.BadInput("serial.sequence_out_of_range", "sequence",
                $"Sequence {value} is below the start {seq.Start} of scheme '{Text}'");
        }
        // Growing past the width would change the serial's length and break decoding and label layouts.
        if (value > seq.MaxValue)
        {
            throw DomainException.Rule("serial.sequence_exhausted",
                $"Sequence {value} does not fit in the {seq.Width} digits of {seq.Source} in scheme '{Text}' (last is {seq.MaxValue}); "
                + "widen the sequence or narrow its scope", "sequence");
        }
    }

    private static string RandomText(RandomToken token, Func<int, string>? random)
    {
        var text = random is null ? CrockfordBase32.Random(token.Length) : random(token.Length);
        if (text is null || text.Length != token.Length || !CrockfordBase32.IsCanonical(text))
        {
            throw new InvalidOperationException(
                $"The random source returned '{text}' for {token.Source}; it must return {token.Length} Crockford base 32 characters");
        }
        return text;
    }

    private string ScopeValue(string name, SerialContext ctx)
    {
        var local = ctx.When.DateTime;
        switch (name)
        {
            case "DAY":
                return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case "WEEK":
                return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(local):D4}-W{ISOWeek.GetWeekOfYear(local):D2}");
            case "MONTH":
                return local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            case "YEAR":
                return local.ToString("yyyy", CultureInfo.InvariantCulture);
        }
        for (var i = 0; i < _sequenceIndex; i++)
        {
            if (Tokens[i] is FieldToken or AttributeToken or DateToken && Tokens[i].Name == name)
            {
                return Render(i, ctx);
            }
        }
        // product / location scopes of a template that does not print the value.
        return name == "SKU" ? RequireSku(ctx) : RequireLocation(ctx);
    }

    private string Render(int index, SerialContext ctx) => Tokens[index] switch
    {
        FieldToken { Field: FieldKind.Sku } => Printable(index, "SKU", RequireSku(ctx), "sku"),
        FieldToken { Field: FieldKind.Location } => Printable(index, "Location", RequireLocation(ctx), "location"),
        FieldToken => Printable(index, "Category", string.IsNullOrEmpty(ctx.Category)
            ? throw DomainException.Rule("serial.value_missing",
                $"Scheme '{Text}' prints {{CAT}} but product {ctx.Sku} has no category", "category")
            : ctx.Category, "category"),
        AttributeToken attr => RenderAttribute(index, attr, ctx),
        DateToken date => RenderDate(date.Part, ctx.When.DateTime),
        var other => throw new InvalidOperationException($"Token {other.Source} has no value to render"),
    };

    private string RenderAttribute(int index, AttributeToken attr, SerialContext ctx)
    {
        if (!ctx.Attributes.TryGetValue(attr.Attribute, out var value) || string.IsNullOrEmpty(value))
        {
            throw DomainException.Rule("serial.attribute_missing",
                $"Scheme '{Text}' prints {attr.Source} but product {ctx.Sku} has no attribute '{attr.Attribute}'", "attributes");
        }
        if (attr.Codes is null)
        {
            return Printable(index, $"Attribute '{attr.Attribute}'", value, "attributes");
        }
        return attr.Codes.TryGetValue(value, out var code)
            ? code
            : throw DomainException.Rule("serial.attribute_unmapped",
                $"Attribute '{attr.Attribute}' value '{value}' of product {ctx.Sku} has no code in {attr.Source}; add it to the scheme",
                "attributes");
    }

    private string RenderDate(DatePart part, DateTime local)
    {
        var year = YearIsIsoWeekYear ? ISOWeek.GetYear(local) : local.Year;
        var number = part switch
        {
            DatePart.Year2 => year % 100,
            DatePart.Year4 => year,
            DatePart.Month => local.Month,
            DatePart.Day => local.Day,
            DatePart.IsoWeek => ISOWeek.GetWeekOfYear(local),
            _ => local.DayOfYear,
        };
        var width = part switch
        {
            DatePart.Year4 => 4,
            DatePart.DayOfYear => 3,
            _ => 2,
        };
        return number.ToString("D" + width.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private string Printable(int index, string what, string value, string field)
    {
        if (value.Any(char.IsControl))
        {
            throw DomainException.Rule("serial.value_unusable", $"{what} '{value}' has a control character", field);
        }
        if (_delimiters[index] is { } delimiter && value.Contains(delimiter, StringComparison.Ordinal))
        {
            throw DomainException.Rule("serial.value_unusable",
                $"{what} '{value}' contains '{delimiter}', which scheme '{Text}' uses to mark where it ends; the serial could not be read back",
                field);
        }
        return value;
    }

    private string RequireSku(SerialContext ctx) => string.IsNullOrEmpty(ctx.Sku)
        ? throw DomainException.BadInput("serial.value_missing", "sku", $"Scheme '{Text}' needs a SKU")
        : ctx.Sku;

    private string RequireLocation(SerialContext ctx) => string.IsNullOrEmpty(ctx.Location)
        ? throw DomainException.BadInput("serial.value_missing", "location", $"Scheme '{Text}' needs a location")
        : ctx.Location;

    private static string EscapeKeyValue(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("|", "%7C", StringComparison.Ordinal)
            .Replace("=", "%3D", StringComparison.Ordinal);

    private static bool InRange(DatePart part, int value) => part switch
    {
        DatePart.Month => value is >= 1 and <= 12,
        DatePart.Day => value is >= 1 and <= 31,
        DatePart.IsoWeek => value is >= 1 and <= 53,
        DatePart.DayOfYear => value is >= 1 and <= 366,
        _ => true,
    };

    // Two-digit years are read as 20YY.
    private string DateMeaning(DatePart part, int value)
    {
        var yearWord = YearIsIsoWeekYear ? "ISO week-year" : "year";
        return part switch
        {
            DatePart.Year2 => $"{yearWord} {2000 + value}",
            DatePart.Year4 => $"{yearWord} {value}",
            DatePart.Month => $"month {value}",
            DatePart.Day => $"day {value}",
            DatePart.IsoWeek => $"ISO week {value}",
            _ => $"day of year {value}",
        };
    }

    private static string GroupName(int index) => "t" + index.ToString(CultureInfo.InvariantCulture);

    // Literal separators delimit the variable parts: a SKU/CAT/LOC/ATTR value is "anything but the first
    // character of the next literal" (Format refuses values containing it), greedy when the literal follows
    // directly, lazy when fixed-width parts stand between. Everything else has a fixed width; SEQ is exactly
    // its width because Format never lets it grow.
    private string BuildPattern()
    {
        var pattern = new StringBuilder(@"\A");
        for (var i = 0; i < Tokens.Count; i++)
        {
            var token = Tokens[i];
            if (token is LiteralToken literal)
            {
                pattern.Append(Regex.Escape(literal.Text));
                continue;
            }
            var body = token switch
            {
                AttributeToken { Codes: not null } attr => "(?:" + string.Join('|', attr.Codes.Values
                    .Distinct(StringComparer.Ordinal)
                    .OrderByDescending(c => c.Length)
                    .Select(Regex.Escape)) + ")",
                FieldToken or AttributeToken => VariablePattern(i),
                DateToken date => $"[0-9]{{{date.Width}}}",
                SequenceToken seq => $"[0-9]{{{seq.Width}}}",
                RandomToken rand => $"{CrockfordBase32.RegexClass}{{{rand.Length}}}",
                CheckToken { Algorithm: Serials.CheckAlgorithm.Luhn or Serials.CheckAlgorithm.Gs1 } => "[0-9]",
                CheckToken { Algorithm: Serials.CheckAlgorithm.Mod11_2 } => "[0-9X]",
                CheckToken { Algorithm: Serials.CheckAlgorithm.Mod37_36 } => "[0-9A-Z]",
                CheckToken => "[0-9]{2}",
                _ => throw new InvalidOperationException($"Unexpected token {token}"),
            };
            pattern.Append("(?<").Append(GroupName(i)).Append('>').Append(body).Append(')');
        }
        return pattern.Append(@"\z").ToString();
    }

    private string VariablePattern(int index)
    {
        if (_delimiters[index] is not { } delimiter)
        {
            return @"[^\p{Cc}]+?";
        }
        var excluded = $@"[^\u{(int)delimiter:X4}\p{{Cc}}]+";
        return Tokens[index + 1] is LiteralToken ? excluded : excluded + "?";
    }
}

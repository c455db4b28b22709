using System.Globalization;
using System.Text;

namespace SerialTrack.Core.Serials;

internal static class SerialTemplateParser
{
    private static readonly string[] FieldAndDateNames = ["SKU", "CAT", "LOC", "YY", "YYYY", "MM", "DD", "WW", "DDD"];

    // Scope words that count per a value whether or not the template prints it, with the key name they share
    // with the matching token (so "product" and "SKU" give the same counter).
    private static readonly Dictionary<string, string> ScopeKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["product"] = "SKU",
        ["location"] = "LOC",
        ["day"] = "DAY",
        ["week"] = "WEEK",
        ["month"] = "MONTH",
        ["year"] = "YEAR",
    };

    public static List<TemplateToken> Parse(string template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            throw DomainException.BadInput("scheme.empty", "template", "Template is empty");
        }
        var tokens = new List<TemplateToken>();
        var literal = new StringBuilder();
        var literalStart = 0;

        void AddLiteral(char c, int index)
        {
            if (literal.Length == 0)
            {
                literalStart = index + 1;
            }
            literal.Append(c);
        }

        void FlushLiteral()
        {
            if (literal.Length > 0)
            {
                tokens.Add(new LiteralToken(literalStart, literal.ToString()));
                literal.Clear();
            }
        }

        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (char.IsControl(c))
            {
                throw DomainException.BadInput("scheme.control_character", "template",
                    $"Template has a control character at position {i + 1}");
            }
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                AddLiteral('{', i);
                i += 2;
            }
            else if (c == '{')
            {
                var close = template.IndexOf('}', i + 1);
                var nextOpen = template.IndexOf('{', i + 1);
                if (close < 0 || (nextOpen >= 0 && nextOpen < close))
                {
                    throw DomainException.BadInput("scheme.unclosed_brace", "template",
                        $"'{{' at position {i + 1} is not closed; write {{{{ for a literal brace");
                }
                FlushLiteral();
                tokens.Add(ParseToken(template[i..(close + 1)], i + 1, tokens));
                i = close + 1;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                AddLiteral('}', i);
                i += 2;
            }
            else if (c == '}')
            {
                throw DomainException.BadInput("scheme.unmatched_brace", "template",
                    $"'}}' at position {i + 1} has no matching '{{'; write }}}} for a literal brace");
            }
            else
            {
                AddLiteral(c, i);
                i++;
            }
        }
        FlushLiteral();
        CheckStructure(tokens);
        return tokens;
    }

    private static DomainException Bad(string code, string source, int position, string message) =>
        DomainException.BadInput(code, "template", $"Token {source} at position {position}: {message}");

    private static TemplateToken ParseToken(string source, int position, List<TemplateToken> before)
    {
        var body = source[1..^1];
        var colon = body.IndexOf(':', StringComparison.Ordinal);
        var name = (colon < 0 ? body : body[..colon]).Trim().ToUpperInvariant();
        var arg = colon < 0 ? null : body[(colon + 1)..];

        TemplateToken NoArgument(TemplateToken token) => arg is null
            ? token
            : throw Bad("scheme.bad_token", source, position, $"{name} takes no argument");

        return name switch
        {
            "SKU" => NoArgument(new FieldToken(position, source, FieldKind.Sku)),
            "CAT" => NoArgument(new FieldToken(position, source, FieldKind.Category)),
            "LOC" => NoArgument(new FieldToken(position, source, FieldKind.Location)),
            "YY" => NoArgument(new DateToken(position, source, DatePart.Year2)),
            "YYYY" => NoArgument(new DateToken(position, source, DatePart.Year4)),
            "MM" => NoArgument(new DateToken(position, source, DatePart.Month)),
            "DD" => NoArgument(new DateToken(position, source, DatePart.Day)),
            "WW" => NoArgument(new DateToken(position, source, DatePart.IsoWeek)),
            "DDD" => NoArgument(new DateToken(position, source, DatePart.DayOfYear)),
            "ATTR" => ParseAttribute(source, position, arg),
            "SEQ" => ParseSequence(source, position, arg, before),
            "RAND" => ParseRandom(source, position, arg),
            "CHECK" => ParseCheck(source, position, arg),
            "" => throw Bad("scheme.unknown_token", source, position, "empty token; write {{ for a literal brace"),
            _ => throw Bad("scheme.unknown_token", source, position,
                $"unknown token {name}; expected SKU, CAT, ATTR:name, LOC, YY, YYYY, MM, DD, WW, DDD, SEQ:width, RAND:n or CHECK:algorithm"),
        };
    }

    private static AttributeToken ParseAttribute(string source, int position, string? arg)
    {
        if (string.IsNullOrWhiteSpace(arg))
        {
            throw Bad("scheme.bad_token", source, position, "ATTR needs an attribute name, e.g. {ATTR:colour}");
        }
        var bar = arg.IndexOf('|', StringComparison.Ordinal);
        var attribute = (bar < 0 ? arg : arg[..bar]).Trim();
        if (attribute.Length == 0 || attribute.IndexOfAny([',', '=', '/', '@']) >= 0)
        {
            throw Bad("scheme.bad_token", source, position, $"attribute name '{attribute}' is empty or has one of , = / @");
        }
        if (bar < 0)
        {
            return new AttributeToken(position, source, attribute, null);
        }
        var codes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in arg[(bar + 1)..].Split(','))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var value = eq < 0 ? "" : entry[..eq].Trim();
            var code = eq < 0 ? "" : entry[(eq + 1)..].Trim();
            if (value.Length == 0 || code.Length == 0)
            {
                throw Bad("scheme.bad_mapping", source, position, $"mapping entry '{entry.Trim()}' must be value=code");
            }
            if (!codes.TryAdd(value, code))
            {
                throw Bad("scheme.bad_mapping", source, position, $"mapping lists value '{value}' twice");
            }
        }
        return new AttributeToken(position, source, attribute, codes);
    }

    private static SequenceToken ParseSequence(string source, int position, string? arg, List<TemplateToken> before)
    {
        if (string.IsNullOrWhiteSpace(arg))
        {
            throw Bad("scheme.bad_width", source, position, "SEQ needs a width, e.g. {SEQ:5}");
        }
        var slash = arg.IndexOf('/', StringComparison.Ordinal);
        var head = slash < 0 ? arg : arg[..slash];
        var at = head.IndexOf('@', StringComparison.Ordinal);
        var widthText = (at < 0 ? head : head[..at]).Trim();
        if (!int.TryParse(widthText, NumberStyles.None, CultureInfo.InvariantCulture, out var width))
        {
            throw Bad("scheme.bad_width", source, position, "width must be a number");
        }
        if (width is < 1 or > SequenceToken.MaxWidth)
        {
            throw Bad("scheme.bad_width", source, position, $"width must be between 1 and {SequenceToken.MaxWidth}");
        }
        var start = 1L;
        if (at >= 0)
        {
            if (!long.TryParse(head[(at + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out start))
            {
                throw Bad("scheme.bad_start", source, position, "start must be a number");
            }
        }
        var probe = new SequenceToken(position, source, width, start, []);
        if (start > probe.MaxValue)
        {
            throw Bad("scheme.bad_start", source, position, $"start {start} does not fit in {width} digits");
        }
        var scope = slash < 0 ? [] : ParseScope(source, position, arg[(slash + 1)..], before);
        return probe with { Scope = scope };
    }

    private static List<string> ParseScope(string source, int position, string text, List<TemplateToken> before)
    {
        var trimmed = text.Trim();
        if (!trimmed.StartsWith("per ", StringComparison.OrdinalIgnoreCase))
        {
            throw Bad("scheme.bad_scope", source, position, "scope must read '/per NAME,NAME', e.g. /per SKU,YY");
        }
        var words = trimmed[4..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            throw Bad("scheme.bad_scope", source, position, "scope names nothing; e.g. /per SKU,YY");
        }
        var names = new List<string>();
        var perScheme = false;
        foreach (var word in words)
        {
            string name;
            if (string.Equals(word, "scheme", StringComparison.OrdinalIgnoreCase))
            {
                perScheme = true;
                continue;
            }
            if (ScopeKeywords.TryGetValue(word, out var keywordName))
            {
                name = keywordName;
            }
            else
            {
                var colon = word.IndexOf(':', StringComparison.Ordinal);
                var head = (colon < 0 ? word : word[..colon]).Trim().ToUpperInvariant();
                if (head == "ATTR" && colon >= 0)
                {
                    name = "ATTR:" + word[(colon + 1)..].Trim();
                }
                else if (colon < 0 && FieldAndDateNames.Contains(head))
                {
                    name = head;
                }
                else
                {
                    throw Bad("scheme.bad_scope", source, position,
                        $"scope '{word}' is neither a token name nor one of scheme, product, location, day, week, month, year");
                }
                if (!before.Any(t => t is FieldToken or AttributeToken or DateToken && t.Name == name))
                {
                    throw Bad("scheme.bad_scope", source, position,
                        $"scope {name} must be a token that appears before the SEQ in the template "
                        + "(product, location, day, week, month or year count per value without printing it)");
                }
            }
            if (names.Contains(name))
            {
                throw Bad("scheme.bad_scope", source, position, $"scope names {name} twice (product means SKU, location means LOC)");
            }
            names.Add(name);
        }
        if (perScheme && names.Count > 0)
        {
            throw Bad("scheme.bad_scope", source, position, "scope 'scheme' means one counter for the whole scheme and cannot be combined");
        }
        // Sorted so the key does not change when someone reorders the words.
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    private static RandomToken ParseRandom(string source, int position, string? arg)
    {
        if (!int.TryParse(arg?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw Bad("scheme.bad_width", source, position, "length must be a number, e.g. {RAND:4}");
        }
        if (length is < 1 or > RandomToken.MaxLength)
        {
            throw Bad("scheme.bad_width", source, position, $"length must be between 1 and {RandomToken.MaxLength}");
        }
        return new RandomToken(position, source, length);
    }

    private static CheckToken ParseCheck(string source, int position, string? arg)
    {
        if (arg is null || !CheckCharacters.TryParse(arg, out var algorithm))
        {
            throw Bad("scheme.bad_algorithm", source, position,
                $"check algorithm must be one of {string.Join(", ", CheckCharacters.Names)}");
        }
        return new CheckToken(position, source, algorithm);
    }

    private static void CheckStructure(List<TemplateToken> tokens)
    {
        var sequences = tokens.OfType<SequenceToken>().ToList();
        if (sequences.Count > 1)
        {
            throw Bad("scheme.duplicate_sequence", sequences[1].Source, sequences[1].Position, "a template has at most one SEQ");
        }
        var checks = tokens.OfType<CheckToken>().ToList();
        if (checks.Count > 1)
        {
            throw Bad("scheme.duplicate_check", checks[1].Source, checks[1].Position, "a template has at most one CHECK");
        }
        if (checks.Count == 1 && tokens[^1] != checks[0])
        {
            throw Bad("scheme.check_not_last", checks[0].Source, checks[0].Position,
                "CHECK must end the template, since it covers everything before it");
        }
        // Two variable-length parts with only fixed-width parts between them could split in more
        // than one way when read back, so a literal separator must stand between them. A value ends at the
        // first character of the next literal (Format refuses values containing it), so fixed-width parts
        // standing between must not be able to print that character either.
        TemplateToken? variable = null;
        var fixedSince = new List<TemplateToken>();
        foreach (var token in tokens)
        {
            if (token is LiteralToken literal)
            {
                var clash = variable is null ? null : fixedSince.FirstOrDefault(t => CanPrint(t, literal.Text[0]));
                if (variable is not null && clash is not null)
                {
                    throw Bad("scheme.ambiguous", variable.Source, variable.Position,
                        $"ends where the text '{literal.Text}' starts, but {clash.Source} between them can also print '{literal.Text[0]}', "
                        + "so serials could not be read back; start the separator with another character");
                }
                variable = null;
            }
            else if (!token.IsFixedWidth)
            {
                if (variable is not null)
                {
                    throw Bad("scheme.ambiguous", token.Source, token.Position,
                        $"follows {variable.Source} with no literal text between them, so serials could not be read back; add a separator such as '-'");
                }
                variable = token;
                fixedSince.Clear();
            }
            else
            {
                fixedSince.Add(token);
            }
        }
    }

    private static bool CanPrint(TemplateToken token, char c) => token switch
    {
        DateToken or SequenceToken => char.IsAsciiDigit(c),
        RandomToken => CrockfordBase32.Alphabet.Contains(c, StringComparison.Ordinal),
        AttributeToken { Codes: { } codes } => codes.Values.Any(code => code.Contains(c, StringComparison.Ordinal)),
        _ => true,
    };
}

using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace SerialTrack.Core.Gs1;

public sealed partial class Gs1Dictionary
{
    private const string ResourceName = "SerialTrack.Core.Gs1.gs1-syntax-dictionary.txt";

    private static readonly Lazy<Gs1Dictionary> DefaultInstance =
        new(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, AiDefinition> _byAi;

    private Gs1Dictionary(Dictionary<string, AiDefinition> byAi)
    {
        _byAi = byAi;
        Definitions = [.. byAi.Values.OrderBy(d => d.Ai, StringComparer.Ordinal)];
    }

    public static Gs1Dictionary Default => DefaultInstance.Value;

    public IReadOnlyList<AiDefinition> Definitions { get; }

    public int Count => _byAi.Count;

    public bool TryGet(string ai, [NotNullWhen(true)] out AiDefinition? definition) =>
        _byAi.TryGetValue(ai, out definition);

    public AiDefinition Get(string ai) =>
        TryGet(ai, out var definition)
            ? definition
            : throw new Gs1Exception(Gs1Error.For(Gs1ErrorCodes.UnknownAi, ai, null, "unknown Application Identifier"));

    // AIs are 2 to 4 digits and the AI table is prefix-free (GS1 General Specifications §3.2),
    // so the shortest prefix the dictionary knows is the AI.
    public bool TryMatchAi(ReadOnlySpan<char> data, [NotNullWhen(true)] out AiDefinition? definition)
    {
        for (var length = 2; length <= 4 && length <= data.Length; length++)
        {
            var candidate = data[..length];
            if (!IsAllDigits(candidate))
            {
                break;
            }

            if (_byAi.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(candidate, out definition))
            {
                return true;
            }
        }

        definition = null;
        return false;
    }

    public static Gs1Dictionary Load(TextReader reader)
    {
        var byAi = new Dictionary<string, AiDefinition>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            foreach (var definition in ParseEntry(trimmed, lineNumber))
            {
                byAi[definition.Ai] = definition;
            }
        }

        return new Gs1Dictionary(byAi);
    }

    private static Gs1Dictionary LoadDefault()
    {
        using var stream = typeof(Gs1Dictionary).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Load(reader);
    }

    private static IEnumerable<AiDefinition> ParseEntry(string line, int lineNumber)
    {
        var hash = line.IndexOf('#');
        var title = hash >= 0 ? line[(hash + 1)..].Trim() : "";
        var body = hash >= 0 ? line[..hash] : line;
        var tokens = body.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2)
        {
            throw new FormatException($"Syntax dictionary line {lineNumber}: expected AI and specification.");
        }

        var index = 1;
        var flags = "";
        if (FlagsPattern().IsMatch(tokens[index]))
        {
            flags = tokens[index++];
        }

        var components = new List<AiComponent>();
        while (index < tokens.Length && ComponentPattern().Match(tokens[index]) is { Success: true } match)
        {
            components.Add(ParseComponent(match));
            index++;
        }

        if (components.Count == 0)
        {
            throw new FormatException($"Syntax dictionary line {lineNumber}: no specification components.");
        }

        var requisites = new List<AiRequisite>();
        var exclusions = new List<string>();
        var isPrimaryKey = false;
        var qualifierSequences = new List<IReadOnlyList<string>>();
        for (; index < tokens.Length; index++)
        {
            var (key, value) = tokens[index].Split('=', 2) switch
            {
                [var k, var v] => (k, v),
                [var k] => (k, ""),
                _ => ("", ""),
            };
            switch (key)
            {
                case "req":
                    requisites.Add(new AiRequisite(
                        [.. value.Split(',').Select(alt => (IReadOnlyList<string>)alt.Split('+'))]));
                    break;
                case "ex":
                    exclusions.AddRange(value.Split(','));
                    break;
                case "dlpkey":
                    isPrimaryKey = true;
                    if (value.Length > 0)
                    {
                        qualifierSequences.AddRange(value.Split('|').Select(seq => (IReadOnlyList<string>)seq.Split(',')));
                    }

                    break;
                default:
                    // Keys this version does not know (e.g. future "dlattr" forms) are ignored on purpose:
                    // the dictionary header reserves them for new processing hints.
                    break;
            }
        }

        foreach (var ai in ExpandRange(tokens[0], lineNumber))
        {
            yield return new AiDefinition(
                ai,
                title,
                PredefinedLength: flags.Contains('*'),
                DigitalLinkAttribute: flags.Contains('?'),
                components,
                requisites,
                exclusions,
                isPrimaryKey,
                qualifierSequences);
        }
    }

    private static AiComponent ParseComponent(Match match)
    {
        var optional = match.Groups["open"].Success;
        var charset = match.Groups["type"].Value switch
        {
            "N" => Gs1CharacterSet.Numeric,
            "X" => Gs1CharacterSet.Cset82,
            "Y" => Gs1CharacterSet.Cset39,
            _ => Gs1CharacterSet.Base64Url,
        };
        int min, max;
        if (match.Groups["range"].Success)
        {
            min = match.Groups["min"].Success ? int.Parse(match.Groups["min"].Value) : 1;
            max = int.Parse(match.Groups["max"].Value);
        }
        else
        {
            min = max = int.Parse(match.Groups["min"].Value);
        }

        var linters = match.Groups["linters"].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new AiComponent(charset, min, max, optional, linters);
    }

    private static IEnumerable<string> ExpandRange(string ais, int lineNumber)
    {
        var parts = ais.Split('-');
        if (parts.Length == 1 && IsAiToken(parts[0]))
        {
            return [parts[0]];
        }

        if (parts.Length == 2 && IsAiToken(parts[0]) && IsAiToken(parts[1]) && parts[0].Length == parts[1].Length)
        {
            var width = parts[0].Length;
            var first = int.Parse(parts[0]);
            var last = int.Parse(parts[1]);
            return Enumerable.Range(first, last - first + 1).Select(n => n.ToString().PadLeft(width, '0'));
        }

        throw new FormatException($"Syntax dictionary line {lineNumber}: bad AI or AI range '{ais}'.");
    }

    private static bool IsAiToken(string s) => s.Length is >= 2 and <= 4 && IsAllDigits(s);

    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return s.Length > 0;
    }

    [GeneratedRegex("""^[*!?"$%&'()+,\-./:;<=>@\[\\\]^_`{|}~]+$""")]
    private static partial Regex FlagsPattern();

    [GeneratedRegex(@"^(?<open>\[)?(?<type>[NXYZ])(?<min>\d+)?(?<range>\.\.(?<max>\d+))?(?(open)\])(?<linters>(,[a-z0-9]+)*)$")]
    private static partial Regex ComponentPattern();
}

namespace SerialTrack.Core.Gs1;

internal static class Gs1Validator
{
    public static Gs1Error? ValidateElement(AiDefinition definition, string value, int? position)
    {
        var ai = definition.Ai;
        if (value.Length == 0)
        {
            return Gs1Error.For(Gs1ErrorCodes.Length, ai, position, "value is empty");
        }

        if (value.Length > definition.MaxLength || value.Length < definition.MinLength)
        {
            var reason = definition.IsFixedLength
                ? $"value must be {definition.MaxLength} characters long, not {value.Length}"
                : value.Length > definition.MaxLength
                    ? $"value is {value.Length} characters long, at most {definition.MaxLength} allowed"
                    : $"value is {value.Length} characters long, at least {definition.MinLength} required";
            return Gs1Error.For(Gs1ErrorCodes.Length, ai, position, reason);
        }

        var offset = 0;
        foreach (var component in definition.Components)
        {
            var remaining = value.Length - offset;
            if (remaining == 0 && component.Optional)
            {
                break;
            }

            var take = Math.Min(remaining, component.MaxLength);
            if (take < component.MinLength)
            {
                return Gs1Error.For(Gs1ErrorCodes.Length, ai, position,
                    $"component at offset {offset} must be at least {component.MinLength} characters long, not {take}");
            }

            var part = value.Substring(offset, take);
            var bad = Gs1CharacterSets.FindInvalid(part, component.CharacterSet);
            if (bad >= 0)
            {
                return Gs1Error.For(Gs1ErrorCodes.Charset, ai, position,
                    $"character '{Printable(part[bad])}' at offset {offset + bad} of the value is not allowed ({Gs1CharacterSets.Describe(component.CharacterSet)})");
            }

            foreach (var linter in component.Linters)
            {
                if (Gs1Linters.Run(linter, part) is { } failure)
                {
                    return Gs1Error.For(failure.Code, ai, position, failure.Reason);
                }
            }

            offset += take;
        }

        return offset < value.Length
            ? Gs1Error.For(Gs1ErrorCodes.Length, ai, position, $"value is {value.Length} characters long, at most {offset} allowed")
            : null;
    }

    public static Gs1Error? ValidateMessage(IReadOnlyList<Gs1Element> elements, IReadOnlyList<int?> positions)
    {
        var dictionary = Gs1Dictionary.Default;
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var (ai, value) = elements[i];
            if (seen.TryGetValue(ai, out var earlier) && earlier != value)
            {
                return Gs1Error.For(Gs1ErrorCodes.DuplicateAi, ai, positions[i],
                    $"appears twice with different values ('{earlier}' and '{value}')");
            }

            seen.TryAdd(ai, value);
        }

        for (var i = 0; i < elements.Count; i++)
        {
            var definition = dictionary.Get(elements[i].Ai);

            // Syntax Dictionary header: "ex=" lists AIs or patterns that may not appear with this AI;
            // an AI is not exclusive of itself even if it matches a pattern.
            foreach (var pattern in definition.Exclusions)
            {
                var clash = seen.Keys.FirstOrDefault(other => other != definition.Ai && Matches(pattern, other));
                if (clash is not null)
                {
                    return Gs1Error.For(Gs1ErrorCodes.ExclusivePair, definition.Ai, positions[i],
                        $"must not appear together with ({clash})");
                }
            }
        }

        // Exclusions are checked first: a forbidden pairing is the more basic fault than a missing partner.
        for (var i = 0; i < elements.Count; i++)
        {
            var definition = dictionary.Get(elements[i].Ai);

            // Each "req=" attribute is applied on its own; one of its alternatives must be fully present,
            // "+" joining AIs that must appear together.
            foreach (var requisite in definition.Requisites)
            {
                var satisfied = requisite.Alternatives.Any(alternative =>
                    alternative.All(pattern => seen.Keys.Any(other => Matches(pattern, other))));
                if (!satisfied)
                {
                    return Gs1Error.For(Gs1ErrorCodes.RequisiteMissing, definition.Ai, positions[i],
                        $"requires {requisite} in the same message");
                }
            }
        }

        return null;
    }

    // "n" in a pattern stands for any digit, e.g. "35nn" or "394n".
    public static bool Matches(string pattern, string ai)
    {
        if (pattern.Length != ai.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != 'n' && pattern[i] != ai[i])
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(char c) => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString();
}

namespace SerialTrack.Core.Gs1;

public static class Gs1CharacterSets
{
    // GS1 General Specifications §7.11 Figure 7.11-1, in table order: the index is the
    // character's value for the AI (8013) check character pair.
    public const string Cset82 =
        "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    // GS1 General Specifications §7.11 Figure 7.11-2.
    public const string Cset39 = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // GS1 General Specifications §7.11 Figure 7.11-3: RFC 4648 base64url, "=" only as trailing padding.
    public const string Cset64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static int FindInvalid(ReadOnlySpan<char> value, Gs1CharacterSet set)
    {
        switch (set)
        {
            case Gs1CharacterSet.Numeric:
                for (var i = 0; i < value.Length; i++)
                {
                    if (!char.IsAsciiDigit(value[i]))
                    {
                        return i;
                    }
                }

                return -1;
            case Gs1CharacterSet.Cset82:
                return IndexOfNotIn(value, Cset82);
            case Gs1CharacterSet.Cset39:
                return IndexOfNotIn(value, Cset39);
            default:
                var padding = value.Length - value.TrimEnd('=').Length;
                if (padding > 2)
                {
                    return value.Length - padding;
                }

                return IndexOfNotIn(value[..^padding], Cset64);
        }
    }

    public static string Describe(Gs1CharacterSet set) => set switch
    {
        Gs1CharacterSet.Numeric => "digits only",
        Gs1CharacterSet.Cset82 => "GS1 AI encodable character set 82",
        Gs1CharacterSet.Cset39 => "GS1 AI encodable character set 39",
        _ => "base64url (character set 64)",
    };

    private static int IndexOfNotIn(ReadOnlySpan<char> value, string allowed)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (!allowed.Contains(value[i]))
            {
                return i;
            }
        }

        return -1;
    }
}

namespace SerialTrack.Core.Gs1;

public static class Gs1ErrorCodes
{
    public const string CheckDigit = "gs1.check_digit";
    public const string UnknownAi = "gs1.unknown_ai";
    public const string Length = "gs1.length";
    public const string Charset = "gs1.charset";
    public const string Date = "gs1.date";
    public const string Content = "gs1.content";
    public const string RequisiteMissing = "gs1.requisite_missing";
    public const string ExclusivePair = "gs1.exclusive_pair";
    public const string DuplicateAi = "gs1.duplicate_ai";
    public const string Syntax = "gs1.syntax";
    public const string DigitalLink = "gs1.digital_link";
    public const string EpcUrn = "gs1.epc_urn";
    public const string CompanyPrefix = "gs1.company_prefix";
}

public sealed record Gs1Error(string Code, string? Ai, int? Position, string Message)
{
    // Builds the message in one shape everywhere: "AI (01) at position 0: <reason>".
    public static Gs1Error For(string code, string? ai, int? position, string reason)
    {
        var where = (ai, position) switch
        {
            (not null, not null) => $"AI ({ai}) at position {position}: ",
            (not null, null) => $"AI ({ai}): ",
            (null, not null) => $"At position {position}: ",
            _ => "",
        };
        return new Gs1Error(code, ai, position, where + reason);
    }

    public override string ToString() => $"{Code}: {Message}";
}

public sealed class Gs1Exception(Gs1Error error) : Exception(error.Message)
{
    public Gs1Error Error { get; } = error;
}

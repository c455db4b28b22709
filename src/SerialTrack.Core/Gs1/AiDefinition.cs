namespace SerialTrack.Core.Gs1;

public enum Gs1CharacterSet
{
    Numeric,
    Cset82,
    Cset39,
    Base64Url,
}

public sealed record AiComponent(
    Gs1CharacterSet CharacterSet,
    int MinLength,
    int MaxLength,
    bool Optional,
    IReadOnlyList<string> Linters)
{
    public bool IsFixedLength => MinLength == MaxLength;
}

// One "req=" attribute: satisfied when any alternative has all of its AI patterns present.
public sealed record AiRequisite(IReadOnlyList<IReadOnlyList<string>> Alternatives)
{
    public override string ToString() =>
        string.Join(" or ", Alternatives.Select(a => string.Concat(a.Select(p => $"({p})"))));
}

public sealed record AiDefinition(
    string Ai,
    string Title,
    bool PredefinedLength,
    bool DigitalLinkAttribute,
    IReadOnlyList<AiComponent> Components,
    IReadOnlyList<AiRequisite> Requisites,
    IReadOnlyList<string> Exclusions,
    bool IsDigitalLinkPrimaryKey,
    IReadOnlyList<IReadOnlyList<string>> DigitalLinkQualifierSequences)
{
    // GS1 General Specifications §7.8.5: only the predefined-length AIs may be followed
    // directly by the next AI; every other AI needs FNC1 unless it ends the message.
    public bool RequiresFnc1 => !PredefinedLength;

    public int MinLength => Components.Where(c => !c.Optional).Sum(c => c.MinLength);

    public int MaxLength => Components.Sum(c => c.MaxLength);

    public bool IsFixedLength => MinLength == MaxLength;

    public IEnumerable<string> AllLinters => Components.SelectMany(c => c.Linters).Distinct();
}

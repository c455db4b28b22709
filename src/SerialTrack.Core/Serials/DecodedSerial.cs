namespace SerialTrack.Core.Serials;

public sealed record DecodedPart(string TokenName, string Text, string Meaning);

// CheckCharacterValid is null when the scheme has no CHECK; ExpectedCheckCharacter is then null too.
public sealed record DecodedSerial(
    string Serial,
    IReadOnlyList<DecodedPart> Parts,
    long? Sequence,
    bool? CheckCharacterValid,
    string? ExpectedCheckCharacter)
{
    public DecodedPart? Part(string tokenName) =>
        Parts.FirstOrDefault(p => string.Equals(p.TokenName, tokenName, StringComparison.OrdinalIgnoreCase));
}

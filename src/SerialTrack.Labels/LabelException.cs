namespace SerialTrack.Labels;

// One exception type for every refusal so callers (API, CLI) can map Code to a stable error
// and Field to the offending template element or data key.
public sealed class LabelException(string code, string message, string? field = null) : Exception(message)
{
    public string Code { get; } = code;
    public string? Field { get; } = field;
}

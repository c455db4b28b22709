namespace SerialTrack.Core;

// What kind of answer a broken rule deserves; the API maps each kind to one HTTP status in one place.
public enum ErrorKind
{
    BadInput,     // 400: the request itself is malformed; Field names what
    NotFound,     // 404
    Conflict,     // 409: current state changed or an identifier is taken
    RuleBroken,   // 422: well-formed, but a business rule refuses it
    Forbidden,    // 403
    TooMany,      // 429: a limit on what one caller may hold at once
}

// Services throw this; nothing catches it between the service and the edge (API, CLI, page).
public sealed class DomainException(string code, string message, string? field = null, ErrorKind kind = ErrorKind.RuleBroken)
    : Exception(message)
{
    public string Code { get; } = code;
    public string? Field { get; } = field;
    public ErrorKind Kind { get; } = kind;

    public static DomainException BadInput(string code, string field, string message) => new(code, message, field, ErrorKind.BadInput);
    public static DomainException NotFound(string code, string message, string? field = null) => new(code, message, field, ErrorKind.NotFound);
    public static DomainException Conflict(string code, string message, string? field = null) => new(code, message, field, ErrorKind.Conflict);
    public static DomainException Rule(string code, string message, string? field = null) => new(code, message, field, ErrorKind.RuleBroken);
}

namespace SerialTrack.Core.Gs1;

// GS1 keys typed into a form field: a GS1 error becomes a bad-input error that names the field,
// with a code of the key's kind ("gtin.check_digit", "gln.length").
public static class Gs1Fields
{
    public static Gtin Gtin(string text, string field) =>
        Gs1.Gtin.TryParse(text, out var gtin, out var error) ? gtin : throw Refuse("gtin", field, error);

    public static Gln Gln(string text, string field) =>
        Gs1.Gln.TryParse(text, out var gln, out var error) ? gln : throw Refuse("gln", field, error);

    public static Sscc Sscc(string text, string field) =>
        Gs1.Sscc.TryParse(text, out var sscc, out var error) ? sscc : throw Refuse("sscc", field, error);

    static DomainException Refuse(string kind, string field, Gs1Error error) =>
        DomainException.BadInput($"{kind}.{error.Code.Replace("gs1.", "", StringComparison.Ordinal)}", field, WithoutPosition(error.Message) + ".");

    // In a form field the AI and position of the key are noise: "GTIN check digit should be 2, not 3".
    static string WithoutPosition(string message) =>
        message.StartsWith("AI (", StringComparison.Ordinal) && message.IndexOf(": ", StringComparison.Ordinal) is var i and > 0 ? message[(i + 2)..] : message;
}

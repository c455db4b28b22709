namespace SerialTrack.Core;

// Checks for text fields arriving from any edge; each error names the field.
public static class Text
{
    public static string Required(string? value, string field, int maxLength)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v))
        {
            throw DomainException.BadInput("field.required", field, $"{field} is required.");
        }
        return Check(v, field, maxLength);
    }

    // Enum values as the API, CSV files and screens show them: OnHold -> on_hold.
    public static string Snake<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static string? Optional(string? value, string field, int maxLength)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) ? null : Check(v, field, maxLength);
    }

    // Codes (SKU, location code, serial, lot) are typed and scanned: no spaces or control characters.
    public static string RequiredCode(string? value, string field, int maxLength)
    {
        var v = Required(value, field, maxLength);
        foreach (var c in v)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                throw DomainException.BadInput("field.invalid_code", field, $"{field} '{v}' must not contain spaces or control characters.");
            }
        }
        return v;
    }

    static string Check(string v, string field, int maxLength)
    {
        if (v.Length > maxLength)
        {
            throw DomainException.BadInput("field.too_long", field, $"{field} is {v.Length} characters long; at most {maxLength} are allowed.");
        }
        foreach (var c in v)
        {
            if (char.IsControl(c) && c is not '\n' and not '\r' and not '\t')
            {
                throw DomainException.BadInput("field.control_character", field, $"{field} contains a control character.");
            }
        }
        return v;
    }
}

namespace SerialTrack.Api;

// Keyset paging by id: stable under inserts, cheap at any depth. `next` is the URL of the next page.
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static int Limit(int? limit) => limit is null ? DefaultLimit : Math.Clamp(limit.Value, 1, MaxLimit);

    public static Page<T> Of<T>(List<T> rows, int limit, Func<T, long> id, HttpRequest request)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }
        rows.RemoveAt(rows.Count - 1);
        var query = request.Query.Where(q => q.Key is not "after").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var next = $"{request.Path}?{string.Join("&", query.Append($"after={id(rows[^1])}"))}";
        request.HttpContext.Response.Headers.Append("Link", $"<{next}>; rel=\"next\"");
        return new Page<T>(rows, next);
    }
}

// Query-string enums in the same snake_case words the JSON answers use ("at_customer", "moved").
public static class EnumQuery
{
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var compact = value.Replace("_", "", StringComparison.Ordinal);
        if (!int.TryParse(compact, out _) && Enum.TryParse<T>(compact, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            return parsed;
        }
        var allowed = string.Join(", ", Enum.GetNames<T>().Select(n => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(n)));
        throw Core.DomainException.BadInput("query.invalid", field, $"{field} '{value}' is not one of: {allowed}.");
    }
}

using System.Globalization;
using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;
using SerialTrack.Core;

namespace SerialTrack.Pages;

// Page numbers (not keyset) because people jump between a few pages of a filtered list; the API keeps keyset paging.
public sealed record Pager(int PageNumber, bool HasNext)
{
    public const int Size = 50;

    public static int Skip(int page) => (Math.Max(page, 1) - 1) * Size;

    // Fetch Size + 1 rows; the extra one only says there is a next page.
    public static Pager Of<T>(List<T> rows, int page)
    {
        var hasNext = rows.Count > Size;
        if (hasNext)
        {
            rows.RemoveAt(rows.Count - 1);
        }
        return new Pager(Math.Max(page, 1), hasNext);
    }

    public string Link(HttpRequest request, int page)
    {
        var query = request.Query.Where(q => q.Key != "p").ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query["p"] = page.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(request.Path, query);
    }
}

public static class Show
{
    // "OnHold" -> "On hold"
    public static string Words<T>(T value) where T : struct, Enum
    {
        var name = value.ToString();
        var s = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            s.Append(i > 0 && char.IsUpper(name[i]) ? " " + char.ToLowerInvariant(name[i]) : name[i]);
        }
        return s.ToString();
    }

    // Events keep the offset where they happened (EPCIS eventTimeZoneOffset): show the time as it was there.
    public static string Time(DateTimeOffset time, string offset) => Time(AtOffset(time, offset));

    public static DateTimeOffset AtOffset(DateTimeOffset time, string offset) =>
        TimeSpan.TryParse(offset.TrimStart('+'), CultureInfo.InvariantCulture, out var span) ? time.ToOffset(span) : time;

    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? time) => time is { } t ? Time(t) : "";

    public static string Quantity(decimal q) => q.ToString("0.######", CultureInfo.InvariantCulture);
}

public static class FormErrors
{
    // A service names the field it refuses in the API's words ("gtin", "warrantyMonths", "attributes.colour", "units[2]");
    // the message goes beside the form field of that name, or above the form when no field matches.
    public static void Add(ModelStateDictionary modelState, DomainException e, string prefix, Type form)
    {
        var name = e.Field?.Split('.', '[')[0];
        var property = name is null ? null : form.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        modelState.AddModelError(property is null ? "" : $"{prefix}.{property.Name}", e.Message);
    }
}

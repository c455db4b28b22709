using System.Globalization;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Pages.Groups;

// The group builder's fields as they travel in the query string (so a filter's URL can be shared), and
// their translation to and from a GroupFilter. Lists are comma-separated; pairs are "key=value; key=value".
public sealed class GroupForm
{
    public string? Products { get; set; }
    public string? Category { get; set; }
    public string? Attributes { get; set; }
    public string? Location { get; set; }
    public List<UnitStatus> Statuses { get; set; } = [];
    public List<Stage> Stages { get; set; } = [];
    public string? Lots { get; set; }
    public DateOnly? ExpiresFrom { get; set; }
    public DateOnly? ExpiresTo { get; set; }
    public DateOnly? CreatedFrom { get; set; }
    public DateOnly? CreatedTo { get; set; }
    public DateOnly? ProducedFrom { get; set; }
    public DateOnly? ProducedTo { get; set; }
    public string? Supplier { get; set; }
    public string? Customer { get; set; }
    public string? Serial { get; set; }
    public string? Decoded { get; set; }
    public string? Tags { get; set; }
    public bool IncludeArchived { get; set; }

    public bool IsEmpty => ToFilter() == new GroupFilter();

    public GroupFilter ToFilter() => new()
    {
        Products = List(Products),
        Category = Blank(Category),
        Attributes = Pairs(Attributes),
        Location = Blank(Location),
        Statuses = Statuses.Count == 0 ? null : Statuses,
        Stages = Stages.Count == 0 ? null : Stages,
        Lots = List(Lots),
        ExpiresFrom = ExpiresFrom,
        ExpiresTo = ExpiresTo,
        CreatedFrom = CreatedFrom,
        CreatedTo = CreatedTo,
        ProducedFrom = ProducedFrom,
        ProducedTo = ProducedTo,
        Supplier = Blank(Supplier),
        Customer = Blank(Customer),
        Serial = Blank(Serial),
        Decoded = Pairs(Decoded),
        Tags = List(Tags),
        IncludeArchived = IncludeArchived,
    };

    public static GroupForm From(GroupFilter f) => new()
    {
        Products = Join(f.Products),
        Category = f.Category,
        Attributes = JoinPairs(f.Attributes),
        Location = f.Location,
        Statuses = [.. f.Statuses ?? []],
        Stages = [.. f.Stages ?? []],
        Lots = Join(f.Lots),
        ExpiresFrom = f.ExpiresFrom,
        ExpiresTo = f.ExpiresTo,
        CreatedFrom = f.CreatedFrom,
        CreatedTo = f.CreatedTo,
        ProducedFrom = f.ProducedFrom,
        ProducedTo = f.ProducedTo,
        Supplier = f.Supplier,
        Customer = f.Customer,
        Serial = f.Serial,
        Decoded = JoinPairs(f.Decoded),
        Tags = Join(f.Tags),
        IncludeArchived = f.IncludeArchived,
    };

    // The query string of this filter, for links (CSV, next page, share).
    public string Query()
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }
        string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Add("Form.Products", Products);
        Add("Form.Category", Category);
        Add("Form.Attributes", Attributes);
        Add("Form.Location", Location);
        Statuses.ForEach(s => Add("Form.Statuses", s.ToString()));
        Stages.ForEach(s => Add("Form.Stages", s.ToString()));
        Add("Form.Lots", Lots);
        Add("Form.ExpiresFrom", Day(ExpiresFrom));
        Add("Form.ExpiresTo", Day(ExpiresTo));
        Add("Form.CreatedFrom", Day(CreatedFrom));
        Add("Form.CreatedTo", Day(CreatedTo));
        Add("Form.ProducedFrom", Day(ProducedFrom));
        Add("Form.ProducedTo", Day(ProducedTo));
        Add("Form.Supplier", Supplier);
        Add("Form.Customer", Customer);
        Add("Form.Serial", Serial);
        Add("Form.Decoded", Decoded);
        Add("Form.Tags", Tags);
        Add("Form.IncludeArchived", IncludeArchived ? "true" : null);
        return string.Join("&", parts);
    }

    static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    static List<string>? List(string? s) =>
        s?.Split([',', ';', '\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } items ? [.. items] : null;

    static Dictionary<string, string>? Pairs(string? s)
    {
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in (s ?? "").Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                pairs[item[..eq].Trim()] = item[(eq + 1)..].Trim();
            }
        }
        return pairs.Count == 0 ? null : pairs;
    }

    static string? Join(IReadOnlyList<string>? items) => items is { Count: > 0 } ? string.Join(", ", items) : null;

    static string? JoinPairs(IReadOnlyDictionary<string, string>? pairs) =>
        pairs is { Count: > 0 } ? string.Join("; ", pairs.Select(kv => $"{kv.Key}={kv.Value}")) : null;
}

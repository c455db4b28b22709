using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Api;
using SerialTrack.Core;
using SerialTrack.Core.History;

namespace SerialTrack.Pages.History;

// History search: a GET form, so a search is a URL to bookmark or send. The same names as the API's
// query string, so the CSV link is the API's with the same filters.
public sealed class IndexModel(HistorySearch search) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Identifier { get; set; }
    [BindProperty(SupportsGet = true)] public string? Product { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Serial { get; set; }
    [BindProperty(SupportsGet = true)] public string? Lot { get; set; }
    [BindProperty(SupportsGet = true)] public string? Location { get; set; }
    [BindProperty(SupportsGet = true)] public string? Party { get; set; }
    [BindProperty(SupportsGet = true)] public string? Type { get; set; }
    [BindProperty(SupportsGet = true)] public string? BizStep { get; set; }
    [BindProperty(SupportsGet = true)] public string? Disposition { get; set; }
    [BindProperty(SupportsGet = true)] public string? Order { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }

    // Whole days in the form; To includes its day.
    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    public bool Searched { get; private set; }
    public IReadOnlyList<HistoryRow> Rows { get; private set; } = [];
    public string? NextUrl { get; private set; }
    public string CsvUrl { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filters = Filters().ToList();
        CsvUrl = "/api/v1/history.csv" + QueryString(filters);
        if (filters.Count == 0)
        {
            return;
        }
        Searched = true;
        try
        {
            var query = new HistoryQuery(Product, Category, Serial, Lot, Identifier, Location, Party, HistoryParams.Types(Type), BizStep, Disposition,
                Order, Actor, FromTime, ToTime, Text, After);
            var page = await search.SearchAsync(query, ct);
            Rows = page.Rows;
            if (page.Next is { } next)
            {
                NextUrl = "/history" + QueryString([.. Request.Query.Where(q => q.Key != "after").Select(q => (q.Key, q.Value.ToString())), ("after", next.ToString(CultureInfo.InvariantCulture))]);
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(FieldOf(e.Field), e.Message);
        }
    }

    DateTimeOffset? FromTime => From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    DateTimeOffset? ToTime => To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;

    // The filters as the API takes them: times in full, To exclusive.
    IEnumerable<(string Key, string Value)> Filters()
    {
        (string, string?)[] all =
        [
            ("identifier", Identifier), ("product", Product), ("category", Category), ("serial", Serial), ("lot", Lot), ("location", Location),
            ("party", Party), ("type", Type), ("bizStep", BizStep), ("disposition", Disposition), ("order", Order), ("actor", Actor),
            ("from", FromTime?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)),
            ("to", ToTime?.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)), ("text", Text),
        ];
        return all.Where(x => !string.IsNullOrWhiteSpace(x.Item2)).Select(x => (x.Item1, x.Item2!.Trim()));
    }

    static string QueryString(IEnumerable<(string Key, string Value)> pairs)
    {
        var s = string.Join("&", pairs.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        return s.Length == 0 ? "" : "?" + s;
    }

    static string FieldOf(string? field) => field switch
    {
        null => "",
        "bizStep" => nameof(BizStep),
        _ => char.ToUpperInvariant(field[0]) + field[1..],
    };
}

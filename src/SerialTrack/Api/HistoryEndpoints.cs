using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.History;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class HistoryEndpoints
{
    public static void MapHistory(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("History");
        g.MapGet("/history", Search);
        g.MapGet("/history.csv", SearchCsv);
        g.MapGet("/exports/fsma204.csv", Fsma204);
        g.MapPost("/units/{id:long}/archive", Archive).RequireAuthorization(Auth.Operator);
        g.MapPost("/units/{id:long}/unarchive", Unarchive).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<Page<HistoryRow>>> Search([AsParameters] HistoryParams p, HistorySearch search, HttpRequest request, CancellationToken ct)
    {
        var page = await search.SearchAsync(p.ToQuery(), ct);
        return TypedResults.Ok(new Page<HistoryRow>(page.Rows, page.Next is { } next ? NextUrl(request, next) : null));
    }

    static async Task<PushStreamHttpResult> SearchCsv([AsParameters] HistoryParams p, HistorySearch search, CancellationToken ct) =>
        await CsvAsync(search.AllAsync(p.ToQuery(), ct), "history.csv", (w, rows) => HistoryCsv.WriteHistoryAsync(w, rows, null, ct));

    static async Task<PushStreamHttpResult> Fsma204(string? lot, string? product, DateTimeOffset? from, DateTimeOffset? to, TraceabilityExport export, CancellationToken ct) =>
        await CsvAsync(export.RowsAsync(new TraceabilityQuery(lot, product, from, to), ct), lot is { Length: > 0 } ? $"fsma204-{lot}.csv" : "fsma204.csv",
            (w, rows) => HistoryCsv.WriteFsma204Async(w, rows, ct));

    static async Task<NoContent> Archive(long id, Archiving archiving, CancellationToken ct)
    {
        await archiving.ArchiveAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Unarchive(long id, Archiving archiving, CancellationToken ct)
    {
        await archiving.UnarchiveAsync(id, ct);
        return TypedResults.NoContent();
    }

    // The first row is read before the answer starts, so that a bad filter still gets its problem+json
    // (400/404 naming the field) instead of a half-written 200.
    static async Task<PushStreamHttpResult> CsvAsync<T>(IAsyncEnumerable<T> rows, string fileName, Func<TextWriter, IAsyncEnumerable<T>, Task<int>> write)
    {
        var e = rows.GetAsyncEnumerator();
        bool any;
        try
        {
            any = await e.MoveNextAsync();
        }
        catch
        {
            await e.DisposeAsync();
            throw;
        }
        return TypedResults.Stream(async stream =>
        {
            await using (e)
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                await write(writer, Rest(e, any));
            }
        }, "text/csv; charset=utf-8", fileName);
    }

    static async IAsyncEnumerable<T> Rest<T>(IAsyncEnumerator<T> e, bool any)
    {
        if (!any)
        {
            yield break;
        }
        do
        {
            yield return e.Current;
        }
        while (await e.MoveNextAsync());
    }

    static string NextUrl(HttpRequest request, long next)
    {
        var query = request.Query.Where(q => q.Key is not "after").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var url = $"{request.Path}?{string.Join("&", query.Append($"after={next}"))}";
        request.HttpContext.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
        return url;
    }
}

// The query string of a history search: the filters of HistoryQuery, with `type` a comma-separated list
// of event types ("moved,shipped") and `serial`/`lot` prefixes ending in '*'.
public sealed record HistoryParams(string? Product, string? Category, string? Serial, string? Lot, string? Identifier, string? Location, string? Party,
    string? Type, string? BizStep, string? Disposition, string? Order, string? Actor, DateTimeOffset? From, DateTimeOffset? To, string? Text,
    long? After, int? Limit)
{
    public HistoryQuery ToQuery() => new(Product, Category, Serial, Lot, Identifier, Location, Party, Types(Type), BizStep, Disposition, Order, Actor,
        From, To, Text, After, Paging.Limit(Limit));

    public static List<EventType>? Types(string? list) => string.IsNullOrWhiteSpace(list) ? null
        : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => EnumQuery.Parse<EventType>(t, "type")!.Value)];
}

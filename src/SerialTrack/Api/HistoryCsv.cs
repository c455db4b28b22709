using System.Globalization;
using CsvHelper;
using SerialTrack.Core.History;

namespace SerialTrack.Api;

// The CSV forms of history search and of the FSMA 204 export, shared by the API and the CLI. CsvHelper
// quotes what needs quoting (commas, quotes, line breaks in notes); times are ISO 8601 with the offset of
// the place the event happened.
public static class HistoryCsv
{
    public static async Task<int> WriteHistoryAsync(TextWriter output, IAsyncEnumerable<HistoryRow> rows, Action<int>? progress, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[] { "event_id", "time", "type", "biz_step", "disposition", "location", "actor", "order", "order_kind", "source", "destination", "reason_code", "reason", "notes", "object_count", "objects" })
        {
            csv.WriteField(h);
        }
        await csv.NextRecordAsync();
        var n = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.Id);
            csv.WriteField(Time(r.Time, r.Offset));
            csv.WriteField(Snake(r.Type.ToString()));
            csv.WriteField(r.BizStep);
            csv.WriteField(r.Disposition);
            csv.WriteField(r.Location);
            csv.WriteField(r.Actor);
            csv.WriteField(r.Order);
            csv.WriteField(r.OrderKind is { } k ? Snake(k.ToString()) : null);
            csv.WriteField(r.Source);
            csv.WriteField(r.Destination);
            csv.WriteField(r.ReasonCode);
            csv.WriteField(r.Reason);
            csv.WriteField(r.Notes);
            csv.WriteField(r.ObjectCount);
            csv.WriteField(string.Join("; ", r.Objects.Select(o => o.Quantity is { } q ? $"{o.Label} {q.ToString("0.######", CultureInfo.InvariantCulture)} {o.Uom}" : o.Label)));
            await csv.NextRecordAsync();
            if (++n % 1000 == 0)
            {
                progress?.Invoke(n);
            }
        }
        await csv.FlushAsync();
        progress?.Invoke(n);
        return n;
    }

    public static async Task<int> WriteFsma204Async(TextWriter output, IAsyncEnumerable<TraceabilityRow> rows, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var h in new[]
        {
            "Critical tracking event", "Event date and time", "Traceability lot code", "Product SKU", "Product GTIN", "Product description",
            "Quantity", "Unit of measure", "Location", "Location GLN", "Immediate previous source", "Immediate previous source name",
            "Immediate subsequent recipient", "Immediate subsequent recipient name", "Reference document type", "Reference document number",
            "Input traceability lot codes", "Event id",
        })
        {
            csv.WriteField(h);
        }
        await csv.NextRecordAsync();
        var n = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.Cte);
            csv.WriteField(Time(r.EventTime, r.Offset));
            csv.WriteField(r.TraceabilityLotCode);
            csv.WriteField(r.Sku);
            csv.WriteField(r.Gtin);
            csv.WriteField(r.Description);
            csv.WriteField(r.Quantity.ToString("0.######", CultureInfo.InvariantCulture));
            csv.WriteField(r.Uom);
            csv.WriteField(r.Location);
            csv.WriteField(r.LocationGln);
            csv.WriteField(r.SourceCode);
            csv.WriteField(r.SourceName);
            csv.WriteField(r.RecipientCode);
            csv.WriteField(r.RecipientName);
            csv.WriteField(r.ReferenceType);
            csv.WriteField(r.ReferenceNumber);
            csv.WriteField(r.InputLots);
            csv.WriteField(r.EventId);
            await csv.NextRecordAsync();
            n++;
        }
        await csv.FlushAsync();
        return n;
    }

    static string Time(DateTimeOffset time, string offset) =>
        (TimeSpan.TryParse(offset.TrimStart('+'), CultureInfo.InvariantCulture, out var span) ? time.ToOffset(span) : time)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

using System.Globalization;
using SerialTrack.Core;
using SerialTrack.Core.History;
using SerialTrack.Pages;
using SerialTrack.Web;

namespace SerialTrack.Api;

// The CSV forms of history search and of the FSMA 204 export, shared by the API and the CLI. Times are
// ISO 8601 with the offset of the place the event happened.
public static class HistoryCsv
{
    static readonly string[] HistoryHeader =
        ["event_id", "time", "type", "biz_step", "disposition", "location", "actor", "order", "order_kind", "source", "destination", "reason_code", "reason", "notes", "object_count", "objects"];

    static readonly string[] Fsma204Header =
    [
        "Critical tracking event", "Event date and time", "Traceability lot code", "Product SKU", "Product GTIN", "Product description",
        "Quantity", "Unit of measure", "Location", "Location GLN", "Immediate previous source", "Immediate previous source name",
        "Immediate subsequent recipient", "Immediate subsequent recipient name", "Reference document type", "Reference document number",
        "Input traceability lot codes", "Event id",
    ];

    public static Task<int> WriteHistoryAsync(TextWriter output, IAsyncEnumerable<HistoryRow> rows, Action<int>? progress, CancellationToken ct) =>
        CsvFile.WriteAsync(output, HistoryHeader, rows.Select(r => (IReadOnlyList<string?>)
        [
            Number(r.Id), Time(r.Time, r.Offset), Text.Snake(r.Type), r.BizStep, r.Disposition, r.Location, r.Actor, r.Order,
            r.OrderKind is { } k ? Text.Snake(k) : null, r.Source, r.Destination, r.ReasonCode, r.Reason, r.Notes, Number(r.ObjectCount),
            string.Join("; ", r.Objects.Select(o => o.Quantity is { } q ? $"{o.Label} {Show.Quantity(q)} {o.Uom}" : o.Label)),
        ]), ct, progress);

    public static Task<int> WriteFsma204Async(TextWriter output, IAsyncEnumerable<TraceabilityRow> rows, CancellationToken ct) =>
        CsvFile.WriteAsync(output, Fsma204Header, rows.Select(r => (IReadOnlyList<string?>)
        [
            r.Cte, Time(r.EventTime, r.Offset), r.TraceabilityLotCode, r.Sku, r.Gtin, r.Description, Show.Quantity(r.Quantity), r.Uom,
            r.Location, r.LocationGln, r.SourceCode, r.SourceName, r.RecipientCode, r.RecipientName, r.ReferenceType, r.ReferenceNumber,
            r.InputLots, Number(r.EventId),
        ]), ct);

    static string Time(DateTimeOffset time, string offset) =>
        Show.AtOffset(time, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

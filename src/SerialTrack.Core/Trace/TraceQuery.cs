using System.Globalization;

namespace SerialTrack.Core.Trace;

// Where a trace starts, as the API, the CLI and the trace page take it: exactly one of a scanned code (Id),
// a supplier lot, a production order, a supplier (with an optional window), a station with a window, or a
// product's serial range. Times are ISO 8601 text so that a bad one is refused naming its field.
public sealed record TraceQuery(
    string? Id = null,
    string? SupplierLot = null,
    string? Order = null,
    string? Supplier = null,
    string? Station = null,
    string? From = null,
    string? To = null,
    string? Sku = null,
    string? First = null,
    string? Last = null)
{
    public Task<TraceRoots> RootsAsync(Tracing tracing, CancellationToken ct)
    {
        var given = new List<string>();
        void Given(string? value, string name)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                given.Add(name);
            }
        }
        Given(Id, "id");
        Given(SupplierLot, "supplierLot");
        Given(Order, "order");
        Given(Supplier, "supplier");
        Given(Station, "station");
        Given(Sku, "sku");
        if (given.Count == 0)
        {
            throw DomainException.BadInput("field.required", "id",
                "Say where the trace starts: id (a serial, lot, container or GS1 code), supplierLot, order, supplier, station with from and to, or sku with first and last.");
        }
        if (given.Count > 1)
        {
            throw DomainException.BadInput("trace.several_roots", given[1], $"Give one place to start from, not {string.Join(" and ", given)}.");
        }
        return given[0] switch
        {
            "id" => tracing.ResolveAsync(Id!, ct),
            "supplierLot" => tracing.SupplierLotAsync(SupplierLot!, ct),
            "order" => tracing.ProductionOrderAsync(Order!, ct),
            "supplier" => tracing.SupplierAsync(Supplier!, Time(From, "from"), Time(To, "to"), ct),
            "station" => tracing.StationWindowAsync(Station!, Time(From, "from") ?? throw Required("from"), Time(To, "to") ?? throw Required("to"), ct),
            _ => tracing.SerialRangeAsync(Sku!, First ?? throw Required("first"), Last ?? throw Required("last"), ct),
        };
    }

    public static TraceDirection Direction(string? text, string field = "direction") => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "backward" or "back" => TraceDirection.Backward,
        "forward" => TraceDirection.Forward,
        _ => throw DomainException.BadInput("trace.direction", field, $"{field} '{text}' is not one of: backward, forward."),
    };

    // A date alone means its start (UTC); a time without an offset is UTC.
    static DateTimeOffset? Time(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw DomainException.BadInput("field.time", field, $"{field} '{text}' is not a date or time (ISO 8601, e.g. 2026-03-02 or 2026-03-02T09:00:00Z).");
    }

    static DomainException Required(string field) => DomainException.BadInput("field.required", field, $"{field} is required with this kind of root.");
}

using SerialTrack.Core.Data;

namespace SerialTrack.Core.Trace;

// Stand-in with the trace branch's signatures so the quality branch builds before it lands; deleted at the merge.
public sealed class Tracing(SerialTrackDbContext db)
{
    readonly SerialTrackDbContext context = db;

    public Task<TraceRoots> ResolveAsync(string id, CancellationToken ct) => throw Missing();
    public Task<TraceRoots> SupplierLotAsync(string supplierLotCode, CancellationToken ct) => throw Missing();
    public Task<TraceRoots> ProductionOrderAsync(string number, CancellationToken ct) => throw Missing();
    public Task<TraceRoots> SupplierAsync(string partyCode, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct) => throw Missing();
    public Task<TraceRoots> StationWindowAsync(string stationCode, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) => throw Missing();
    public Task<TraceRoots> SerialRangeAsync(string sku, string firstSerial, string lastSerial, CancellationToken ct) => throw Missing();
    public Task<TraceResult> TraceAsync(TraceRoots roots, TraceDirection direction, CancellationToken ct) => throw Missing();

    NotImplementedException Missing() => new($"Trace is not merged yet ({context.GetType().Name}).");
}

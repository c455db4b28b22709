using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Trace;

namespace SerialTrack.Api;

// Trace backward (what went into it) or forward (where it went), from a scanned code or another root.
public static class TraceEndpoints
{
    public static void MapTrace(this RouteGroupBuilder api)
    {
        api.MapGet("/trace", Trace).WithTags("Trace");
    }

    static async Task<Ok<TraceResult>> Trace(Tracing tracing, string? id, string? direction, string? supplierLot, string? order, string? supplier,
        string? station, string? from, string? to, string? sku, string? first, string? last, CancellationToken ct)
    {
        var way = TraceQuery.Direction(direction);
        var roots = await new TraceQuery(id, supplierLot, order, supplier, station, from, to, sku, first, last).RootsAsync(tracing, ct);
        return TypedResults.Ok(await tracing.TraceAsync(roots, way, ct));
    }
}

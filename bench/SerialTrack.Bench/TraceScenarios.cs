using System.Data;
using System.Diagnostics;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Trace;

namespace SerialTrack.Bench;

// Trace over a 4-level genealogy of `units` units, written with raw bulk inserts (the processes would
// take hours to build a million): raw lots -> parts (4 per finished unit, each with 2 kg of a raw lot,
// 1,000 parts per lot) -> subassemblies (2 parts each) -> finished units (2 subassemblies each, and 1 of
// a component lot: CL-BIG goes into the first 100,000 finished units, CL-SMALL into the last 10,000).
// The same genealogy at a tenth of the size shows that a trace's time follows its answer, not the
// database: the backward answer and the CL-SMALL forward answer are the same size in both.
// The baseline is one WITH RECURSIVE query returning the same units and lots with their product,
// status and location, on the same database in the same run, timed in alternating rounds.
sealed partial class Scenarios
{
    const int BigLotReach = 100_000;
    const int SmallLotReach = 10_000;
    const int BackwardRounds = 30;
    const int ForwardRounds = 3;

    sealed record Genealogy(BenchDatabase Db, int Finished, long FirstFinishedId, long BigLot, long SmallLot, double SetupSeconds);

    public async Task<Result[]> TraceAsync(bool backward, bool forward)
    {
        var results = new List<Result>();
        foreach (var (size, suffix) in new[] { (units, ""), (Math.Max(7, units / 10), "-small") })
        {
            var g = await BuildGenealogyAsync(size, suffix, ct);
            await using (g.Db)
            {
                var reachSmall = Math.Min(SmallLotReach, g.Finished);
                var layout = $"{size:N0}-unit 4-level genealogy ({g.Finished:N0} finished units)";
                if (backward)
                {
                    var middle = g.FirstFinishedId + g.Finished / 2;
                    results.Add(await TimeTraceAsync(g, $"trace-backward{suffix}", new TraceRoots([middle], [], [], "one finished unit"), TraceDirection.Backward,
                        BackwardRounds, $"one finished unit, {layout}"));
                }
                if (forward)
                {
                    if (suffix == "")
                    {
                        results.Add(await TimeTraceAsync(g, "trace-forward", new TraceRoots([], [g.BigLot], [], "CL-BIG"), TraceDirection.Forward,
                            ForwardRounds, $"component lot into {Math.Min(BigLotReach, g.Finished):N0} finished units, {layout}"));
                    }
                    results.Add(await TimeTraceAsync(g, $"trace-forward-10k{suffix}", new TraceRoots([], [g.SmallLot], [], "CL-SMALL"), TraceDirection.Forward,
                        ForwardRounds * 3, $"component lot into {reachSmall:N0} finished units, {layout}"));
                }
            }
        }
        return [.. results];
    }

    async Task<Result> TimeTraceAsync(Genealogy g, string scenario, TraceRoots roots, TraceDirection direction, int rounds, string layout)
    {
        await using var raw = await Raw.OpenAsync(g.Db.Target, ct);
        double service = 0, baseline = 0;
        int serviceCount = 0, baselineCount = 0;
        for (var round = 0; round < rounds; round++)
        {
            async Task Service()
            {
                await using var db = Database.CreateContext(g.Db.Target);
                var result = await new Tracing(db).TraceAsync(roots, direction, ct);
                serviceCount = result.Units.Count + result.Lots.Count;
            }
            async Task Baseline() => baselineCount = await RawTraceAsync(raw, roots, direction, ct);
            if (round % 2 == 0)
            {
                service += await TimeAsync(Service);
                baseline += await TimeAsync(Baseline);
            }
            else
            {
                baseline += await TimeAsync(Baseline);
                service += await TimeAsync(Service);
            }
            Progress($"{Label} {scenario}", round + 1, rounds);
        }
        if (serviceCount != baselineCount)
        {
            throw new InvalidOperationException($"{scenario}: the service found {serviceCount:N0} units and lots, the recursive query {baselineCount:N0}.");
        }
        return new Result(Label, scenario, rounds, service, baseline, g.SetupSeconds, $"{layout}; answer {serviceCount:N0} units and lots");
    }

    // The closure in one recursive query (UNION keeps a visited set, so cycles end), then each node's
    // product, serial or lot, status and location, as the service's answer carries them.
    static async Task<int> RawTraceAsync(Raw raw, TraceRoots roots, TraceDirection direction, CancellationToken ct)
    {
        var (near, far) = direction == TraceDirection.Backward ? ("output", "input") : ("input", "output");
        var (kind, id) = roots.UnitIds.Count > 0 ? (1, roots.UnitIds[0]) : (2, roots.LotIds[0]);
        await using var cmd = raw.Command($"""
            WITH RECURSIVE walk(kind, id) AS (
                SELECT @kind, @id
                UNION
                SELECT CASE WHEN e.{far}_unit_id IS NOT NULL THEN 1 ELSE 2 END, COALESCE(e.{far}_unit_id, e.{far}_lot_id)
                FROM walk JOIN genealogy_edges e ON (walk.kind = 1 AND e.{near}_unit_id = walk.id) OR (walk.kind = 2 AND e.{near}_lot_id = walk.id)
            )
            SELECT u.id, p.sku, u.serial, u.status, l.code FROM walk JOIN units u ON walk.kind = 1 AND u.id = walk.id
                JOIN products p ON p.id = u.product_id LEFT JOIN locations l ON l.id = u.location_id
            UNION ALL
            SELECT lo.id, p.sku, lo.code, 0, NULL FROM walk JOIN lots lo ON walk.kind = 2 AND lo.id = walk.id JOIN products p ON p.id = lo.product_id
            """);
        Raw.Add(cmd, "kind", DbType.Int32, kind);
        Raw.Add(cmd, "id", DbType.Int64, id);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var count = 0;
        while (await reader.ReadAsync(ct))
        {
            count++;
        }
        return count;
    }

    const int UnitsPerTransaction = 50_000;
    static readonly string[] LotColumns = ["id", "product_id", "code", "stage", "created_at", "on_hold", "test_failed", "version"];

    async Task<Genealogy> BuildGenealogyAsync(int size, string suffix, CancellationToken ct)
    {
        var setup = Stopwatch.StartNew();
        var bench = await BenchDatabase.CreateAsync(provider, postgres, "trace" + suffix.Replace("-", "", StringComparison.Ordinal), ct);
        var ids = await SetupAsync(bench.Target, ct);
        long finishedProduct, subProduct, partProduct, rawProduct, componentProduct;
        await using (var db = Database.CreateContext(bench.Target))
        {
            var catalog = new ProductCatalog(db, Clock);
            finishedProduct = (await catalog.CreateAsync(new ProductInput("BENCH-FIN", "Finished unit", Tracking: TrackingMode.Serial), ct)).Id;
            subProduct = (await catalog.CreateAsync(new ProductInput("BENCH-SUB", "Subassembly", Tracking: TrackingMode.Serial), ct)).Id;
            partProduct = (await catalog.CreateAsync(new ProductInput("BENCH-PART", "Part", Tracking: TrackingMode.Serial), ct)).Id;
            rawProduct = (await catalog.CreateAsync(new ProductInput("BENCH-RAW", "Raw material", Tracking: TrackingMode.Lot, Uom: "kg"), ct)).Id;
            componentProduct = (await catalog.CreateAsync(new ProductInput("BENCH-CMPL", "Component", Tracking: TrackingMode.Lot), ct)).Id;
        }

        var finished = Math.Max(1, size / 7);
        var subs = 2 * finished;
        var parts = 4 * finished;
        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        var now = Clock.GetUtcNow();
        var t = raw.Time(now);
        var unitTypes = UnitTypes(raw);
        var edgeTypes = raw.IsSqlite ? [.. EdgeTypes[..5], DbType.Double, DbType.Int64] : EdgeTypes;
        object Qty(decimal q) => raw.IsSqlite ? (double)q : q;

        // Lots: one raw lot per 1,000 parts, and the two component lots.
        await raw.BeginAsync(ct);
        var rawLots = (parts + 999) / 1000;
        var lotIds = await raw.ReserveIdsAsync("lots", rawLots + 2, ct);
        var lots = new List<object?[]>();
        for (var i = 0; i < rawLots; i++)
        {
            lots.Add([lotIds[i], rawProduct, $"RL-{i:D5}", 1, t, false, false, 0]);
        }
        lots.Add([lotIds[rawLots], componentProduct, "CL-BIG", 1, t, false, false, 0]);
        lots.Add([lotIds[rawLots + 1], componentProduct, "CL-SMALL", 1, t, false, false, 0]);
        await raw.InsertAsync("lots", LotColumns, [DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, DbType.Boolean, DbType.Boolean, DbType.Int32], lots, ct);
        await raw.CommitAsync(ct);

        // Each level in transactions of UnitsPerTransaction units: units, their Output row in the log, edges.
        var partIds = await LevelAsync(raw, partProduct, "BP", parts, 5, null, (i, id) =>
            [[null, id, null, null, lotIds[i / 1000], Qty(2m), null]], ids.B, t, unitTypes, edgeTypes, ct);
        var subIds = await LevelAsync(raw, subProduct, "BS", subs, 5, null, (i, id) =>
            [[null, id, null, partIds[2 * i], null, Qty(1m), null], [null, id, null, partIds[2 * i + 1], null, Qty(1m), null]], ids.B, t, unitTypes, edgeTypes, ct);
        var big = Math.Min(BigLotReach, finished);
        var small = Math.Min(SmallLotReach, finished);
        var finishedIds = await LevelAsync(raw, finishedProduct, "BF", finished, 1, ids.B, (i, id) =>
        {
            var rows = new List<object?[]> { new object?[] { null, id, null, subIds[2 * i], null, Qty(1m), null }, new object?[] { null, id, null, subIds[2 * i + 1], null, Qty(1m), null } };
            if (i < big)
            {
                rows.Add([null, id, null, null, lotIds[rawLots], Qty(1m), null]);
            }
            if (i >= finished - small)
            {
                rows.Add([null, id, null, null, lotIds[rawLots + 1], Qty(1m), null]);
            }
            return rows;
        }, ids.B, t, unitTypes, edgeTypes, ct);
        if (!raw.IsSqlite)
        {
            await raw.ExecuteAsync("ANALYZE", ct);
        }
        return new Genealogy(bench, finished, finishedIds[0], lotIds[rawLots], lotIds[rawLots + 1], setup.Elapsed.TotalSeconds);
    }

    // One level of units made by Produced events (one per transaction), each unit with its input edges.
    async Task<long[]> LevelAsync(Raw raw, long product, string prefix, int count, int status, long? location, Func<int, long, IEnumerable<object?[]>> inputs,
        long station, object t, DbType[] unitTypes, DbType[] edgeTypes, CancellationToken ct)
    {
        var all = new long[count];
        for (var start = 0; start < count; start += UnitsPerTransaction)
        {
            var n = Math.Min(UnitsPerTransaction, count - start);
            await raw.BeginAsync(ct);
            var ev = await raw.InsertEventAsync(400, 1, "assembling", "active", station, n, Clock.GetUtcNow(), ct);
            var unitIds = await raw.ReserveIdsAsync("units", n, ct);
            var rows = new object?[n][];
            var log = new object?[n][];
            var edges = new List<object?[]>(n * 3);
            for (var k = 0; k < n; k++)
            {
                var i = start + k;
                all[i] = unitIds[k];
                rows[k] = [unitIds[k], product, $"{prefix}-{i:D8}", status, status == 5 ? 2 : 3, location, ev, t, t, false, 0];
                log[k] = [ev, unitIds[k], 5, null, status, status == 5 ? 2 : 3, location, null, null];
                foreach (var e in inputs(i, unitIds[k]))
                {
                    e[0] = ev;
                    edges.Add(e);
                }
            }
            await raw.InsertAsync("units", UnitColumns, unitTypes, rows, ct);
            await raw.InsertAsync("event_units", FullEventUnitColumns, FullEventUnitTypes, log, ct);
            await raw.InsertAsync("genealogy_edges", Production.EdgeColumns, edgeTypes, edges, ct);
            await raw.CommitAsync(ct);
            Progress($"{Label} trace genealogy {prefix}", start + n, count);
        }
        return all;
    }
}

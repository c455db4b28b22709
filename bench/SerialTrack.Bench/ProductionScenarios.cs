using System.Data;
using System.Diagnostics;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Bench;

// Production: N assemblies, each consuming 5 component units, built in calls of BuildsPerCall.
sealed partial class Scenarios
{
    public const int BuildsPerCall = 2_000;
    const int ComponentsPerBuild = 5;
    const string AssemblySku = "BENCH-ASM";
    const string ComponentSku = "BENCH-CMP";

    static string ComponentSerial(int i) => $"BC-{i:D8}";

    static string AssemblySerial(int i) => $"BA-{i:D7}";

    // Both databases: the assembly with its bill of materials, and 5 x N components at BENCH-A, commissioned through the service.
    async Task<(long Assembly, long Component, long Station)> SetupProductionAsync(DatabaseTarget target)
    {
        var ids = await SetupAsync(target, ct);
        await using var db = Database.CreateContext(target);
        var catalog = new ProductCatalog(db, Clock);
        var assembly = await catalog.CreateAsync(new ProductInput(AssemblySku, "Benchmark assembly", Tracking: TrackingMode.Serial), ct);
        var component = await catalog.CreateAsync(new ProductInput(ComponentSku, "Benchmark component", Tracking: TrackingMode.Serial), ct);
        await new BillOfMaterials(db).SetAsync(AssemblySku, [new(ComponentSku, ComponentsPerBuild)], ct);
        var total = units * ComponentsPerBuild;
        for (var start = 0; start < total; start += SerialsPerCall)
        {
            var serials = Enumerable.Range(start, Math.Min(SerialsPerCall, total - start)).Select(ComponentSerial).ToList();
            await using var c = Database.CreateContext(target);
            await new Commissioning(c, Clock).CommissionAsync(new CommissionRequest(ComponentSku, serials, "BENCH-A", Stage.RawMaterial), Actor.System, ct);
            Progress($"{Label} produce setup", start + serials.Count, total);
        }
        return (assembly.Id, component.Id, ids.B);
    }

    public async Task<Result> ProduceAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        var setup = Stopwatch.StartNew();
        await SetupProductionAsync(svcDb.Target);
        var ids = await SetupProductionAsync(rawDb.Target);
        var setupSeconds = setup.Elapsed.TotalSeconds;
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);

        double service = 0, baseline = 0;
        var calls = (units + BuildsPerCall - 1) / BuildsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var first = call * BuildsPerCall;
            var count = Math.Min(BuildsPerCall, units - first);
            var builds = Enumerable.Range(first, count).Select(i => new Build(AssemblySerial(i),
                Enumerable.Range(i * ComponentsPerBuild, ComponentsPerBuild).Select(k => new UnitRef(ComponentSku, ComponentSerial(k))).ToList())).ToList();
            if (call % 2 == 0)
            {
                service += await TimeAsync(() => ServiceProduceAsync(svcDb.Target, builds, ct));
                baseline += await TimeAsync(() => RawProduceAsync(raw, ids, first, count, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawProduceAsync(raw, ids, first, count, ct));
                service += await TimeAsync(() => ServiceProduceAsync(svcDb.Target, builds, ct));
            }
            Progress($"{Label} produce", first + count, units);
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE status = 5", (long)units * ComponentsPerBuild);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM genealogy_edges", (long)units * ComponentsPerBuild);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE serial LIKE 'BA-%'", units);
        return new Result(Label, "produce", units, service, baseline, setupSeconds,
            $"assemblies of {ComponentsPerBuild} components, {BuildsPerCall:N0} per call, separate identical fresh databases");
    }

    static async Task ServiceProduceAsync(DatabaseTarget target, List<Build> builds, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new Production(db, Clock).ProduceAsync(new ProduceRequest("BENCH-B", Product: AssemblySku, Builds: builds), Actor.System, ct);
    }

    static readonly string[] FullEventUnitColumns = UnitBatch.EventUnitColumns;
    static readonly DbType[] FullEventUnitTypes = [DbType.Int64, DbType.Int64, DbType.Int32, DbType.Int64, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int64];
    static readonly DbType[] EdgeTypes = [DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Decimal, DbType.Int64];

    // The same writes as Production.ProduceAsync: one event; the components resolved by serial and set
    // consumed (no location, last event, version); the output units; event_units rows for inputs and
    // outputs with their state after the event; one genealogy edge per component. Nothing is checked.
    static async Task RawProduceAsync(Raw raw, (long Assembly, long Component, long Station) ids, int first, int count, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        var now = Clock.GetUtcNow();
        var t = raw.Time(now);
        var ev = await raw.InsertEventAsync(400, 1, "assembling", "active", ids.Station, count * (ComponentsPerBuild + 1), now, ct);
        var serials = Enumerable.Range(first * ComponentsPerBuild, count * ComponentsPerBuild).Select(ComponentSerial).ToList();
        var found = new Dictionary<string, (long Id, long Location)>(serials.Count);
        foreach (var chunk in serials.Chunk(raw.RowsPerStatement))
        {
            await using (var select = raw.Command($"SELECT id, location_id, serial FROM units WHERE product_id = @p AND serial IN ({Raw.List("s", chunk.Length)})"))
            {
                Raw.Add(select, "p", DbType.Int64, ids.Component);
                for (var i = 0; i < chunk.Length; i++)
                {
                    Raw.Add(select, "@s" + i, DbType.String, chunk[i]);
                }
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found[reader.GetString(2)] = (reader.GetInt64(0), reader.GetInt64(1));
                }
            }
            await using var update = raw.Command(
                $"UPDATE units SET status = 5, location_id = NULL, container_id = NULL, last_event_id = @e, updated_at = @now, version = version + 1 WHERE id IN ({Raw.List("i", chunk.Length)})");
            Raw.Add(update, "e", DbType.Int64, ev);
            Raw.Add(update, "now", raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, t);
            for (var i = 0; i < chunk.Length; i++)
            {
                Raw.Add(update, "@i" + i, DbType.Int64, found[chunk[i]].Id);
            }
            await update.ExecuteNonQueryAsync(ct);
        }
        var componentIds = serials.Select(s => found[s].Id).ToList();
        var fromLocation = serials.Select(s => found[s].Location).ToList();
        var outputIds = await raw.ReserveIdsAsync("units", count, ct);
        var outputs = new object?[count][];
        var links = new List<object?[]>(count * (ComponentsPerBuild + 1));
        for (var i = 0; i < count; i++)
        {
            outputs[i] = [outputIds[i], ids.Assembly, AssemblySerial(first + i), 1, 3, ids.Station, ev, t, t, false, 0];
        }
        for (var k = 0; k < componentIds.Count; k++)
        {
            links.Add([ev, componentIds[k], 4, fromLocation[k], 5, 1, null, null, null]);
        }
        for (var i = 0; i < count; i++)
        {
            links.Add([ev, outputIds[i], 5, null, 1, 3, ids.Station, null, null]);
        }
        var edges = new object?[componentIds.Count][];
        for (var k = 0; k < componentIds.Count; k++)
        {
            edges[k] = [ev, outputIds[k / ComponentsPerBuild], null, componentIds[k], null, raw.IsSqlite ? 1.0 : 1m, null];
        }
        await raw.InsertAsync("units", UnitColumns, UnitTypes(raw), outputs, ct);
        await raw.InsertAsync("event_units", FullEventUnitColumns, FullEventUnitTypes, links, ct);
        await raw.InsertAsync("genealogy_edges", Production.EdgeColumns, raw.IsSqlite ? [.. EdgeTypes[..5], DbType.Double, DbType.Int64] : EdgeTypes, edges, ct);
        await raw.CommitAsync(ct);
    }
}

using System.Data;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Demo;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;

namespace SerialTrack.Bench;

public sealed record Result(string Database, string Scenario, long Operations, double ServiceSeconds, double BaselineSeconds, double SetupSeconds, string Layout)
{
    public double ServiceOpsPerSecond => Operations / ServiceSeconds;
    public double BaselineOpsPerSecond => Operations / BaselineSeconds;

    // Service throughput as a share of the baseline's: 1.0 means the rules and plumbing cost nothing.
    public double Ratio => ServiceOpsPerSecond / BaselineOpsPerSecond;

    // Targets: writes at least half the baseline's throughput (shipping and production, issue #4: a third); a lookup at most 3x the raw latency.
    // A trace is a read like a lookup (and so is counting a group): at most 3x the time of the raw query. A partner's
    // query has none: its baseline is the unrestricted statement, and its goal is a time (MATCH_epc under 2 ms).
    public double? Target => Scenario.StartsWith("epcis-partner", StringComparison.Ordinal) ? null
        : Scenario is "lookup" or "identifier" or "identifier-scan" or "ship" or "produce" or "group-count" || Scenario.StartsWith("trace", StringComparison.Ordinal)
        || Scenario.StartsWith("epcis-match", StringComparison.Ordinal) ? 1.0 / 3 : 0.5;
    public bool? MeetsTarget => Target is { } target ? Ratio >= target : null;
}

// Each scenario times the service and the raw baseline in alternating rounds (who goes first flips every
// round), so drift in a shared, noisy machine hits both sides alike.
sealed partial class Scenarios(DatabaseProvider provider, string? postgres, int units, int lookups, CancellationToken ct)
{
    public const int SerialsPerCall = 10_000;
    const int LookupsPerRound = 1_000;
    const string Sku = "BENCH-P";

    static readonly TimeProvider Clock = TimeProvider.System;

    string Label => provider == DatabaseProvider.Sqlite ? "sqlite" : "postgres";

    static string Serial(int i) => $"SN-BP-2611-{i:D7}";

    static List<string> Serials(int call, int total) =>
        Enumerable.Range(call * SerialsPerCall, Math.Min(SerialsPerCall, total - call * SerialsPerCall)).Select(Serial).ToList();

    static void Progress(string what, long done, long total)
    {
        if (!Console.IsErrorRedirected)
        {
            Console.Error.Write($"\r  {what}: {done:N0}/{total:N0}   ");
            if (done == total)
            {
                Console.Error.WriteLine();
            }
        }
    }

    // Master data through the services, identical in both databases.
    static async Task<(long Product, long A, long B)> SetupAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        var product = await new ProductCatalog(db, Clock).CreateAsync(new ProductInput(Sku, "Benchmark unit", Tracking: TrackingMode.Serial), ct);
        var locations = new LocationCatalog(db, Clock);
        await locations.CreateAsync(new LocationInput("BENCH-SITE", "Benchmark site", LocationKind.Site), ct);
        var a = await locations.CreateAsync(new LocationInput("BENCH-A", "Zone A", LocationKind.Zone, "BENCH-SITE"), ct);
        var b = await locations.CreateAsync(new LocationInput("BENCH-B", "Zone B", LocationKind.Zone, "BENCH-SITE"), ct);
        return (product.Id, a.Id, b.Id);
    }

    static async Task<double> TimeAsync(Func<Task> work)
    {
        var sw = Stopwatch.StartNew();
        await work();
        return sw.Elapsed.TotalSeconds;
    }

    static async Task ServiceCommissionAsync(DatabaseTarget target, List<string> serials, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest(Sku, serials, "BENCH-A"), Actor.System, ct);
    }

    static readonly string[] UnitColumns = ["id", "product_id", "serial", "status", "stage", "location_id", "last_event_id", "created_at", "updated_at", "archived", "version"];
    static readonly string[] EventUnitColumns = ["event_id", "unit_id", "role", "from_location_id"];
    static readonly DbType[] EventUnitTypes = [DbType.Int64, DbType.Int64, DbType.Int32, DbType.Int64];

    static DbType[] UnitTypes(Raw raw) =>
    [
        DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64,
        raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, DbType.Boolean, DbType.Int32,
    ];

    static async Task RawCommissionAsync(Raw raw, (long Product, long A, long B) ids, List<string> serials, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        var now = Clock.GetUtcNow();
        var ev = await raw.InsertEventAsync(100, 1, "commissioning", "active", ids.A, serials.Count, now, ct);
        var unitIds = await raw.ReserveIdsAsync("units", serials.Count, ct);
        var t = raw.Time(now);
        var units = new object?[serials.Count][];
        var links = new object?[serials.Count][];
        for (var i = 0; i < serials.Count; i++)
        {
            units[i] = [unitIds[i], ids.Product, serials[i], 1, 3, ids.A, ev, t, t, false, 0];
            links[i] = [ev, unitIds[i], 1, null];
        }
        await raw.InsertAsync("units", UnitColumns, UnitTypes(raw), units, ct);
        await raw.InsertAsync("event_units", EventUnitColumns, EventUnitTypes, links, ct);
        await raw.CommitAsync(ct);
    }

    public async Task<Result> CommissionAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        await SetupAsync(svcDb.Target, ct);
        var ids = await SetupAsync(rawDb.Target, ct);
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);

        double service = 0, baseline = 0;
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            if (call % 2 == 0)
            {
                service += await TimeAsync(() => ServiceCommissionAsync(svcDb.Target, serials, ct));
                baseline += await TimeAsync(() => RawCommissionAsync(raw, ids, serials, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawCommissionAsync(raw, ids, serials, ct));
                service += await TimeAsync(() => ServiceCommissionAsync(svcDb.Target, serials, ct));
            }
            Progress($"{Label} commission", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE location_id = (SELECT id FROM locations WHERE code = 'BENCH-A')", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM event_units", units);
        return new Result(Label, "commission", units, service, baseline, 0, "separate identical fresh databases, same serials");
    }

    public async Task<Result> MoveAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        await SetupAsync(svcDb.Target, ct);
        var ids = await SetupAsync(rawDb.Target, ct);

        // Both databases start with the same N units at BENCH-A, commissioned through the service.
        var setup = Stopwatch.StartNew();
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            await ServiceCommissionAsync(svcDb.Target, serials, ct);
            await ServiceCommissionAsync(rawDb.Target, serials, ct);
            Progress($"{Label} move setup", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        var setupSeconds = setup.Elapsed.TotalSeconds;

        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);
        double service = 0, baseline = 0;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            var refs = serials.Select(s => new UnitRef(Sku, s)).ToList();
            if (call % 2 == 0)
            {
                service += await TimeAsync(() => ServiceMoveAsync(svcDb.Target, refs, ct));
                baseline += await TimeAsync(() => RawMoveAsync(raw, ids, serials, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawMoveAsync(raw, ids, serials, ct));
                service += await TimeAsync(() => ServiceMoveAsync(svcDb.Target, refs, ct));
            }
            Progress($"{Label} move", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE location_id = (SELECT id FROM locations WHERE code = 'BENCH-B') AND version = 1", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM event_units", 2L * units);
        return new Result(Label, "move", units, service, baseline, setupSeconds, "separate identical fresh databases, same serials");
    }

    static async Task ServiceMoveAsync(DatabaseTarget target, List<UnitRef> refs, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new Moving(db, Clock).MoveAsync(new MoveRequest("BENCH-B", Units: refs), Actor.System, ct);
    }

    // The same writes as Moving.MoveAsync: one event, the unit rows' location/last event/time/version, one
    // event_units row per unit with where it came from. Serials are resolved to ids in chunks of the same size as the
    // service does, but nothing is checked.
    static async Task RawMoveAsync(Raw raw, (long Product, long A, long B) ids, List<string> serials, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        var now = Clock.GetUtcNow();
        var ev = await raw.InsertEventAsync(200, 2, "relocating", null, ids.B, serials.Count, now, ct);
        var unitIds = new List<long>(serials.Count);
        foreach (var chunk in serials.Chunk(raw.RowsPerStatement))
        {
            await using (var select = raw.Command($"SELECT id FROM units WHERE product_id = @p AND serial IN ({Raw.List("s", chunk.Length)})"))
            {
                Raw.Add(select, "p", DbType.Int64, ids.Product);
                for (var i = 0; i < chunk.Length; i++)
                {
                    Raw.Add(select, "@s" + i, DbType.String, chunk[i]);
                }
                var before = unitIds.Count;
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    unitIds.Add(reader.GetInt64(0));
                }
                if (unitIds.Count - before != chunk.Length)
                {
                    throw new InvalidOperationException("Baseline move: a serial was not found.");
                }
            }
            await using var update = raw.Command(
                $"UPDATE units SET location_id = @to, last_event_id = @e, updated_at = @now, version = version + 1 WHERE id IN ({Raw.List("i", chunk.Length)})");
            Raw.Add(update, "to", DbType.Int64, ids.B);
            Raw.Add(update, "e", DbType.Int64, ev);
            Raw.Add(update, "now", raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, raw.Time(now));
            for (var i = 0; i < chunk.Length; i++)
            {
                Raw.Add(update, "@i" + i, DbType.Int64, unitIds[unitIds.Count - chunk.Length + i]);
            }
            await update.ExecuteNonQueryAsync(ct);
        }
        var links = unitIds.Select(id => new object?[] { ev, id, 1, ids.A }).ToList();
        await raw.InsertAsync("event_units", EventUnitColumns, EventUnitTypes, links, ct);
        await raw.CommitAsync(ct);
    }

    const string LookupSelect = """
        SELECT u.id, u.product_id, p.sku, p.name, u.serial, u.status, u.stage, u.location_id, l.code, u.container_id,
               u.owner_party_id, u.last_event_id, u.updated_at, u.version
        FROM units u
        JOIN products p ON p.id = u.product_id
        LEFT JOIN locations l ON l.id = u.location_id
        WHERE u.serial = @s
        """;

    // One database holding the demo company at N units (generated through the services); both sides read
    // the same random serials from it.
    public async Task<Result> LookupAsync()
    {
        await using var bench = await BenchDatabase.CreateAsync(provider, postgres, "lookup", ct);
        var setup = Stopwatch.StartNew();
        await using (var demo = Database.CreateContext(bench.Target))
        {
            var progress = new Progress<DemoProgress>(p =>
            {
                if (p.Step == "units" && (p.Done % 100_000 == 0 || p.Done == p.Total))
                {
                    Progress($"{Label} lookup setup (demo company)", p.Done, p.Total);
                }
            });
            await DemoCompany.GenerateAsync(demo, DemoScale.Units(units), Clock, progress, ct);
        }
        var setupSeconds = setup.Elapsed.TotalSeconds;

        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        var all = new List<string>(units);
        await using (var cmd = raw.Command("SELECT serial FROM units"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                all.Add(reader.GetString(0));
            }
        }
        var rng = new Random(42);
        var sample = Enumerable.Range(0, lookups).Select(_ => all[rng.Next(all.Count)]).ToArray();

        await using var db = Database.CreateContext(bench.Target);
        var lookup = new UnitLookup(db);
        await using var select = raw.Command(LookupSelect);
        Raw.Add(select, "s", DbType.String, sample[0]);
        await select.PrepareAsync(ct);

        async Task ServiceAsync(ArraySegment<string> serials)
        {
            foreach (var s in serials)
            {
                if ((await lookup.FindBySerialAsync(s, null, ct)).Count != 1)
                {
                    throw new InvalidOperationException($"Service lookup of {s} did not find exactly one unit.");
                }
            }
        }
        async Task RawAsync(ArraySegment<string> serials)
        {
            foreach (var s in serials)
            {
                select.Parameters[0].Value = s;
                await using var r = await select.ExecuteReaderAsync(ct);
                var rows = 0;
                while (await r.ReadAsync(ct))
                {
                    for (var i = 0; i < r.FieldCount; i++)
                    {
                        _ = r.IsDBNull(i) ? null : r.GetValue(i);
                    }
                    rows++;
                }
                if (rows != 1)
                {
                    throw new InvalidOperationException($"Raw lookup of {s} did not find exactly one unit.");
                }
            }
        }

        // Warm both paths (JIT, statement caches) on serials outside the timed sample.
        var warm = all.Take(200).ToArray();
        await ServiceAsync(warm);
        await RawAsync(warm);

        double service = 0, baseline = 0;
        for (int start = 0, round = 0; start < sample.Length; start += LookupsPerRound, round++)
        {
            var part = new ArraySegment<string>(sample, start, Math.Min(LookupsPerRound, sample.Length - start));
            if (round % 2 == 0)
            {
                service += await TimeAsync(() => ServiceAsync(part));
                baseline += await TimeAsync(() => RawAsync(part));
            }
            else
            {
                baseline += await TimeAsync(() => RawAsync(part));
                service += await TimeAsync(() => ServiceAsync(part));
            }
        }
        return new Result(Label, "lookup", lookups, service, baseline, setupSeconds, $"one database with the demo company at {units:N0} units, same random serials");
    }

    static async Task CheckSameAsync(BenchDatabase a, BenchDatabase b, string sql, long expected)
    {
        foreach (var d in new[] { a, b })
        {
            await using var db = Database.CreateContext(d.Target);
            await db.Database.OpenConnectionAsync();
            await using var cmd = db.Database.GetDbConnection().CreateCommand();
            cmd.CommandText = sql;
            var n = Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            if (n != expected)
            {
                throw new InvalidOperationException($"Check failed on {d.Target.Describe()}: {sql} gave {n:N0}, expected {expected:N0}.");
            }
        }
    }
}

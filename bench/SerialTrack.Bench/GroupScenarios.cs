using System.Data;
using System.Diagnostics;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Bench;

// Groups: counting a group of N units (issue #6: within 3x of a raw indexed COUNT), and a bulk move of a
// whole group in one call (at least 50% of the raw move baseline).
sealed partial class Scenarios
{
    const int CountRounds = 10;
    static readonly GroupFilter BenchGroup = new() { Products = [Sku], Location = "BENCH-A", Statuses = [UnitStatus.Available] };

    // One database with N units at BENCH-A (written by the raw commissioning, the same rows the service
    // writes); the service counts the group, the baseline runs the COUNT a person would write by hand
    // against the (product, status, location) index, with the same "not archived" rule.
    public async Task<Result> GroupCountAsync()
    {
        await using var bench = await BenchDatabase.CreateAsync(provider, postgres, "gcount", ct);
        var ids = await SetupAsync(bench.Target, ct);
        var setup = Stopwatch.StartNew();
        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            await RawCommissionAsync(raw, ids, Serials(call, units), ct);
            Progress($"{Label} group-count setup", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        await raw.ExecuteAsync(raw.IsSqlite ? "ANALYZE" : "ANALYZE units", ct);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        double service = 0, baseline = 0;
        long counted = 0, expected = 0;
        for (var round = 0; round < CountRounds; round++)
        {
            async Task Service()
            {
                await using var db = Database.CreateContext(bench.Target);
                counted = await new Groups(db, Clock).CountAsync(BenchGroup, ct);
            }
            async Task Baseline()
            {
                await using var cmd = raw.Command("SELECT COUNT(*) FROM units WHERE product_id = @p AND status = 1 AND location_id = @a AND archived = @f");
                Raw.Add(cmd, "p", DbType.Int64, ids.Product);
                Raw.Add(cmd, "a", DbType.Int64, ids.A);
                Raw.Add(cmd, "f", DbType.Boolean, false);
                expected = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }
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
        }
        if (counted != units || expected != units)
        {
            throw new InvalidOperationException($"group-count: the group counted {counted}, the baseline {expected}, expected {units}.");
        }
        return new Result(Label, "group-count", CountRounds, service, baseline, setupSeconds,
            $"one database, {units:N0} units in the group, {CountRounds} counts each");
    }

    // Two identical databases with N units at BENCH-A; the service moves the saved group (confirm of a
    // previewed bulk move: it re-evaluates the group, then Moving moves all N in one event); the baseline is
    // the raw move of the same N serials in one transaction.
    public async Task<Result> GroupMoveAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "gsvc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "graw", ct);
        await SetupAsync(svcDb.Target, ct);
        var ids = await SetupAsync(rawDb.Target, ct);
        var setup = Stopwatch.StartNew();
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            await ServiceCommissionAsync(svcDb.Target, serials, ct);
            await ServiceCommissionAsync(rawDb.Target, serials, ct);
            Progress($"{Label} group-move setup", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        await using (var db = Database.CreateContext(svcDb.Target))
        {
            await new Groups(db, Clock).SaveAsync(new SaveGroupRequest("bench", BenchGroup), Actor.System, ct);
        }
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var all = Enumerable.Range(0, units).Select(Serial).ToList();
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);
        var baseline = await TimeAsync(() => RawMoveAsync(raw, ids, all, ct));
        var service = await TimeAsync(async () =>
        {
            await using var db = Database.CreateContext(svcDb.Target);
            var groups = new Groups(db, Clock);
            var bulk = new BulkActions(db, groups, new Moving(db, Clock), new Holds(db, Clock), new Tagging(db, Clock), new StaffTasks(db, groups, Clock));
            var moved = await bulk.ConfirmAsync(new BulkRequest(BulkAction.Move, new BulkTarget("bench"), To: "BENCH-B", ExpectedCount: units), Actor.System, ct);
            if (moved.Affected != units)
            {
                throw new InvalidOperationException($"group-move moved {moved.Affected} units, not {units}.");
            }
        });
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM units WHERE location_id = (SELECT id FROM locations WHERE code = 'BENCH-B') AND version = 1", units);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM event_units", 2L * units);
        return new Result(Label, "group-move", units, service, baseline, setupSeconds, "separate identical fresh databases; one call moves the whole group");
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;

namespace SerialTrack.Core.Processes;

// One test or inspection with the same outcome for every unit listed (or for one lot). Measurements are
// name -> number or text, kept as JSON.
public sealed record TestRequest(
    string Test,
    bool Passed,
    bool Required = true,
    IReadOnlyList<UnitRef>? Units = null,
    LotRef? Lot = null,
    IReadOnlyDictionary<string, JsonElement>? Measurements = null,
    string? Station = null,
    EventContext? Context = null);

// Tests and inspections (event Tested, bizStep "inspecting", disposition conformant / non_conformant).
// A failed required test marks the unit or lot test_failed, which Availability refuses for shipping and
// consumption; a later passing run of the same required test clears it, unless another required test's
// latest run still failed.
public sealed class Inspections(SerialTrackDbContext db, TimeProvider clock)
{
    const int MaxMeasurements = 100;

    public async Task<ProcessResult> RecordTestAsync(TestRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Tested, ct) is { } replay)
        {
            return replay;
        }
        var test = Text.Required(request.Test, "test", 64);
        var measurements = Measurements(request.Measurements);
        var unitRefs = request.Units ?? [];
        if ((unitRefs.Count == 0) == (request.Lot is null))
        {
            throw DomainException.BadInput("test.subject", "units", "Give the units or one lot that was tested (one of them).");
        }
        var station = Text.Optional(request.Station, "station", 64) is { } code ? await new LocationCatalog(db, clock).FindAsync(code, "station", ct) : null;

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Status is UnitStatus.Consumed or UnitStatus.Scrapped)
            {
                throw DomainException.Rule("unit.not_testable", $"Unit {units[i].Name} is {UnitBatch.Describe(units[i].Status)} and cannot be tested.", $"units[{i}]");
            }
        }
        (Lot Lot, Catalog.Product Product)? lot = request.Lot is null ? null : await Places.LotAndProductAsync(db, request.Lot, "lot", ct);

        // Units (or the lot) whose latest run of another required test failed stay failed when this one passes.
        var stillFailed = new HashSet<long>();
        if (request.Required && request.Passed)
        {
            foreach (var id in await StillFailedAsync(sql, units.Count > 0 ? "unit_id" : "lot_id", units.Count > 0 ? units.Select(u => u.Id).ToList() : [lot!.Value.Lot.Id], test, ct))
            {
                stillFailed.Add(id);
            }
        }
        bool? FailedAfter(long id) => !request.Required ? null : !request.Passed || stillFailed.Contains(id);

        var ev = EventLog.New(EventType.Tested, EventAction.Observe, "inspecting", request.Passed ? "conformant" : "non_conformant", actor, context, clock);
        ev.ReadPointId = station?.Id;
        ev.BizLocationId = station?.Id;
        ev.ObjectCount = units.Count + (lot is null ? 0 : 1);
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { TestFailed = FailedAfter(u.Id) })).ToList(), now, ct);
        var at = sql.Time(context.EventTime ?? now);
        var rows = units.Select(u => new object?[] { ev.Id, u.Id, null, test, request.Passed, request.Required, measurements, at }).ToList();
        if (lot is { } l)
        {
            rows.Add([ev.Id, null, l.Lot.Id, test, request.Passed, request.Required, measurements, at]);
            if (FailedAfter(l.Lot.Id) is { } failed && failed != l.Lot.TestFailed)
            {
                l.Lot.TestFailed = failed;
                l.Lot.Version++;
            }
        }
        await sql.InsertAsync("test_results", ["event_id", "unit_id", "lot_id", "test", "passed", "required", "measurements", "recorded_at"], rows, ct);
        await Production.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Tested, units.Count, lot is null ? 0 : 1);
    }

    static Task<List<long>> StillFailedAsync(SqlSession sql, string column, List<long> ids, string test, CancellationToken ct) =>
        sql.OnOpenConnectionAsync(async () =>
        {
            var found = new List<long>();
            foreach (var chunk in ids.Chunk(50_000))
            {
                await using var cmd = sql.IdsCommand($"""
                    SELECT DISTINCT r.{column} FROM test_results r
                    WHERE r.{column} IN ({"{ids}"}) AND r.required = @yes AND r.passed = @no AND r.test <> @test
                      AND NOT EXISTS (SELECT 1 FROM test_results later
                                      WHERE later.{column} = r.{column} AND later.test = r.test AND later.required = @yes AND later.id > r.id)
                    """, chunk, ("yes", true), ("no", false), ("test", test));
                await using var reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    found.Add(reader.GetInt64(0));
                }
            }
            return found;
        }, ct);

    static string? Measurements(IReadOnlyDictionary<string, JsonElement>? values)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }
        if (values.Count > MaxMeasurements)
        {
            throw DomainException.BadInput("test.too_many_measurements", "measurements", $"At most {MaxMeasurements} measurements per test.");
        }
        foreach (var (name, value) in values)
        {
            Text.Required(name, "measurements", 64);
            if (value.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
            {
                throw DomainException.BadInput("test.measurement_value", $"measurements.{name}", $"Measurement '{name}' must be a number or a text, not {value.ValueKind.ToString().ToLowerInvariant()}.");
            }
        }
        return JsonSerializer.Serialize(values);
    }
}

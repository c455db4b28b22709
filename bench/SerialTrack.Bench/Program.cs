using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SerialTrack.Bench;
using SerialTrack.Core.Data;

// dotnet run -c Release --project bench/SerialTrack.Bench -- [--db sqlite|postgres|both] [--units N]
//     [--lookups N] [--scenario commission|move|lookup|reserve|identifier|receive|ship|produce|trace|trace-backward|trace-forward|history|group-count|group-move|epcis-capture|epcis-match|epcis-partner|all] [--events N] [--document-events N] [--json FILE] [--pg CONNECTION-STRING]
var db = "sqlite";
var units = 100_000;
var unitsGiven = false;
var lookups = 10_000;
var events = 10_000_000;
var eventsGiven = false;
var documentEvents = 100;
var scenario = "all";
string? json = null;
var postgres = Environment.GetEnvironmentVariable("SERIALTRACK_TEST_PG");
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--db": db = Next(); break;
        case "--units": units = int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture); unitsGiven = true; break;
        case "--lookups": lookups = int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
        case "--scenario": scenario = Next(); break;
        case "--json": json = Next(); break;
        case "--events": events = int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture); eventsGiven = true; break;
        case "--document-events": documentEvents = int.Parse(Next(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture); break;
        case "--pg": postgres = Next(); break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--db sqlite|postgres|both] [--units N] [--lookups N] [--scenario commission|move|lookup|reserve|identifier|receive|ship|produce|trace|trace-backward|trace-forward|history|group-count|group-move|epcis-capture|epcis-match|epcis-partner|all] [--events N] [--document-events N] [--json FILE] [--pg CONNECTION-STRING]");
            return 2;
    }
}
DatabaseProvider[] providers = db switch
{
    "sqlite" => [DatabaseProvider.Sqlite],
    "postgres" => [DatabaseProvider.Postgres],
    "both" => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres],
    _ => throw new ArgumentException($"--db must be sqlite, postgres or both, not '{db}'."),
};
string[] scenarios = scenario == "all" ? ["commission", "move", "lookup", "reserve", "identifier", "receive", "ship", "produce", "trace"] : [scenario];
if (scenarios.Any(s => s is not ("commission" or "move" or "lookup" or "reserve" or "identifier" or "receive" or "ship" or "produce" or "trace" or "trace-backward" or "trace-forward" or "history" or "group-count" or "group-move" or "epcis-capture" or "epcis-match" or "epcis-partner")) || units < 1 || lookups < 1
    || documentEvents is < 1 or > SerialTrack.Core.Epcis.EpcisCapturing.MaxEvents)
{
    Console.Error.WriteLine("--scenario must be commission, move, lookup, reserve, identifier, receive, ship, produce, trace, trace-backward, trace-forward, history, group-count, group-move, epcis-capture, epcis-match, epcis-partner or all; --units and --lookups must be positive; --document-events from 1 to 10,000.");
    return 2;
}

// Reserving is cheap per serial: alone it defaults to a million serials, ten calls of 100,000. Issue #6
// sizes the group count at a million units too.
if (scenario is "reserve" or "group-count" && !unitsGiven)
{
    units = 1_000_000;
}

// Trace runs on a million-unit genealogy (issue #5) unless told otherwise.
if (scenario.StartsWith("trace", StringComparison.Ordinal) && !unitsGiven)
{
    units = 1_000_000;
}

// Issue #8 measures MATCH_epc at a million stored events; capture at 100,000 is long enough to be steady.
if (scenario is "epcis-match" or "epcis-capture" or "epcis-partner" && !eventsGiven)
{
    events = scenario == "epcis-capture" ? 100_000 : 1_000_000;
}

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};

var started = DateTimeOffset.UtcNow;
Console.WriteLine($"SerialTrack bench: {units:N0} units, {lookups:N0} lookups, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
var results = new List<Result>();
foreach (var provider in providers)
{
    var bench = new Scenarios(provider, postgres, units, lookups, cts.Token) { EventsPerDocument = documentEvents };
    foreach (var name in scenarios)
    {
        Result[] found = name switch
        {
            "commission" => [await bench.CommissionAsync()],
            "move" => [await bench.MoveAsync()],
            "ship" => [await bench.ShipAsync()],
            "reserve" => [await bench.ReserveAsync()],
            "produce" => [await bench.ProduceAsync()],
            "group-count" => [await bench.GroupCountAsync()],
            "group-move" => [await bench.GroupMoveAsync()],
            "receive" => [await bench.ReceiveAsync()],
            "history" => await bench.HistoryAsync(events),
            "epcis-capture" => [await bench.EpcisCaptureAsync(events)],
            "epcis-match" => await bench.EpcisMatchAsync(events),
            "epcis-partner" => await bench.EpcisMatchAsync(events, partner: true),
            "identifier" => await bench.IdentifierAsync() is var (lookup, scan) ? [lookup, scan] : [],
            "trace" => await bench.TraceAsync(backward: true, forward: true),
            "trace-backward" => await bench.TraceAsync(backward: true, forward: false),
            "trace-forward" => await bench.TraceAsync(backward: false, forward: true),
            _ => [await bench.LookupAsync()],
        };
        foreach (var result in found)
        {
            results.Add(result);
            Console.WriteLine($"  {result.Database} {result.Scenario}: service {result.ServiceOpsPerSecond:N0}/s, baseline {result.BaselineOpsPerSecond:N0}/s, ratio {result.Ratio:P0}");
        }
    }
}

Console.WriteLine();
Console.WriteLine($"{"database",-9} {"scenario",-15} {"ops",11} {"service s",10} {"baseline s",10} {"service/s",11} {"baseline/s",11} {"ratio",7} {"target",7}  ok");
foreach (var r in results)
{
    Console.WriteLine($"{r.Database,-9} {r.Scenario,-15} {r.Operations,11:N0} {r.ServiceSeconds,10:F2} {r.BaselineSeconds,10:F2} {r.ServiceOpsPerSecond,11:N0} {r.BaselineOpsPerSecond,11:N0} {r.Ratio,7:P0} {(r.Target is { } target ? target.ToString("P0", CultureInfo.InvariantCulture) : "-"),7}  {r.MeetsTarget switch { true => "yes", false => "NO", null => "-" }}");
}
Console.WriteLine("ratio = service throughput / baseline throughput (for lookup, 33% = 3x the raw latency).");

if (json is not null)
{
    var report = new
    {
        started,
        machine = new { cores = Environment.ProcessorCount, os = RuntimeInformation.OSDescription, dotnet = Environment.Version.ToString() },
        units,
        lookups,
        serialsPerCall = Scenarios.SerialsPerCall,
        results = results.Select(r => new
        {
            r.Database,
            r.Scenario,
            r.Operations,
            r.ServiceSeconds,
            r.BaselineSeconds,
            r.ServiceOpsPerSecond,
            r.BaselineOpsPerSecond,
            r.Ratio,
            r.Target,
            r.MeetsTarget,
            r.SetupSeconds,
            r.Layout,
        }),
    };
    await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
    Console.WriteLine($"Wrote {json}");
}
return 0;

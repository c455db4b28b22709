using System.Data;
using System.Diagnostics;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.History;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;

namespace SerialTrack.Bench;

// History search over a log of N events (default 10 million) spread over two years: 20 products in 4
// categories, 5 warehouses of 10 bins, 40 parties, 30 actors, one unit per event out of N/4 units (so each
// unit has about four events), 1 event in 50 with notes. Each search runs through HistorySearch and as
// the raw indexed SQL that answers the same page, on the same database in the same run.
sealed partial class Scenarios
{
    const int HistoryRuns = 20;
    static readonly DateTimeOffset HistoryStart = new(2024, 11, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly (int Type, string Step, string Disposition)[] HistoryKinds =
    [
        (100, "commissioning", "active"), (120, "receiving", "active"), (200, "relocating", "active"), (200, "relocating", "active"),
        (200, "relocating", "active"), (300, "packing", "in_progress"), (510, "picking", "in_progress"), (520, "shipping", "in_transit"),
        (520, "shipping", "in_transit"), (700, "holding", "non_sellable_other"), (430, "inspecting", "active"), (730, "destroying", "destroyed"),
    ];

    public async Task<Result[]> HistoryAsync(int events)
    {
        await using var bench = await BenchDatabase.CreateAsync(provider, postgres, "history", ct);
        var setup = Stopwatch.StartNew();
        var (bins, warehouses) = await BuildHistoryAsync(bench.Target, events);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        var end = HistoryStart.AddYears(2);
        var window = (From: end.AddDays(-200), To: end.AddDays(-170));
        var wh = warehouses[2];
        var binsOfWh = string.Join(", ", bins[wh]);
        var serial = $"H{events / 8:D9}";
        var product = await raw.ScalarAsync("SELECT id FROM products WHERE sku = 'HP-07'", ct);
        (string Name, HistoryQuery Query, string Where, (string, DbType, object)[] Params)[] searches =
        [
            ("history-serial", new(Serial: serial),
                "e.id IN (SELECT eu.event_id FROM event_units eu WHERE eu.unit_id = (SELECT id FROM units WHERE serial = @s))", [("s", DbType.String, serial)]),
            ("history-product-window", new(Product: "HP-07", From: window.From, To: window.To),
                "e.event_time >= @f AND e.event_time < @t AND EXISTS (SELECT 1 FROM event_units eu JOIN units u ON u.id = eu.unit_id WHERE eu.event_id = e.id AND u.product_id = @p)",
                [("f", TimeType, raw.Time(window.From)), ("t", TimeType, raw.Time(window.To)), ("p", DbType.Int64, product)]),
            ("history-actor-type", new(Actor: "user07", Types: [Core.Events.EventType.Held]),
                "e.actor = @a AND e.type = 700", [("a", DbType.String, "user07")]),
            ("history-location-disp", new(Location: "HW2", Disposition: "destroyed"),
                $"{(raw.IsSqlite ? "+" : "")}e.biz_location_id IN ({binsOfWh}) AND e.disposition = @d", [("d", DbType.String, "destroyed")]),
            ("history-text-window", new(Text: "dented", From: window.From, To: window.To),
                "e.event_time >= @f AND e.event_time < @t AND e.notes LIKE @n", [("f", TimeType, raw.Time(window.From)), ("t", TimeType, raw.Time(window.To)), ("n", DbType.String, "%dented%")]),
        ];

        var results = new List<Result>();
        await using var db = Database.CreateContext(bench.Target);
        var search = new HistorySearch(db, new Scanner(db));
        foreach (var (name, query, where, ps) in searches)
        {
            var (sql, sqlParams) = await search.SqlAsync(query, ct);
            await ExplainAsync(raw, name, sql, sqlParams);
            await using var cmd = raw.Command($"""
                SELECT e.id, e.type, e.event_time, e.event_time_zone_offset, e.biz_step, e.disposition, e.biz_location_id, l.code, e.actor,
                       e.order_id, o.number, o.kind, e.source_party_id, sp.code, e.destination_party_id, dp.code, e.reason, e.reason_code, e.notes, e.object_count
                FROM events e
                LEFT JOIN locations l ON l.id = e.biz_location_id
                LEFT JOIN orders o ON o.id = e.order_id
                LEFT JOIN parties sp ON sp.id = e.source_party_id
                LEFT JOIN parties dp ON dp.id = e.destination_party_id
                WHERE {where}
                ORDER BY e.event_time DESC, e.id DESC LIMIT 51
                """);
            foreach (var (p, type, value) in ps)
            {
                Raw.Add(cmd, p, type, value);
            }
            int serviceRows = 0, rawRows = 0;
            // One warm-up each, then the timed runs.
            serviceRows = (await search.SearchAsync(query, ct)).Rows.Count;
            rawRows = await CountAsync(cmd);
            var serviceSeconds = await TimeAsync(async () =>
            {
                for (var i = 0; i < HistoryRuns; i++)
                {
                    serviceRows = (await search.SearchAsync(query, ct)).Rows.Count;
                }
            });
            var rawSeconds = await TimeAsync(async () =>
            {
                for (var i = 0; i < HistoryRuns; i++)
                {
                    rawRows = await CountAsync(cmd);
                }
            });
            if (serviceRows != Math.Min(rawRows, 50))
            {
                throw new InvalidOperationException($"{name}: the service found {serviceRows} rows, the raw query {rawRows}.");
            }
            Console.WriteLine($"  {Label} {name}: {serviceRows} rows, service {serviceSeconds * 1000 / HistoryRuns:F1} ms, raw {rawSeconds * 1000 / HistoryRuns:F1} ms");
            results.Add(new Result(Label, name, HistoryRuns, serviceSeconds, rawSeconds, setupSeconds, $"{events:N0} events, {events / 4:N0} units"));
        }
        return [.. results];

        async Task<int> CountAsync(System.Data.Common.DbCommand cmd)
        {
            await using var r = await cmd.ExecuteReaderAsync(ct);
            var n = 0;
            while (await r.ReadAsync(ct))
            {
                n++;
            }
            return n;
        }
    }

    DbType TimeType => provider == DatabaseProvider.Sqlite ? DbType.Int64 : DbType.DateTimeOffset;

    // Prints the plan of the service's query, so a missing index shows in the bench output.
    async Task ExplainAsync(Raw raw, string name, string sql, (string Name, object? Value)[] ps)
    {
        await using var cmd = raw.Command((raw.IsSqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql);
        foreach (var (p, value) in ps)
        {
            var parameter = cmd.CreateParameter();
            parameter.ParameterName = p;
            parameter.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(parameter);
        }
        await using var r = await cmd.ExecuteReaderAsync(ct);
        Console.WriteLine($"  plan of {name}:");
        while (await r.ReadAsync(ct))
        {
            Console.WriteLine("    " + r.GetValue(raw.IsSqlite ? 3 : 0));
        }
    }

    async Task<(Dictionary<long, List<long>> Bins, long[] Warehouses)> BuildHistoryAsync(DatabaseTarget target, int events)
    {
        var bins = new Dictionary<long, List<long>>();
        var binIds = new List<long>();
        long[] warehouses;
        await using (var db = Database.CreateContext(target))
        {
            var products = new ProductCatalog(db, Clock);
            for (var p = 0; p < 20; p++)
            {
                await products.CreateAsync(new ProductInput($"HP-{p:D2}", $"History product {p}", Tracking: TrackingMode.Serial, Category: $"cat{p % 4}"), ct);
            }
            var locations = new LocationCatalog(db, Clock);
            await locations.CreateAsync(new LocationInput("HSITE", "History site", LocationKind.Site), ct);
            warehouses = new long[5];
            for (var w = 0; w < 5; w++)
            {
                warehouses[w] = (await locations.CreateAsync(new LocationInput($"HW{w}", $"Warehouse {w}", LocationKind.Warehouse, "HSITE"), ct)).Id;
                bins[warehouses[w]] = [];
                for (var b = 0; b < 10; b++)
                {
                    var bin = await locations.CreateAsync(new LocationInput($"HW{w}-B{b}", $"Bin {b}", LocationKind.Bin, $"HW{w}"), ct);
                    bins[warehouses[w]].Add(bin.Id);
                    binIds.Add(bin.Id);
                }
            }
            var parties = new PartyCatalog(db, Clock);
            for (var p = 0; p < 40; p++)
            {
                await parties.CreateAsync(new PartyInput($"HPARTY{p:D2}", $"Party {p}", p < 20 ? PartyRole.Supplier : PartyRole.Customer), ct);
            }
        }
        await using var raw = await Raw.OpenAsync(target, ct);
        var productIds = new List<long>();
        await using (var cmd = raw.Command("SELECT id FROM products WHERE sku LIKE 'HP-%' ORDER BY sku"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                productIds.Add(r.GetInt64(0));
            }
        }
        var partyIds = new List<long>();
        await using (var cmd = raw.Command("SELECT id FROM parties WHERE code LIKE 'HPARTY%' ORDER BY code"))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                partyIds.Add(r.GetInt64(0));
            }
        }

        var unitCount = Math.Max(1, events / 4);
        var time = TimeType;
        var created = raw.Time(HistoryStart);
        const int Chunk = 100_000;
        var unitBase = await raw.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM units", ct) + 1;
        for (var start = 0; start < unitCount; start += Chunk)
        {
            await raw.BeginAsync(ct);
            var rows = new List<object?[]>();
            for (var i = start; i < Math.Min(unitCount, start + Chunk); i++)
            {
                rows.Add([unitBase + i, productIds[i % productIds.Count], $"H{i:D9}", 4, 3, null, null, 0L, created, created, false, 0, false]);
            }
            await raw.InsertAsync("units", ReceivedUnitColumns, [DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, DbType.Int32, DbType.Int64, DbType.Int64, DbType.Int64, time, time, DbType.Boolean, DbType.Int32, DbType.Boolean], rows, ct);
            await raw.CommitAsync(ct);
            Progress($"{Label} history units", Math.Min(unitCount, start + Chunk), unitCount);
        }

        var rng = new Random(7);
        var span = (HistoryStart.AddYears(2) - HistoryStart).Ticks;
        var eventBase = await raw.ScalarAsync("SELECT COALESCE(MAX(id), 0) FROM events", ct) + 1;
        string[] eventColumns = ["id", "type", "action", "event_time", "event_time_zone_offset", "record_time", "biz_step", "disposition", "biz_location_id",
            "source_party_id", "destination_party_id", "actor", "notes", "object_count"];
        DbType[] eventTypes = [DbType.Int64, DbType.Int32, DbType.Int32, time, DbType.String, time, DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.Int32];
        string[] linkColumns = ["event_id", "unit_id", "role", "status", "stage", "location_id"];
        DbType[] linkTypes = [DbType.Int64, DbType.Int64, DbType.Int32, DbType.Int32, DbType.Int32, DbType.Int64];
        string[] notes = ["dented box", "label torn", "customer asked to expedite", "recount done", "wet pallet"];
        for (var start = 0; start < events; start += Chunk)
        {
            await raw.BeginAsync(ct);
            var rows = new List<object?[]>();
            var links = new List<object?[]>();
            for (var i = start; i < Math.Min(events, start + Chunk); i++)
            {
                var id = eventBase + i;
                // Time grows with the id (as it does when events are recorded as they happen), a little jitter aside.
                var at = HistoryStart.AddTicks(span / events * i + rng.Next(0, 1000) * TimeSpan.TicksPerMillisecond);
                var kind = HistoryKinds[rng.Next(HistoryKinds.Length)];
                var bin = binIds[rng.Next(binIds.Count)];
                long? source = kind.Type == 120 ? partyIds[rng.Next(20)] : null;
                long? destination = kind.Type == 520 ? partyIds[20 + rng.Next(20)] : null;
                var note = rng.Next(50) == 0 ? notes[rng.Next(notes.Length)] : null;
                rows.Add([id, kind.Type, 2, raw.Time(at), "+00:00", raw.Time(at), kind.Step, kind.Disposition, bin, source, destination, $"user{rng.Next(30):D2}", note, 1]);
                links.Add([id, unitBase + (i % unitCount), 1, 1, 3, bin]);
            }
            await raw.InsertAsync("events", eventColumns, eventTypes, rows, ct);
            await raw.InsertAsync("event_units", linkColumns, linkTypes, links, ct);
            await raw.CommitAsync(ct);
            Progress($"{Label} history events", Math.Min(events, start + Chunk), events);
        }
        if (provider == DatabaseProvider.Postgres)
        {
            await raw.ExecuteAsync("SELECT setval(pg_get_serial_sequence('events', 'id'), (SELECT MAX(id) FROM events)); ANALYZE", ct);
        }
        else
        {
            await raw.ExecuteAsync("ANALYZE", ct);
        }
        return (bins, warehouses);
    }
}

using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Bench;

// EPCIS repository (issue #8, "the peer to beat"): capture of 100-event documents of 10 SGTINs each, and MATCH_epc for
// one EPC as the store grows — each beside raw SQL doing the same writes or the same read.
sealed partial class Scenarios
{
    // Events per captured document: 100, the peer's shape, unless --document-events asks for larger files.
    public int EventsPerDocument { get; init; } = 100;
    const int EpcsPerEvent = 10;
    const int CapturedDocuments = 100;
    static readonly Actor BenchActor = new(null, "bench");

    static string EpcOf(long i) => $"urn:epc:id:sgtin:0614141.107346.{i}";

    // Document d holds events d*100 .. d*100+99; event e names serials e*10 .. e*10+9, so every event is its own.
    string EpcisDocument(int d)
    {
        var sb = new StringBuilder(64 * 1024);
        sb.Append("""{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T10:00:00Z","epcisBody":{"eventList":[""");
        for (var k = 0; k < EventsPerDocument; k++)
        {
            long e = (long)d * EventsPerDocument + k;
            var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(e).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            sb.Append(k == 0 ? "" : ",")
                .Append("""{"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","disposition":"in_transit","eventTime":""")
                .Append('"').Append(time).Append("\",\"eventTimeZoneOffset\":\"+00:00\",\"readPoint\":{\"id\":\"urn:epc:id:sgln:0614141.07346.1234\"},\"epcList\":[");
            for (var s = 0; s < EpcsPerEvent; s++)
            {
                sb.Append(s == 0 ? "\"" : ",\"").Append(EpcOf(e * EpcsPerEvent + s)).Append('"');
            }
            sb.Append("]}");
        }
        return sb.Append("]}}").ToString();
    }

    async Task CaptureDocumentAsync(DatabaseTarget target, int d, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        var result = await new EpcisCapturing(db, Clock).CaptureAsync(EpcisDocument(d), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, BenchActor, ct);
        if (result.Job.StoredCount != EventsPerDocument)
        {
            throw new InvalidOperationException($"epcis: document {d} stored {result.Job.StoredCount} events: {string.Join("; ", result.Errors)}");
        }
    }

    // Capture: the service reads, validates, hashes and stores each document and projects it onto the inventory (native
    // events, units, their event rows). The baseline writes the very rows the service writes: a first, untimed capture
    // into a reference database gives them, and they are read back per document before any clock starts. Each
    // document is one transaction of multi-row INSERTs, ids reserved as the service does. A second baseline writes only
    // the repository's rows (events and their identifier index), which is what the peer's figure covers. Rounds of
    // ten documents rotate which of the three goes first, so drift hits all three alike.
    public async Task<Result> EpcisCaptureAsync(int events)
    {
        var documents = Math.Max(1, events / EventsPerDocument);
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "esvc", ct);
        await using var refDb = await BenchDatabase.CreateAsync(provider, postgres, "eref", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "eraw", ct);
        await using var repoDb = await BenchDatabase.CreateAsync(provider, postgres, "erepo", ct);
        var setup = Stopwatch.StartNew();
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);
        await using var repo = await Raw.OpenAsync(repoDb.Target, ct);
        List<List<TableRows>> copies;
        await using (var reference = await Raw.OpenAsync(refDb.Target, ct))
        {
            // The first document also creates what the whole run shares (the GTIN's product, the read point's location):
            // copied to the baseline untimed. After it, no table outside CapturedTables may grow, or the baseline would
            // leave out rows the service writes per document.
            await CaptureDocumentAsync(refDb.Target, 0, ct);
            var shared = await CopyMasterDataAsync(reference, raw);
            for (var d = 1; d < documents; d++)
            {
                await CaptureDocumentAsync(refDb.Target, d, ct);
                Progress($"{Label} epcis-capture setup", (d + 1L) * EventsPerDocument, (long)documents * EventsPerDocument);
            }
            foreach (var (table, count) in shared)
            {
                var after = await CountRowsAsync(reference, table);
                if (after != count)
                {
                    throw new InvalidOperationException(
                        $"epcis-capture: capture wrote {after - count:N0} rows to {table} after its first document; add the table to CapturedTables so that the baseline writes them too.");
                }
            }
            copies = await CapturedRowsAsync(reference, documents);
        }
        var now = Clock.GetUtcNow();
        var repoRows = Enumerable.Range(0, documents).Select(d => RawRows(d, repo, now)).ToList();
        var setupSeconds = setup.Elapsed.TotalSeconds;

        double service = 0, baseline = 0, repository = 0;
        const int PerRound = 10;
        for (var first = 0; first < documents; first += PerRound)
        {
            var round = Enumerable.Range(first, Math.Min(PerRound, documents - first)).ToList();
            Func<Task<double>>[] sides =
            [
                () => TimeAsync(async () => { foreach (var d in round) { await CaptureDocumentAsync(svcDb.Target, d, ct); } }),
                () => TimeAsync(async () => { foreach (var d in round) { await ReplayAsync(raw, copies[d]); } }),
                () => TimeAsync(async () => { foreach (var d in round) { await RawInsertAsync(repo, repoRows[d].Events, repoRows[d].Epcs); } }),
            ];
            var times = new double[3];
            foreach (var side in Enumerable.Range(0, 3).Select(i => (i + first / PerRound) % 3))
            {
                times[side] = await sides[side]();
            }
            service += times[0];
            baseline += times[1];
            repository += times[2];
            Progress($"{Label} epcis-capture", (first + round.Count) * (long)EventsPerDocument, (long)documents * EventsPerDocument);
        }
        long stored = (long)documents * EventsPerDocument;
        await CheckSameTablesAsync(svcDb, rawDb);
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM epcis_stored_events", stored);
        await CheckSameAsync(svcDb, repoDb, "SELECT COUNT(*) FROM epcis_event_epcs", stored * EpcsPerEvent);
        Console.WriteLine($"  {Label} epcis-capture: service {stored / service:N0} events/s ({stored * EpcsPerEvent / service:N0} EPCs/s), " +
            $"baseline (the same rows) {stored / baseline:N0} events/s, repository rows only {stored / repository:N0} events/s; goal >= 26,000 events/s");
        return new Result(Label, "epcis-capture", stored, service, baseline, setupSeconds,
            $"separate fresh databases; {documents:N0} documents of {EventsPerDocument} events x {EpcsPerEvent} SGTINs; baseline writes the rows the service wrote " +
            $"(repository, job, native events, units, event rows); repository rows alone: {stored / repository:N0} events/s");
    }

    sealed record TableRows(string Table, string[] Columns, DbType[] Types, List<object?[]> Rows);

    // What capture writes per document, in the order its foreign keys need, each selected by the capture job it came from.
    static readonly (string Table, string Where)[] CapturedTables =
    [
        ("epcis_captures", "id = {job}"),
        ("events", "id IN (SELECT native_event_id FROM epcis_stored_events WHERE capture_id = {job})"),
        ("units", "id IN (SELECT unit_id FROM event_units WHERE event_id IN (SELECT native_event_id FROM epcis_stored_events WHERE capture_id = {job}))"),
        ("event_units", "event_id IN (SELECT native_event_id FROM epcis_stored_events WHERE capture_id = {job})"),
        ("epcis_stored_events", "capture_id = {job}"),
        ("epcis_event_epcs", "event_id IN (SELECT id FROM epcis_stored_events WHERE capture_id = {job})"),
        ("epcis_review_items", "stored_event_id IN (SELECT id FROM epcis_stored_events WHERE capture_id = {job})"),
    ];

    async Task<List<List<TableRows>>> CapturedRowsAsync(Raw reference, int documents)
    {
        var jobs = new List<long>();
        await using (var cmd = reference.Command("SELECT id FROM epcis_captures ORDER BY id"))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                jobs.Add(reader.GetInt64(0));
            }
        }
        if (jobs.Count != documents)
        {
            throw new InvalidOperationException($"epcis-capture: the reference holds {jobs.Count} capture jobs, expected {documents}.");
        }
        var copies = new List<List<TableRows>>(documents);
        foreach (var job in jobs)
        {
            var tables = new List<TableRows>();
            foreach (var (table, where) in CapturedTables)
            {
                tables.Add(await ReadRowsAsync(reference, table, where.Replace("{job}", job.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
            }
            copies.Add(tables);
        }
        return copies;
    }

    // Rows the reference's first capture created outside its documents (the product of the GTIN, the read point's
    // location), copied untimed, as the service wrote them once in its first document. Returns the row count of every
    // table outside CapturedTables, which must not change while the rest of the documents are captured.
    async Task<Dictionary<string, long>> CopyMasterDataAsync(Raw reference, Raw raw)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in await TablesAsync(reference))
        {
            if (CapturedTables.Any(t => t.Table == table))
            {
                continue;
            }
            counts[table] = await CountRowsAsync(reference, table);
            if (counts[table] == await CountRowsAsync(raw, table))
            {
                continue;
            }
            // Tables with an id: what the fresh database lacks is what the capture added. Foreign keys are those of a
            // product and a location today; a table that needs another order fails here, loudly.
            var rows = await ReadRowsAsync(reference, table, $"id > {await raw.ScalarAsync($"SELECT COALESCE(MAX(id), 0) FROM \"{table}\"", ct)}");
            await raw.BeginAsync(ct);
            await raw.InsertAsync(table, rows.Columns, rows.Types, rows.Rows, ct);
            await raw.CommitAsync(ct);
        }
        return counts;
    }

    async Task<TableRows> ReadRowsAsync(Raw db, string table, string where)
    {
        await using var cmd = db.Command($"SELECT * FROM {table} WHERE {where}");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var types = Enumerable.Range(0, reader.FieldCount).Select(i => DbTypeOf(reader.GetFieldType(i))).ToArray();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[columns.Length];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is DateTime t ? new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero) : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return new(table, columns, types, rows);
    }

    static DbType DbTypeOf(Type type) =>
        type == typeof(long) ? DbType.Int64
        : type == typeof(int) ? DbType.Int32
        : type == typeof(short) ? DbType.Int16
        : type == typeof(string) ? DbType.String
        : type == typeof(bool) ? DbType.Boolean
        : type == typeof(decimal) ? DbType.Decimal
        : type == typeof(double) ? DbType.Double
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? DbType.DateTimeOffset
        : type == typeof(byte[]) ? DbType.Binary
        : type == typeof(Guid) ? DbType.Guid
        : throw new InvalidOperationException($"epcis-capture: no database type for a column of {type}.");

    // One transaction per document, as capture: the ids reserved as the service reserves them, then the rows.
    async Task ReplayAsync(Raw raw, List<TableRows> tables)
    {
        await raw.BeginAsync(ct);
        foreach (var table in new[] { "epcis_stored_events", "events", "units" })
        {
            await raw.ReserveIdsAsync(table, tables.First(t => t.Table == table).Rows.Count, ct);
        }
        foreach (var t in tables.Where(t => t.Rows.Count > 0))
        {
            await raw.InsertAsync(t.Table, t.Columns, t.Types, t.Rows, ct);
        }
        await raw.CommitAsync(ct);
    }

    // Every table holds as many rows in the service's database as in the baseline's: the baseline wrote what the service wrote.
    async Task CheckSameTablesAsync(BenchDatabase svcDb, BenchDatabase rawDb)
    {
        await using var svc = await Raw.OpenAsync(svcDb.Target, ct);
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);
        foreach (var table in await TablesAsync(svc))
        {
            var (a, b) = (await CountRowsAsync(svc, table), await CountRowsAsync(raw, table));
            if (a != b)
            {
                throw new InvalidOperationException($"epcis-capture: table {table} holds {a:N0} rows after the service, {b:N0} after the baseline.");
            }
        }
    }

    Task<long> CountRowsAsync(Raw db, string table) => db.ScalarAsync($"SELECT COUNT(*) FROM \"{table}\"", ct);

    async Task<List<string>> TablesAsync(Raw db)
    {
        await using var cmd = db.Command(db.IsSqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var tables = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    // The rows capture writes for document d (json, hash and canonical EPCs), built before any clock starts.
    (List<object?[]> Events, List<object?[]> Epcs) RawRows(int d, Raw raw, DateTimeOffset now)
    {
        var reading = EpcisJsonReader.Read(EpcisDocument(d));
        var eventRows = new List<object?[]>(EventsPerDocument);
        var epcRows = new List<object?[]>(EventsPerDocument * EpcsPerEvent);
        foreach (var e in reading.Document.Events)
        {
            var hash = EpcisEventHash.Compute(e);
            eventRows.Add(
            [
                null, hash, hash, (int)e.Type, (int)e.Action!.Value, raw.Time(e.EventTime!.Value), "+00:00", raw.Time(now), e.BizStep, e.Disposition,
                EpcisIdentifiers.Canonical(e.ReadPoint!.Id), JsonSerializer.Serialize(e with { EventId = hash, RecordTime = now }),
            ]);
            epcRows.AddRange(e.EpcList!.Select(epc => new object?[] { EpcisIdentifiers.Canonical(epc), (int)EpcisEpcRole.Epc, null }));
        }
        return (eventRows, epcRows);
    }

    static readonly string[] RawEventColumns = ["id", "event_id", "event_hash", "type", "action", "event_time", "event_time_zone_offset", "record_time", "biz_step", "disposition", "read_point", "json"];

    // One transaction per document, multi-row INSERTs: the same event and identifier rows as capture, no job row.
    async Task RawInsertAsync(Raw raw, List<object?[]> eventRows, List<object?[]> epcRows)
    {
        var time = raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset;
        DbType[] eventTypes =
        [
            DbType.Int64, DbType.String, DbType.String, DbType.Int32, DbType.Int32, time, DbType.String, time, DbType.String, DbType.String, DbType.String, DbType.String,
        ];
        await raw.BeginAsync(ct);
        var ids = await raw.ReserveIdsAsync("epcis_stored_events", eventRows.Count, ct);
        for (var i = 0; i < eventRows.Count; i++)
        {
            eventRows[i][0] = ids[i];
            for (var s = 0; s < EpcsPerEvent; s++)
            {
                epcRows[i * EpcsPerEvent + s][2] = ids[i];
            }
        }
        await raw.InsertAsync("epcis_stored_events", RawEventColumns, eventTypes, eventRows, ct);
        await raw.InsertAsync("epcis_event_epcs", ["epc", "role", "event_id"], [DbType.String, DbType.Int32, DbType.Int64], epcRows, ct);
        await raw.CommitAsync(ct);
    }

    const string PartnerGln = "0614141000029";

    // A partner's shipment, captured after document d: ten events, each shipping to the partner the EPCs of one of d's
    // events (every tenth), a year after everything else so that all of their history is the partner's to see.
    string PartnerShipment(int d)
    {
        var sb = new StringBuilder(8 * 1024);
        sb.Append("""{"@context":["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2027-01-01T00:00:00Z","epcisBody":{"eventList":[""");
        for (var k = 0; k < 10; k++)
        {
            sb.Append(k == 0 ? "" : ",")
                .Append("""{"type":"ObjectEvent","action":"OBSERVE","bizStep":"shipping","disposition":"in_transit","eventTime":"2027-01-01T00:00:00Z","eventTimeZoneOffset":"+00:00",""")
                .Append("""
                    "destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:0614141.00002"}],"epcList":[
                    """)
                .AppendJoin(",", Enumerable.Range(0, EpcsPerEvent).Select(s => $"\"{EpcOf(ShippedEvent(d, k) * EpcsPerEvent + s)}\""))
                .Append("]}");
        }
        return sb.Append("]}}").ToString();
    }

    long ShippedEvent(int d, int k) => (long)d * EventsPerDocument + k * (EventsPerDocument / 10);

    // MATCH_epc for one EPC, through the service (parse, canonical form, one SQL statement, page of events) and as the
    // raw SQL a person would write against the identifier index, at a tenth of the store and at the whole store, so
    // that a time growing with the store shows. With partner, every tenth document is followed by a shipment to a
    // partner, and the service answers as that partner's token would (only the events of what was shipped to it); the
    // baseline is still the plain statement, so the ratio is what the restriction costs.
    public async Task<Result[]> EpcisMatchAsync(int events, bool partner = false)
    {
        var documents = Math.Max(1, events / EventsPerDocument);
        await using var bench = await BenchDatabase.CreateAsync(provider, postgres, partner ? "epartner" : "ematch", ct);
        var shipped = new List<long>();
        var results = new List<Result>();
        var setup = Stopwatch.StartNew();
        var stored = 0;
        foreach (var checkpoint in new[] { documents / 10, documents }.Where(c => c > 0).Distinct())
        {
            await using (var fill = await Raw.OpenAsync(bench.Target, ct))
            {
                for (; stored < checkpoint; stored++)
                {
                    // Captured through the service up to 10,000 events; beyond, the same rows are written directly so that
                    // a million-event store takes minutes to fill, not most of an hour. The query reads the rows either way.
                    if (stored < CapturedDocuments)
                    {
                        await CaptureDocumentAsync(bench.Target, stored, ct);
                    }
                    else
                    {
                        var (eventRows, epcRows) = RawRows(stored, fill, Clock.GetUtcNow());
                        await RawInsertAsync(fill, eventRows, epcRows);
                    }
                    if (partner && stored % 10 == 9)
                    {
                        await CaptureShipmentAsync(bench.Target, stored);
                        shipped.AddRange(Enumerable.Range(0, 10).Select(k => ShippedEvent(stored, k)));
                    }
                    Progress($"{Label} epcis-{(partner ? "partner" : "match")} setup", (stored + 1L) * EventsPerDocument, (long)documents * EventsPerDocument);
                }
            }
            await using (var analyze = await Raw.OpenAsync(bench.Target, ct))
            {
                await analyze.ExecuteAsync(analyze.IsSqlite ? "ANALYZE" : "ANALYZE epcis_stored_events; ANALYZE epcis_event_epcs", ct);
            }
            results.Add(await MatchAsync(bench, (long)checkpoint * EventsPerDocument, setup.Elapsed.TotalSeconds, partner ? shipped : null));
        }
        return [.. results];
    }

    async Task CaptureShipmentAsync(DatabaseTarget target, int d)
    {
        await using var db = Database.CreateContext(target);
        var result = await new EpcisCapturing(db, Clock).CaptureAsync(PartnerShipment(d), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, BenchActor, ct);
        if (result.Job.StoredCount != 10)
        {
            throw new InvalidOperationException($"epcis-partner: the shipment after document {d} stored {result.Job.StoredCount} events: {string.Join("; ", result.Errors)}");
        }
    }

    // shipped: the events whose EPCs went to the partner (null: no partner). Half the partner's queries ask for one of
    // those EPCs (its own event and the shipment: two events), half for any EPC (none unless shipped).
    async Task<Result> MatchAsync(BenchDatabase bench, long storedEvents, double setupSeconds, List<long>? shipped)
    {
        var queries = Math.Min(lookups, 2_000);
        var random = new Random(42);
        if (shipped is { Count: 0 })
        {
            throw new InvalidOperationException($"epcis-partner: nothing was shipped to the partner in {storedEvents:N0} events (a shipment follows every tenth document); ask for more --events.");
        }
        var picks = Enumerable.Range(0, queries)
            .Select(i => shipped is not null && i % 2 == 0 ? shipped[random.Next(shipped.Count)] * EpcsPerEvent + random.Next(EpcsPerEvent) : random.NextInt64(storedEvents * EpcsPerEvent))
            .ToArray();
        var sent = shipped?.SelectMany(e => Enumerable.Range(0, EpcsPerEvent).Select(s => e * EpcsPerEvent + s)).ToHashSet();
        var name = sent is null ? "epcis-match" : "epcis-partner";
        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        long? party = shipped is null ? null : await raw.ScalarAsync($"SELECT id FROM parties WHERE gln = '{PartnerGln}'", ct);
        await using var cmd = raw.Command(
            "SELECT e.id, e.event_id, e.event_time, e.record_time, e.json FROM epcis_stored_events e " +
            "WHERE e.id IN (SELECT x.event_id FROM epcis_event_epcs x WHERE x.role = 1 AND x.epc = @epc) ORDER BY e.id LIMIT 31");
        var epcParameter = Raw.Add(cmd, "epc", DbType.String, "");
        await cmd.PrepareAsync(ct);
        double service = 0, baseline = 0;
        for (var round = 0; round < queries / LookupsPerRound + (queries % LookupsPerRound == 0 ? 0 : 1); round++)
        {
            var slice = picks.Skip(round * LookupsPerRound).Take(LookupsPerRound).ToArray();
            async Task Service()
            {
                await using var db = Database.CreateContext(bench.Target);
                var querying = new EpcisQuerying(db);
                foreach (var pick in slice)
                {
                    var page = await querying.EventsAsync(EpcisQuery.Parse([new("MATCH_epc", EpcOf(pick))]) with { OwnParty = party }, ct);
                    // Unrestricted, every EPC is in one event; a partner sees a shipped EPC's event and its shipment, and nothing else.
                    var expected = sent is null ? 1 : sent.Contains(pick) ? 2 : 0;
                    if (page.Events.Count != expected)
                    {
                        throw new InvalidOperationException($"{name}: MATCH_epc {EpcOf(pick)} found {page.Events.Count} events, expected {expected}.");
                    }
                }
            }
            async Task Baseline()
            {
                foreach (var pick in slice)
                {
                    // The raw side is handed the canonical form: converting the URN is the service's work.
                    epcParameter.Value = $"https://id.gs1.org/01/10614141073464/21/{pick}";
                    await using var reader = await cmd.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                    {
                        _ = reader.GetString(4);
                    }
                }
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
        Console.WriteLine($"  {Label} {name} at {storedEvents:N0} events: service {service * 1000 / queries:F3} ms, raw {baseline * 1000 / queries:F3} ms per MATCH_epc; goal < 2 ms"
            + (sent is null ? "" : $" ({sent.Count:N0} EPCs shipped to the partner)"));
        return new Result(Label, $"{name}@{storedEvents}", queries, service, baseline, setupSeconds,
            $"one database, {storedEvents:N0} events of {EpcsPerEvent} SGTINs (the first {CapturedDocuments * EventsPerDocument:N0} captured, the rest written as capture writes them); {queries:N0} MATCH_epc of random EPCs"
            + (sent is null ? "" : $", half of them shipped to the partner whose token asks ({sent.Count:N0} EPCs shipped); baseline: the unrestricted statement"));
    }
}

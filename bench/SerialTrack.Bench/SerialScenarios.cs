using System.Data;
using System.Diagnostics;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;

namespace SerialTrack.Bench;

// Serial numbers: reserving from a scheme's counter, and finding a unit by a further identifier.
sealed partial class Scenarios
{
    public const int ReservePerCall = 100_000;
    const string ReservePrefix = "BR-";
    const string ReserveTemplate = "BR-{SEQ:7}{CHECK:luhn}";

    static readonly string[] ExpectedColumns = ["product_id", "serial", "reservation_id", "status", "created_at"];

    static DbType[] ExpectedTypes(Raw raw) => [DbType.Int64, DbType.String, DbType.Int64, DbType.Int32, raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset];

    static async Task<long> SetupSchemeAsync(DatabaseTarget target, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        var scheme = await new SerialNumbers(db, Clock).CreateSchemeAsync(new SchemeInput("bench", ReserveTemplate), ct);
        var catalog = new ProductCatalog(db, Clock);
        await catalog.SetSerialsAsync((await catalog.FindAsync(Sku, ct)).Id, "bench", SerialUniqueness.WithinProduct, ct);
        return scheme.Id;
    }

    static async Task ServiceReserveAsync(DatabaseTarget target, int count, CancellationToken ct)
    {
        await using var db = Database.CreateContext(target);
        await new SerialNumbers(db, Clock).ReserveAsync(Sku, count, null, null, "bench", Actor.System, ct);
    }

    // The same writes as SerialNumbers.ReserveAsync: the counter upsert, the reservation row, one
    // expected_serials row per serial in the same multi-row inserts. The serials are formatted here
    // (prefix, 7 digits, a Luhn digit) so the baseline pays for making them too; nothing is checked.
    static async Task RawReserveAsync(Raw raw, long product, long scheme, int count, CancellationToken ct)
    {
        await raw.BeginAsync(ct);
        long next;
        await using (var counter = raw.Command("""
            INSERT INTO serial_counters (scheme_id, scope_key, next_value) VALUES (@s, '', 1 + @n)
            ON CONFLICT (scheme_id, scope_key) DO UPDATE SET next_value = serial_counters.next_value + @n
            RETURNING next_value
            """))
        {
            Raw.Add(counter, "s", DbType.Int64, scheme);
            Raw.Add(counter, "n", DbType.Int64, (long)count);
            next = Convert.ToInt64(await counter.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var now = raw.Time(Clock.GetUtcNow());
        long reservation;
        await using (var insert = raw.Command("""
            INSERT INTO serial_reservations (product_id, scheme_id, count, reference, actor, created_at)
            VALUES (@p, @s, @n, 'bench', 'system', @now) RETURNING id
            """))
        {
            Raw.Add(insert, "p", DbType.Int64, product);
            Raw.Add(insert, "s", DbType.Int64, scheme);
            Raw.Add(insert, "n", DbType.Int32, count);
            Raw.Add(insert, "now", raw.IsSqlite ? DbType.Int64 : DbType.DateTimeOffset, now);
            reservation = Convert.ToInt64(await insert.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }
        var first = next - count;
        var rows = new object?[count][];
        Span<char> digits = stackalloc char[7];
        for (var i = 0; i < count; i++)
        {
            var seq = first + i;
            seq.TryFormat(digits, out _, "D7", System.Globalization.CultureInfo.InvariantCulture);
            rows[i] = [product, ReservePrefix + new string(digits) + (char)('0' + Luhn(digits)), reservation, 1, now];
        }
        await raw.InsertAsync("expected_serials", ExpectedColumns, ExpectedTypes(raw), rows, ct);
        await raw.CommitAsync(ct);
    }

    static int Luhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }

    public async Task<Result> ReserveAsync()
    {
        await using var svcDb = await BenchDatabase.CreateAsync(provider, postgres, "svc", ct);
        await using var rawDb = await BenchDatabase.CreateAsync(provider, postgres, "raw", ct);
        await SetupAsync(svcDb.Target, ct);
        await SetupSchemeAsync(svcDb.Target, ct);
        var ids = await SetupAsync(rawDb.Target, ct);
        var scheme = await SetupSchemeAsync(rawDb.Target, ct);
        await using var raw = await Raw.OpenAsync(rawDb.Target, ct);

        double service = 0, baseline = 0;
        var calls = (units + ReservePerCall - 1) / ReservePerCall;
        for (var call = 0; call < calls; call++)
        {
            var count = Math.Min(ReservePerCall, units - call * ReservePerCall);
            if (call % 2 == 0)
            {
                service += await TimeAsync(() => ServiceReserveAsync(svcDb.Target, count, ct));
                baseline += await TimeAsync(() => RawReserveAsync(raw, ids.Product, scheme, count, ct));
            }
            else
            {
                baseline += await TimeAsync(() => RawReserveAsync(raw, ids.Product, scheme, count, ct));
                service += await TimeAsync(() => ServiceReserveAsync(svcDb.Target, count, ct));
            }
            Progress($"{Label} reserve", Math.Min(units, (call + 1L) * ReservePerCall), units);
        }
        await CheckSameAsync(svcDb, rawDb, "SELECT COUNT(*) FROM expected_serials WHERE status = 1", units);
        // The same serials on both sides, check characters included.
        await CheckSameAsync(svcDb, rawDb, $"SELECT COUNT(*) FROM expected_serials WHERE serial IN ('{Formatted(1)}', '{Formatted(units)}')", Math.Min(units, 2));
        return new Result(Label, "reserve", units, service, baseline, 0, $"separate identical fresh databases, {ReservePerCall:N0} serials per call, template {ReserveTemplate}");
    }

    static string Formatted(long seq) => SerialTemplate.Parse(ReserveTemplate).Format(new SerialContext(Sku, DateTimeOffset.UnixEpoch), seq);

    const string IdentifierSelect = """
        SELECT u.id, u.product_id, p.sku, p.name, u.serial, u.status, u.stage, u.location_id, l.code, u.container_id,
               u.owner_party_id, u.last_event_id, u.updated_at, u.version
        FROM unit_identifiers i
        JOIN units u ON u.id = i.unit_id
        JOIN products p ON p.id = u.product_id
        LEFT JOIN locations l ON l.id = u.location_id
        WHERE i.value = @v AND i.kind = 'mfr_serial'
        """;

    static string MfrSerial(int i) => $"MFR-{i:D8}";

    // One database with N units each carrying one manufacturer serial (commissioned through the service);
    // the same random identifiers are looked up by UnitLookup, by Scanner, and by one raw indexed join.
    public async Task<(Result Lookup, Result Scan)> IdentifierAsync()
    {
        await using var bench = await BenchDatabase.CreateAsync(provider, postgres, "ident", ct);
        await SetupAsync(bench.Target, ct);
        var setup = Stopwatch.StartNew();
        var calls = (units + SerialsPerCall - 1) / SerialsPerCall;
        for (var call = 0; call < calls; call++)
        {
            var serials = Serials(call, units);
            var identifiers = Enumerable.Range(call * SerialsPerCall, serials.Count)
                .Select(i => (IReadOnlyList<IdentifierInput>)[new IdentifierInput("mfr_serial", MfrSerial(i))]).ToList();
            await using var db = Database.CreateContext(bench.Target);
            await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest(Sku, serials, "BENCH-A", Identifiers: identifiers), Actor.System, ct);
            Progress($"{Label} identifier setup", Math.Min(units, (call + 1L) * SerialsPerCall), units);
        }
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var rng = new Random(42);
        var sample = Enumerable.Range(0, lookups).Select(_ => MfrSerial(rng.Next(units))).ToArray();
        await using var raw = await Raw.OpenAsync(bench.Target, ct);
        await using var select = raw.Command(IdentifierSelect);
        Raw.Add(select, "v", DbType.String, sample[0]);
        await select.PrepareAsync(ct);
        await using var db2 = Database.CreateContext(bench.Target);
        var lookup = new UnitLookup(db2);
        await using var db3 = Database.CreateContext(bench.Target);
        var scanner = new Scanner(db3);

        async Task LookupAsync(ArraySegment<string> values)
        {
            foreach (var v in values)
            {
                if ((await lookup.FindByIdentifierAsync(v, "mfr_serial", ct)).Count != 1)
                {
                    throw new InvalidOperationException($"Service lookup of {v} did not find exactly one unit.");
                }
            }
        }
        async Task ScanAsync(ArraySegment<string> values)
        {
            foreach (var v in values)
            {
                if ((await scanner.ScanAsync(v, ct)).Kind != ScanKind.Unit)
                {
                    throw new InvalidOperationException($"Scan of {v} did not find the unit.");
                }
            }
        }
        async Task RawAsync(ArraySegment<string> values)
        {
            foreach (var v in values)
            {
                select.Parameters[0].Value = v;
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
                    throw new InvalidOperationException($"Raw lookup of {v} did not find exactly one unit.");
                }
            }
        }

        var warm = Enumerable.Range(0, Math.Min(200, units)).Select(MfrSerial).ToArray();
        await LookupAsync(warm);
        await ScanAsync(warm);
        await RawAsync(warm);

        double service = 0, scan = 0, baseline = 0;
        for (int start = 0, round = 0; start < sample.Length; start += LookupsPerRound, round++)
        {
            var part = new ArraySegment<string>(sample, start, Math.Min(LookupsPerRound, sample.Length - start));
            if (round % 2 == 0)
            {
                service += await TimeAsync(() => LookupAsync(part));
                baseline += await TimeAsync(() => RawAsync(part));
            }
            else
            {
                baseline += await TimeAsync(() => RawAsync(part));
                service += await TimeAsync(() => LookupAsync(part));
            }
            scan += await TimeAsync(() => ScanAsync(part));
        }
        var layout = $"one database with {units:N0} units each carrying one mfr_serial, same random identifiers";
        return (new Result(Label, "identifier", lookups, service, baseline, setupSeconds, layout),
            new Result(Label, "identifier-scan", lookups, scan, baseline, 0, layout + "; Scanner.ScanAsync (every code table) vs the same raw join"));
    }
}

using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Epcis;

public sealed record EpcisQueryRow(long Id, string EventId, DateTimeOffset EventTime, DateTimeOffset RecordTime, string Json);

public sealed record EpcisQueryPage(IReadOnlyList<EpcisQueryRow> Events, string? NextPageToken);

public sealed record EpcisValuesPage(IReadOnlyList<string> Values, string? NextPageToken);

// The discovery lists of the REST binding: the values present in the store.
public enum EpcisVocabularyList
{
    BizSteps,
    BizLocations,
    ReadPoints,
    Dispositions,
    Epcs,
}

// EPCIS 2.0 query interface over the repository (GS1 EPCIS REST binding: GET /events and the discovery endpoints).
// Each page is one SQL statement over the stored events and their indexed identifiers, paged by keyset on (the order
// column, id): a page never repeats an event and never skips one. A query answers as of its first page: the token
// carries the highest id stored then, so events captured while a client pages through are neither half-seen nor
// counted twice; they belong to the next query.
public sealed class EpcisQuerying(SerialTrackDbContext db)
{
    public async Task<EpcisQueryPage> EventsAsync(EpcisQuery query, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        var start = query.NextPageToken is null ? null : Cursor.Read(query.NextPageToken, Fingerprint(query));
        var delivered = start?.Delivered ?? 0;
        var want = Math.Min(query.PerPage, query.EventCountLimit is { } limit ? limit - delivered : int.MaxValue);
        var within = await WithinAsync(query, ct);
        return await sql.OnOpenConnectionAsync(async () =>
        {
            if (start is null && query.MaxEventCount is { } max && await CountAsync(sql, query, within, max + 1, ct) > max)
            {
                // EPCIS 2.0 §8.2.7.1: QueryTooLargeException rather than an answer cut short.
                throw new DomainException("epcis.query_too_large",
                    $"More than maxEventCount={max} events match; narrow the query, or page through it without maxEventCount.", "maxEventCount", ErrorKind.BadInput);
            }
            var (rows, snapshot) = await ScanAsync(sql, query, within, start?.Snapshot, start?.After, want + 1, ct);
            var more = rows.Count > want && (query.EventCountLimit is null || delivered + want < query.EventCountLimit);
            if (rows.Count > want)
            {
                rows.RemoveRange(want, rows.Count - want);
            }
            var last = rows.Count == 0 ? null : rows[^1];
            var token = more && last is not null
                ? new Cursor(Fingerprint(query), snapshot, new Keyset(SortValue(query, last), last.Id), delivered + rows.Count).Write()
                : null;
            return new EpcisQueryPage(rows, token);
        }, ct);
    }

    // Subscriptions and webhooks: the events a query matches among those stored after one position and up to another,
    // in the order they were stored (a query's own ordering and limits do not apply to a delivery).
    public async Task<IReadOnlyList<EpcisQueryRow>> StoredBetweenAsync(EpcisQuery query, long after, long through, int limit, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        var within = await WithinAsync(query, ct);
        var stored = query with { OrderBy = EpcisOrderBy.Stored, EventCountLimit = null, MaxEventCount = null };
        return await sql.OnOpenConnectionAsync(async () => (await ScanAsync(sql, stored, within, through, new Keyset(null, after), limit, ct)).Rows, ct);
    }

    // An event a partner may not see is not found, exactly like one that does not exist: its existence does not leak.
    // An event declared erroneous is answered by its error declaration (the event repeated, with errorDeclaration).
    public async Task<EpcisQueryRow> EventAsync(string eventId, long? ownParty, CancellationToken ct)
    {
        var e = ownParty is null
            ? await db.EpcisEvents.AsNoTracking().Where(x => x.EventId == eventId).OrderByDescending(x => x.Id)
                .Select(x => new EpcisQueryRow(x.Id, x.EventId, x.EventTime, x.RecordTime, x.Json)).FirstOrDefaultAsync(ct)
            : (await EventsAsync(new EpcisQuery { EventIds = [eventId], OwnParty = ownParty, PerPage = 2 }, ct)).Events.LastOrDefault();
        return e ?? throw DomainException.NotFound("epcis.event_not_found", $"No event with eventID '{eventId}' is stored.", "eventID");
    }

    static string Fingerprint(EpcisQuery query) =>
        query.OwnParty is { } party ? query.Fingerprint + "/" + party.ToString(CultureInfo.InvariantCulture) : query.Fingerprint;

    // What an epcis:query-own token sees (docs/epcis.md, "Partner tokens"): the events whose destination is its party
    // (through the native event each stored event is linked to: a SerialTrack shipment to that customer, or a captured
    // event whose destination became that party), and every event up to such a shipment about an identifier it
    // carried, the contents of shipped containers included: what was aggregated into a carried parent at or before the
    // shipment and not taken out again before it by a later DELETE that names it or names no children. A semi-join on the EPC index, so paging, counts
    // and maxEventCount see the restricted set and nothing is filtered after the fact.
    static string Visible(string party, string? snapshot)
    {
        const int epc = (int)EpcisEpcRole.Epc, parent = (int)EpcisEpcRole.Parent, cls = (int)EpcisEpcRole.Class;
        const int aggregation = (int)EpcisEventType.AggregationEvent, delete = (int)EpcisAction.Delete;
        var upTo = snapshot is null ? "" : $" AND s.id <= {snapshot}";
        return $"""
            WITH RECURSIVE shipments(id, t) AS (
              SELECT s.id, s.event_time FROM events n JOIN epcis_stored_events s ON s.native_event_id = n.id
              WHERE n.destination_party_id = {party}{upTo}
            ),
            carried(epc, t) AS (
              SELECT x.epc, h.t FROM shipments h JOIN epcis_event_epcs x ON x.event_id = h.id WHERE x.role IN ({epc}, {parent}, {cls})
              UNION
              SELECT c.epc, k.t FROM carried k
              JOIN epcis_event_epcs p ON p.epc = k.epc AND p.role = {parent}
              JOIN epcis_stored_events a ON a.id = p.event_id
              JOIN epcis_event_epcs c ON c.event_id = a.id AND c.role IN ({epc}, {cls})
              WHERE a.type = {aggregation} AND a.action <> {delete} AND a.event_time <= k.t
                AND NOT EXISTS (
                  SELECT 1 FROM epcis_event_epcs dp
                  JOIN epcis_stored_events d ON d.id = dp.event_id
                  WHERE dp.epc = k.epc AND dp.role = {parent} AND d.type = {aggregation} AND d.action = {delete} AND d.event_time <= k.t
                    AND {UnpackedAfter} AND {TakesOut})
            )
            SELECT h.id FROM shipments h
            UNION
            SELECT x.event_id FROM carried k JOIN epcis_event_epcs x ON x.epc = k.epc
            JOIN epcis_stored_events v ON v.id = x.event_id WHERE v.event_time <= k.t
            """;
    }

    // Unpack d comes after packing a: later, or at the same time and stored after it.
    const string UnpackedAfter = "(d.event_time > a.event_time OR (d.event_time = a.event_time AND d.id > a.id))";

    // Unpack d takes child c out: it names c in the same role, or it names no children at all (EPCIS: all of them).
    static readonly string TakesOut = $"""
        (EXISTS (SELECT 1 FROM epcis_event_epcs dc WHERE dc.event_id = d.id AND dc.epc = c.epc AND dc.role = c.role)
                      OR NOT EXISTS (SELECT 1 FROM epcis_event_epcs dc WHERE dc.event_id = d.id AND dc.role IN ({(int)EpcisEpcRole.Epc}, {(int)EpcisEpcRole.Class})))
        """;

    // The same rule asked of one event (e of the query) at a time: up from its identifiers through the aggregations that
    // held them to a shipment to the party, at or after the event. A link from a child to its parent holds from the
    // packing until the first unpack after it, so a walk keeps the latest packing (since) and the earliest unpack (until)
    // of its links, and the shipment must fall between them; a walk whose window is already empty, or closed before the
    // event, goes no further. This costs what the packing around the event's identifiers costs, where the set above
    // costs the partner's whole history: it is used when the query's own filters pick a few events (an exact EPC, an
    // eventID), so that a partner's MATCH_epc is as flat as anyone's.
    static string VisibleEvent(bool sqlite, string party, string? snapshot)
    {
        const int epc = (int)EpcisEpcRole.Epc, parent = (int)EpcisEpcRole.Parent, cls = (int)EpcisEpcRole.Class;
        const int aggregation = (int)EpcisEventType.AggregationEvent, delete = (int)EpcisAction.Delete;
        var (upTo, self) = snapshot is null ? ("", "") : ($" AND h.id <= {snapshot}", $" AND e.id <= {snapshot}");
        // SQLite reads -9223372036854775808 as a real number, so "never" is one above it.
        var (never, forever, later, earlier) = sqlite
            ? ($"{long.MinValue + 1}", $"{long.MaxValue}", "max", "min")
            : ("'-infinity'::timestamptz", "'infinity'::timestamptz", "GREATEST", "LEAST");
        // The unpacks of link (a: the packing, p: its parent row, c: its child row) after it.
        var unpacks = $"""
            FROM epcis_stored_events d
                    JOIN epcis_event_epcs dp ON dp.event_id = d.id AND dp.role = {parent} AND dp.epc = p.epc
                    WHERE d.type = {aggregation} AND d.action = {delete}
                      AND {UnpackedAfter} AND {TakesOut}
            """;
        return $"""
            (EXISTS (SELECT 1 FROM events n WHERE n.id = e.native_event_id AND n.destination_party_id = {party}{self})
             OR EXISTS (
              WITH RECURSIVE up(epc, since, until) AS (
                SELECT x.epc, {never}, {forever} FROM epcis_event_epcs x WHERE x.event_id = e.id
                UNION
                SELECT p.epc, {later}(u.since, a.event_time), {earlier}(u.until, COALESCE((SELECT MIN(d.event_time) {unpacks}), {forever}))
                FROM up u
                JOIN epcis_event_epcs c ON c.epc = u.epc AND c.role IN ({epc}, {cls})
                JOIN epcis_stored_events a ON a.id = c.event_id AND a.type = {aggregation} AND a.action <> {delete}
                JOIN epcis_event_epcs p ON p.event_id = a.id AND p.role = {parent}
                WHERE a.event_time < u.until AND NOT EXISTS (SELECT 1 {unpacks} AND d.event_time <= {later}(u.since, a.event_time, e.event_time))
              )
              SELECT 1 FROM up u
              JOIN epcis_event_epcs y ON y.epc = u.epc AND y.role IN ({epc}, {parent}, {cls})
              JOIN epcis_stored_events h ON h.id = y.event_id
              JOIN events n ON n.id = h.native_event_id
              WHERE n.destination_party_id = {party}{upTo} AND h.event_time >= e.event_time AND h.event_time >= u.since AND h.event_time < u.until))
            """;
    }

    // The REST binding's /eventTypes: the types this repository stores, whether or not one has been captured yet.
    public static IReadOnlyList<string> EventTypes => Enum.GetNames<EpcisEventType>();

    // Distinct values by a loose index scan (one index probe per value, in one recursive statement), so a page costs
    // the same with ten events or ten million.
    // For a partner (ownParty) only the values of the events it may see, by a plain DISTINCT over those.
    public async Task<EpcisValuesPage> ValuesAsync(EpcisVocabularyList list, int perPage, string? nextPageToken, long? ownParty, CancellationToken ct)
    {
        if (perPage is < 1 or > EpcisQuery.MaxPerPage)
        {
            throw EpcisQuery.Bad("perPage", $"perPage: '{perPage}' is not a whole number from 1 to {EpcisQuery.MaxPerPage}.");
        }
        var after = nextPageToken is null ? "" : Cursor.Read(nextPageToken, list.ToString()).After?.Text ?? "";
        var (table, column, where) = list switch
        {
            EpcisVocabularyList.BizSteps => ("epcis_stored_events", "biz_step", ""),
            EpcisVocabularyList.Dispositions => ("epcis_stored_events", "disposition", ""),
            EpcisVocabularyList.ReadPoints => ("epcis_stored_events", "read_point", ""),
            EpcisVocabularyList.BizLocations => ("epcis_stored_events", "biz_location", ""),
            _ => ("epcis_event_epcs", "epc", $" AND role IN ({(int)EpcisEpcRole.Epc}, {(int)EpcisEpcRole.Parent}, {(int)EpcisEpcRole.Input}, {(int)EpcisEpcRole.Output})"),
        };
        var text = ownParty is not null ? OwnValues(table, column, where) : $"""
            WITH RECURSIVE v(x) AS (
              SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > @after{where})
              UNION ALL
              SELECT (SELECT MIN({column}) FROM {table} WHERE {column} > v.x{where}) FROM v WHERE v.x IS NOT NULL
            )
            SELECT x FROM v WHERE x IS NOT NULL LIMIT @n
            """;
        var sql = new SqlSession(db);
        var values = await sql.OnOpenConnectionAsync(async () =>
        {
            await using var cmd = sql.Command(text, [("after", after), ("n", perPage + 1), .. ownParty is null ? [] : new (string, object?)[] { ("party", ownParty) }]);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var found = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                found.Add(reader.GetString(0));
            }
            return found;
        }, ct);
        if (values.Count <= perPage)
        {
            return new EpcisValuesPage(values, null);
        }
        values.RemoveAt(perPage);
        return new EpcisValuesPage(values, new Cursor(list.ToString(), 0, new Keyset(null, 0, values[^1]), 0).Write());
    }

    static string OwnValues(string table, string column, string where)
    {
        var eventId = table == "epcis_stored_events" ? "id" : "event_id";
        return $"SELECT DISTINCT {column} FROM {table} WHERE {eventId} IN ({Visible("@party", null)}) AND {column} > @after{where} ORDER BY {column} LIMIT @n";
    }

    static long? SortValue(EpcisQuery query, EpcisQueryRow row) => query.OrderBy switch
    {
        EpcisOrderBy.EventTime => row.EventTime.UtcTicks,
        EpcisOrderBy.RecordTime => row.RecordTime.UtcTicks,
        _ => null,
    };

    // The filters the SQL can answer, with the keyset, in chunks; the rest (quantities, transactions, sources and
    // destinations, which have no column) on the stored event. Without those the first chunk is the whole page.
    // The first page reads the store's highest id in the same statement: that is the snapshot later pages keep to.
    static async Task<(List<EpcisQueryRow> Rows, long Snapshot)> ScanAsync(
        SqlSession sql, EpcisQuery query, Within within, long? snapshot, Keyset? after, int want, CancellationToken ct)
    {
        var found = new List<EpcisQueryRow>(Math.Min(want, 1001));
        var chunk = query.NeedsEventBody ? Math.Max(want * 4, 500) : want;
        while (true)
        {
            var columns = "e.id, e.event_id, e.event_time, e.record_time, e.json" + (snapshot is null ? ", (SELECT MAX(id) FROM epcis_stored_events)" : "");
            var (text, parameters) = Select(sql, query, within, snapshot, after, columns, chunk);
            await using var cmd = sql.Command(text, [.. parameters]);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            var read = 0;
            EpcisQueryRow? last = null;
            while (await reader.ReadAsync(ct))
            {
                read++;
                snapshot ??= reader.GetInt64(5);
                last = new EpcisQueryRow(reader.GetInt64(0), reader.GetString(1), sql.ReadTime(reader, 2), sql.ReadTime(reader, 3), reader.GetString(4));
                if (!query.NeedsEventBody || query.Accepts(EpcisQueryDocument.ReadStored(last.Json)))
                {
                    found.Add(last);
                    if (found.Count == want)
                    {
                        return (found, snapshot.Value);
                    }
                }
            }
            if (read < chunk || last is null)
            {
                return (found, snapshot ?? 0);
            }
            after = new Keyset(SortValue(query, last), last.Id);
        }
    }

    static async Task<long> CountAsync(SqlSession sql, EpcisQuery query, Within within, int upTo, CancellationToken ct)
    {
        if (query.NeedsEventBody)
        {
            return (await ScanAsync(sql, query, within, null, null, upTo, ct)).Rows.Count;
        }
        var (text, parameters) = Select(sql, query, within, null, null, "1", upTo);
        return await sql.ScalarLongAsync($"SELECT COUNT(*) FROM ({text}) AS m", ct, [.. parameters]);
    }

    static (string Sql, List<(string, object?)> Parameters) Select(
        SqlSession sql, EpcisQuery q, Within within, long? snapshot, Keyset? after, string columns, int limit)
    {
        var where = new List<string>();
        var p = new List<(string, object?)> { ("limit", limit) };
        string Param(object? value)
        {
            var name = "p" + p.Count;
            p.Add((name, value));
            return "@" + name;
        }
        string In(IEnumerable<object?> values) => string.Join(", ", values.Select(Param));

        if (snapshot is not null)
        {
            where.Add($"e.id <= {Param(snapshot)}");
        }
        if (q.OwnParty is { } party)
        {
            var (own, upTo) = (Param(party), snapshot is null ? null : Param(snapshot));
            // Exact identifiers of objects pick a few events; a class (a lot, a product) can pick thousands.
            var few = q.EventIds is not null || q.Matches.Any(m => m.Prefixes.Count == 0 && !m.Roles.Any(r => r is EpcisEpcRole.Class or EpcisEpcRole.InputClass or EpcisEpcRole.OutputClass));
            where.Add(few ? VisibleEvent(sql.IsSqlite, own, upTo) : $"e.id IN ({Visible(own, upTo)})");
        }
        if (q.EventTypes is { } types)
        {
            where.Add(types.Count == 0 ? "1 = 0" : $"e.type IN ({In(types.Select(t => (object?)(int)t))})");
        }
        if (q.Actions is { } actions)
        {
            where.Add($"e.action IN ({In(actions.Select(a => (object?)(int)a))})");
        }
        void Time(string column, string op, DateTimeOffset? t)
        {
            if (t is { } value)
            {
                where.Add($"e.{column} {op} {Param(sql.Time(value))}");
            }
        }
        Time("event_time", ">=", q.GeEventTime);
        Time("event_time", "<", q.LtEventTime);
        Time("record_time", ">=", q.GeRecordTime);
        Time("record_time", "<", q.LtRecordTime);
        void Equal(string column, IReadOnlyList<string>? values)
        {
            if (values is not null)
            {
                where.Add($"e.{column} IN ({In(values)})");
            }
        }
        Equal("biz_step", q.BizSteps);
        Equal("disposition", q.Dispositions);
        Equal("read_point", q.ReadPoints);
        Equal("biz_location", q.BizLocations);
        Equal("event_id", q.EventIds);
        void Below(string column, IReadOnlyList<string>? values, IReadOnlyList<string> known)
        {
            if (values is null)
            {
                return;
            }
            // A GLN's own sub-locations (SGLN extensions, AI 254) are below it whether or not SerialTrack knows them.
            var terms = values.Concat(known).Distinct().Select(v =>
                $"e.{column} = {Param(v)}" + (IsGln(v) ? $" OR (e.{column} >= {Param(v + "/254/")} AND e.{column} < {Param(v + "/2540")})" : ""));
            where.Add($"({string.Join(" OR ", terms)})");
        }
        Below("read_point", q.WithinReadPoints, within.ReadPoints);
        Below("biz_location", q.WithinBizLocations, within.BizLocations);
        foreach (var m in q.Matches)
        {
            // Each prefix is a range on the identifier index: the canonical forms below a GTIN sort between "gtin/" and "gtin0",
            // those of a company prefix P after indicator digit d between "dP" and "dP" with its last digit one higher.
            var terms = new List<string>();
            if (m.Exact.Count > 0)
            {
                terms.Add($"x.epc IN ({In(m.Exact)})");
            }
            terms.AddRange(m.Prefixes.Select(prefix => $"(x.epc >= {Param(prefix)} AND x.epc < {Param(prefix[..^1] + (char)(prefix[^1] + 1))})"));
            where.Add($"e.id IN (SELECT x.event_id FROM epcis_event_epcs x WHERE x.role IN ({string.Join(", ", m.Roles.Select(r => (int)r))}) AND ({string.Join(" OR ", terms)}))");
        }

        var column = q.OrderBy switch
        {
            EpcisOrderBy.EventTime => "e.event_time",
            EpcisOrderBy.RecordTime => "e.record_time",
            _ => null,
        };
        var descending = column is not null && q.Descending;
        var op = descending ? "<" : ">";
        if (after is not null)
        {
            if (column is null)
            {
                where.Add($"e.id {op} {Param(after.Id)}");
            }
            else
            {
                var value = Param(sql.Time(new DateTimeOffset(after.Value!.Value, TimeSpan.Zero)));
                where.Add($"({column} {op} {value} OR ({column} = {value} AND e.id {op} {Param(after.Id)}))");
            }
        }
        var direction = descending ? " DESC" : "";
        var order = column is null ? $"e.id{direction}" : $"{column}{direction}, e.id{direction}";
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);
        var text = $"SELECT {columns} FROM epcis_stored_events e{filter} ORDER BY {order} LIMIT @limit";
        return (text, p);
    }

    static bool IsGln(string canonical) =>
        canonical.StartsWith(Gs1.DigitalLink.DefaultStem + "/414/", StringComparison.Ordinal) && canonical.Count(c => c == '/') == 4;

    sealed record Within(IReadOnlyList<string> ReadPoints, IReadOnlyList<string> BizLocations);

    // WD_: the location named and everything below it. Only SerialTrack's own locations have a known hierarchy (their
    // GLNs, through the location tree); a location SerialTrack does not know has no known children and matches alone.
    async Task<Within> WithinAsync(EpcisQuery q, CancellationToken ct)
    {
        async Task<IReadOnlyList<string>> Below(IReadOnlyList<string>? values)
        {
            var glns = (values ?? []).Where(IsGln).Select(v => v[(Gs1.DigitalLink.DefaultStem.Length + 5)..]).ToList();
            if (glns.Count == 0)
            {
                return [];
            }
            var paths = await db.Locations.AsNoTracking().Where(l => l.Gln != null && glns.Contains(l.Gln)).Select(l => l.Path).ToListAsync(ct);
            var found = new List<string>();
            foreach (var path in paths)
            {
                found.AddRange(await db.Locations.AsNoTracking().Where(l => l.Path.StartsWith(path) && l.Gln != null)
                    .Select(l => Gs1.DigitalLink.DefaultStem + "/414/" + l.Gln).ToListAsync(ct));
            }
            return found;
        }
        return new Within(await Below(q.WithinReadPoints), await Below(q.WithinBizLocations));
    }

    sealed record Keyset(long? Value, long Id, string? Text = null);

    // The next page's position, bound to the query it came from. A token only ever narrows what the query itself may
    // read, so it needs no secret: the check word catches a token that was edited or belongs to another query.
    sealed record Cursor(string Fingerprint, long Snapshot, Keyset? After, int Delivered)
    {
        public string Write()
        {
            var body = string.Join('\n', "1", Fingerprint, Snapshot.ToString(CultureInfo.InvariantCulture),
                After?.Value?.ToString(CultureInfo.InvariantCulture) ?? "", (After?.Id ?? 0).ToString(CultureInfo.InvariantCulture),
                Delivered.ToString(CultureInfo.InvariantCulture), After?.Text ?? "");
            return Base64Url(Encoding.UTF8.GetBytes(body + "\n" + Check(body)));
        }

        public static Cursor Read(string token, string fingerprint)
        {
            try
            {
                var text = Encoding.UTF8.GetString(FromBase64Url(token));
                var cut = text.LastIndexOf('\n');
                var body = text[..cut];
                var parts = body.Split('\n');
                if (text[(cut + 1)..] != Check(body) || parts.Length != 7 || parts[0] != "1")
                {
                    throw new FormatException();
                }
                if (parts[1] != fingerprint)
                {
                    throw EpcisQuery.Bad("nextPageToken", "This nextPageToken belongs to another query: send it with the same parameters as the page it came from.");
                }
                long? value = parts[3].Length == 0 ? null : long.Parse(parts[3], CultureInfo.InvariantCulture);
                var id = long.Parse(parts[4], CultureInfo.InvariantCulture);
                return new Cursor(parts[1], long.Parse(parts[2], CultureInfo.InvariantCulture), new Keyset(value, id, parts[6]),
                    int.Parse(parts[5], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException or DecoderFallbackException)
            {
                throw EpcisQuery.Bad("nextPageToken", "The nextPageToken is not one this server gave out; start again without it.");
            }
        }

        static string Check(string body) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("serialtrack-epcis-page\n" + body)))[..16];

        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        static byte[] FromBase64Url(string text)
        {
            var s = text.Replace('-', '+').Replace('_', '/');
            return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
        }
    }
}

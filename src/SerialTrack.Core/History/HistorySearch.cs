using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.History;

// Filters combined freely (all given ones must hold). Serial and Lot take an exact value or a prefix
// ending in '*' ("SN-00*"). To is exclusive. After is the id of the last event of the previous page.
public sealed record HistoryQuery(
    string? Product = null,
    string? Category = null,
    string? Serial = null,
    string? Lot = null,
    string? Identifier = null,
    string? Location = null,
    string? Party = null,
    IReadOnlyList<EventType>? Types = null,
    string? BizStep = null,
    string? Disposition = null,
    string? Order = null,
    string? Actor = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    long? After = null,
    int Limit = HistorySearch.DefaultLimit);

public enum HistoryObjectKind
{
    Unit = 1,
    Lot = 2,
    Container = 3,
}

// One object of an event as a search row shows it: "SKU serial", "SKU lot", or a container code.
public sealed record HistoryObject(HistoryObjectKind Kind, long Id, string Product, string Code, decimal? Quantity = null, string? Uom = null)
{
    public string Label => Kind == HistoryObjectKind.Container ? Code : $"{Product} {Code}";
}

public sealed record HistoryRow(long Id, EventType Type, DateTimeOffset Time, string Offset, string? BizStep, string? Disposition,
    long? LocationId, string? Location, string Actor, long? OrderId, string? Order, OrderKind? OrderKind,
    long? SourceId, string? Source, long? DestinationId, string? Destination, string? Reason, string? ReasonCode, string? Notes,
    int ObjectCount, IReadOnlyList<HistoryObject> Objects);

// Next is the event id to pass as After for the following page; null on the last page.
public sealed record HistoryPage(IReadOnlyList<HistoryRow> Rows, long? Next);

// Search across the whole event log. Newest first by (event time, id), so that every filter that has an
// index beginning with it (type, actor, party, order, location, then event time) reads its index
// backwards and stops after one page; serials, lots and identifiers are resolved to their few objects
// first and drive the query through event_units / event_lots / event_containers by object id.
public sealed class HistorySearch(SerialTrackDbContext db, Scanner scanner)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;
    const int ObjectsShown = 5;

    public async Task<HistoryPage> SearchAsync(HistoryQuery query, CancellationToken ct)
    {
        var filter = await ResolveAsync(query, ct);
        var session = new SqlSession(db);
        return await session.OnOpenConnectionAsync(() => PageAsync(session, filter, query.After, query.Limit, ct), ct);
    }

    // Every match, page by page with the same keyset, for CSV exports of any size.
    public async IAsyncEnumerable<HistoryRow> AllAsync(HistoryQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        var filter = await ResolveAsync(query, ct);
        var session = new SqlSession(db);
        var after = query.After;
        while (true)
        {
            var page = await session.OnOpenConnectionAsync(() => PageAsync(session, filter, after, MaxLimit, ct), ct);
            foreach (var row in page.Rows)
            {
                yield return row;
            }
            if (page.Next is null)
            {
                yield break;
            }
            after = page.Next;
        }
    }

    // The SQL of a query with its parameters, for EXPLAIN in tests and the bench.
    public async Task<(string Sql, (string Name, object? Value)[] Parameters)> SqlAsync(HistoryQuery query, CancellationToken ct)
    {
        var filter = await ResolveAsync(query, ct);
        var session = new SqlSession(db);
        return await session.OnOpenConnectionAsync(async () => await BuildAsync(session, filter, query.After, query.Limit, ct), ct);
    }

    sealed record Filter(string? SerialExact, string? SerialPrefix, string? LotExact, string? LotPrefix, long[]? ProductIds,
        long[]? UnitIds, long[]? LotIds, long[]? ContainerIds, long[]? LocationIds, long? PartyId, EventType[]? Types, string? BizStep,
        string? Disposition, long[]? OrderIds, string? Actor, DateTimeOffset? From, DateTimeOffset? To, string? Text);

    async Task<Filter> ResolveAsync(HistoryQuery q, CancellationToken ct)
    {
        if (q.Limit < 1 || q.Limit > MaxLimit)
        {
            throw DomainException.BadInput("history.limit", "limit", $"limit must be between 1 and {MaxLimit}.");
        }
        if (q.From is { } f && q.To is { } t && f > t)
        {
            throw DomainException.BadInput("history.from_after_to", "from", "from is later than to.");
        }
        var (serialExact, serialPrefix) = ExactOrPrefix(q.Serial, "serial");
        var (lotExact, lotPrefix) = ExactOrPrefix(q.Lot, "lot");

        long[]? productIds = null;
        if (Given(q.Product) is { } sku)
        {
            productIds = [await db.Products.Where(p => p.Sku == sku).Select(p => p.Id).FirstOrDefaultAsync(ct) is var id and > 0
                ? id : throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", "product")];
        }
        if (Given(q.Category) is { } category)
        {
            var inCategory = await db.Products.Where(p => p.Category == category).Select(p => p.Id).ToArrayAsync(ct);
            if (inCategory.Length == 0)
            {
                throw DomainException.NotFound("category.not_found", $"No product is in category '{category}'.", "category");
            }
            productIds = productIds is null ? inCategory : [.. productIds.Intersect(inCategory)];
            if (productIds.Length == 0)
            {
                throw DomainException.BadInput("history.product_not_in_category", "category", $"Product '{q.Product}' is not in category '{category}'.");
            }
        }

        long[]? unitIds = null, lotIds = null, containerIds = null;
        if (Given(q.Identifier) is { } identifier)
        {
            // Anything the scan screen understands: a serial, an extra identifier (MAC, IMEI, asset tag), a GS1
            // element string or Digital Link, an EPC URI, a lot, an SSCC.
            var scan = await scanner.ScanAsync(identifier, ct);
            unitIds = [.. scan.Matches.Where(m => m.Kind == ScanKind.Unit).Select(m => m.Id)];
            lotIds = [.. scan.Matches.Where(m => m.Kind == ScanKind.Lot).Select(m => m.Id)];
            containerIds = [.. scan.Matches.Where(m => m.Kind == ScanKind.Container).Select(m => m.Id)];
            if (unitIds.Length + lotIds.Length + containerIds.Length == 0)
            {
                throw DomainException.NotFound("history.identifier_unknown", $"'{identifier}' names no unit, lot or container.", "identifier");
            }
        }

        long[]? locationIds = null;
        if (Given(q.Location) is { } location)
        {
            var path = await db.Locations.Where(l => l.Code == location).Select(l => l.Path).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("location.not_found", $"No location with code '{location}'.", "location");
            // A location means its whole subtree: a warehouse's history holds its bins'.
            locationIds = await db.Locations.Where(l => l.Path.StartsWith(path)).Select(l => l.Id).ToArrayAsync(ct);
        }

        long? partyId = null;
        if (Given(q.Party) is { } party)
        {
            partyId = await db.Parties.Where(p => p.Code == party).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{party}'.", "party");
        }

        long[]? orderIds = null;
        if (Given(q.Order) is { } number)
        {
            // Numbers are unique per kind; a search by number finds a PO and an SO that share one.
            orderIds = await db.Orders.Where(o => o.Number == number).Select(o => o.Id).ToArrayAsync(ct);
            if (orderIds.Length == 0)
            {
                throw DomainException.NotFound("order.not_found", $"No order numbered '{number}'.", "order");
            }
        }

        EventType[]? types = null;
        if (q.Types is { Count: > 0 })
        {
            foreach (var type in q.Types.Where(x => !Enum.IsDefined(x)))
            {
                throw DomainException.BadInput("history.type_unknown", "type", $"Event type {(int)type} does not exist.");
            }
            types = [.. q.Types.Distinct()];
        }

        var text = Given(q.Text);
        if (text is { Length: < 2 })
        {
            throw DomainException.BadInput("history.text_too_short", "text", "Search text needs at least 2 characters.");
        }
        return new Filter(serialExact, serialPrefix, lotExact, lotPrefix, productIds, unitIds, lotIds, containerIds, locationIds, partyId, types,
            Given(q.BizStep), Given(q.Disposition), orderIds, Given(q.Actor), q.From, q.To, text);
    }

    static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static (string? Exact, string? Prefix) ExactOrPrefix(string? value, string field)
    {
        if (Given(value) is not { } v)
        {
            return (null, null);
        }
        if (!v.EndsWith('*'))
        {
            return (v, null);
        }
        var prefix = v.TrimEnd('*');
        if (prefix.Length < 2)
        {
            throw DomainException.BadInput("history.prefix_too_short", field, $"A {field} prefix needs at least 2 characters before '*'.");
        }
        return (null, prefix);
    }

    async Task<(string Sql, (string Name, object? Value)[] Parameters)> BuildAsync(SqlSession session, Filter f, long? after, int limit, CancellationToken ct)
    {
        var where = new List<string>();
        var ps = new List<(string, object?)>();
        string Param(object? value)
        {
            var name = "@h" + ps.Count;
            ps.Add((name, value));
            return name;
        }

        if (f.SerialExact is not null || f.SerialPrefix is not null)
        {
            // Serial first: a serial names a handful of units (one per product), whose few events the
            // (unit_id, event_id) index lists.
            var units = $"SELECT u.id FROM units u WHERE {(f.SerialExact is not null ? $"u.serial = {Param(f.SerialExact)}" : Prefix("u.serial", f.SerialPrefix!, Param))}";
            if (f.ProductIds is not null)
            {
                units += $" AND u.product_id IN ({Ids(f.ProductIds)})";
            }
            where.Add($"e.id IN (SELECT eu.event_id FROM event_units eu WHERE eu.unit_id IN ({units}))");
        }
        if (f.UnitIds is not null)
        {
            // An identifier may name a unit, a lot and a container at once: any of them.
            var any = new List<string>();
            if (f.UnitIds.Length > 0)
            {
                any.Add($"e.id IN (SELECT eu.event_id FROM event_units eu WHERE eu.unit_id IN ({Ids(f.UnitIds)}))");
            }
            if (f.LotIds is { Length: > 0 })
            {
                any.Add($"e.id IN (SELECT el.event_id FROM event_lots el WHERE el.lot_id IN ({Ids(f.LotIds)}))");
            }
            if (f.ContainerIds is { Length: > 0 })
            {
                any.Add($"e.id IN (SELECT ec.event_id FROM event_containers ec WHERE ec.container_id IN ({Ids(f.ContainerIds)}))");
            }
            where.Add("(" + string.Join(" OR ", any) + ")");
        }

        if (f.LotExact is not null || f.LotPrefix is not null)
        {
            var lots = $"SELECT t.id FROM lots t WHERE {(f.LotExact is not null ? $"t.code = {Param(f.LotExact)}" : Prefix("t.code", f.LotPrefix!, Param))}";
            if (f.ProductIds is not null)
            {
                lots += $" AND t.product_id IN ({Ids(f.ProductIds)})";
            }
            where.Add($"e.id IN (SELECT el.event_id FROM event_lots el WHERE el.lot_id IN ({lots}))");
        }

        if (f.ProductIds is not null && f.SerialExact is null && f.SerialPrefix is null && f.LotExact is null && f.LotPrefix is null)
        {
            // A product names many objects: test each event of the window (read newest first through the
            // other filters' index) against its objects' products, stopping after one page.
            var ids = Ids(f.ProductIds);
            where.Add($"(EXISTS (SELECT 1 FROM event_units eu JOIN units u ON u.id = eu.unit_id WHERE eu.event_id = e.id AND u.product_id IN ({ids}))"
                + $" OR EXISTS (SELECT 1 FROM event_lots el JOIN lots t ON t.id = el.lot_id WHERE el.event_id = e.id AND t.product_id IN ({ids})))");
        }

        if (f.LocationIds is not null)
        {
            // One location reads its (biz_location_id, event_time) index in time order and stops after a page.
            // A subtree's list would make SQLite collect and sort every event of every bin; reading the time
            // index newest first and testing the place stops after a page instead (the unary + keeps SQLite
            // off the location index; PostgreSQL weighs both plans with its statistics).
            where.Add(f.LocationIds.Length switch
            {
                0 => "1 = 0",
                1 => $"e.biz_location_id = {f.LocationIds[0]}",
                _ => $"{(session.IsSqlite ? "+" : "")}e.biz_location_id IN ({Ids(f.LocationIds)})",
            });
        }
        if (f.PartyId is { } party)
        {
            var p = Param(party);
            where.Add($"(e.source_party_id = {p} OR e.destination_party_id = {p} OR e.order_id IN (SELECT o.id FROM orders o WHERE o.party_id = {p}))");
        }
        if (f.Types is not null)
        {
            where.Add($"e.type IN ({string.Join(", ", f.Types.Select(t => ((int)t).ToString(CultureInfo.InvariantCulture)))})");
        }
        if (f.BizStep is not null)
        {
            where.Add($"e.biz_step = {Param(f.BizStep)}");
        }
        if (f.Disposition is not null)
        {
            where.Add($"e.disposition = {Param(f.Disposition)}");
        }
        if (f.OrderIds is not null)
        {
            where.Add($"e.order_id IN ({Ids(f.OrderIds)})");
        }
        if (f.Actor is not null)
        {
            where.Add($"e.actor = {Param(f.Actor)}");
        }
        if (f.From is { } from)
        {
            where.Add($"e.event_time >= {Param(session.Time(from))}");
        }
        if (f.To is { } to)
        {
            where.Add($"e.event_time < {Param(session.Time(to))}");
        }
        if (f.Text is not null)
        {
            // SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE.
            var like = session.IsSqlite ? "LIKE" : "ILIKE";
            var p = Param("%" + f.Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
            where.Add($"(e.notes {like} {p} ESCAPE '\\' OR e.reason {like} {p} ESCAPE '\\')");
        }
        if (after is { } a)
        {
            await using var cmd = session.Command("SELECT event_time FROM events WHERE id = @a", ("@a", a));
            var at = await cmd.ExecuteScalarAsync(ct) ?? throw DomainException.BadInput("history.after_unknown", "after", $"No event {a} to continue after.");
            var t = Param(at);
            var i = Param(a);
            // The first condition alone bounds the index range; the second breaks ties within one moment.
            where.Add($"e.event_time <= {t} AND (e.event_time < {t} OR e.id < {i})");
        }

        var sql = $"""
            SELECT e.id, e.type, e.event_time, e.event_time_zone_offset, e.biz_step, e.disposition, e.biz_location_id, l.code, e.actor,
                   e.order_id, o.number, o.kind, e.source_party_id, sp.code, e.destination_party_id, dp.code, e.reason, e.reason_code, e.notes, e.object_count
            FROM events e
            LEFT JOIN locations l ON l.id = e.biz_location_id
            LEFT JOIN orders o ON o.id = e.order_id
            LEFT JOIN parties sp ON sp.id = e.source_party_id
            LEFT JOIN parties dp ON dp.id = e.destination_party_id
            {(where.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", where))}
            ORDER BY e.event_time DESC, e.id DESC
            LIMIT {limit + 1}
            """;
        return (sql, ps.ToArray());
    }

    // A prefix as a range (which an index serves on both databases, whatever PostgreSQL's collation) and
    // an exact check of the first characters.
    static string Prefix(string column, string prefix, Func<object?, string> param)
    {
        var upper = prefix[..^1] + (char)(prefix[^1] + 1);
        return $"{column} >= {param(prefix)} AND {column} < {param(upper)} AND substr({column}, 1, {prefix.Length}) = {param(prefix)}";
    }

    static string Ids(IEnumerable<long> ids)
    {
        var list = string.Join(", ", ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return list.Length == 0 ? "NULL" : list;
    }

    async Task<HistoryPage> PageAsync(SqlSession session, Filter f, long? after, int limit, CancellationToken ct)
    {
        var (sql, ps) = await BuildAsync(session, f, after, limit, ct);
        var rows = new List<HistoryRow>();
        await using (var cmd = session.Command(sql, ps))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add(new HistoryRow(r.GetInt64(0), (EventType)r.GetInt32(1), session.ReadTime(r, 2), r.GetString(3), Str(r, 4), Str(r, 5),
                    SqlSession.ReadOptionalLong(r, 6), Str(r, 7), r.GetString(8), SqlSession.ReadOptionalLong(r, 9), Str(r, 10),
                    r.IsDBNull(11) ? null : (OrderKind)r.GetInt32(11), SqlSession.ReadOptionalLong(r, 12), Str(r, 13),
                    SqlSession.ReadOptionalLong(r, 14), Str(r, 15), Str(r, 16), Str(r, 17), Str(r, 18), r.GetInt32(19), []));
            }
        }
        long? next = null;
        if (rows.Count > limit)
        {
            rows.RemoveAt(rows.Count - 1);
            next = rows[^1].Id;
        }
        if (rows.Count > 0)
        {
            var objects = await ObjectsAsync(session, [.. rows.Select(x => x.Id)], ct);
            rows = [.. rows.Select(x => objects.TryGetValue(x.Id, out var o) ? x with { Objects = o } : x)];
        }
        return new HistoryPage(rows, next);
    }

    static string? Str(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // The first few objects of each event on the page; the event's object count says how many there are.
    static async Task<Dictionary<long, List<HistoryObject>>> ObjectsAsync(SqlSession session, long[] eventIds, CancellationToken ct)
    {
        var ids = Ids(eventIds);
        var sql = $"""
            SELECT x.event_id, 1, u.id, p.sku, u.serial, NULL, NULL FROM
              (SELECT event_id, unit_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY unit_id) AS n FROM event_units WHERE event_id IN ({ids})) x
              JOIN units u ON u.id = x.unit_id JOIN products p ON p.id = u.product_id WHERE x.n <= {ObjectsShown}
            UNION ALL
            SELECT x.event_id, 2, t.id, p.sku, t.code, x.quantity, p.uom FROM
              (SELECT event_id, lot_id, quantity, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY line) AS n FROM event_lots WHERE event_id IN ({ids})) x
              JOIN lots t ON t.id = x.lot_id JOIN products p ON p.id = t.product_id WHERE x.n <= {ObjectsShown}
            UNION ALL
            SELECT x.event_id, 3, c.id, '', c.code, NULL, NULL FROM
              (SELECT event_id, container_id, ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY container_id) AS n FROM event_containers WHERE event_id IN ({ids})) x
              JOIN containers c ON c.id = x.container_id WHERE x.n <= {ObjectsShown}
            """;
        var found = new Dictionary<long, List<HistoryObject>>();
        await using var cmd = session.Command(sql);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var eventId = r.GetInt64(0);
            if (!found.TryGetValue(eventId, out var list))
            {
                found[eventId] = list = [];
            }
            list.Add(new HistoryObject((HistoryObjectKind)r.GetInt32(1), r.GetInt64(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : session.ReadQuantity(r, 5), Str(r, 6)));
        }
        return found;
    }
}

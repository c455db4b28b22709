using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Inventory;

public sealed record ContentUnit(long Id, string Product, string Serial, UnitStatus Status, Stage Stage, string Location, long? ContainerId, long? OwnerPartyId);

public sealed record ContentLot(long LotId, string Product, string Lot, string Location, BalanceStatus Status, decimal Quantity);

public sealed record LocationContents(string Location, DateTimeOffset? AsOf, IReadOnlyList<ContentUnit> Units, IReadOnlyList<ContentLot> Lots);

// State at a past moment, read from the log rather than the projections: a unit's state is its last
// event_units row at or before the moment (each row holds the state after its event); a lot's balances
// are the sum of its transfers up to the moment. Events are ordered by event time, then by id, so two
// events at the same instant apply in the order they were recorded. An event recorded later with an
// earlier event time (a back-dated capture) counts from its event time.
public sealed class PointInTime(SerialTrackDbContext db)
{
    public async Task<UnitSummary?> UnitAsync(long unitId, DateTimeOffset asOf, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        return await sql.OnOpenConnectionAsync(async () =>
        {
            await using var cmd = sql.Command("""
                SELECT eu.event_id, eu.status, eu.stage, eu.location_id, l.code, eu.container_id, eu.owner_party_id, e.event_time,
                       u.product_id, p.sku, p.name, u.serial, COUNT(*) OVER ()
                FROM event_units eu
                JOIN events e ON e.id = eu.event_id
                JOIN units u ON u.id = eu.unit_id
                JOIN products p ON p.id = u.product_id
                LEFT JOIN locations l ON l.id = eu.location_id
                WHERE eu.unit_id = @u AND e.event_time <= @t
                ORDER BY e.event_time DESC, e.id DESC
                LIMIT 1
                """, ("u", unitId), ("t", sql.Time(asOf)));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct))
            {
                return null;
            }
            // The version a unit has after its n-th event is n - 1: creation writes version 0, each event adds one.
            return new UnitSummary(unitId, r.GetInt64(8), r.GetString(9), r.GetString(10), r.GetString(11), (UnitStatus)r.GetInt32(1), (Stage)r.GetInt32(2),
                SqlSession.ReadOptionalLong(r, 3), r.IsDBNull(4) ? null : r.GetString(4), SqlSession.ReadOptionalLong(r, 5), SqlSession.ReadOptionalLong(r, 6),
                r.GetInt64(0), sql.ReadTime(r, 7), (int)r.GetInt64(12) - 1);
        }, ct);
    }

    public async Task<List<LotPlace>> LotBalancesAsync(long lotId, DateTimeOffset asOf, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        var sums = await sql.OnOpenConnectionAsync(async () =>
        {
            await using var cmd = sql.Command(TransfersSelect + " WHERE el.lot_id = @l AND e.event_time <= @t", ("l", lotId), ("t", sql.Time(asOf)));
            return Sum(await ReadTransfersAsync(sql, cmd, ct), _ => true);
        }, ct);
        var codes = await LocationCodesAsync(sums.Keys.Select(k => k.Location).ToList(), ct);
        return sums.OrderBy(kv => codes[kv.Key.Location], StringComparer.Ordinal).ThenBy(kv => kv.Key.Status)
            .Select(kv => new LotPlace(codes[kv.Key.Location], kv.Key.Status, kv.Value)).ToList();
    }

    // What was in a location and everything below it: at a moment (from the log), or now (asOf null, from
    // the projections) — the same shape, so the two can be compared.
    public async Task<LocationContents?> ContentsAsync(long locationId, DateTimeOffset? asOf, CancellationToken ct)
    {
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == locationId, ct);
        if (location is null)
        {
            return null;
        }
        var sql = new SqlSession(db);
        var subtree = location.Path + "%";
        return await sql.OnOpenConnectionAsync(async () =>
        {
            var units = new List<ContentUnit>();
            await using (var cmd = asOf is { } t
                ? sql.Command("""
                    SELECT eu.unit_id, p.sku, u.serial, eu.status, eu.stage, l.code, eu.container_id, eu.owner_party_id
                    FROM event_units eu
                    JOIN events e ON e.id = eu.event_id
                    JOIN locations l ON l.id = eu.location_id
                    JOIN units u ON u.id = eu.unit_id
                    JOIN products p ON p.id = u.product_id
                    WHERE l.path LIKE @p AND e.event_time <= @t
                      AND NOT EXISTS (SELECT 1 FROM event_units x JOIN events xe ON xe.id = x.event_id
                                      WHERE x.unit_id = eu.unit_id AND xe.event_time <= @t
                                        AND (xe.event_time > e.event_time OR (xe.event_time = e.event_time AND xe.id > e.id)))
                    """, ("p", subtree), ("t", sql.Time(t)))
                : sql.Command("""
                    SELECT u.id, p.sku, u.serial, u.status, u.stage, l.code, u.container_id, u.owner_party_id
                    FROM units u JOIN locations l ON l.id = u.location_id JOIN products p ON p.id = u.product_id
                    WHERE l.path LIKE @p
                    """, ("p", subtree)))
            {
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    units.Add(new ContentUnit(r.GetInt64(0), r.GetString(1), r.GetString(2), (UnitStatus)r.GetInt32(3), (Stage)r.GetInt32(4), r.GetString(5),
                        SqlSession.ReadOptionalLong(r, 6), SqlSession.ReadOptionalLong(r, 7)));
                }
            }
            var inSubtree = (await db.Locations.AsNoTracking().Where(l => l.Path.StartsWith(location.Path)).Select(l => l.Id).ToListAsync(ct)).ToHashSet();
            Dictionary<(long Lot, long Location, BalanceStatus Status), decimal> sums;
            if (asOf is { } at)
            {
                await using var cmd = sql.Command(TransfersSelect + """
                     WHERE e.event_time <= @t AND (el.location_id IN (SELECT id FROM locations WHERE path LIKE @p)
                        OR el.from_location_id IN (SELECT id FROM locations WHERE path LIKE @p))
                    """, ("t", sql.Time(at)), ("p", subtree));
                sums = SumByLot(await ReadTransfersAsync(sql, cmd, ct), inSubtree.Contains);
            }
            else
            {
                sums = (await db.LotBalances.AsNoTracking().Where(b => inSubtree.Contains(b.LocationId) && b.Quantity != 0).ToListAsync(ct))
                    .ToDictionary(b => (b.LotId, b.LocationId, b.Status), b => b.Quantity);
            }
            var lotIds = sums.Keys.Select(k => k.Lot).Distinct().ToList();
            var lotNames = await (from l in db.Lots.AsNoTracking()
                                  join p in db.Products on l.ProductId equals p.Id
                                  where lotIds.Contains(l.Id)
                                  select new { l.Id, p.Sku, l.Code }).ToDictionaryAsync(x => x.Id, ct);
            var codes = await LocationCodesAsync(sums.Keys.Select(k => k.Location).ToList(), ct);
            var lots = sums.Select(kv => new ContentLot(kv.Key.Lot, lotNames[kv.Key.Lot].Sku, lotNames[kv.Key.Lot].Code, codes[kv.Key.Location], kv.Key.Status, kv.Value))
                .OrderBy(l => l.Product, StringComparer.Ordinal).ThenBy(l => l.Lot, StringComparer.Ordinal).ThenBy(l => l.Location, StringComparer.Ordinal).ThenBy(l => l.Status).ToList();
            return new LocationContents(location.Code, asOf, units.OrderBy(u => u.Id).ToList(), lots);
        }, ct);
    }

    const string TransfersSelect = """
        SELECT el.lot_id, el.quantity, el.from_location_id, el.from_status, el.location_id, el.status
        FROM event_lots el JOIN events e ON e.id = el.event_id
        """;

    sealed record Transfer(long Lot, decimal Quantity, long? FromLocation, BalanceStatus? FromStatus, long? Location, BalanceStatus? Status);

    static async Task<List<Transfer>> ReadTransfersAsync(SqlSession sql, DbCommand cmd, CancellationToken ct)
    {
        var list = new List<Transfer>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new Transfer(r.GetInt64(0), sql.ReadQuantity(r, 1), SqlSession.ReadOptionalLong(r, 2), r.IsDBNull(3) ? null : (BalanceStatus)r.GetInt32(3),
                SqlSession.ReadOptionalLong(r, 4), r.IsDBNull(5) ? null : (BalanceStatus)r.GetInt32(5)));
        }
        await cmd.DisposeAsync();
        return list;
    }

    static Dictionary<(long Location, BalanceStatus Status), decimal> Sum(List<Transfer> transfers, Func<long, bool> counts) =>
        SumByLot(transfers, counts).GroupBy(kv => (kv.Key.Location, kv.Key.Status)).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));

    // +quantity where a transfer went to, -quantity where it came from; zero balances are left out.
    static Dictionary<(long Lot, long Location, BalanceStatus Status), decimal> SumByLot(List<Transfer> transfers, Func<long, bool> counts)
    {
        var sums = new Dictionary<(long, long, BalanceStatus), decimal>();
        foreach (var t in transfers)
        {
            if (t.Location is { } to && counts(to))
            {
                sums[(t.Lot, to, t.Status!.Value)] = sums.GetValueOrDefault((t.Lot, to, t.Status!.Value)) + t.Quantity;
            }
            if (t.FromLocation is { } from && counts(from))
            {
                sums[(t.Lot, from, t.FromStatus!.Value)] = sums.GetValueOrDefault((t.Lot, from, t.FromStatus!.Value)) - t.Quantity;
            }
        }
        // SQLite keeps quantities as doubles: round to the six decimals a quantity may have.
        return sums.Select(kv => (kv.Key, Value: decimal.Round(kv.Value, 6))).Where(x => x.Value != 0).ToDictionary(x => x.Key, x => x.Value);
    }

    async Task<Dictionary<long, string>> LocationCodesAsync(List<long> ids, CancellationToken ct) =>
        await db.Locations.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Processes;

// Units, lots and locations (with everything below them) to put on hold, and why.
public sealed record HoldRequest(
    string Reason,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotRef>? Lots = null,
    IReadOnlyList<string>? Locations = null,
    EventContext? Context = null);

// Releases open holds, named by hold id or by what is held.
public sealed record ReleaseRequest(
    string Reason,
    IReadOnlyList<long>? Holds = null,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotRef>? Lots = null,
    IReadOnlyList<string>? Locations = null,
    EventContext? Context = null);

public sealed record OpenHold(long Id, string Kind, string What, string Reason, DateTimeOffset PlacedAt, long PlacedEventId, string? HandlingInstructions);

// A hold stops stock from leaving or being used: a unit becomes OnHold, a lot gets on_hold (its balances
// stay where they are), a location hold stops everything in its subtree (Availability reads it). One open
// hold per target: a second one is refused rather than stacked, so one release always ends it.
public sealed class Holds(SerialTrackDbContext db, TimeProvider clock)
{
    internal static readonly UnitStatus[] Holdable = [UnitStatus.Available, UnitStatus.Quarantine, UnitStatus.InTransit];

    public async Task<ProcessResult> HoldAsync(HoldRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Held, ct) is { } replay)
        {
            return replay;
        }
        var reason = Text.Required(request.Reason, "reason", 500);
        var (unitRefs, lotRefs, locationCodes) = (request.Units ?? [], request.Lots ?? [], request.Locations ?? []);
        if (unitRefs.Count + lotRefs.Count + locationCodes.Count == 0)
        {
            throw DomainException.BadInput("hold.empty", "units", "Nothing to hold: give units, lots or locations.");
        }

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            if (u.Status == UnitStatus.OnHold)
            {
                throw DomainException.Rule("hold.already_open", $"Unit {u.Name} is already on hold: release that hold first.", $"units[{i}]");
            }
            if (!Holdable.Contains(u.Status))
            {
                throw DomainException.Rule("hold.not_holdable", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)}: only stock in our hands can be held.", $"units[{i}]");
            }
        }
        var lots = new List<Lot>();
        for (var i = 0; i < lotRefs.Count; i++)
        {
            var (lot, sku) = await Places.LotAsync(db, lotRefs[i], $"lots[{i}]", ct);
            if (lot.OnHold || lots.Contains(lot))
            {
                throw DomainException.Rule("hold.already_open", $"Lot '{lot.Code}' of '{sku}' is already on hold.", $"lots[{i}]");
            }
            lots.Add(lot);
        }
        var locations = new List<Locations.Location>();
        for (var i = 0; i < locationCodes.Count; i++)
        {
            var location = await Places.LocationAsync(db, locationCodes[i], $"locations[{i}]", ct);
            if (locations.Contains(location) || await db.Holds.AnyAsync(h => h.LocationId == location.Id && h.ReleasedEventId == null, ct))
            {
                throw DomainException.Rule("hold.already_open", $"Location '{location.Code}' is already on hold.", $"locations[{i}]");
            }
            locations.Add(location);
        }

        var ev = EventLog.New(EventType.Held, EventAction.Observe, "holding", "non_sellable_other", actor, context, clock);
        ev.Reason = reason;
        ev.ObjectCount = units.Count + lots.Count + locations.Count;
        if (locations.Count == 1)
        {
            ev.BizLocationId = locations[0].Id;
        }
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { Status = UnitStatus.OnHold })).ToList(), now, ct);
        foreach (var lot in lots)
        {
            lot.OnHold = true;
            lot.Version++;
            // The lot takes part in the event; a zero-quantity row with no sides moves no balance.
            db.EventLots.Add(new EventLot { EventId = ev.Id, Line = db.EventLots.Local.Count(x => x.EventId == ev.Id) + 1, LotId = lot.Id, Role = ObjectRole.Subject, Quantity = 0 });
        }
        var at = sql.Time(now);
        var rows = units.Select(u => new object?[] { u.Id, null, null, reason, ev.Id, at })
            .Concat(lots.Select(l => new object?[] { null, l.Id, null, reason, ev.Id, at }))
            .Concat(locations.Select(l => new object?[] { null, null, l.Id, reason, ev.Id, at })).ToList();
        await sql.InsertAsync("holds", ["unit_id", "lot_id", "location_id", "reason", "placed_event_id", "placed_at"], rows, ct);
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Held, units.Count, lots.Count);
    }

    public async Task<ProcessResult> ReleaseAsync(ReleaseRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Released, ct) is { } replay)
        {
            return replay;
        }
        var reason = Text.Required(request.Reason, "reason", 500);
        var (holdIds, unitRefs, lotRefs, locationCodes) = (request.Holds ?? [], request.Units ?? [], request.Lots ?? [], request.Locations ?? []);
        if (holdIds.Count + unitRefs.Count + lotRefs.Count + locationCodes.Count == 0)
        {
            throw DomainException.BadInput("release.empty", "holds", "Nothing to release: give holds, units, lots or locations.");
        }

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var holds = new List<Hold>();
        for (var i = 0; i < holdIds.Count; i++)
        {
            var id = holdIds[i];
            var hold = await db.Holds.FirstOrDefaultAsync(h => h.Id == id, ct)
                ?? throw DomainException.NotFound("hold.not_found", $"No hold {id}.", $"holds[{i}]");
            holds.Add(hold.ReleasedEventId is null ? hold : throw DomainException.Rule("hold.released", $"Hold {id} was already released.", $"holds[{i}]"));
        }
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        var unitIds = units.Select(u => u.Id).ToList();
        var unitHolds = await db.Holds.Where(h => h.UnitId != null && unitIds.Contains(h.UnitId.Value) && h.ReleasedEventId == null).ToListAsync(ct);
        for (var i = 0; i < units.Count; i++)
        {
            holds.Add(unitHolds.FirstOrDefault(h => h.UnitId == units[i].Id)
                ?? throw DomainException.Rule("hold.none_open", $"Unit {units[i].Name} is not on hold.", $"units[{i}]"));
        }
        for (var i = 0; i < lotRefs.Count; i++)
        {
            var (lot, sku) = await Places.LotAsync(db, lotRefs[i], $"lots[{i}]", ct);
            holds.Add(await db.Holds.FirstOrDefaultAsync(h => h.LotId == lot.Id && h.ReleasedEventId == null, ct)
                ?? throw DomainException.Rule("hold.none_open", $"Lot '{lot.Code}' of '{sku}' is not on hold.", $"lots[{i}]"));
        }
        for (var i = 0; i < locationCodes.Count; i++)
        {
            var location = await Places.LocationAsync(db, locationCodes[i], $"locations[{i}]", ct);
            holds.Add(await db.Holds.FirstOrDefaultAsync(h => h.LocationId == location.Id && h.ReleasedEventId == null, ct)
                ?? throw DomainException.Rule("hold.none_open", $"Location '{location.Code}' is not on hold.", $"locations[{i}]"));
        }
        holds = holds.DistinctBy(h => h.Id).ToList();

        // Each held unit goes back to the status it had before its hold: the unit's event row just before it.
        var heldUnits = holds.Where(h => h.UnitId is not null).ToList();
        var loaded = (await UnitBatch.LoadByIdsAsync(sql, heldUnits.Select(h => h.UnitId!.Value).ToList(), ct)).ToDictionary(u => u.Id);
        var before = await StatusBeforeAsync(sql, heldUnits.Select(h => h.Id).ToList(), ct);
        var changes = heldUnits.Where(h => loaded[h.UnitId!.Value].Status == UnitStatus.OnHold)
            .Select(h => loaded[h.UnitId!.Value])
            .Select(u => new UnitChange(u, u.Now with { Status = before.GetValueOrDefault(u.Id, UnitStatus.Available) })).ToList();
        var lotIds = holds.Where(h => h.LotId is not null).Select(h => h.LotId!.Value).ToList();
        var lots = await db.Lots.Where(l => lotIds.Contains(l.Id)).ToListAsync(ct);

        var ev = EventLog.New(EventType.Released, EventAction.Observe, "holding", "available", actor, context, clock);
        ev.Reason = reason;
        ev.ObjectCount = holds.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, changes, now, ct);
        foreach (var lot in lots)
        {
            lot.OnHold = false;
            lot.Version++;
            db.EventLots.Add(new EventLot { EventId = ev.Id, Line = db.EventLots.Local.Count(x => x.EventId == ev.Id) + 1, LotId = lot.Id, Role = ObjectRole.Subject, Quantity = 0 });
        }
        await Places.SaveAsync(db, ct);
        // Two people releasing the same hold: the second finds it closed and nothing of its release stays.
        await using (var cmd = sql.IdsCommand("UPDATE holds SET released_event_id = @e, released_at = @t, release_reason = @r WHERE released_event_id IS NULL AND id IN ({ids})",
            holds.Select(h => h.Id).ToList(), ("e", ev.Id), ("t", sql.Time(now)), ("r", reason)))
        {
            if (await cmd.ExecuteNonQueryAsync(ct) != holds.Count)
            {
                throw DomainException.Conflict("hold.changed", "A hold was released by someone else at the same time; nothing was done.");
            }
        }
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Released, changes.Count, lots.Count);
    }

    public async Task<List<OpenHold>> ListOpenAsync(int limit, CancellationToken ct)
    {
        var rows = await (from h in db.Holds.AsNoTracking()
                          where h.ReleasedEventId == null
                          orderby h.Id descending
                          select new
                          {
                              h.Id,
                              h.UnitId,
                              h.LotId,
                              h.Reason,
                              h.PlacedAt,
                              h.PlacedEventId,
                              Unit = db.Units.Where(u => u.Id == h.UnitId).Join(db.Products, u => u.ProductId, p => p.Id, (u, p) => p.Sku + " " + u.Serial).FirstOrDefault(),
                              UnitHandling = db.Units.Where(u => u.Id == h.UnitId).Join(db.Products, u => u.ProductId, p => p.Id, (u, p) => p.HandlingInstructions).FirstOrDefault(),
                              Lot = db.Lots.Where(l => l.Id == h.LotId).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => p.Sku + " lot " + l.Code).FirstOrDefault(),
                              LotHandling = db.Lots.Where(l => l.Id == h.LotId).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => p.HandlingInstructions).FirstOrDefault(),
                              Location = db.Locations.Where(l => l.Id == h.LocationId).Select(l => l.Code).FirstOrDefault(),
                          }).Take(limit).ToListAsync(ct);
        return rows.Select(r => new OpenHold(r.Id, r.UnitId is not null ? "unit" : r.LotId is not null ? "lot" : "location",
            r.Unit ?? r.Lot ?? r.Location ?? "?", r.Reason, r.PlacedAt, r.PlacedEventId, r.UnitHandling ?? r.LotHandling)).ToList();
    }

    static async Task<Dictionary<long, UnitStatus>> StatusBeforeAsync(SqlSession sql, List<long> holdIds, CancellationToken ct)
    {
        var result = new Dictionary<long, UnitStatus>();
        if (holdIds.Count == 0)
        {
            return result;
        }
        await using var cmd = sql.IdsCommand("""
            SELECT h.unit_id, eu.status FROM holds h JOIN event_units eu ON eu.unit_id = h.unit_id
            WHERE h.id IN ({ids}) AND eu.event_id = (SELECT MAX(x.event_id) FROM event_units x WHERE x.unit_id = h.unit_id AND x.event_id < h.placed_event_id)
            """, holdIds);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result[r.GetInt64(0)] = (UnitStatus)r.GetInt32(1);
        }
        return result;
    }

    // A unit that leaves for good (scrapped, back to its supplier) ends its open hold with it.
    public static async Task CloseUnitHoldsAsync(SqlSession sql, IReadOnlyCollection<long> unitIds, long eventId, DateTimeOffset now, string why, CancellationToken ct)
    {
        foreach (var chunk in unitIds.Chunk(50_000))
        {
            await using var cmd = sql.IdsCommand("UPDATE holds SET released_event_id = @e, released_at = @t, release_reason = @r WHERE released_event_id IS NULL AND unit_id IN ({ids})",
                chunk, ("e", eventId), ("t", sql.Time(now)), ("r", why));
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Processes;

// Whether stock can leave (be shipped) or be used up (consumed into production): one rule for every
// process. A unit must be available, not failed by a required test, and not in a location under hold;
// a lot must not be on hold, failed, or past its expiry date.
public static class Availability
{
    public static async Task RequireUnitsAsync(SerialTrackDbContext db, IReadOnlyList<LoadedUnit> units, string field, string action, DateOnly today, CancellationToken ct)
    {
        if (units.Count == 0)
        {
            return;
        }
        var heldPaths = await HeldLocationPathsAsync(db, ct);
        Dictionary<long, string>? paths = null;
        if (heldPaths.Count > 0)
        {
            var ids = units.Where(u => u.LocationId is not null).Select(u => u.LocationId!.Value).Distinct().ToList();
            paths = await db.Locations.Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Path, ct);
        }
        var lotIds = units.Where(u => u.LotId is not null).Select(u => u.LotId!.Value).Distinct().ToList();
        var lots = lotIds.Count == 0 ? [] : await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            var at = $"{field}[{i}]";
            if (u.Status != UnitStatus.Available)
            {
                throw DomainException.Rule("unit.not_available", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)} and cannot be {action}.", at);
            }
            if (u.TestFailed)
            {
                throw DomainException.Rule("unit.test_failed", $"Unit {u.Name} failed a required test and cannot be {action}.", at);
            }
            if (paths is not null && u.LocationId is { } loc && paths.TryGetValue(loc, out var path) && heldPaths.FirstOrDefault(h => path.StartsWith(h.Path, StringComparison.Ordinal)) is { } hold)
            {
                throw DomainException.Rule("location.on_hold", $"Unit {u.Name} is in location '{hold.Code}', which is on hold ({hold.Reason}).", at);
            }
            if (u.LotId is { } lotId && lots.TryGetValue(lotId, out var lot))
            {
                RequireLot(lot, u.Name, at, action, today);
            }
        }
    }

    public static async Task RequireLotAsync(SerialTrackDbContext db, Lot lot, string sku, long locationId, string field, string action, DateOnly today, CancellationToken ct)
    {
        RequireLot(lot, $"lot '{lot.Code}' of '{sku}'", field, action, today);
        var heldPaths = await HeldLocationPathsAsync(db, ct);
        if (heldPaths.Count > 0)
        {
            var path = await db.Locations.Where(l => l.Id == locationId).Select(l => l.Path).FirstAsync(ct);
            if (heldPaths.FirstOrDefault(h => path.StartsWith(h.Path, StringComparison.Ordinal)) is { } hold)
            {
                throw DomainException.Rule("location.on_hold", $"Lot '{lot.Code}' of '{sku}' is in location '{hold.Code}', which is on hold ({hold.Reason}).", field);
            }
        }
    }

    static void RequireLot(Lot lot, string what, string field, string action, DateOnly today)
    {
        if (lot.OnHold)
        {
            throw DomainException.Rule("lot.on_hold", $"Lot '{lot.Code}' is on hold: {what} cannot be {action}.", field);
        }
        if (lot.TestFailed)
        {
            throw DomainException.Rule("lot.test_failed", $"Lot '{lot.Code}' failed a required test: {what} cannot be {action}.", field);
        }
        if (lot.ExpiryDate is { } expiry && expiry < today)
        {
            throw DomainException.Rule("lot.expired", $"Lot '{lot.Code}' expired on {expiry:yyyy-MM-dd}: {what} cannot be {action}.", field);
        }
    }

    sealed record HeldLocation(string Path, string Code, string Reason);

    static Task<List<HeldLocation>> HeldLocationPathsAsync(SerialTrackDbContext db, CancellationToken ct) =>
        (from h in db.Holds
         join l in db.Locations on h.LocationId equals l.Id
         where h.ReleasedEventId == null
         select new HeldLocation(l.Path, l.Code, h.Reason)).ToListAsync(ct);
}

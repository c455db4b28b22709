using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.History;

// Units with history are never deleted: archiving only hides a unit that has left the stock (shipped,
// consumed, scrapped, lost, returned to its supplier) from the stock views. History search, trace and the
// unit's own page still find it. It is a view flag, not a change in the physical world, so it writes no
// event.
public sealed class Archiving(SerialTrackDbContext db, TimeProvider clock)
{
    public static readonly UnitStatus[] Archivable = [UnitStatus.AtCustomer, UnitStatus.Consumed, UnitStatus.Scrapped, UnitStatus.Lost, UnitStatus.ReturnedToSupplier];

    public async Task ArchiveAsync(long unitId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // One conditional update: a return that brings the unit back into stock at the same moment either
        // lands first (and this refuses) or after (and finds it archived; Returns shows it again below).
        var changed = await db.Units.Where(u => u.Id == unitId && Archivable.Contains(u.Status))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.Archived, true).SetProperty(u => u.UpdatedAt, now), ct);
        if (changed == 0)
        {
            var status = await db.Units.Where(u => u.Id == unitId).Select(u => (UnitStatus?)u.Status).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("unit.not_found", $"No unit {unitId}.", "unit");
            throw DomainException.Rule("unit.in_stock", $"Unit {unitId} is {Text.Snake(status).Replace('_', ' ')}: only units that left the stock (shipped, consumed, scrapped, lost, returned to supplier) can be archived.", "unit");
        }
    }

    public async Task UnarchiveAsync(long unitId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await db.Units.Where(u => u.Id == unitId).ExecuteUpdateAsync(s => s.SetProperty(u => u.Archived, false).SetProperty(u => u.UpdatedAt, now), ct) == 0)
        {
            throw DomainException.NotFound("unit.not_found", $"No unit {unitId}.", "unit");
        }
    }

}

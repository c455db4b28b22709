using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Processes;

// One side of a lot transfer: a balance (location and status). Null stands for outside the inventory.
public sealed record BalanceKey(long LocationId, BalanceStatus Status);

// Lot quantities move between balances. Every process that changes a lot goes through Transfer, which
// checks the source holds enough, changes both balances, and writes the EventLot row that lets history
// and point-in-time answers replay it. The caller saves (balances carry a version: a concurrent change
// makes SaveChanges fail and the whole process roll back).
public sealed class LotLedger(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task TransferAsync(long eventId, Lot lot, string sku, decimal quantity, BalanceKey? from, BalanceKey? to, ObjectRole role, string field, CancellationToken ct)
    {
        Quantities.RequirePositive(quantity, $"{field}.quantity");
        if (from is not null)
        {
            var balance = await FindAsync(lot.Id, from, ct);
            if (balance is null || balance.Quantity < quantity)
            {
                var code = from.LocationId;
                var at = await db.Locations.Where(l => l.Id == code).Select(l => l.Code).FirstOrDefaultAsync(ct);
                throw DomainException.Rule("lot.insufficient",
                    $"Lot '{lot.Code}' of '{sku}' has {balance?.Quantity ?? 0} {Describe(from.Status)} at '{at}', less than {quantity}.", $"{field}.quantity");
            }
            balance.Quantity -= quantity;
            balance.Version++;
            balance.UpdatedAt = clock.GetUtcNow();
        }
        if (to is not null)
        {
            var balance = await FindAsync(lot.Id, to, ct);
            if (balance is null)
            {
                db.LotBalances.Add(new LotBalance { LotId = lot.Id, LocationId = to.LocationId, Status = to.Status, Quantity = quantity, UpdatedAt = clock.GetUtcNow() });
            }
            else
            {
                balance.Quantity += quantity;
                balance.Version++;
                balance.UpdatedAt = clock.GetUtcNow();
            }
        }
        db.EventLots.Add(new EventLot
        {
            EventId = eventId,
            Line = db.EventLots.Local.Count(x => x.EventId == eventId) + 1,
            LotId = lot.Id,
            Role = role,
            Quantity = quantity,
            FromLocationId = from?.LocationId,
            FromStatus = from?.Status,
            LocationId = to?.LocationId,
            Status = to?.Status,
        });
    }

    // Takes a quantity that must not be packed: consumption, transformation, adjustments and scrapping
    // use loose stock only; what sits in a case or on a pallet leaves with its container or is unpacked first.
    public async Task TakeLooseAsync(long eventId, Lot lot, string sku, decimal quantity, BalanceKey from, BalanceKey? to, ObjectRole role, string field, CancellationToken ct)
    {
        if (from.Status == BalanceStatus.Available)
        {
            var loose = await ContainerTree.UnpackedQuantityAsync(db, lot.Id, from.LocationId, ct);
            if (loose < quantity)
            {
                var at = await db.Locations.Where(l => l.Id == from.LocationId).Select(l => l.Code).FirstOrDefaultAsync(ct);
                throw DomainException.Rule("lot.insufficient",
                    $"Lot '{lot.Code}' of '{sku}' has {loose} available outside containers at '{at}', less than {quantity}.", $"{field}.quantity");
            }
        }
        await TransferAsync(eventId, lot, sku, quantity, from, to, role, field, ct);
    }

    async Task<LotBalance?> FindAsync(long lotId, BalanceKey key, CancellationToken ct) =>
        db.LotBalances.Local.FirstOrDefault(b => b.LotId == lotId && b.LocationId == key.LocationId && b.Status == key.Status)
        ?? await db.LotBalances.FirstOrDefaultAsync(b => b.LotId == lotId && b.LocationId == key.LocationId && b.Status == key.Status, ct);

    static string Describe(BalanceStatus status) => status switch
    {
        BalanceStatus.OnHold => "on hold",
        _ => status.ToString().ToLowerInvariant(),
    };

    // Saves the caller's changes, turning a lost race on a balance into a conflict.
    public async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("lot.changed", "A lot balance was changed by someone else at the same time; nothing was done. Try again.");
        }
    }
}

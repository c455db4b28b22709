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
    // The balances this ledger has found or made, by key and by lot, and the lots whose balances were all read at once
    // (LoadAsync): a balance missing there does not exist. Looking through EF's tracked entities instead grows with
    // everything the context holds, once per transfer (a capture moving thousands of lots was quadratic).
    readonly Dictionary<(long Lot, long Location, BalanceStatus Status), LotBalance> balances = [];
    readonly Dictionary<long, List<LotBalance>> byLot = [];
    readonly HashSet<long> loaded = [];
    // The last line number given to each event's lot rows, first taken from the rows the context already holds.
    Dictionary<long, int>? lines;

    // Reads every balance of these lots with one query, for a caller that moves many lots.
    internal async Task LoadAsync(IReadOnlyCollection<long> lotIds, CancellationToken ct)
    {
        foreach (var chunk in lotIds.Where(id => !loaded.Contains(id)).Chunk(10_000))
        {
            foreach (var balance in await db.LotBalances.Where(b => chunk.Contains(b.LotId)).ToListAsync(ct))
            {
                Remember(balance);
            }
            loaded.UnionWith(chunk);
        }
    }

    // A lot's balances as this ledger holds them, moves included; complete for the lots read by LoadAsync. The ledger's
    // own list: a caller that transfers while going through it takes a copy first.
    internal IReadOnlyList<LotBalance> BalancesOf(long lotId) => byLot.TryGetValue(lotId, out var list) ? list : [];

    void Remember(LotBalance balance)
    {
        if (balances.TryAdd((balance.LotId, balance.LocationId, balance.Status), balance))
        {
            if (!byLot.TryGetValue(balance.LotId, out var list))
            {
                byLot[balance.LotId] = list = [];
            }
            list.Add(balance);
        }
    }

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
                balance = new LotBalance { LotId = lot.Id, LocationId = to.LocationId, Status = to.Status, Quantity = quantity, UpdatedAt = clock.GetUtcNow() };
                db.LotBalances.Add(balance);
                Remember(balance);
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
            Line = NextLine(eventId),
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

    int NextLine(long eventId)
    {
        lines ??= db.EventLots.Local.GroupBy(x => x.EventId).ToDictionary(g => g.Key, g => g.Max(x => x.Line));
        return lines[eventId] = lines.GetValueOrDefault(eventId) + 1;
    }

    async Task<LotBalance?> FindAsync(long lotId, BalanceKey key, CancellationToken ct)
    {
        if (balances.TryGetValue((lotId, key.LocationId, key.Status), out var known) || loaded.Contains(lotId))
        {
            return known;
        }
        var found = db.LotBalances.Local.FirstOrDefault(b => b.LotId == lotId && b.LocationId == key.LocationId && b.Status == key.Status)
            ?? await db.LotBalances.FirstOrDefaultAsync(b => b.LotId == lotId && b.LocationId == key.LocationId && b.Status == key.Status, ct);
        if (found is not null)
        {
            Remember(found);
        }
        return found;
    }

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

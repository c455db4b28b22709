using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;

namespace SerialTrack.Core.Processes;

// Lookups the processes share, each refusing by the field it reads.
public static class Places
{
    public static async Task<Location> LocationAsync(SerialTrackDbContext db, string? code, string field, CancellationToken ct)
    {
        var c = Text.RequiredCode(code, field, 64);
        var location = await db.Locations.FirstOrDefaultAsync(l => l.Code == c, ct)
            ?? throw DomainException.NotFound("location.not_found", $"No location with code '{c}'.", field);
        return location.Archived ? throw DomainException.Rule("location.archived", $"Location '{location.Code}' is archived.", field) : location;
    }

    public static async Task<Party> PartyAsync(SerialTrackDbContext db, string? code, PartyRole role, string field, CancellationToken ct)
    {
        var c = Text.RequiredCode(code, field, 64);
        var party = await db.Parties.FirstOrDefaultAsync(p => p.Code == c, ct)
            ?? throw DomainException.NotFound("party.not_found", $"No party with code '{c}'.", field);
        return party.Role.HasFlag(role) ? party
            : throw DomainException.Rule("party.wrong_role", $"Party '{party.Code}' is not a {role.ToString().ToLowerInvariant()}.", field);
    }

    public static async Task<(Lot Lot, string Sku)> LotAsync(SerialTrackDbContext db, LotRef lotRef, string field, CancellationToken ct)
    {
        var (lot, product) = await LotAndProductAsync(db, lotRef, field, ct);
        return (lot, product.Sku);
    }

    // The one lookup of a lot by product SKU and lot code for every process; the lot comes back tracked.
    public static async Task<(Lot Lot, Catalog.Product Product)> LotAndProductAsync(SerialTrackDbContext db, LotRef lotRef, string field, CancellationToken ct)
    {
        var sku = Text.RequiredCode(lotRef.Product, $"{field}.product", 64);
        var code = Text.RequiredCode(lotRef.Lot, $"{field}.lot", 64);
        var found = await (from l in db.Lots
                           join p in db.Products on l.ProductId equals p.Id
                           where p.Sku == sku && l.Code == code
                           select new { l, p }).FirstOrDefaultAsync(ct)
            ?? throw DomainException.NotFound("lot.not_found", $"No lot '{code}' of '{sku}'.", field);
        return (found.l, found.p);
    }

    // Saves order lines, lots, holds and balances together; a concurrent change to any of them (each
    // carries a version) turns into a conflict and the caller's transaction rolls back.
    public static async Task SaveAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("state.changed", "Something this request changes was changed by someone else at the same time; nothing was done. Try again.");
        }
    }
}

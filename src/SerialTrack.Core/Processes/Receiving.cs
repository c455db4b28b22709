using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;

namespace SerialTrack.Core.Processes;

public sealed record ReceiveLotRequest(
    string Product,
    string Lot,
    decimal Quantity,
    string Location,
    DateOnly? ExpiryDate = null,
    DateOnly? ProductionDate = null,
    string? SupplierLotCode = null,
    string? Supplier = null,
    Stage Stage = Stage.RawMaterial,
    EventContext? Context = null);

// Receipt of a lot quantity without a purchase order (the lifecycle issue adds orders). Creates the lot on
// its first receipt; a later receipt of the same lot adds to its balance at that location.
public sealed class Receiving(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<ProcessResult> ReceiveLotAsync(ReceiveLotRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.LotReceived, ct) is { } replay)
        {
            return replay;
        }

        var product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(request.Product, "product", 64), ct);
        if (product.Tracking != TrackingMode.Lot)
        {
            throw DomainException.Rule("product.not_lot_tracked", $"Product '{product.Sku}' is not tracked by lot.", "product");
        }
        var code = Text.RequiredCode(request.Lot, "lot", 64);
        Quantities.RequirePositive(request.Quantity, "quantity");
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(request.Location, "location", 64), "location", ct);
        if (request.ExpiryDate is { } expiry && request.ProductionDate is { } produced && expiry < produced)
        {
            throw DomainException.BadInput("lot.dates", "expiryDate", $"Expiry {expiry:yyyy-MM-dd} is before production {produced:yyyy-MM-dd}.");
        }
        Party? supplier = null;
        if (Text.Optional(request.Supplier, "supplier", 64) is { } supplierCode)
        {
            supplier = await db.Parties.FirstOrDefaultAsync(p => p.Code == supplierCode, ct)
                ?? throw DomainException.NotFound("party.not_found", $"No supplier with code '{supplierCode}'.", "supplier");
            if (!supplier.Role.HasFlag(PartyRole.Supplier))
            {
                throw DomainException.Rule("party.not_supplier", $"Party '{supplier.Code}' is not a supplier.", "supplier");
            }
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lot = await db.Lots.FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == code, ct);
        if (lot is null)
        {
            lot = new Lot
            {
                ProductId = product.Id,
                Code = code,
                ExpiryDate = request.ExpiryDate,
                ProductionDate = request.ProductionDate,
                SupplierLotCode = Text.Optional(request.SupplierLotCode, "supplierLotCode", 64),
                Stage = request.Stage,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Lots.Add(lot);
        }
        else if (request.ExpiryDate is { } e && lot.ExpiryDate is { } known && e != known)
        {
            throw DomainException.Rule("lot.expiry_mismatch", $"Lot '{code}' of '{product.Sku}' expires {known:yyyy-MM-dd}, not {e:yyyy-MM-dd}.", "expiryDate");
        }

        var ev = EventLog.New(EventType.LotReceived, EventAction.Add, "receiving", "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.SourcePartyId = supplier?.Id;
        ev.ObjectCount = 1;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var ledger = new LotLedger(db, clock);
        await ledger.TransferAsync(ev.Id, lot, product.Sku, request.Quantity, null, new BalanceKey(location.Id, BalanceStatus.Available), ObjectRole.Subject, "lot", ct);
        await ledger.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.LotReceived, 0, 1);
    }
}

public static class Quantities
{
    public static void RequirePositive(decimal quantity, string field)
    {
        if (quantity <= 0)
        {
            throw DomainException.BadInput("quantity.not_positive", field, $"Quantity must be greater than zero, not {quantity}.");
        }
        if (quantity > 1_000_000_000_000m || decimal.Round(quantity, 6) != quantity)
        {
            throw DomainException.BadInput("quantity.out_of_range", field, $"Quantity {quantity} is out of range (at most 10^12, 6 decimals).");
        }
    }
}

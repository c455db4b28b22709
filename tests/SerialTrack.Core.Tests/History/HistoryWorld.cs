using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.History;

// A small log with one event of each kind the filters tell apart, written straight to the tables so each
// event carries exactly the actor, party, order, place and words a test looks for.
//   1 Commissioned  A100 SN-001, SN-002, SN-003 at B1         alice  commissioning/active
//   2 Received      B200 SN-101 at B2, PO-1 from SUP          bob    receiving/active     notes "Box dented, see photo"
//   3 LotReceived   FLOUR L-2026-01 100 kg at B1, PO-1, SUP   bob    receiving/active
//   4 Moved         A100 SN-001 to WH2/X1                     alice  relocating/active
//   5 Shipped       A100 SN-002 at B1, SO-1 to CUST           carol  shipping/in_transit  reason "50%_off promo"
//   6 Held          A100 SN-003 at B1                         carol  holding/non_sellable_other  notes "Scratched casing"
// Event i happens at 2026-03-0i 10:00+02:00.
public static class HistoryWorld
{
    public static DateTimeOffset Day(int i) => new(2026, 3, i, 10, 0, 0, TimeSpan.FromHours(2));

    public static async Task BuildAsync(SerialTrackDbContext db)
    {
        var clock = new TestClock();
        var products = new ProductCatalog(db, clock);
        var a100 = await products.CreateAsync(new ProductInput("A100", "Widget", Tracking: TrackingMode.Serial, Category: "widgets"), default);
        var b200 = await products.CreateAsync(new ProductInput("B200", "Gadget", Tracking: TrackingMode.Serial, Category: "gadgets"), default);
        var flour = await products.CreateAsync(new ProductInput("FLOUR", "Flour", Tracking: TrackingMode.Lot, Uom: "kg", Category: "food"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("SITE", "Site", LocationKind.Site), default);
        await locations.CreateAsync(new LocationInput("WH1", "Warehouse 1", LocationKind.Warehouse, "SITE"), default);
        var b1 = await locations.CreateAsync(new LocationInput("B1", "Bin 1", LocationKind.Bin, "WH1"), default);
        var b2 = await locations.CreateAsync(new LocationInput("B2", "Bin 2", LocationKind.Bin, "WH1"), default);
        await locations.CreateAsync(new LocationInput("WH2", "Warehouse 2", LocationKind.Warehouse, "SITE"), default);
        var x1 = await locations.CreateAsync(new LocationInput("X1", "Bin X1", LocationKind.Bin, "WH2"), default);
        var parties = new PartyCatalog(db, clock);
        var sup = await parties.CreateAsync(new PartyInput("SUP", "Supplier Ltd", PartyRole.Supplier), default);
        var cust = await parties.CreateAsync(new PartyInput("CUST", "Customer Inc", PartyRole.Customer), default);
        var po = new Order { Kind = OrderKind.Purchase, Number = "PO-1", PartyId = sup.Id, CreatedBy = "test", CreatedAt = Day(1).ToUniversalTime() };
        var so = new Order { Kind = OrderKind.Sales, Number = "SO-1", PartyId = cust.Id, CreatedBy = "test", CreatedAt = Day(1).ToUniversalTime() };
        db.Orders.AddRange(po, so);
        await db.SaveChangesAsync();

        Unit AUnit(Product p, string serial, long location) =>
            new() { ProductId = p.Id, Serial = serial, Status = UnitStatus.Available, Stage = Stage.FinishedGood, LocationId = location, CreatedAt = Day(1).ToUniversalTime(), UpdatedAt = Day(1).ToUniversalTime() };
        var units = new[] { AUnit(a100, "SN-001", b1.Id), AUnit(a100, "SN-002", b1.Id), AUnit(a100, "SN-003", b1.Id), AUnit(b200, "SN-101", b2.Id) };
        db.Units.AddRange(units);
        var lot = new Lot { ProductId = flour.Id, Code = "L-2026-01", CreatedAt = Day(3).ToUniversalTime(), Stage = Stage.RawMaterial };
        db.Lots.Add(lot);
        await db.SaveChangesAsync();

        async Task Write(int day, EventType type, string step, string disposition, string actor, long location, Unit[] objects,
            Order? order = null, long? source = null, long? destination = null, string? notes = null, string? reason = null, bool withLot = false)
        {
            var when = Day(day);
            var e = new Event
            {
                Type = type,
                Action = EventAction.Observe,
                EventTime = when.ToUniversalTime(),
                EventTimeZoneOffset = "+02:00",
                RecordTime = when.ToUniversalTime(),
                BizStep = step,
                Disposition = disposition,
                BizLocationId = location,
                Actor = actor,
                OrderId = order?.Id,
                BizTransaction = order?.Number,
                SourcePartyId = source,
                DestinationPartyId = destination,
                Notes = notes,
                Reason = reason,
                ObjectCount = objects.Length + (withLot ? 1 : 0),
            };
            db.Events.Add(e);
            await db.SaveChangesAsync();
            db.EventUnits.AddRange(objects.Select(u => new EventUnit { EventId = e.Id, UnitId = u.Id, Role = ObjectRole.Subject, Status = u.Status, Stage = u.Stage, LocationId = location }));
            if (withLot)
            {
                db.EventLots.Add(new EventLot { EventId = e.Id, Line = 1, LotId = lot.Id, Role = ObjectRole.Subject, Quantity = 100m, LocationId = location, Status = BalanceStatus.Available });
            }
            await db.SaveChangesAsync();
        }

        await Write(1, EventType.Commissioned, "commissioning", "active", "alice", b1.Id, [units[0], units[1], units[2]]);
        await Write(2, EventType.Received, "receiving", "active", "bob", b2.Id, [units[3]], po, source: sup.Id, notes: "Box dented, see photo");
        await Write(3, EventType.LotReceived, "receiving", "active", "bob", b1.Id, [], po, source: sup.Id, withLot: true);
        await Write(4, EventType.Moved, "relocating", "active", "alice", x1.Id, [units[0]]);
        await Write(5, EventType.Shipped, "shipping", "in_transit", "carol", b1.Id, [units[1]], so, destination: cust.Id, reason: "50%_off promo");
        await Write(6, EventType.Held, "holding", "non_sellable_other", "carol", b1.Id, [units[2]], notes: "Scratched casing");
    }
}

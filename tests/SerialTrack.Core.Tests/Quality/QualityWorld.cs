using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Quality;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Core.Trace;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Quality;

// A small factory built with the real processes: thermal paste lots P1 (the bad one, supplier lot SL-9)
// and P2 received from SUP; computers PC-1..PC-4 built on LINE1 with paste from P1 under MO-1, PC-5 with
// paste from P2; PC-1 and PC-2 shipped to ACME, PC-3 to BETA, PC-4 and PC-5 still in stock.
public static class QualityWorld
{
    public static readonly Actor Engineer = new(null, "qe1");

    public static async Task<TestDb> CreateAsync(DbKind kind, TestClock clock)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial, WarrantyMonths: 12, HandlingInstructions: "Lift with two people"), default);
        await catalog.CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
        await new LocationCatalog(db, clock).CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone, "SITE"), default);
        var parties = new PartyCatalog(db, clock);
        await parties.CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer, "Ann Smith", "ann@acme.example", "+1 555 0100", "1 Main St, Springfield"), default);
        await parties.CreateAsync(new PartyInput("BETA", "Beta Ltd", PartyRole.Customer, "Bob Jones", "bob@beta.example"), default);
        await parties.CreateAsync(new PartyInput("SUP", "Paste Supplier", PartyRole.Supplier), default);
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", 100, "WH1", SupplierLotCode: "SL-9", Supplier: "SUP"), Actor.System, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P2", 100, "WH1", SupplierLotCode: "SL-10", Supplier: "SUP"), Actor.System, default);
        await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Production, Number: "MO-1", Product: "PC", Quantity: 4, Location: "LINE1"), Actor.System, default);
        clock.Advance(TimeSpan.FromHours(1));
        await BuildAsync(db, clock, "P1", "MO-1", "PC-1", "PC-2", "PC-3", "PC-4");
        await BuildAsync(db, clock, "P2", null, "PC-5");
        clock.Advance(TimeSpan.FromDays(1));
        await ShipAsync(db, clock, "ACME", "PC-1", "PC-2");
        await ShipAsync(db, clock, "BETA", "PC-3");
        return t;
    }

    public static Task BuildAsync(SerialTrackDbContext db, TimeProvider clock, string pasteLot, string? order, params string[] serials) =>
        new Production(db, clock).ProduceAsync(new ProduceRequest("LINE1", order, "PC",
            serials.Select(s => new Build(s, Lots: [new LotQuantity("PASTE", pasteLot, 5, "WH1")])).ToList()), Actor.System, default);

    public static async Task ShipAsync(SerialTrackDbContext db, TimeProvider clock, string customer, params string[] serials)
    {
        var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, customer, [new OrderLineInput("PC", serials.Length)]), Actor.System, default);
        var shipping = new Shipping(db, clock);
        await shipping.AllocateAsync(new AllocateRequest(order.Number, [new AllocationLine(1, serials)]), Actor.System, default);
        await shipping.ShipAsync(new ShipRequest(order.Number), Actor.System, default);
    }

    public static Complaints Complaints(SerialTrackDbContext db, TimeProvider clock) => new(db, new Scanner(db), new Tracing(db), clock);

    public static Recalls Recalls(SerialTrackDbContext db, TimeProvider clock) => new(db, new Tracing(db), new Holds(db, clock), new Scanner(db), clock);
}

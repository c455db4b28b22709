using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Trace;

// A small factory built through the real processes:
// - CPUs C0..C2 received from supplier SUP under purchase order PO-1; RAM R0..R3 commissioned; paste lot
//   P1 (100 g) received without a supplier.
// - Under production order MO-1 at LINE1: PC-1 = C0 + R0 + R1 + 5 g P1, PC-2 = C1 + R2 + R3 + 5 g P1.
// - PC-1 repaired: C0 taken out to quarantine Q, C2 built in.
// - PC-2 packed in case CASE-1 and shipped (with the case) to customer ACME on sales order.
// - Flour: F1 (100 kg, supplier lot SL-7 from SUP) split 40 kg into F2; G1 (100 kg) received; F2 30 kg
//   transformed into dough D1 (30 kg), and G1 20 kg into D1 too in another event (D1 holds 50 kg).
public static class TraceWorld
{
    public static readonly Actor Op = new(null, "op1");

    // exactInEpcis: each PC built in its own production event and no component replaced, the two things an EPCIS
    // document cannot carry exactly (docs/epcis.md, "Round trip between installations").
    public static async Task<TestDb> CreateAsync(DbKind kind, TestClock clock, bool exactInEpcis = false)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 0, rams: 4);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("DOUGH", "Dough", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        var parties = new PartyCatalog(db, clock);
        await parties.CreateAsync(new PartyInput("SUP", "Chip Supplier", PartyRole.Supplier), default);
        await parties.CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer, ContactName: "Ann Buyer", Email: "ann@acme.test"), default);
        await new LocationCatalog(db, clock).CreateAsync(new LocationInput("Q", "Quarantine", LocationKind.Quarantine, "WH1"), default);
        var book = new OrderBook(db, clock);
        await book.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("CPU", 3)], Number: "PO-1"), Op, default);
        await Factory.AnOrder(db, "MO-1", 2);

        clock.Advance(TimeSpan.FromHours(1));
        await new Receiving(db, clock).ReceiveAsync(new ReceiveRequest("WH1", [new ReceiptLine("CPU", Serials: ["C0", "C1", "C2"])], Order: "PO-1"), Op, default);

        clock.Advance(TimeSpan.FromHours(1));
        var production = new Production(db, clock);
        Build[] builds =
        [
            new Build("PC-1", [new("CPU", "C0"), new("RAM", "R0"), new("RAM", "R1")], [new("PASTE", "P1", 5, "WH1")]),
            new Build("PC-2", [new("CPU", "C1"), new("RAM", "R2"), new("RAM", "R3")], [new("PASTE", "P1", 5, "WH1")]),
        ];
        foreach (var batch in exactInEpcis ? builds.Chunk(1) : [builds])
        {
            await production.ProduceAsync(new ProduceRequest(Order: "MO-1", Builds: batch), Op, default);
        }

        clock.Advance(TimeSpan.FromHours(1));
        if (!exactInEpcis)
        {
            await new Returns(db, clock).ReplaceComponentsAsync(new ReplaceComponentsRequest(new UnitRef("PC", "PC-1"), [new("CPU", "C0")], [new("CPU", "C2")], Location: "Q"), Op, default);
        }

        clock.Advance(TimeSpan.FromHours(1));
        var packing = new Packing(db, clock);
        await packing.CreateContainerAsync(new ContainerInput("LINE1", Code: "CASE-1"), Op, default);
        await packing.PackAsync(new PackRequest("CASE-1", Units: [new UnitRef("PC", "PC-2")]), Op, default);
        var sale = (await book.CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PC", 1)], Number: "SO-1"), Op, default)).Number;
        var shipping = new Shipping(db, clock);
        await shipping.AllocateAsync(new AllocateRequest(sale, [new AllocationLine(1, ["PC-2"])]), Op, default);
        await shipping.ShipAsync(new ShipRequest(sale), Op, default);

        clock.Advance(TimeSpan.FromHours(1));
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "F1", 100m, "WH1", SupplierLotCode: "SL-7", Supplier: "SUP"), Op, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "G1", 100m, "WH1"), Op, default);
        var lots = new LotTransformations(db, clock);
        await lots.SplitAsync(new SplitRequest("FLOUR", "F1", "WH1", 40m, "F2"), Op, default);
        await lots.TransformAsync(new TransformRequest([new LotInput("FLOUR", "F2", "WH1", 30m)], "DOUGH", "D1", 30m, "WH1"), Op, default);
        await lots.TransformAsync(new TransformRequest([new LotInput("FLOUR", "G1", "WH1", 20m)], "DOUGH", "D1", 20m, "WH1"), Op, default);
        return t;
    }

    public static async Task<long> UnitIdAsync(SerialTrackDbContext db, string serial) => await db.Units.Where(u => u.Serial == serial).Select(u => u.Id).SingleAsync();

    public static async Task<long> LotIdAsync(SerialTrackDbContext db, string code) => await db.Lots.Where(l => l.Code == code).Select(l => l.Id).SingleAsync();
}

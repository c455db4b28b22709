using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

// The world returns, holds and adjustments need: the basic world, a customer ACME, a supplier SUP, a
// quarantine area Q and a repair bench RB.
public static class ReturnsWorld
{
    public static readonly Actor Op = new(null, "op1");

    public static async Task<TestDb> CreateAsync(DbKind kind, TestClock clock, params string[] serials)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var parties = new PartyCatalog(db, clock);
        await parties.CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer), default);
        await parties.CreateAsync(new PartyInput("OTHER", "Other Corp", PartyRole.Customer), default);
        await parties.CreateAsync(new PartyInput("SUP", "Supplier", PartyRole.Supplier), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("Q", "Quarantine", LocationKind.Quarantine, "WH1"), default);
        await locations.CreateAsync(new LocationInput("RB", "Repair bench", LocationKind.ProductionLine, "SITE"), default);
        if (serials.Length > 0)
        {
            await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", serials, "B1"), Op, default);
        }
        return t;
    }

    // Shipping is written elsewhere at the same time, so tests put units at a customer the way a process
    // would, not by editing tables: one Shipped event and UnitBatch.ApplyAsync in one transaction.
    public static async Task AtCustomerAsync(SerialTrackDbContext db, TimeProvider clock, string customer, params string[] serials)
    {
        var party = await db.Parties.SingleAsync(p => p.Code == customer);
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        var units = await UnitBatch.LoadAsync(db, sql, serials.Select(s => new UnitRef("A100", s)).ToList(), "units", default);
        var ev = EventLog.New(EventType.Shipped, EventAction.Observe, "shipping", "in_transit", Op, new EventContext(), clock);
        ev.DestinationPartyId = party.Id;
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, new UnitTarget(UnitStatus.AtCustomer, u.Stage, null, null, party.Id, clock.GetUtcNow()))).ToList(), clock.GetUtcNow(), default);
        await tx.CommitAsync();
    }

    // Production is written elsewhere too: an assembly built of components the same way, with a Produced
    // event, the components consumed through UnitBatch and one genealogy edge each.
    public static async Task BuiltOfAsync(SerialTrackDbContext db, TimeProvider clock, string assembly, params string[] components)
    {
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync();
        var parts = await UnitBatch.LoadAsync(db, sql, components.Select(s => new UnitRef("A100", s)).ToList(), "units", default);
        var output = (await UnitBatch.LoadAsync(db, sql, [new UnitRef("A100", assembly)], "assembly", default))[0];
        var ev = EventLog.New(EventType.Produced, EventAction.Observe, "assembling", "active", Op, new EventContext(), clock);
        db.Events.Add(ev);
        await db.SaveChangesAsync();
        await UnitBatch.ApplyAsync(sql, ev.Id, parts.Select(u => new UnitChange(u, new UnitTarget(UnitStatus.Consumed, u.Stage, null, null, null), ObjectRole.Input)).ToList(), clock.GetUtcNow(), default);
        db.GenealogyEdges.AddRange(parts.Select(p => new GenealogyEdge { EventId = ev.Id, OutputUnitId = output.Id, InputUnitId = p.Id, Quantity = 1 }));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    public static Task<OrderView> AnRmaAsync(SerialTrackDbContext db, TimeProvider clock, string customer, params string[] serials) =>
        new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Return, customer,
            serials.Select(s => new OrderLineInput("A100", 1, Serial: s, Reason: "does not start")).ToList()), Op, default);

    public static async Task<Unit> UnitAsync(TestDb t, string serial)
    {
        await using var db = t.NewContext();
        return await db.Units.SingleAsync(u => u.Serial == serial);
    }

    public static async Task<long> LocationIdAsync(TestDb t, string code)
    {
        await using var db = t.NewContext();
        return await db.Locations.Where(l => l.Code == code).Select(l => l.Id).SingleAsync();
    }

    public static async Task<int> EventCountAsync(TestDb t)
    {
        await using var db = t.NewContext();
        return await db.Events.CountAsync();
    }
}

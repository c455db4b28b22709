using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class InstructionsTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    // Batteries BAT (category "Batteries") S1..Sn at B1, flour (category "Food") lot L1 at B1.
    async Task<TestDb> AStore(DbKind kind, int units = 3)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("BAT", "Battery", Tracking: TrackingMode.Serial, Category: "Batteries"), default);
        var flour = await db.Products.SingleAsync(p => p.Sku == "FLOUR");
        flour.Category = "Food";
        await db.SaveChangesAsync();
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("BAT", Enumerable.Range(1, units).Select(i => $"S{i}").ToList(), "B1"), Operator, default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 10, "B1"), Operator, default);
        return t;
    }

    Instructions Book(SerialTrackDbContext db) => new(db, clock);

    static MoveRequest MoveBatteries(params string[] serials) => new("B2", Units: serials.Select(s => new UnitRef("BAT", s)).ToList());

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_inherits_its_category_and_product_instructions_and_a_lot_its_category_and_product_ones(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        var book = Book(db);
        await book.CreateAsync(new InstructionInput("ESD-safe handling", Category: "Batteries"), Operator, default);
        await book.CreateAsync(new InstructionInput("Store below 30 C", InstructionSeverity.Warning, Product: "BAT"), Operator, default);
        await book.CreateAsync(new InstructionInput("Firmware 2.1 first", InstructionSeverity.Blocking, [InstructionProcesses.Ship], Product: "BAT", Serial: "S1"), Operator, default);
        await book.CreateAsync(new InstructionInput("Keep dry", Category: "Food"), Operator, default);
        await book.CreateAsync(new InstructionInput("Use first", InstructionSeverity.Warning, Product: "FLOUR", Lot: "L1"), Operator, default);
        await book.CreateAsync(new InstructionInput("Old text", Product: "BAT", Active: false), Operator, default);
        var s1 = await db.Units.SingleAsync(u => u.Serial == "S1");
        var s2 = await db.Units.SingleAsync(u => u.Serial == "S2");
        var l1 = await db.Lots.SingleAsync();

        var units = await book.ForUnitsAsync([s1.Id, s2.Id], default);
        var lots = await book.ForLotsAsync([l1.Id], default);

        Assert.Equal([("Firmware 2.1 first", InstructionTarget.Unit), ("Store below 30 C", InstructionTarget.Product), ("ESD-safe handling", InstructionTarget.Category)],
            units[s1.Id].Select(a => (a.Text, a.From)));
        Assert.Equal(["Store below 30 C", "ESD-safe handling"], units[s2.Id].Select(a => a.Text));
        Assert.Equal([("Use first", InstructionTarget.Lot), ("Keep dry", InstructionTarget.Category)], lots[l1.Id].Select(a => (a.Text, a.From)));
        var scan = await new Scanner(db).ScanAsync("S1", default);
        Assert.Equal(3, scan.Instructions.Count);
        Assert.Equal(InstructionSeverity.Blocking, scan.Instructions[0].Severity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_instruction_on_two_targets_or_none_is_refused_naming_the_target(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();

        var both = await Assert.ThrowsAsync<DomainException>(() => Book(db).CreateAsync(new InstructionInput("x", Product: "BAT", Category: "Batteries"), Operator, default));
        var none = await Assert.ThrowsAsync<DomainException>(() => Book(db).CreateAsync(new InstructionInput("x"), Operator, default));
        var serial = await Assert.ThrowsAsync<DomainException>(() => Book(db).CreateAsync(new InstructionInput("x", Product: "BAT", Serial: "NOPE"), Operator, default));

        Assert.Equal(("instruction.target", "target"), (both.Code, both.Field));
        Assert.Equal(("instruction.target", "target"), (none.Code, none.Field));
        Assert.Equal(("unit.not_found", "serial"), (serial.Code, serial.Field));
        Assert.Equal(0, await db.HandlingInstructions.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_blocking_instruction_refuses_the_move_and_writes_nothing_until_acknowledged_then_the_move_goes_through(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        var rule = await Book(db).CreateAsync(new InstructionInput("Check the seal", InstructionSeverity.Blocking, [InstructionProcesses.Move], Product: "BAT"), Operator, default);
        var events = await db.Events.CountAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() => new Moving(db, clock).MoveAsync(MoveBatteries("S1"), Operator, default));

        Assert.Equal(("instruction.unacknowledged", "units[0]", ErrorKind.RuleBroken), (refused.Code, refused.Field, refused.Kind));
        Assert.Contains("Check the seal", refused.Message);
        Assert.Contains("BAT S1", refused.Message);
        await using (var check = t.NewContext())
        {
            Assert.Equal(events, await check.Events.CountAsync());
            Assert.Equal("B1", await check.Units.Where(u => u.Serial == "S1").Join(check.Locations, u => u.LocationId, l => l.Id, (u, l) => l.Code).SingleAsync());
        }

        var ack = await Book(db).AcknowledgeAsync(new AcknowledgeRequest(rule.Id, Units: [new UnitRef("BAT", "S1")]), Operator, default);
        await new Moving(db, clock).MoveAsync(MoveBatteries("S1"), Operator, default);

        await using var after = t.NewContext();
        var ev = await after.Events.SingleAsync(e => e.Id == ack.EventId);
        Assert.Equal((EventType.InstructionAcknowledged, "op1", Instructions.AcknowledgedReasonCode), (ev.Type, ev.Actor, ev.ReasonCode));
        Assert.Contains($"Instruction {rule.Id}", ev.Reason);
        var row = await after.EventUnits.SingleAsync(x => x.EventId == ev.Id);
        Assert.Equal(UnitStatus.Available, row.Status);
        var a = await after.InstructionAcknowledgements.SingleAsync();
        Assert.Equal((rule.Id, ev.Id, "op1"), (a.InstructionId, a.EventId, a.AcknowledgedBy));
        Assert.Equal("B2", await after.Units.Where(u => u.Serial == "S1").Join(after.Locations, u => u.LocationId, l => l.Id, (u, l) => l.Code).SingleAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task One_unacknowledged_unit_in_a_long_list_refuses_the_whole_move_by_its_position(DbKind kind)
    {
        await using var t = await AStore(kind, units: 60);
        await using var db = t.NewContext();
        await Book(db).CreateAsync(new InstructionInput("Damaged casing: inspect", InstructionSeverity.Blocking, Product: "BAT", Serial: "S38"), Operator, default);
        var events = await db.Events.CountAsync();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            new Moving(db, clock).MoveAsync(MoveBatteries([.. Enumerable.Range(1, 60).Select(i => $"S{i}")]), Operator, default));

        Assert.Equal(("instruction.unacknowledged", "units[37]"), (refused.Code, refused.Field));
        await using var check = t.NewContext();
        Assert.Equal(events, await check.Events.CountAsync());
        Assert.Equal(0, await check.Units.CountAsync(u => u.LocationId != null && check.Locations.Any(l => l.Id == u.LocationId && l.Code == "B2")));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_with_a_blocking_instruction_is_refused_for_picking_until_the_lot_is_acknowledged(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer), default);
        var order = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("FLOUR", 4)]), Operator, default)).Number;
        var rule = await Book(db).CreateAsync(new InstructionInput("Allergen: wear gloves", InstructionSeverity.Blocking, [InstructionProcesses.Pick], Category: "Food"), Operator, default);
        var pick = new PickRequest(order, Lots: [new LotQuantity("FLOUR", "L1", 4, "B1")]);

        var refused = await Assert.ThrowsAsync<DomainException>(() => new Shipping(db, clock).PickAsync(pick, Operator, default));
        var ack = await Book(db).AcknowledgeAsync(new AcknowledgeRequest(rule.Id, Lots: [new LotRef("FLOUR", "L1")]), Operator, default);
        await new Shipping(db, clock).PickAsync(pick, Operator, default);

        Assert.Equal(("instruction.unacknowledged", "lots[0]"), (refused.Code, refused.Field));
        await using var check = t.NewContext();
        var line = await check.EventLots.SingleAsync(x => x.EventId == ack.EventId);
        Assert.Equal(0m, line.Quantity);
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Picked));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Acknowledging_twice_with_the_same_idempotency_key_writes_one_event(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        var rule = await Book(db).CreateAsync(new InstructionInput("Check the seal", InstructionSeverity.Blocking, Product: "BAT"), Operator, default);
        var request = new AcknowledgeRequest(rule.Id, Units: [new UnitRef("BAT", "S1"), new UnitRef("BAT", "S2")], Context: new EventContext(IdempotencyKey: "ack-1"));

        var first = await Book(db).AcknowledgeAsync(request, Operator, default);
        var second = await Book(db).AcknowledgeAsync(request, Operator, default);

        Assert.True(second.Replayed);
        Assert.Equal((first.EventId, 2), (second.EventId, second.Units));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.InstructionAcknowledged));
        Assert.Equal(2, await check.InstructionAcknowledgements.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_acknowledgement_bumps_the_unit_version_so_a_move_on_the_old_version_is_a_conflict(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        var rule = await Book(db).CreateAsync(new InstructionInput("Check the seal", InstructionSeverity.Blocking, Product: "BAT"), Operator, default);
        var seen = await db.Units.Where(u => u.Serial == "S1").Select(u => u.Version).SingleAsync();
        await Book(db).AcknowledgeAsync(new AcknowledgeRequest(rule.Id, Units: [new UnitRef("BAT", "S1")]), Operator, default);

        var conflict = await Assert.ThrowsAsync<DomainException>(() => new Moving(db, clock).MoveAsync(MoveBatteries("S1") with { ExpectedVersion = seen }, Operator, default));

        Assert.Equal(ErrorKind.Conflict, conflict.Kind);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Info_and_warning_instructions_and_blocking_ones_for_other_processes_stop_nothing(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        await Book(db).CreateAsync(new InstructionInput("Fragile", InstructionSeverity.Warning, Product: "BAT"), Operator, default);
        await Book(db).CreateAsync(new InstructionInput("ESD", InstructionSeverity.Info, Category: "Batteries"), Operator, default);
        await Book(db).CreateAsync(new InstructionInput("Firmware first", InstructionSeverity.Blocking, [InstructionProcesses.Ship], Product: "BAT"), Operator, default);

        var moved = await new Moving(db, clock).MoveAsync(MoveBatteries("S1", "S2"), Operator, default);

        Assert.Equal(2, moved.Units);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Changing_an_instruction_asks_for_a_new_acknowledgement(DbKind kind)
    {
        await using var t = await AStore(kind);
        await using var db = t.NewContext();
        var rule = await Book(db).CreateAsync(new InstructionInput("Check the seal", InstructionSeverity.Blocking, Product: "BAT"), Operator, default);
        await Book(db).AcknowledgeAsync(new AcknowledgeRequest(rule.Id, Units: [new UnitRef("BAT", "S1")]), Operator, default);
        clock.Advance(TimeSpan.FromMinutes(5));
        await Book(db).UpdateAsync(rule.Id, new InstructionInput("Check the seal and the date", InstructionSeverity.Blocking, Product: "BAT"), default);

        var refused = await Assert.ThrowsAsync<DomainException>(() => new Moving(db, clock).MoveAsync(MoveBatteries("S1"), Operator, default));

        Assert.Equal("instruction.unacknowledged", refused.Code);
        Assert.Contains("and the date", refused.Message);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

public sealed class ReceivingTests
{
    static readonly Actor Operator = new(null, "op1");

    static Receiving Receiving(SerialTrackDbContext db) => new(db, new TestClock());

    static ReceiveRequest Receipt(string? order, params ReceiptLine[] lines) => new("WH1", lines, order);

    static ReceiptLine Units(params string[] serials) => new("A100", serials);

    [Theory, OnSqlite, OnPostgres]
    public async Task Receiving_the_announced_serials_creates_the_units_marks_them_arrived_and_completes_the_order(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 3, ExpectedSerials: ["S1", "S2", "S3"]));

        var result = await Receiving(db).ReceiveAsync(Receipt(po, Units("S1", "S2", "S3")), Operator, default);

        Assert.False(result.WithoutOrder);
        Assert.Equal(po, result.Order);
        Assert.Equal(OrderStatus.Completed, result.OrderStatus);
        Assert.Equal(3, result.Units);
        Assert.False(result.ExceptionsAllowed);
        Assert.Equal(1, result.Lines.Single().OrderLine);
        await using var check = t.NewContext();
        var units = await check.Units.OrderBy(u => u.Serial).ToListAsync();
        Assert.Equal(["S1", "S2", "S3"], units.Select(u => u.Serial));
        Assert.All(units, u => Assert.Equal((UnitStatus.Available, Stage.RawMaterial, result.EventId), (u.Status, u.Stage, u.LastEventId)));
        var ev = await check.Events.SingleAsync();
        var order = await check.Orders.SingleAsync();
        var supplier = await check.Parties.SingleAsync(p => p.Code == "ACME");
        Assert.Equal((EventType.Received, EventAction.Add, "receiving", "active"), (ev.Type, ev.Action, ev.BizStep, ev.Disposition));
        Assert.Equal((order.Id, po, supplier.Id, 3), (ev.OrderId, ev.BizTransaction, ev.SourcePartyId, ev.ObjectCount));
        Assert.Null(ev.ReasonCode);
        Assert.Equal(3, await check.EventUnits.CountAsync(x => x.EventId == ev.Id));
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(3m, (await check.OrderLines.SingleAsync()).DoneQuantity);
        var expected = await check.ExpectedSerials.ToListAsync();
        Assert.All(expected, e => Assert.Equal(ExpectedStatus.Received, e.Status));
        Assert.Equal(units.Select(u => (long?)u.Id).Order(), expected.Select(e => e.UnitId).Order());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_the_order_did_not_announce_is_refused_and_nothing_is_written(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 3, ExpectedSerials: ["S1", "S2", "S3"]));

        var e = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, Units("S1", "X9", "S2")), Operator, default));

        Assert.Equal(("receipt.unexpected_serial", "lines[0].serials[1]", ErrorKind.RuleBroken), (e.Code, e.Field, e.Kind));
        Assert.Contains("X9", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync());
        Assert.Equal(0, await check.Events.CountAsync());
        Assert.Equal(0m, (await check.OrderLines.SingleAsync()).DoneQuantity);
        Assert.All(await check.ExpectedSerials.ToListAsync(), x => Assert.Equal(ExpectedStatus.Expected, x.Status));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_over_receipt_is_refused_then_allowed_as_an_exception_and_flagged(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 2));

        var refused = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, Units("S1", "S2", "S3")), Operator, default));
        await using (var check = t.NewContext())
        {
            Assert.Equal(0, await check.Events.CountAsync());
        }
        var allowed = await Receiving(db).ReceiveAsync(Receipt(po, Units("S1", "S2", "S3")) with { AllowExceptions = true }, Operator, default);

        Assert.Equal(("receipt.over_receipt", "lines[0].serials"), (refused.Code, refused.Field));
        Assert.True(allowed.ExceptionsAllowed);
        Assert.Equal("receipt.over_receipt", allowed.Exceptions.Single().Code);
        Assert.Equal(OrderStatus.Completed, allowed.OrderStatus);
        await using var after = t.NewContext();
        var ev = await after.Events.SingleAsync();
        Assert.Equal(Core.Processes.Receiving.ExceptionReasonCode, ev.ReasonCode);
        Assert.Contains("over", ev.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(3m, (await after.OrderLines.SingleAsync()).DoneQuantity);
        Assert.Equal(3, await after.Units.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partial_receipt_leaves_the_line_open_and_the_rest_completes_the_order(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 5), new OrderLineInput("FLOUR", 100));

        var first = await Receiving(db).ReceiveAsync(Receipt(po, Units("S1", "S2"), new ReceiptLine("FLOUR", Lot: "L1", Quantity: 100)), Operator, default);
        await using (var check = t.NewContext())
        {
            var view = await new OrderBook(check, new TestClock()).GetAsync(OrderKind.Purchase, po, default);
            Assert.Equal(OrderStatus.InProgress, view.Status);
            Assert.Equal([3m, 0m], view.Lines.Select(l => l.Open));
        }
        var second = await Receiving(db).ReceiveAsync(Receipt(po, Units("S3", "S4", "S5")), Operator, default);

        Assert.Equal(OrderStatus.InProgress, first.OrderStatus);
        Assert.Equal(OrderStatus.Completed, second.OrderStatus);
        await using var after = t.NewContext();
        Assert.Equal(OrderStatus.Completed, (await after.Orders.SingleAsync()).Status);
        Assert.Equal(2, await after.Events.CountAsync(e => e.Type == EventType.Received && e.BizTransaction == po));
        Assert.Equal(5, await after.Units.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_receipt_keeps_the_supplier_lot_and_expiry_and_takes_the_supplier_lot_from_the_order(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("FLOUR", 500, SupplierLotCode: "ACME-77"));

        var result = await Receiving(db).ReceiveAsync(Receipt(po,
            new ReceiptLine("FLOUR", Lot: "L-0425", Quantity: 200, ExpiryDate: new DateOnly(2027, 4, 30), ProductionDate: new DateOnly(2026, 2, 1))), Operator, default);

        Assert.Equal(1, result.Lots);
        Assert.Equal("L-0425", result.Lines.Single().Lot);
        await using var check = t.NewContext();
        var lot = await check.Lots.SingleAsync();
        Assert.Equal(("L-0425", "ACME-77", new DateOnly(2027, 4, 30), new DateOnly(2026, 2, 1), Stage.RawMaterial),
            (lot.Code, lot.SupplierLotCode, lot.ExpiryDate, lot.ProductionDate, lot.Stage));
        var balance = await check.LotBalances.SingleAsync();
        Assert.Equal((200m, BalanceStatus.Available), (balance.Quantity, balance.Status));
        var moved = await check.EventLots.SingleAsync();
        Assert.Equal((result.EventId, (long?)null, (BalanceStatus?)BalanceStatus.Available, 200m), (moved.EventId, moved.FromLocationId, moved.Status, moved.Quantity));
        Assert.Equal(OrderStatus.InProgress, (await check.Orders.SingleAsync()).Status);
        Assert.Equal(200m, (await check.OrderLines.SingleAsync()).DoneQuantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Another_supplier_lot_than_the_order_line_names_is_refused_unless_allowed(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("FLOUR", 500, SupplierLotCode: "ACME-77"));
        var line = new ReceiptLine("FLOUR", Lot: "L1", Quantity: 10, SupplierLotCode: "ACME-78");

        var e = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, line), Operator, default));
        var allowed = await Receiving(db).ReceiveAsync(Receipt(po, line) with { AllowExceptions = true }, Operator, default);

        Assert.Equal(("receipt.supplier_lot_mismatch", "lines[0].supplierLotCode"), (e.Code, e.Field));
        Assert.True(allowed.ExceptionsAllowed);
        await using var check = t.NewContext();
        Assert.Equal("ACME-78", (await check.Lots.SingleAsync()).SupplierLotCode);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_receipt_without_an_order_says_so_and_the_event_names_no_order(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Suppliers.AWorldWithASupplier(db);

        var result = await Receiving(db).ReceiveAsync(new ReceiveRequest("WH1", [Units("S1"), new ReceiptLine("FLOUR", Lot: "L1", Quantity: 5)], Supplier: "ACME",
            Stage: Stage.FinishedGood), Operator, default);

        Assert.True(result.WithoutOrder);
        Assert.Null(result.Order);
        Assert.Null(result.OrderStatus);
        Assert.Equal((1, 1), (result.Units, result.Lots));
        await using var check = t.NewContext();
        var ev = await check.Events.SingleAsync();
        Assert.Null(ev.OrderId);
        Assert.Null(ev.BizTransaction);
        Assert.NotNull(ev.SourcePartyId);
        Assert.Equal(Stage.FinishedGood, (await check.Units.SingleAsync()).Stage);
        Assert.Equal(Stage.FinishedGood, (await check.Lots.SingleAsync()).Stage);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_that_exists_is_refused_naming_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Suppliers.AWorldWithASupplier(db);
        await Receiving(db).ReceiveAsync(Receipt(null, Units("S2")), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(null, Units("S1", "S2", "S3")), Operator, default));

        Assert.Equal(("unit.duplicate_serial", "lines[0].serials[1]", ErrorKind.Conflict), (e.Code, e.Field, e.Kind));
        Assert.Contains("S2", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Units.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task One_bad_serial_at_the_end_of_ten_thousand_refuses_the_whole_receipt(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 10_000));
        await Receiving(db).ReceiveAsync(Receipt(null, Units("S09999")), Operator, default);
        var serials = Enumerable.Range(0, 10_000).Select(i => $"S{i:D5}").ToArray();

        var e = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, Units(serials)), Operator, default));

        Assert.Equal(("unit.duplicate_serial", "lines[0].serials[9999]"), (e.Code, e.Field));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Units.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync());
        Assert.Equal(0m, (await check.OrderLines.SingleAsync()).DoneQuantity);
        Assert.Equal(OrderStatus.Open, (await check.Orders.SingleAsync()).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retry_with_the_same_idempotency_key_writes_nothing_twice(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 10));
        var request = Receipt(po, Units("S1", "S2")) with { Context = new EventContext(IdempotencyKey: "dock-4711") };

        var first = await Receiving(db).ReceiveAsync(request, Operator, default);
        var second = await Receiving(db).ReceiveAsync(request, Operator, default);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal((first.EventId, po, 2), (second.EventId, second.Order, second.Units));
        Assert.Equal(["S1", "S2"], second.Lines.Single().Serials);
        await using var check = t.NewContext();
        Assert.Equal(2, await check.Units.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync());
        Assert.Equal(2m, (await check.OrderLines.SingleAsync()).DoneQuantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_receipts_of_the_same_serial_end_in_one_success_and_one_conflict(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var setup = t.NewContext())
        {
            await Suppliers.APurchaseOrder(setup, new OrderLineInput("A100", 10));
        }

        async Task<string> Attempt(string dock)
        {
            await using var db = t.NewContext();
            try
            {
                await Receiving(db).ReceiveAsync(new ReceiveRequest(dock, [Units("S1")], "PO-000001"), Operator, default);
                return "received";
            }
            catch (DomainException e) when (e.Kind == ErrorKind.Conflict)
            {
                return e.Code;
            }
        }

        var outcomes = await Task.WhenAll(Task.Run(() => Attempt("WH1")), Task.Run(() => Attempt("B1")));

        Assert.Single(outcomes, o => o == "received");
        Assert.Single(outcomes, o => o is "unit.duplicate_serial" or "order.changed");
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync());
        Assert.Equal(1, await check.Units.CountAsync());
        Assert.Equal(1m, (await check.OrderLines.SingleAsync()).DoneQuantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Generated_serials_come_from_the_scheme_and_lot_codes_too(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 3), new OrderLineInput("FLOUR", 50));
        var clock = new TestClock();
        await new SerialNumbers(db, clock).CreateSchemeAsync(new SchemeInput("inbound", "{SKU}-{SEQ:4/per SKU}"), default);
        var catalog = new ProductCatalog(db, clock);
        await catalog.SetSerialsAsync((await catalog.FindAsync("A100", default)).Id, "inbound", SerialUniqueness.WithinProduct, default);
        await catalog.SetSerialsAsync((await catalog.FindAsync("FLOUR", default)).Id, "inbound", SerialUniqueness.WithinProduct, default);

        var result = await Receiving(db).ReceiveAsync(Receipt(po, new ReceiptLine("A100", Generate: 3), new ReceiptLine("FLOUR", Quantity: 50)), Operator, default);

        Assert.Equal(["A100-0001", "A100-0002", "A100-0003"], result.Lines[0].Serials);
        Assert.Equal("FLOUR-0001", result.Lines[1].Lot);
        Assert.Equal(OrderStatus.Completed, result.OrderStatus);
        await using var check = t.NewContext();
        Assert.Equal(3, await check.Units.CountAsync(u => u.Serial.StartsWith("A100-")));
        Assert.Equal("FLOUR-0001", (await check.Lots.SingleAsync()).Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_without_a_code_is_refused_when_the_product_has_no_scheme(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Suppliers.AWorldWithASupplier(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(null, new ReceiptLine("FLOUR", Quantity: 5)), Operator, default));

        Assert.Equal(("field.required", "lines[0].lot", ErrorKind.BadInput), (e.Code, e.Field, e.Kind));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_receipt_against_a_closed_order_or_for_a_product_not_on_it_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 3));

        var notOnOrder = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, new ReceiptLine("FLOUR", Lot: "L1", Quantity: 1)), Operator, default));
        await new OrderBook(db, new TestClock()).CloseAsync(OrderKind.Purchase, po, cancel: false, default);
        var closed = await Assert.ThrowsAsync<DomainException>(() => Receiving(db).ReceiveAsync(Receipt(po, Units("S1")), Operator, default));

        Assert.Equal(("receipt.not_on_order", "lines[0].product"), (notOnOrder.Code, notOnOrder.Field));
        Assert.Equal(("receipt.order_not_open", "order"), (closed.Code, closed.Field));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Events.CountAsync());
    }
}

public static class Suppliers
{
    public static async Task AWorldWithASupplier(SerialTrackDbContext db)
    {
        await World.ASerialProductAndAWarehouse(db);
        await new PartyCatalog(db, new TestClock()).CreateAsync(new PartyInput("ACME", "Acme Components", PartyRole.Supplier), default);
    }

    // A purchase order from ACME; the first one is PO-000001.
    public static async Task<string> APurchaseOrder(SerialTrackDbContext db, params OrderLineInput[] lines)
    {
        await AWorldWithASupplier(db);
        var order = await new OrderBook(db, new TestClock()).CreateAsync(new OrderInput(OrderKind.Purchase, "ACME", lines), new Actor(null, "buyer"), default);
        return order.Number;
    }
}

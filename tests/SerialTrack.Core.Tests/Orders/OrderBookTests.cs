using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Orders;

public sealed class OrderBookTests
{
    static readonly Actor Manager = new(null, "boss");

    static async Task ASupplierAndACustomer(Data.SerialTrackDbContext db)
    {
        await World.ASerialProductAndAWarehouse(db);
        var parties = new PartyCatalog(db, new TestClock());
        await parties.CreateAsync(new PartyInput("SUP", "Supplier Ltd", PartyRole.Supplier), default);
        await parties.CreateAsync(new PartyInput("CUS", "Customer Inc", PartyRole.Customer), default);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_purchase_order_gets_a_number_lines_and_announced_serials(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);
        var book = new OrderBook(db, new TestClock());

        var first = await book.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 3, ExpectedSerials: ["S1", "S2"]), new OrderLineInput("FLOUR", 25.5m, SupplierLotCode: "SL-9")]), Manager, default);
        var second = await book.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 1)]), Manager, default);

        Assert.Equal("PO-000001", first.Number);
        Assert.Equal("PO-000002", second.Number);
        Assert.Equal(OrderStatus.Open, first.Status);
        Assert.Equal([1, 2], first.Lines.Select(l => l.LineNo));
        Assert.Equal(2, first.Lines[0].ExpectedSerials);
        Assert.Equal("SL-9", first.Lines[1].SupplierLotCode);
        Assert.Equal(0, first.Progress);
        await using var check = t.NewContext();
        Assert.Equal(["S1", "S2"], await check.ExpectedSerials.Where(e => e.OrderLineId == first.Lines[0].Id && e.Status == ExpectedStatus.Expected).OrderBy(e => e.Serial).Select(e => e.Serial).ToListAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_bad_line_is_refused_by_its_index_and_nothing_is_written(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new OrderBook(db, new TestClock()).CreateAsync(
            new OrderInput(OrderKind.Sales, "CUS", [new OrderLineInput("A100", 2), new OrderLineInput("A100", 1.5m)]), Manager, default));

        Assert.Equal("order.quantity_whole", e.Code);
        Assert.Equal("lines[1].quantity", e.Field);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Orders.CountAsync());
        Assert.Equal(0, await check.OrderLines.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_sales_order_for_a_supplier_only_party_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new OrderBook(db, new TestClock()).CreateAsync(
            new OrderInput(OrderKind.Sales, "SUP", [new OrderLineInput("A100", 2)]), Manager, default));

        Assert.Equal("party.wrong_role", e.Code);
        Assert.Equal("party", e.Field);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_announced_twice_or_already_existing_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);
        var book = new OrderBook(db, new TestClock());
        await book.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 2, ExpectedSerials: ["S1"])]), Manager, default);

        var twice = await Assert.ThrowsAsync<DomainException>(() => book.CreateAsync(
            new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 1, ExpectedSerials: ["X1"]), new OrderLineInput("A100", 1, ExpectedSerials: ["X1"])]), Manager, default));
        var taken = await Assert.ThrowsAsync<DomainException>(() => book.CreateAsync(
            new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 1, ExpectedSerials: ["S1"])]), Manager, default));

        Assert.Equal("serials.duplicate", twice.Code);
        Assert.Equal("lines[1].expectedSerials", twice.Field);
        Assert.Equal("serial.taken", taken.Code);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Orders.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Cancelling_an_untouched_order_frees_its_announced_serials_and_a_second_close_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);
        var book = new OrderBook(db, new TestClock());
        var po = await book.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP", [new OrderLineInput("A100", 2, ExpectedSerials: ["S1", "S2"])]), Manager, default);

        var cancelled = await book.CloseAsync(OrderKind.Purchase, po.Number, cancel: true, default);
        var again = await Assert.ThrowsAsync<DomainException>(() => book.CloseAsync(OrderKind.Purchase, po.Number, cancel: false, default));

        Assert.Equal(OrderStatus.Cancelled, cancelled.Status);
        Assert.Equal("order.finished", again.Code);
        await using var check = t.NewContext();
        Assert.All(await check.ExpectedSerials.ToListAsync(), e => Assert.Equal(ExpectedStatus.Cancelled, e.Status));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_production_order_names_its_output_and_station_and_a_return_names_the_unit(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ASupplierAndACustomer(db);
        await new Core.Processes.Commissioning(db, new TestClock()).CommissionAsync(new Core.Processes.CommissionRequest("A100", ["S1"], "WH1"), Manager, default);
        var book = new OrderBook(db, new TestClock());

        var mo = await book.CreateAsync(new OrderInput(OrderKind.Production, Product: "A100", Quantity: 10, Location: "WH1"), Manager, default);
        var rma = await book.CreateAsync(new OrderInput(OrderKind.Return, "CUS", [new OrderLineInput("A100", 1, Serial: "S1", Reason: "no power")]), Manager, default);
        var missing = await Assert.ThrowsAsync<DomainException>(() => book.CreateAsync(new OrderInput(OrderKind.Return, "CUS", [new OrderLineInput("A100", 1, Serial: "S9", Reason: "x")]), Manager, default));

        Assert.Equal("MO-000001", mo.Number);
        Assert.Equal(("A100", 10m, "WH1"), (mo.Product, mo.Quantity, mo.Location));
        Assert.Equal("RMA-000001", rma.Number);
        Assert.Equal(("S1", "no power", ReturnDisposition.Pending), (rma.Lines[0].Serial, rma.Lines[0].Reason, rma.Lines[0].Disposition!.Value));
        Assert.Equal(("unit.not_found", "lines[0].serial"), (missing.Code, missing.Field));
    }
}

using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Printing;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Printing;

public sealed class OrderLabelsTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    static async Task<List<IReadOnlyDictionary<string, string>>> LabelsAsync(Data.SerialTrackDbContext db, LabelSelection selection)
    {
        var labels = new List<IReadOnlyDictionary<string, string>>();
        await foreach (var label in await new LabelData(db).SelectAsync(selection, default))
        {
            labels.Add(label);
        }
        return labels;
    }

    static string? Field(IReadOnlyDictionary<string, string> label, string key) => label.GetValueOrDefault(key);

    [Theory, OnSqlite, OnPostgres]
    public async Task An_orders_labels_are_the_units_then_the_lots_received_on_it_and_nothing_received_without_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var po = await Suppliers.APurchaseOrder(db, new OrderLineInput("A100", 3), new OrderLineInput("FLOUR", 50));
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveAsync(new ReceiveRequest("WH1", [new("A100", ["S1", "S2"]), new("FLOUR", Lot: "L-7", Quantity: 50)], po), Operator, default);
        await receiving.ReceiveAsync(new ReceiveRequest("WH1", [new("A100", ["OTHER"])]), Operator, default);

        var labels = await LabelsAsync(db, new LabelSelection(Order: po));
        var count = await new LabelData(db).CountOrderAsync((await new OrderBook(db, clock).FindAsync(OrderKind.Purchase, po, default)).Id, default);

        Assert.Equal([("S1", null), ("S2", null), (null, "L-7")], labels.Select(l => (Field(l, LabelKeys.Serial), Field(l, LabelKeys.Lot))));
        Assert.Equal(new OrderLabelCount(2, 1), count);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_production_orders_labels_are_its_builds_not_the_components_consumed_into_them(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 1, rams: 2);
        await Factory.AnOrder(db, "MO-1", 2);
        await new Production(db, clock).ProduceAsync(new ProduceRequest(Order: "MO-1",
            Builds: [new Build("PC-1", [new("CPU", "C0"), new("RAM", "R0"), new("RAM", "R1")], [new("PASTE", "P1", 5, "WH1")])]), Operator, default);

        var labels = await LabelsAsync(db, new LabelSelection(Order: "MO-1", OrderKind: OrderKind.Production));

        Assert.Equal(["PC-1"], labels.Select(l => Field(l, LabelKeys.Serial)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_sales_orders_labels_are_its_allocated_and_shipped_units_with_the_customers_name(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer), default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3", "S4"], "B1"), Operator, default);
        var order = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("A100", 3)]), Operator, default)).Number;
        var shipping = new Shipping(db, clock);
        await shipping.AllocateAsync(new AllocateRequest(order, [new AllocationLine(1, ["S3", "S1"])]), Operator, default);
        await shipping.ShipAsync(new ShipRequest(order), Operator, default);
        await shipping.AllocateAsync(new AllocateRequest(order, [new AllocationLine(1, ["S4"])]), Operator, default);

        var labels = await LabelsAsync(db, new LabelSelection(Order: order, OrderKind: OrderKind.Sales));

        Assert.Equal(["S1", "S3", "S4"], labels.Select(l => Field(l, LabelKeys.Serial)));
        Assert.All(labels, l => Assert.Equal("Acme Corp", Field(l, LabelKeys.Customer)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_unknown_order_is_refused_naming_the_order_and_a_number_two_kinds_share_asks_for_the_kind(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Suppliers.AWorldWithASupplier(db);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("CUST", "Customer", PartyRole.Customer), default);
        var book = new OrderBook(db, clock);
        await book.CreateAsync(new OrderInput(OrderKind.Purchase, "ACME", [new OrderLineInput("A100", 1)], Number: "X-1"), Operator, default);
        await book.CreateAsync(new OrderInput(OrderKind.Sales, "CUST", [new OrderLineInput("A100", 1)], Number: "X-1"), Operator, default);

        var unknown = await Assert.ThrowsAsync<DomainException>(() => new LabelData(db).SelectAsync(new LabelSelection(Order: "NOPE"), default));
        var ambiguous = await Assert.ThrowsAsync<DomainException>(() => new LabelData(db).SelectAsync(new LabelSelection(Order: "X-1"), default));
        var both = await Assert.ThrowsAsync<DomainException>(() => new LabelData(db).SelectAsync(new LabelSelection(Order: "X-1", Product: "A100"), default));

        Assert.Equal(("order.not_found", "order"), (unknown.Code, unknown.Field));
        Assert.Equal(("label.order_kind", "orderKind"), (ambiguous.Code, ambiguous.Field));
        Assert.Equal(("label.selection", "selection"), (both.Code, both.Field));
        Assert.Empty(await LabelsAsync(db, new LabelSelection(Order: "X-1", OrderKind: OrderKind.Sales)));
    }
}

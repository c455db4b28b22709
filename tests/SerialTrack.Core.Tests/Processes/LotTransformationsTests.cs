using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

public sealed class LotTransformationsTests
{
    static readonly Actor Operator = new(null, "op1");

    // A bakery: 100 kg of flour (lot F1) and 20 kg of sugar (lot S1) in WH1; cakes counted in kg.
    static async Task ABakery(SerialTrackDbContext db)
    {
        var clock = new TestClock();
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("SUGAR", "Sugar", Tracking: TrackingMode.Lot, Uom: "g"), default);
        await catalog.CreateAsync(new ProductInput("CAKE", "Cake mix", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        await catalog.CreateAsync(new ProductInput("WATER", "Water", Tracking: TrackingMode.Lot, Uom: "l"), default);
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "F1", 100, "WH1", ExpiryDate: new DateOnly(2026, 9, 1)), Actor.System, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "F2", 30, "WH1", ExpiryDate: new DateOnly(2026, 6, 1)), Actor.System, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("SUGAR", "S1", 20_000, "WH1"), Actor.System, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("WATER", "W1", 50, "WH1"), Actor.System, default);
    }

    static async Task<decimal> Balance(SerialTrackDbContext db, string lot, string location) =>
        await (from b in db.LotBalances
               join l in db.Lots on b.LotId equals l.Id
               join loc in db.Locations on b.LocationId equals loc.Id
               where l.Code == lot && loc.Code == location
               select b.Quantity).SingleAsync();

    [Theory, OnSqlite, OnPostgres]
    public async Task Splitting_a_lot_moves_part_of_it_into_a_new_lot_with_an_edge(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        var result = await new LotTransformations(db, new TestClock()).SplitAsync(new SplitRequest("FLOUR", "F1", "WH1", 25, "F1-A", To: "B1"), Operator, default);

        Assert.Equal(["F1-A"], result.Outputs);
        await using var check = t.NewContext();
        Assert.Equal(75m, await Balance(check, "F1", "WH1"));
        Assert.Equal(25m, await Balance(check, "F1-A", "B1"));
        var split = await check.Lots.SingleAsync(l => l.Code == "F1-A");
        Assert.Equal(new DateOnly(2026, 9, 1), split.ExpiryDate);
        var edge = await check.GenealogyEdges.SingleAsync();
        Assert.Equal((split.Id, 25m), (edge.OutputLotId!.Value, edge.Quantity));
        var ev = await check.Events.SingleAsync(e => e.Id == result.Event.EventId);
        Assert.Equal((EventType.LotSplit, "repackaging"), (ev.Type, ev.BizStep));
        Assert.Equal([ObjectRole.Input, ObjectRole.Output], await check.EventLots.Where(x => x.EventId == ev.Id).OrderBy(x => x.Line).Select(x => x.Role).ToListAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Splitting_more_than_the_lot_holds_is_refused_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new LotTransformations(db, new TestClock()).SplitAsync(new SplitRequest("FLOUR", "F2", "WH1", 31, "F2-A"), Operator, default));

        Assert.Equal(("lot.insufficient", "lot.quantity"), (e.Code, e.Field));
        await using var check = t.NewContext();
        Assert.False(await check.Lots.AnyAsync(l => l.Code == "F2-A"));
        Assert.Equal(0, await check.Events.CountAsync(x => x.Type == EventType.LotSplit));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Merging_lots_makes_one_lot_with_the_earliest_expiry(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        await new LotTransformations(db, new TestClock()).MergeAsync(new MergeRequest("FLOUR", [new("FLOUR", "F1", "WH1", 100), new("FLOUR", "F2", "WH1", 10)], "F3", "B2"), Operator, default);

        await using var check = t.NewContext();
        Assert.Equal(110m, await Balance(check, "F3", "B2"));
        Assert.Equal(20m, await Balance(check, "F2", "WH1"));
        var merged = await check.Lots.SingleAsync(l => l.Code == "F3");
        Assert.Equal(new DateOnly(2026, 6, 1), merged.ExpiryDate);
        Assert.Equal([10m, 100m], (await check.GenealogyEdges.Where(g => g.OutputLotId == merged.Id).Select(g => g.Quantity).ToListAsync()).Order());
        Assert.Equal(EventType.LotsMerged, (await check.Events.OrderBy(e => e.Id).LastAsync()).Type);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Merging_lots_of_another_product_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new LotTransformations(db, new TestClock()).MergeAsync(
            new MergeRequest("FLOUR", [new("FLOUR", "F1", "WH1", 1), new("SUGAR", "S1", "WH1", 1)], "F3", "B2"), Operator, default));

        Assert.Equal(("merge.other_product", "inputs[1].product"), (e.Code, e.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Transforming_inputs_in_other_units_of_measure_makes_an_output_lot(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        // Sugar is kept in g but weighed here in kg; the output is weighed in g.
        var result = await new LotTransformations(db, new TestClock()).TransformAsync(new TransformRequest(
            [new("FLOUR", "F1", "WH1", 10), new("SUGAR", "S1", "WH1", 2, "kg")], "CAKE", "CK1", 11_500, "B1", OutputUom: "g"), Operator, default);

        Assert.Empty(result.Warnings);
        await using var check = t.NewContext();
        Assert.Equal(18_000m, await Balance(check, "S1", "WH1"));
        Assert.Equal(11.5m, await Balance(check, "CK1", "B1"));
        var cake = await check.Lots.SingleAsync(l => l.Code == "CK1");
        var edges = await check.GenealogyEdges.Where(g => g.OutputLotId == cake.Id).Select(g => g.Quantity).ToListAsync();
        Assert.Equal([10m, 2000m], edges.Order());
        var ev = await check.Events.SingleAsync(e => e.Id == result.Event.EventId);
        Assert.Equal((EventType.LotsTransformed, "commissioning"), (ev.Type, ev.BizStep));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Outputs_beyond_the_inputs_warn_and_refuse_when_strict(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);
        var transformations = new LotTransformations(db, new TestClock());
        var request = new TransformRequest([new("FLOUR", "F1", "WH1", 10)], "CAKE", "CK1", 10.3m, "B1");

        var strict = await Assert.ThrowsAsync<DomainException>(() => transformations.TransformAsync(request with { Strict = true }, Operator, default));
        var loose = await transformations.TransformAsync(request with { Tolerance = 0.05m, OutputLot = "CK0" }, Operator, default);
        var warned = await transformations.TransformAsync(request, Operator, default);

        Assert.Equal(("mass_balance.exceeded", "outputQuantity"), (strict.Code, strict.Field));
        Assert.Empty(loose.Warnings);
        Assert.Contains("exceeds inputs 10 kg", Assert.Single(warned.Warnings), StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(10.3m, await Balance(check, "CK1", "B1"));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Inputs_that_cannot_be_compared_skip_the_mass_balance_with_a_warning(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        var result = await new LotTransformations(db, new TestClock()).TransformAsync(new TransformRequest(
            [new("FLOUR", "F1", "WH1", 10), new("WATER", "W1", "WH1", 6)], "CAKE", "CK1", 16, "B1"), Operator, default);

        Assert.Contains("not checked", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_of_measure_without_a_conversion_is_refused_naming_the_field(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new LotTransformations(db, new TestClock()).TransformAsync(new TransformRequest(
            [new("FLOUR", "F1", "WH1", 10, "l")], "CAKE", "CK1", 10, "B1"), Operator, default));

        Assert.Equal(("uom.no_conversion", "inputs[0].uom"), (e.Code, e.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Units_of_measure_convert_both_ways_and_the_same_unit_is_itself(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var uoms = new UnitsOfMeasure(db);

        Assert.Equal(2500m, await uoms.ConvertAsync(2.5m, "kg", "g", "q", default));
        Assert.Equal(2.5m, await uoms.ConvertAsync(2500m, "g", "kg", "q", default));
        Assert.Equal(7m, await uoms.ConvertAsync(7m, "ea", "ea", "q", default));
        Assert.Equal("uom.no_conversion", (await Assert.ThrowsAsync<DomainException>(() => uoms.ConvertAsync(1, "kg", "l", "q", default))).Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_transformation_retried_with_its_key_happens_once(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await ABakery(db);
        var request = new TransformRequest([new("FLOUR", "F1", "WH1", 10)], "CAKE", "CK1", 10, "B1", Context: new EventContext(IdempotencyKey: "mix-1"));

        var first = await new LotTransformations(db, new TestClock()).TransformAsync(request, Operator, default);
        var second = await new LotTransformations(db, new TestClock()).TransformAsync(request, Operator, default);

        Assert.True(second.Event.Replayed);
        Assert.Equal(["CK1"], second.Outputs);
        await using var check = t.NewContext();
        Assert.Equal(90m, await Balance(check, "F1", "WH1"));
        Assert.Equal(first.Event.EventId, await check.Events.Where(e => e.Type == EventType.LotsTransformed).Select(e => e.Id).SingleAsync());
    }
}

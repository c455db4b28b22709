using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class SubstitutesTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    // Widgets A100, B200 and C300, flour; a site with WH1 (bins B1, B2) and a second site SITE2 with WH2.
    async Task<TestDb> AWarehouse(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var products = new ProductCatalog(db, clock);
        await products.CreateAsync(new ProductInput("B200", "Widget B", Tracking: TrackingMode.Serial), default);
        await products.CreateAsync(new ProductInput("C300", "Widget C", Tracking: TrackingMode.Serial), default);
        await products.CreateAsync(new ProductInput("RYE", "Rye flour", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("SITE2", "Site 2", LocationKind.Site), default);
        await locations.CreateAsync(new LocationInput("WH2", "Warehouse 2", LocationKind.Warehouse, "SITE2"), default);
        return t;
    }

    async Task Units(SerialTrackDbContext db, string sku, string location, params string[] serials) =>
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest(sku, serials, location), Operator, default);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_one_way_substitute_is_offered_for_its_product_only_and_a_both_ways_one_for_both(DbKind kind)
    {
        await using var t = await AWarehouse(kind);
        await using var db = t.NewContext();
        await Units(db, "A100", "B1", "A-1");
        await Units(db, "B200", "B1", "B-1");
        await Units(db, "C300", "B1", "C-1");
        var substitutes = new Substitutes(db, clock);
        await substitutes.DeclareAsync("A100", new SubstituteInput("B200", Note: "newer revision", Conditions: "same voltage"), default);
        await substitutes.DeclareAsync("A100", new SubstituteInput("C300", BothWays: true), default);

        var forA = await substitutes.FindAsync("A100", null, null, default);
        var forB = await substitutes.FindAsync("B200", null, null, default);
        var forC = await substitutes.FindAsync("C300", null, null, default);

        Assert.Equal(["A100", "B200", "C300"], forA.Lines.Select(l => l.Product));
        var b = forA.Lines.Single(l => l.Product == "B200");
        Assert.Equal((ReplacementRelation.Substitute, "newer revision", "same voltage", 1m), (b.Relation, b.Note, b.Conditions, b.Quantity));
        Assert.Equal(ReplacementRelation.SameProduct, forA.Lines[0].Relation);
        Assert.Equal(["B200"], forB.Lines.Select(l => l.Product));
        Assert.Equal(["C300", "A100"], forC.Lines.Select(l => l.Product));
        Assert.Equal(["A100"], (await substitutes.ListAsync("C300", default)).Select(s => s.Substitute));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Held_failed_archived_expired_and_held_location_stock_is_not_offered(DbKind kind)
    {
        await using var t = await AWarehouse(kind);
        await using var db = t.NewContext();
        await Units(db, "B200", "B1", "OK-1", "OK-2", "HELD", "FAILED", "ARCHIVED");
        await Units(db, "B200", "B2", "IN-HELD-BIN");
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L-GOOD", 10, "B1"), Operator, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L-MORE", 5, "B1"), Operator, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L-OLD", 7, "B1", ExpiryDate: new DateOnly(2026, 1, 1)), Operator, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("RYE", "R-HELD", 3, "B1"), Operator, default);
        var holds = new Holds(db, clock);
        await holds.HoldAsync(new HoldRequest("suspect", Units: [new UnitRef("B200", "HELD")], Lots: [new LotRef("RYE", "R-HELD")]), Operator, default);
        await holds.HoldAsync(new HoldRequest("flooded", Locations: ["B2"]), Operator, default);
        await db.Units.Where(u => u.Serial == "FAILED").ExecuteUpdateAsync(s => s.SetProperty(u => u.TestFailed, true));
        await db.Units.Where(u => u.Serial == "ARCHIVED").ExecuteUpdateAsync(s => s.SetProperty(u => u.Archived, true));
        var substitutes = new Substitutes(db, clock);
        await substitutes.DeclareAsync("A100", new SubstituteInput("B200"), default);
        await substitutes.DeclareAsync("FLOUR", new SubstituteInput("RYE", BothWays: true), default);

        var widgets = await substitutes.FindAsync("A100", null, null, default);
        var flour = await substitutes.FindAsync("FLOUR", null, null, default);

        var line = Assert.Single(widgets.Lines);
        Assert.Equal(("B200", "B1", 2m, "units"), (line.Product, line.Location, line.Quantity, line.Uom));
        var lots = Assert.Single(flour.Lines);
        Assert.Equal(("FLOUR", "B1", 15m, "kg"), (lots.Product, lots.Location, lots.Quantity, lots.Uom));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_faulty_unit_gets_substitutes_at_its_own_site_first_and_is_not_offered_itself(DbKind kind)
    {
        await using var t = await AWarehouse(kind);
        await using var db = t.NewContext();
        await Units(db, "A100", "B1", "FAULTY");
        await Units(db, "B200", "WH2", "FAR-1", "FAR-2", "FAR-3");
        await Units(db, "B200", "B2", "NEAR-1");
        await new Substitutes(db, clock).DeclareAsync("A100", new SubstituteInput("B200"), default);

        var answer = await new Substitutes(db, clock).FindAsync(null, "FAULTY", null, default);

        Assert.Equal(("A100", "B1", "SITE"), (answer.Product, answer.Near, answer.Site));
        Assert.Equal([("B2", true, 1m), ("WH2", false, 3m)], answer.Lines.Select(l => (l.Location, l.SameSite, l.Quantity)));
        var far = await new Substitutes(db, clock).FindAsync("A100", null, "WH2", default);
        Assert.Equal(["WH2", "B1", "B2"], far.Lines.Select(l => l.Location));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_product_cannot_substitute_itself_nor_be_declared_twice_and_unknown_skus_are_named_by_field(DbKind kind)
    {
        await using var t = await AWarehouse(kind);
        await using var db = t.NewContext();
        var substitutes = new Substitutes(db, clock);
        await substitutes.DeclareAsync("A100", new SubstituteInput("B200", BothWays: true), default);

        var self = await Assert.ThrowsAsync<DomainException>(() => substitutes.DeclareAsync("A100", new SubstituteInput("A100"), default));
        var twice = await Assert.ThrowsAsync<DomainException>(() => substitutes.DeclareAsync("B200", new SubstituteInput("A100"), default));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => substitutes.DeclareAsync("A100", new SubstituteInput("NOPE"), default));
        var unknownProduct = await Assert.ThrowsAsync<DomainException>(() => substitutes.FindAsync("NOPE", null, null, default));

        Assert.Equal(("substitute.self", "substitute"), (self.Code, self.Field));
        Assert.Equal(("substitute.duplicate", "substitute", ErrorKind.Conflict), (twice.Code, twice.Field, twice.Kind));
        Assert.Equal(("product.not_found", "substitute"), (unknown.Code, unknown.Field));
        Assert.Equal(("product.not_found", "product"), (unknownProduct.Code, unknownProduct.Field));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.ProductSubstitutes.CountAsync());
        await substitutes.RemoveAsync("B200", "A100", default);
        Assert.Equal(0, await check.ProductSubstitutes.CountAsync());
    }
}

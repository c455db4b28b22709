using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Inventory;

public sealed class WhereaboutsTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    // S1..S3 commissioned at B1 at 09:00; S2 moved to B2 at 10:00; 100 kg of lot L1 at B1, 30 kg of it moved to B2.
    async Task<TestDb> AStockedWarehouse(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3"], "B1"), Operator, default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100m, "B1"), Operator, default);
        clock.Advance(TimeSpan.FromHours(1));
        await new Moving(db, clock).MoveAsync(new MoveRequest("B2", [new("A100", "S2")], [new("FLOUR", "L1", 30m, "B1")]), Operator, default);
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        return t;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_is_where_it_was_last_moved_since_that_move(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();

        var moved = await new Whereabouts(db).FindAsync("S2", null, default);
        var stayed = await new Whereabouts(db).FindAsync("S1", null, default);

        var line = Assert.Single(moved.Lines);
        Assert.Equal((ScanKind.Unit, "B2", "available", 1m), (moved.Kind, line.Location, line.Status, line.Quantity));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero), line.Since);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero), Assert.Single(stayed.Lines).Since);
        Assert.Null(moved.Misplaced);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_scanned_at_another_location_says_where_it_should_be(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();
        var whereabouts = new Whereabouts(db);

        var elsewhere = await whereabouts.FindAsync("S2", "B1", default);
        var inTheWarehouse = await whereabouts.FindAsync("S2", "WH1", default);
        var unknownPlace = await Assert.ThrowsAsync<DomainException>(() => whereabouts.FindAsync("S2", "NOWHERE", default));

        Assert.Equal("A100 S2 is recorded at B2 since 2026-03-02 10:00, not at B1.", elsewhere.Misplaced);
        Assert.Null(inTheWarehouse.Misplaced);
        Assert.Equal(("location.not_found", "at"), (unknownPlace.Code, unknownPlace.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_is_at_every_location_that_holds_some_of_it(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();

        var lot = await new Whereabouts(db).FindAsync("L1", null, default);

        Assert.Equal(ScanKind.Lot, lot.Kind);
        Assert.Equal([("B1", 70m), ("B2", 30m)], lot.Lines.Select(l => (l.Location!, l.Quantity)));
        Assert.Equal(new StockTotal("FLOUR", 100m, "kg"), Assert.Single(lot.Totals));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_location_shows_its_subtree_with_totals_and_a_product_all_its_stock(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();
        await new Holds(db, clock).HoldAsync(new HoldRequest("dented", [new("A100", "S3")]), Operator, default);
        var whereabouts = new Whereabouts(db);

        var warehouse = await whereabouts.FindAsync("WH1", null, default);
        var bin = await whereabouts.FindAsync("B2", null, default);
        var product = await whereabouts.FindAsync("A100", null, default);

        Assert.Equal((ScanKind.Location, "WH1"), (warehouse.Kind, warehouse.LocationCode));
        Assert.Equal([new StockTotal("A100", 3m, "units"), new StockTotal("FLOUR", 100m, "kg")], warehouse.Totals);
        Assert.Equal([new StockTotal("A100", 1m, "units"), new StockTotal("FLOUR", 30m, "kg")], bin.Totals);
        Assert.Equal([("B1", "available", 1m), ("B1", "on_hold", 1m), ("B2", "available", 1m)],
            product.Lines.Select(l => (l.Location!, l.Status, l.Quantity)).OrderBy(x => x.Item1).ThenBy(x => x.Status));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_container_shows_where_it_is_and_its_nested_contents(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1", "case"), Operator, default);
        var pallet = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet", Sscc: true), Operator, default);
        await packing.PackAsync(new PackRequest(box.Code, [new("A100", "S1")], [new("FLOUR", "L1", 20m, "B1")]), Operator, default);
        await packing.PackAsync(new PackRequest(pallet.Code, [new("A100", "S3")], Containers: [box.Code]), Operator, default);

        var answer = await new Whereabouts(db).FindAsync(pallet.Sscc, null, default);

        Assert.Equal(ScanKind.Container, answer.Kind);
        Assert.Equal(box.Code, Assert.Single(answer.Container!.Containers).Code);
        Assert.Equal([("S3", pallet.Code), ("S1", box.Code)], answer.Lines.Where(l => l.Serial is not null).Select(l => (l.Serial!, l.Container!)));
        Assert.Equal([new StockTotal("A100", 2m, "units"), new StockTotal("FLOUR", 20m, "kg")], answer.Totals);
        Assert.All(answer.Lines, l => Assert.Equal("B1", l.Location));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Something_unknown_says_so_and_finds_nothing(DbKind kind)
    {
        await using var t = await AStockedWarehouse(kind);
        await using var db = t.NewContext();

        var answer = await new Whereabouts(db).FindAsync("NO-SUCH-THING", null, default);

        Assert.Equal(ScanKind.Unknown, answer.Kind);
        Assert.Empty(answer.Lines);
        Assert.NotNull(answer.Message);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

public sealed class CommissioningTests
{
    static readonly Actor Operator = new(null, "op1");

    [Theory, OnSqlite, OnPostgres]
    public async Task Commissioning_creates_units_at_the_location_with_one_event(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);

        var result = await new Commissioning(db, new TestClock()).CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3"], "WH1"), Operator, default);

        await using var check = t.NewContext();
        var units = await check.Units.OrderBy(u => u.Serial).ToListAsync();
        Assert.Equal(["S1", "S2", "S3"], units.Select(u => u.Serial));
        Assert.All(units, u => Assert.Equal(UnitStatus.Available, u.Status));
        Assert.All(units, u => Assert.Equal(result.EventId, u.LastEventId));
        var ev = await check.Events.SingleAsync();
        Assert.Equal(EventType.Commissioned, ev.Type);
        Assert.Equal("commissioning", ev.BizStep);
        Assert.Equal("op1", ev.Actor);
        Assert.Equal(3, await check.EventUnits.CountAsync(x => x.EventId == ev.Id));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_that_exists_is_refused_and_nothing_is_written(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var commissioning = new Commissioning(db, new TestClock());
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["S1"], "WH1"), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => commissioning.CommissionAsync(new CommissionRequest("A100", ["S2", "S1", "S3"], "WH1"), Operator, default));

        Assert.Equal("unit.duplicate_serial", e.Code);
        Assert.Contains("S1", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Units.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_unknown_product_is_refused_naming_the_field(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Commissioning(db, new TestClock()).CommissionAsync(new CommissionRequest("NOPE", ["S1"], "WH1"), Operator, default));

        Assert.Equal("product.not_found", e.Code);
        Assert.Equal("product", e.Field);
    }

    [Fact]
    public async Task A_serial_with_a_space_is_refused_naming_its_position()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Commissioning(db, new TestClock()).CommissionAsync(new CommissionRequest("A100", ["S1", "S 2"], "WH1"), Operator, default));

        Assert.Equal("serials[1]", e.Field);
        Assert.Equal(ErrorKind.BadInput, e.Kind);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retry_with_the_same_idempotency_key_writes_nothing_twice(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var request = new CommissionRequest("A100", ["S1", "S2"], "WH1", Context: new EventContext(IdempotencyKey: "batch-7"));
        var commissioning = new Commissioning(db, new TestClock());

        var first = await commissioning.CommissionAsync(request, Operator, default);
        var second = await commissioning.CommissionAsync(request, Operator, default);

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.EventId, second.EventId);
        Assert.Equal(2, second.Units);
        await using var check = t.NewContext();
        Assert.Equal(2, await check.Units.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_database_refuses_to_update_or_delete_an_event(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new Commissioning(db, new TestClock()).CommissionAsync(new CommissionRequest("A100", ["S1"], "WH1"), Operator, default);

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE events SET notes = 'edited'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM event_units"));
        var ev = await db.Events.FirstAsync();
        ev.Notes = "edited through EF";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());

        await using var check = t.NewContext();
        Assert.Null((await check.Events.SingleAsync()).Notes);
        Assert.Equal(1, await check.EventUnits.CountAsync());
    }
}

// Named helpers that build the little worlds tests need.
public static class World
{
    public static async Task ASerialProductAndAWarehouse(Data.SerialTrackDbContext db)
    {
        var clock = new TestClock();
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("A100", "Widget", Tracking: TrackingMode.Serial), default);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("FLOUR", "Flour", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("SITE", "Site", LocationKind.Site), default);
        await locations.CreateAsync(new LocationInput("WH1", "Warehouse 1", LocationKind.Warehouse, "SITE"), default);
        await locations.CreateAsync(new LocationInput("B1", "Bin 1", LocationKind.Bin, "WH1"), default);
        await locations.CreateAsync(new LocationInput("B2", "Bin 2", LocationKind.Bin, "WH1"), default);
    }
}

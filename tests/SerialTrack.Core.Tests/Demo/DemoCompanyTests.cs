using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Demo;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Tests.Support;
using Xunit;

namespace SerialTrack.Core.Tests.Demo;

public sealed class DemoCompanyTests : IDisposable
{
    // Each test gets its own folder: tests run in parallel.
    readonly string folder = Path.Combine(Path.GetTempPath(), $"serialtrack-demo-{Guid.NewGuid():N}");
    readonly TestClock clock = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    async Task<DatabaseTarget> AFreshDatabase()
    {
        var target = DatabaseTarget.Sqlite(Path.Combine(folder, "demo.db"));
        await Database.MigrateAsync(target);
        return target;
    }

    [Fact]
    public async Task The_small_demo_is_a_plausible_company_where_every_unit_has_a_history()
    {
        var target = await AFreshDatabase();
        await using var db = Database.CreateContext(target);
        var steps = new List<DemoProgress>();

        var summary = await DemoCompany.GenerateAsync(db, DemoScale.Small, clock, new SynchronousProgress(steps.Add), CancellationToken.None);

        Assert.True(await db.Products.CountAsync() > 5);
        Assert.True(await db.Units.CountAsync() > 100);
        Assert.True(await db.Lots.CountAsync() >= 10);
        Assert.True(await db.Locations.CountAsync() > 10);
        Assert.Equal(summary.Units, await db.Units.CountAsync());
        Assert.False(await db.Units.AnyAsync(u => !db.EventUnits.Any(eu => eu.UnitId == u.Id)));
        Assert.True(await db.Events.Select(e => e.Type).Distinct().CountAsync() >= 3);
        Assert.False(await db.Events.AnyAsync(e => e.EventTime > clock.GetUtcNow()));
        foreach (var gtin in await db.Products.Where(p => p.Gtin != null).Select(p => p.Gtin!).ToListAsync())
        {
            Assert.Equal(gtin, Gtin.Parse(gtin).Value);
        }
        Assert.Contains(await db.Products.Select(p => p.Tracking).Distinct().ToListAsync(), t => t == TrackingMode.Lot);
        Assert.Contains(steps, s => s.Step == "months" && s.Done == s.Total);
        // A year of the lifecycle, every kind of order and process: receipts against purchase orders,
        // builds with genealogy, tests, shipments to customers, returns, holds, adjustments.
        foreach (var type in new[] { EventType.Received, EventType.Produced, EventType.Tested, EventType.Packed, EventType.Shipped, EventType.Returned,
            EventType.ComponentsReplaced, EventType.Held, EventType.Released, EventType.Adjusted })
        {
            Assert.True(await db.Events.AnyAsync(e => e.Type == type), $"no {type} event");
        }
        Assert.True(await db.GenealogyEdges.CountAsync() > 100);
        Assert.True(await db.Units.CountAsync(u => u.Status == UnitStatus.AtCustomer && u.ShippedAt != null) > 40);
        Assert.True(await db.Orders.CountAsync(o => o.Kind == Core.Orders.OrderKind.Purchase && o.Status == Core.Orders.OrderStatus.Completed) >= 30);
        Assert.True(await db.Containers.AnyAsync(c => c.Sscc != null && c.Status == ContainerStatus.Shipped));
        // A partner's EPCIS shipment: ten modules first heard of (no review), and one own gateway nobody commissioned (reviewed).
        Assert.Equal(10, await db.Units.CountAsync(u => u.Serial.StartsWith("NC-") && u.Status == UnitStatus.InTransit));
        Assert.Equal("SN-A100-9999-000001", (await db.EpcisReviewItems.SingleAsync()).Epc!.Split('.')[^1]);
        // The projection and the log agree: every unit's last event row holds its current state.
        var drift = await db.Units.CountAsync(u => db.EventUnits.Where(x => x.UnitId == u.Id).OrderByDescending(x => x.EventId).Select(x => x.Status).First() != u.Status);
        Assert.Equal(0, drift);
    }

    [Fact]
    public async Task Generating_the_demo_into_a_database_that_has_products_is_refused()
    {
        var target = await AFreshDatabase();
        await using (var first = Database.CreateContext(target))
        {
            await DemoCompany.GenerateAsync(first, DemoScale.Small, clock, null, CancellationToken.None);
        }
        await using var db = Database.CreateContext(target);
        var units = await db.Units.CountAsync();

        var error = await Assert.ThrowsAsync<DomainException>(() => DemoCompany.GenerateAsync(db, DemoScale.Small, clock, null, CancellationToken.None));

        Assert.Equal("demo.not_empty", error.Code);
        Assert.Equal(units, await db.Units.CountAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Progress<T> posts to the thread pool; the test wants the reports before it asserts.
    sealed class SynchronousProgress(Action<DemoProgress> report) : IProgress<DemoProgress>
    {
        public void Report(DemoProgress value) => report(value);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.History;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.History;

public sealed class ArchivingTests
{
    static readonly Actor Op = new(null, "op1");

    // S1 scrapped, S2 still in stock.
    static async Task<TestDb> AScrappedAndAnInStockUnit(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var clock = new TestClock();
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["S1", "S2"], "B1"), Op, default);
        await new Adjustments(db, clock).ScrapAsync(new ScrapRequest("dropped", [new("A100", "S1")]), Op, default);
        return t;
    }

    static async Task<long> IdOf(TestDb t, string serial)
    {
        await using var db = t.NewContext();
        return await db.Units.Where(u => u.Serial == serial).Select(u => u.Id).SingleAsync();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Archiving_a_scrapped_unit_hides_it_from_stock_but_history_search_still_finds_it(DbKind kind)
    {
        await using var t = await AScrappedAndAnInStockUnit(kind);
        var s1 = await IdOf(t, "S1");
        await using (var db = t.NewContext())
        {
            await new Archiving(db, new TestClock()).ArchiveAsync(s1, default);
        }

        await using var check = t.NewContext();
        var unit = await check.Units.SingleAsync(u => u.Id == s1);
        Assert.True(unit.Archived);
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.UnitId == s1));
        var found = await new HistorySearch(check, new Scanner(check)).SearchAsync(new(Serial: "S1"), default);
        Assert.Equal([Events.EventType.Scrapped, Events.EventType.Commissioned], found.Rows.Select(r => r.Type));
        await using (var db = t.NewContext())
        {
            await new Archiving(db, new TestClock()).UnarchiveAsync(s1, default);
        }
        await using var after = t.NewContext();
        Assert.False((await after.Units.SingleAsync(u => u.Id == s1)).Archived);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Archiving_a_unit_in_stock_is_refused_and_changes_nothing(DbKind kind)
    {
        await using var t = await AScrappedAndAnInStockUnit(kind);
        var s2 = await IdOf(t, "S2");
        await using var db = t.NewContext();

        var e = await Assert.ThrowsAsync<DomainException>(() => new Archiving(db, new TestClock()).ArchiveAsync(s2, default));

        Assert.Equal(("unit.in_stock", "unit"), (e.Code, e.Field));
        Assert.Contains("available", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.False((await check.Units.SingleAsync(u => u.Id == s2)).Archived);
        Assert.Equal("unit.not_found", (await Assert.ThrowsAsync<DomainException>(() => new Archiving(db, new TestClock()).ArchiveAsync(999_999, default))).Code);
    }
}

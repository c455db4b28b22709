using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Processes.ReturnsWorld;

namespace SerialTrack.Core.Tests.Processes;

public sealed class HoldsAndAdjustmentsTests
{
    readonly TestClock clock = new();

    static DateOnly Today => new(2026, 3, 2);

    [Theory, OnSqlite, OnPostgres]
    public async Task Releasing_a_held_unit_returns_it_to_the_status_it_had_before_the_hold(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();
        await new Adjustments(db, clock).AdjustAsync(new AdjustRequest("damaged", Units: [new("A100", "S1")]), Op, default);
        var holds = new Holds(db, clock);

        var held = await holds.HoldAsync(new HoldRequest("suspected contamination", [new("A100", "S1")]), Op, default);
        var onHold = await UnitAsync(t, "S1");
        var released = await holds.ReleaseAsync(new ReleaseRequest("cleared by QA", Units: [new("A100", "S1")]), Op, default);

        Assert.Equal(UnitStatus.OnHold, onHold.Status);
        Assert.Equal(UnitStatus.Quarantine, (await UnitAsync(t, "S1")).Status);
        await using var check = t.NewContext();
        var hold = await check.Holds.SingleAsync();
        Assert.Equal((held.EventId, (long?)released.EventId, "cleared by QA"), (hold.PlacedEventId, hold.ReleasedEventId, hold.ReleaseReason));
        Assert.Equal(("suspected contamination", "holding"), ((await check.Events.SingleAsync(e => e.Id == held.EventId)).Reason, (await check.Events.SingleAsync(e => e.Id == held.EventId)).BizStep));
        Assert.Equal(EventType.Released, (await check.Events.SingleAsync(e => e.Id == released.EventId)).Type);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Holding_a_shipped_unit_or_holding_twice_is_refused_and_one_bad_unit_refuses_the_list(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1", "S2", "S3");
        await using var db = t.NewContext();
        await AtCustomerAsync(db, clock, "ACME", "S2");
        var holds = new Holds(db, clock);

        var shipped = await Assert.ThrowsAsync<DomainException>(() => holds.HoldAsync(new HoldRequest("check", [new("A100", "S1"), new("A100", "S2"), new("A100", "S3")]), Op, default));
        await holds.HoldAsync(new HoldRequest("check", [new("A100", "S1")]), Op, default);
        var twice = await Assert.ThrowsAsync<DomainException>(() => holds.HoldAsync(new HoldRequest("again", [new("A100", "S1")]), Op, default));

        Assert.Equal(("hold.not_holdable", "units[1]"), (shipped.Code, shipped.Field));
        Assert.Equal("hold.already_open", twice.Code);
        Assert.Equal(UnitStatus.Available, (await UnitAsync(t, "S3")).Status);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Holds.CountAsync());
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Held));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_held_location_blocks_the_units_inside_it_until_it_is_released(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();
        var holds = new Holds(db, clock);

        await holds.HoldAsync(new HoldRequest("flooded", Locations: ["WH1"]), Op, default);
        var units = await UnitBatch.LoadAsync(db, new Data.SqlSession(db), [new("A100", "S1")], "units", default);
        var e = await Assert.ThrowsAsync<DomainException>(() => Availability.RequireUnitsAsync(db, units, "units", "shipped", Today, default));
        var twice = await Assert.ThrowsAsync<DomainException>(() => holds.HoldAsync(new HoldRequest("again", Locations: ["WH1"]), Op, default));
        await holds.ReleaseAsync(new ReleaseRequest("dry again", Locations: ["WH1"]), Op, default);
        await Availability.RequireUnitsAsync(db, units, "units", "shipped", Today, default);

        Assert.Equal(("location.on_hold", "units[0]"), (e.Code, e.Field));
        Assert.Contains("flooded", e.Message, StringComparison.Ordinal);
        Assert.Equal("hold.already_open", twice.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_hold_keeps_its_balances_and_blocks_it_until_released_by_hold_id(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 50, "B1"), Op, default);
        var holds = new Holds(db, clock);

        await holds.HoldAsync(new HoldRequest("lab sample pending", Lots: [new("FLOUR", "L1")]), Op, default);
        await using (var mid = t.NewContext())
        {
            var lot = await mid.Lots.SingleAsync();
            var b1 = await LocationIdAsync(t, "B1");
            Assert.True(lot.OnHold);
            Assert.Equal(50, (await mid.LotBalances.SingleAsync()).Quantity);
            var e = await Assert.ThrowsAsync<DomainException>(() => Availability.RequireLotAsync(mid, lot, "FLOUR", b1, "lots[0]", "shipped", Today, default));
            Assert.Equal("lot.on_hold", e.Code);
        }
        var open = Assert.Single(await holds.ListOpenAsync(10, default));
        await holds.ReleaseAsync(new ReleaseRequest("lab ok", Holds: [open.Id]), Op, default);

        await using var check = t.NewContext();
        Assert.False((await check.Lots.SingleAsync()).OnHold);
        Assert.Equal("FLOUR lot L1", open.What);
        Assert.Empty(await new Holds(check, clock).ListOpenAsync(10, default));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_releases_of_one_hold_release_it_once(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using (var db = t.NewContext())
        {
            await new Holds(db, clock).HoldAsync(new HoldRequest("check", Locations: ["B1"]), Op, default);
        }

        async Task<string> Attempt()
        {
            await using var db = t.NewContext();
            try
            {
                await new Holds(db, clock).ReleaseAsync(new ReleaseRequest("ok", Holds: [1]), Op, default);
                return "released";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }

        var outcomes = await Task.WhenAll(Task.Run(Attempt), Task.Run(Attempt));

        Assert.Single(outcomes, o => o == "released");
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Released));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lost_unit_leaves_its_location_and_is_available_again_where_it_is_found(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();
        var adjustments = new Adjustments(db, clock);

        var lost = await adjustments.AdjustAsync(new AdjustRequest("lost", "not at B1 in the count", [new("A100", "S1")]), Op, default);
        var lostUnit = await UnitAsync(t, "S1");
        await adjustments.AdjustAsync(new AdjustRequest("found", Units: [new("A100", "S1")], Location: "B2"), Op, default);

        Assert.Equal((UnitStatus.Lost, (long?)null), (lostUnit.Status, lostUnit.LocationId));
        var found = await UnitAsync(t, "S1");
        Assert.Equal((UnitStatus.Available, await LocationIdAsync(t, "B2")), (found.Status, found.LocationId));
        await using var check = t.NewContext();
        var ev = await check.Events.SingleAsync(e => e.Id == lost.EventId);
        Assert.Equal((EventType.Adjusted, "lost", "not at B1 in the count"), (ev.Type, ev.ReasonCode, ev.Reason));
        Assert.Equal(await LocationIdAsync(t, "B1"), (await check.EventUnits.SingleAsync(x => x.EventId == lost.EventId)).FromLocationId);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Lot_count_corrections_add_and_remove_quantity_and_damaged_quantity_moves_to_a_damaged_balance(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100, "B1"), Op, default);
        var adjustments = new Adjustments(db, clock);

        await adjustments.AdjustAsync(new AdjustRequest("count_correction", Lots: [new("FLOUR", "L1", "B1", -3)]), Op, default);
        await adjustments.AdjustAsync(new AdjustRequest("count_correction", Lots: [new("FLOUR", "L1", "B2", 2.5m)]), Op, default);
        await adjustments.AdjustAsync(new AdjustRequest("damaged", Lots: [new("FLOUR", "L1", "B1", 7)]), Op, default);
        var tooMuch = await Assert.ThrowsAsync<DomainException>(() => adjustments.AdjustAsync(new AdjustRequest("count_correction", Lots: [new("FLOUR", "L1", "B2", -10)]), Op, default));

        Assert.Equal(("lot.insufficient", "lots[0].quantity"), (tooMuch.Code, tooMuch.Field));
        await using var check = t.NewContext();
        var (b1, b2) = (await LocationIdAsync(t, "B1"), await LocationIdAsync(t, "B2"));
        var balances = await check.LotBalances.ToDictionaryAsync(b => (b.LocationId, b.Status), b => b.Quantity);
        Assert.Equal(90, balances[(b1, BalanceStatus.Available)]);
        Assert.Equal(7, balances[(b1, BalanceStatus.Damaged)]);
        Assert.Equal(2.5m, balances[(b2, BalanceStatus.Available)]);
        Assert.Equal(["count_correction", "count_correction", "damaged"], await check.Events.Where(e => e.Type == EventType.Adjusted).OrderBy(e => e.Id).Select(e => e.ReasonCode!).ToListAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_unknown_reason_code_is_refused_naming_the_field(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();

        var e = await Assert.ThrowsAsync<DomainException>(() => new Adjustments(db, clock).AdjustAsync(new AdjustRequest("stolen", Units: [new("A100", "S1")]), Op, default));

        Assert.Equal(("adjust.reason_code", "reasonCode", ErrorKind.BadInput), (e.Code, e.Field, e.Kind));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Scrapping_units_and_a_lot_quantity_writes_one_destroying_event_and_ends_an_open_hold(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1", "S2");
        await using var db = t.NewContext();
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 20, "B1"), Op, default);
        await new Holds(db, clock).HoldAsync(new HoldRequest("broken", [new("A100", "S1")]), Op, default);

        var result = await new Adjustments(db, clock).ScrapAsync(new ScrapRequest("dropped", [new("A100", "S1"), new("A100", "S2")], [new("FLOUR", "L1", 5, "B1")]), Op, default);
        var again = await Assert.ThrowsAsync<DomainException>(() => new Adjustments(db, clock).ScrapAsync(new ScrapRequest(null, [new("A100", "S2")]), Op, default));

        await using var check = t.NewContext();
        Assert.All(await check.Units.ToListAsync(), u => Assert.Equal((UnitStatus.Scrapped, (long?)null), (u.Status, u.LocationId)));
        Assert.Equal(15, (await check.LotBalances.SingleAsync()).Quantity);
        var ev = await check.Events.SingleAsync(e => e.Id == result.EventId);
        Assert.Equal((EventType.Scrapped, EventAction.Delete, "destroying", "destroyed"), (ev.Type, ev.Action, ev.BizStep, ev.Disposition));
        Assert.Equal(result.EventId, (await check.Holds.SingleAsync()).ReleasedEventId);
        Assert.Equal(("scrap.not_in_hand", "units[0]"), (again.Code, again.Field));
    }
}

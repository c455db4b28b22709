using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Processes.ReturnsWorld;

namespace SerialTrack.Core.Tests.Processes;

public sealed class ReturnsTests
{
    readonly TestClock clock = new();

    async Task<TestDb> AShippedUnitOnAnRma(DbKind kind, params string[] serials)
    {
        var t = await CreateAsync(kind, clock, serials);
        await using var db = t.NewContext();
        await AtCustomerAsync(db, clock, "ACME", serials);
        await AnRmaAsync(db, clock, "ACME", serials);
        return t;
    }

    Returns Process(Data.SerialTrackDbContext db) => new(db, clock);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_shipped_unit_returned_against_its_rma_lands_in_quarantine_owned_by_nobody(DbKind kind)
    {
        await using var t = await AShippedUnitOnAnRma(kind, "S1");
        await using var db = t.NewContext();

        var result = await Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S1")]), Op, default);

        var unit = await UnitAsync(t, "S1");
        Assert.Equal((UnitStatus.Quarantine, await LocationIdAsync(t, "Q"), null, null), (unit.Status, unit.LocationId, unit.OwnerPartyId, unit.ContainerId));
        await using var check = t.NewContext();
        var ev = await check.Events.SingleAsync(e => e.Id == result.EventId);
        var acme = await check.Parties.SingleAsync(p => p.Code == "ACME");
        var order = await check.Orders.SingleAsync();
        Assert.Equal((EventType.Returned, "receiving", "returned", acme.Id, order.Id, "RMA-000001"), (ev.Type, ev.BizStep, ev.Disposition, ev.SourcePartyId, ev.OrderId, ev.BizTransaction));
        Assert.Equal(UnitStatus.Quarantine, (await check.EventUnits.SingleAsync(x => x.EventId == ev.Id)).Status);
        Assert.Equal(1, (await check.OrderLines.SingleAsync()).DoneQuantity);
        Assert.Equal(OrderStatus.Completed, order.Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Returning_a_unit_that_is_in_stock_is_refused_and_writes_nothing(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();
        await AnRmaAsync(db, clock, "ACME", "S1");
        var before = await EventCountAsync(t);

        var e = await Assert.ThrowsAsync<DomainException>(() => Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S1")]), Op, default));

        Assert.Equal(("return.unit_not_at_customer", "units[0]"), (e.Code, e.Field));
        Assert.Equal(UnitStatus.Available, (await UnitAsync(t, "S1")).Status);
        Assert.Equal(before, await EventCountAsync(t));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_at_another_customer_is_refused_naming_the_rule(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "S1");
        await using var db = t.NewContext();
        await AtCustomerAsync(db, clock, "OTHER", "S1");
        await AnRmaAsync(db, clock, "ACME", "S1");

        var e = await Assert.ThrowsAsync<DomainException>(() => Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S1")]), Op, default));

        Assert.Equal("return.wrong_customer", e.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task One_unit_not_on_the_rma_in_a_long_list_refuses_the_whole_return_and_names_it(DbKind kind)
    {
        var serials = Enumerable.Range(1, 300).Select(i => $"S{i}").ToArray();
        await using var t = await CreateAsync(kind, clock, [.. serials, "X1"]);
        await using var db = t.NewContext();
        await AtCustomerAsync(db, clock, "ACME", [.. serials, "X1"]);
        await AnRmaAsync(db, clock, "ACME", serials);
        var refs = serials.Select(s => new UnitRef("A100", s)).ToList();
        refs.Insert(250, new UnitRef("A100", "X1"));
        var before = await EventCountAsync(t);

        var e = await Assert.ThrowsAsync<DomainException>(() => Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", refs), Op, default));

        Assert.Equal(("return.unit_not_on_rma", "units[250]"), (e.Code, e.Field));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync(u => u.Status == UnitStatus.Quarantine));
        Assert.Equal(0, await check.OrderLines.SumAsync(l => l.DoneQuantity));
        Assert.Equal(before, await EventCountAsync(t));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retried_return_with_the_same_idempotency_key_writes_nothing_twice(DbKind kind)
    {
        await using var t = await AShippedUnitOnAnRma(kind, "S1");
        await using var db = t.NewContext();
        var request = new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S1")], Context: new EventContext(IdempotencyKey: "rma-1-s1"));

        var first = await Process(db).ReceiveReturnAsync(request, Op, default);
        var second = await Process(db).ReceiveReturnAsync(request, Op, default);

        Assert.True(second.Replayed);
        Assert.Equal(first.EventId, second.EventId);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Returned));
        Assert.Equal(1, (await check.OrderLines.SingleAsync()).DoneQuantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_receipts_of_the_same_return_write_it_once(DbKind kind)
    {
        await using var t = await AShippedUnitOnAnRma(kind, "S1");

        async Task<string> Attempt()
        {
            await using var db = t.NewContext();
            try
            {
                await new Returns(db, clock).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S1")]), Op, default);
                return "received";
            }
            catch (DomainException e)
            {
                return e.Code;
            }
        }

        var outcomes = await Task.WhenAll(Task.Run(Attempt), Task.Run(Attempt));

        Assert.Single(outcomes, o => o == "received");
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Returned));
        Assert.Equal(1, (await check.OrderLines.SingleAsync()).DoneQuantity);
    }

    async Task<TestDb> AReturnedUnit(DbKind kind, string serial = "S1")
    {
        var t = await AShippedUnitOnAnRma(kind, serial);
        await using var db = t.NewContext();
        await Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", serial)]), Op, default);
        clock.Advance(TimeSpan.FromHours(1));
        return t;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Restocking_a_return_makes_it_available_at_the_given_location_and_records_the_decision(DbKind kind)
    {
        await using var t = await AReturnedUnit(kind);
        await using var db = t.NewContext();

        var result = await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Restock, [new("A100", "S1")], Location: "B2"), Op, default);

        var unit = await UnitAsync(t, "S1");
        Assert.Equal((UnitStatus.Available, await LocationIdAsync(t, "B2")), (unit.Status, unit.LocationId));
        await using var check = t.NewContext();
        var ev = await check.Events.SingleAsync(e => e.Id == result.EventId);
        Assert.Equal((EventType.ReturnDecided, "inspecting", "restock"), (ev.Type, ev.BizStep, ev.ReasonCode));
        Assert.Equal(ReturnDisposition.Restock, (await check.OrderLines.SingleAsync()).Disposition);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Returning_to_the_supplier_records_the_decision_and_the_departure_to_the_supplier(DbKind kind)
    {
        await using var t = await AReturnedUnit(kind);
        await using var db = t.NewContext();

        var result = await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.ReturnToSupplier, [new("A100", "S1")], Supplier: "SUP"), Op, default);

        await using var check = t.NewContext();
        var sup = await check.Parties.SingleAsync(p => p.Code == "SUP");
        var unit = await UnitAsync(t, "S1");
        Assert.Equal((UnitStatus.ReturnedToSupplier, null, sup.Id), (unit.Status, unit.LocationId, unit.OwnerPartyId));
        var leaving = await check.Events.SingleAsync(e => e.Type == EventType.ReturnedToSupplier);
        Assert.Equal(sup.Id, leaving.DestinationPartyId);
        Assert.True(leaving.Id > result.EventId);
        Assert.Equal(ReturnDisposition.ReturnToSupplier, (await check.OrderLines.SingleAsync()).Disposition);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Scrapping_a_return_takes_it_out_of_stock_and_a_second_decision_is_refused(DbKind kind)
    {
        await using var t = await AReturnedUnit(kind);
        await using var db = t.NewContext();

        await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Scrap, [new("A100", "S1")]), Op, default);
        var e = await Assert.ThrowsAsync<DomainException>(() => Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Restock, [new("A100", "S1")], Location: "B1"), Op, default));

        Assert.Equal((UnitStatus.Scrapped, (long?)null), ((await UnitAsync(t, "S1")).Status, (await UnitAsync(t, "S1")).LocationId));
        Assert.Equal("return.already_decided", e.Code);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_sent_to_repair_stays_in_quarantine_as_work_in_progress_and_is_restocked_as_it_came_back(DbKind kind)
    {
        await using var t = await AReturnedUnit(kind);
        await using var db = t.NewContext();

        await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Repair, [new("A100", "S1")], Location: "RB"), Op, default);
        var repairing = await UnitAsync(t, "S1");
        await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Restock, [new("A100", "S1")], Location: "B1"), Op, default);

        Assert.Equal((UnitStatus.Quarantine, Stage.WorkInProgress, await LocationIdAsync(t, "RB")), (repairing.Status, repairing.Stage, repairing.LocationId));
        var restocked = await UnitAsync(t, "S1");
        Assert.Equal((UnitStatus.Available, Stage.FinishedGood), (restocked.Status, restocked.Stage));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_repair_that_swaps_a_component_marks_the_old_edge_removed_and_keeps_both_in_history(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "ASM", "C1", "C2", "C9");
        await using var db = t.NewContext();
        await BuiltOfAsync(db, clock, "ASM", "C1", "C2");

        var result = await Process(db).ReplaceComponentsAsync(new ReplaceComponentsRequest(new("A100", "ASM"), [new("A100", "C1")], [new("A100", "C9")], Location: "Q"), Op, default);

        await using var check = t.NewContext();
        var ids = await check.Units.ToDictionaryAsync(u => u.Serial, u => u.Id);
        var edges = await check.GenealogyEdges.Where(e => e.OutputUnitId == ids["ASM"]).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([(ids["C1"], (long?)result.EventId), (ids["C2"], null), (ids["C9"], null)], edges.Select(e => (e.InputUnitId!.Value, e.RemovedEventId)));
        Assert.Equal((UnitStatus.Quarantine, await LocationIdAsync(t, "Q")), ((await UnitAsync(t, "C1")).Status, (await UnitAsync(t, "C1")).LocationId));
        Assert.Equal(UnitStatus.Consumed, (await UnitAsync(t, "C9")).Status);
        Assert.Equal(EventType.ComponentsReplaced, (await check.Events.SingleAsync(e => e.Id == result.EventId)).Type);
        var history = await check.EventUnits.Where(x => x.UnitId == ids["C1"]).OrderBy(x => x.EventId).Select(x => x.Status).ToListAsync();
        Assert.Equal([UnitStatus.Available, UnitStatus.Consumed, UnitStatus.Quarantine], history);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Replacing_a_unit_that_is_not_a_component_is_refused(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock, "ASM", "C1", "C9");
        await using var db = t.NewContext();

        var e = await Assert.ThrowsAsync<DomainException>(() => Process(db).ReplaceComponentsAsync(new ReplaceComponentsRequest(new("A100", "ASM"), [new("A100", "C1")], [new("A100", "C9")], Location: "Q"), Op, default));

        Assert.Equal(("repair.not_a_component", "remove[0]"), (e.Code, e.Field));
        Assert.Equal(UnitStatus.Available, (await UnitAsync(t, "C9")).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_returned_lot_quantity_lands_in_a_quarantine_balance_and_restocking_moves_it_to_available(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100, "B1"), Op, default);
        await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Return, "ACME", [new OrderLineInput("FLOUR", 10, Lot: "L1", Reason: "torn bags")]), Op, default);

        await Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", Lots: [new("FLOUR", "L1", 10)]), Op, default);
        var over = await Assert.ThrowsAsync<DomainException>(() => Process(db).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", Lots: [new("FLOUR", "L1", 1)]), Op, default));
        await using (var mid = t.NewContext())
        {
            Assert.Equal(10, (await mid.LotBalances.SingleAsync(b => b.Status == BalanceStatus.Quarantine)).Quantity);
        }
        await Process(db).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Restock, Lots: [new("FLOUR", "L1")], Location: "B2"), Op, default);

        Assert.Equal("return.over_quantity", over.Code);
        await using var check = t.NewContext();
        var b2 = await LocationIdAsync(t, "B2");
        Assert.Equal(0, (await check.LotBalances.SingleAsync(b => b.Status == BalanceStatus.Quarantine)).Quantity);
        Assert.Equal(10, (await check.LotBalances.SingleAsync(b => b.LocationId == b2)).Quantity);
    }
}

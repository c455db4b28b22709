using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

public sealed class ProductionTests
{
    static readonly Actor Operator = new(null, "op1");

    [Theory, OnSqlite, OnPostgres]
    public async Task Building_an_assembly_consumes_its_components_and_records_the_genealogy(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await Factory.Create(db, cpus: 1, rams: 2);
            await Factory.AnOrder(db, "MO-1", 2);
        }
        await using var work = t.NewContext();

        var result = await new Production(work, new TestClock()).ProduceAsync(new ProduceRequest(
            Order: "MO-1",
            Builds: [new Build("PC-1", [new("CPU", "C0"), new("RAM", "R0"), new("RAM", "R1")], [new("PASTE", "P1", 5, "WH1")])]), Operator, default);

        Assert.Equal(["PC-1"], result.Outputs);
        Assert.Empty(result.Warnings);
        await using var check = t.NewContext();
        var pc = await check.Units.SingleAsync(u => u.Serial == "PC-1");
        var line = await check.Locations.SingleAsync(l => l.Code == "LINE1");
        Assert.Equal((UnitStatus.Available, Stage.FinishedGood, line.Id), (pc.Status, pc.Stage, pc.LocationId));
        var parts = await check.Units.Where(u => u.Serial != "PC-1").ToListAsync();
        Assert.All(parts, u => Assert.Equal((UnitStatus.Consumed, (long?)null, result.Event.EventId), (u.Status, u.LocationId, u.LastEventId)));
        var ev = await check.Events.SingleAsync(e => e.Id == result.Event.EventId);
        Assert.Equal((EventType.Produced, "assembling", "MO-1", line.Id), (ev.Type, ev.BizStep, ev.BizTransaction, ev.BizLocationId));
        Assert.Equal(3, await check.EventUnits.CountAsync(x => x.EventId == ev.Id && x.Role == ObjectRole.Input && x.Status == UnitStatus.Consumed));
        Assert.Equal(1, await check.EventUnits.CountAsync(x => x.EventId == ev.Id && x.Role == ObjectRole.Output && x.UnitId == pc.Id));
        var edges = await check.GenealogyEdges.Where(g => g.EventId == ev.Id).ToListAsync();
        Assert.Equal(4, edges.Count);
        Assert.All(edges, g => Assert.Equal((pc.Id, ev.OrderId), (g.OutputUnitId!.Value, g.OrderId)));
        Assert.Equal(5m, edges.Single(g => g.InputLotId is not null).Quantity);
        Assert.Equal(95m, (await check.LotBalances.SingleAsync()).Quantity);
        var lotRow = await check.EventLots.SingleAsync(x => x.EventId == ev.Id);
        Assert.Equal((ObjectRole.Input, (long?)null), (lotRow.Role, lotRow.LocationId));
        var order = await check.Orders.SingleAsync();
        Assert.Equal((1m, OrderStatus.InProgress), (order.DoneQuantity, order.Status));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Consuming_a_unit_already_consumed_is_refused_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await Factory.Create(db, cpus: 2, rams: 4, withBom: false);
            await new Production(db, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "PC", Builds: [new Build("PC-1", [new("CPU", "C0")])]), Operator, default);
        }
        await using var work = t.NewContext();

        var e = await Assert.ThrowsAsync<DomainException>(() => new Production(work, new TestClock()).ProduceAsync(
            new ProduceRequest("LINE1", Product: "PC", Builds: [new Build("PC-2", [new("CPU", "C1"), new("CPU", "C0")])]), Operator, default));

        Assert.Equal(("unit.consumed", "builds[0].components[1]"), (e.Code, e.Field));
        Assert.Contains("CPU C0", e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(x => x.Type == EventType.Produced));
        Assert.False(await check.Units.AnyAsync(u => u.Serial == "PC-2"));
        Assert.Equal(UnitStatus.Available, (await check.Units.SingleAsync(u => u.Serial == "C1")).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task One_bad_component_among_many_builds_refuses_them_all(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await Factory.Create(db, cpus: 200, rams: 0, withBom: false);
        }
        await using var work = t.NewContext();
        var builds = Enumerable.Range(0, 200).Select(i => new Build($"PC-{i}", [new("CPU", i == 137 ? "NOPE" : $"C{i}")])).ToList();

        var e = await Assert.ThrowsAsync<DomainException>(() => new Production(work, new TestClock()).ProduceAsync(
            new ProduceRequest("LINE1", Product: "PC", Builds: builds), Operator, default));

        Assert.Equal(("unit.not_found", "builds[137].components[0]"), (e.Code, e.Field));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Events.CountAsync(x => x.Type == EventType.Produced));
        Assert.Equal(0, await check.Units.CountAsync(u => u.Status != UnitStatus.Available || u.Version != 0));
        Assert.Equal(0, await check.GenealogyEdges.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Many_builds_in_one_call_each_get_their_own_components(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await Factory.Create(db, cpus: 300, rams: 600, paste: 1500);
        }
        await using var work = t.NewContext();
        var builds = Enumerable.Range(0, 300).Select(i => new Build($"PC-{i}", [new("CPU", $"C{i}"), new("RAM", $"R{2 * i}"), new("RAM", $"R{2 * i + 1}")],
            [new("PASTE", "P1", 5, "WH1")])).ToList();

        var result = await new Production(work, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "PC", Builds: builds), Operator, default);

        Assert.Equal(300, result.Outputs.Count);
        await using var check = t.NewContext();
        Assert.Equal(900, await check.Units.CountAsync(u => u.Status == UnitStatus.Consumed));
        Assert.Equal(1200, await check.GenealogyEdges.CountAsync());
        var pc7 = await check.Units.SingleAsync(u => u.Serial == "PC-7");
        var r15 = await check.Units.SingleAsync(u => u.Serial == "R15");
        Assert.True(await check.GenealogyEdges.AnyAsync(g => g.OutputUnitId == pc7.Id && g.InputUnitId == r15.Id));
        // The lot leaves in one transfer: 300 x 5 g.
        Assert.Equal(1500m, (await check.EventLots.SingleAsync(x => x.EventId == result.Event.EventId)).Quantity);
        Assert.Equal(0m, (await check.LotBalances.SingleAsync()).Quantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_component_not_in_the_bill_of_materials_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 2, rams: 2);
        await new Commissioning(db, new TestClock()).CommissionAsync(new CommissionRequest("A100", ["W1"], "WH1"), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Production(db, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "PC",
            Builds: [new Build("PC-1", [new("CPU", "C0"), new("A100", "W1"), new("RAM", "R0"), new("RAM", "R1")], [new("PASTE", "P1", 5, "WH1")])]), Operator, default));

        Assert.Equal(("bom.not_a_component", "builds[0].components[1]"), (e.Code, e.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_quantity_other_than_the_bill_of_materials_is_refused_unless_allowed_and_then_warned(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 1, rams: 2);
        var request = new ProduceRequest("LINE1", Product: "PC", Builds: [new Build("PC-1", [new("CPU", "C0"), new("RAM", "R0")], [new("PASTE", "P1", 5, "WH1")])]);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Production(db, new TestClock()).ProduceAsync(request, Operator, default));
        var result = await new Production(db, new TestClock()).ProduceAsync(request with { AllowBomDeviation = true }, Operator, default);

        Assert.Equal(("bom.quantity_mismatch", "builds[0]"), (e.Code, e.Field));
        Assert.Contains("consumes 1 of 'RAM' where the bill of materials says 2", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retry_with_the_same_idempotency_key_builds_once(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 1, rams: 0, withBom: false);
        var request = new ProduceRequest("LINE1", Product: "PC", Builds: [new Build("PC-1", [new("CPU", "C0")])], Context: new EventContext(IdempotencyKey: "build-1"));

        var first = await new Production(db, new TestClock()).ProduceAsync(request, Operator, default);
        var second = await new Production(db, new TestClock()).ProduceAsync(request, Operator, default);

        Assert.True(second.Event.Replayed);
        Assert.Equal(first.Event.EventId, second.Event.EventId);
        Assert.Equal(["PC-1"], second.Outputs);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Produced));
        Assert.Equal(1, await check.GenealogyEdges.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Two_concurrent_builds_with_the_same_component_end_in_one_success(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using (var db = t.NewContext())
        {
            await Factory.Create(db, cpus: 1, rams: 0, withBom: false);
        }

        async Task<string> Attempt(string serial)
        {
            await using var db = t.NewContext();
            try
            {
                await new Production(db, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "PC", Builds: [new Build(serial, [new("CPU", "C0")])]), Operator, default);
                return "built";
            }
            catch (DomainException e) when (e.Kind is ErrorKind.Conflict or ErrorKind.RuleBroken)
            {
                return e.Code;
            }
        }

        var outcomes = await Task.WhenAll(Task.Run(() => Attempt("PC-A")), Task.Run(() => Attempt("PC-B")));

        Assert.Single(outcomes, o => o == "built");
        Assert.Single(outcomes, o => o is "unit.changed" or "unit.consumed");
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Produced));
        Assert.Equal(1, await check.GenealogyEdges.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Generated_output_serials_come_from_the_product_scheme(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 2, rams: 0, withBom: false);
        var numbers = new Core.Serials.SerialNumbers(db, new TestClock());
        await numbers.CreateSchemeAsync(new Core.Serials.SchemeInput("pc", "PC{SEQ:4}"), default);
        var pc = await db.Products.SingleAsync(p => p.Sku == "PC");
        await new ProductCatalog(db, new TestClock()).SetSerialsAsync(pc.Id, "pc", SerialUniqueness.WithinProduct, default);

        var result = await new Production(db, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "PC",
            Builds: [new Build(null, [new("CPU", "C0")]), new Build(null, [new("CPU", "C1")])], Stage: Stage.WorkInProgress), Operator, default);

        Assert.Equal(["PC0001", "PC0002"], result.Outputs);
        Assert.Equal(2, await db.Units.CountAsync(u => u.ProductId == pc.Id && u.Stage == Stage.WorkInProgress));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_output_consumes_lots_into_a_new_lot_at_the_station(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 0, rams: 0, withBom: false);
        await new ProductCatalog(db, new TestClock()).CreateAsync(new ProductInput("GREASE", "Grease", Tracking: TrackingMode.Lot, Uom: "g"), default);

        var result = await new Production(db, new TestClock()).ProduceAsync(new ProduceRequest("LINE1", Product: "GREASE", OutputLot: "G1", OutputQuantity: 40,
            Lots: [new("PASTE", "P1", 50, "WH1")]), Operator, default);

        Assert.Equal(["G1"], result.Outputs);
        await using var check = t.NewContext();
        var g1 = await check.Lots.SingleAsync(l => l.Code == "G1");
        var line = await check.Locations.SingleAsync(l => l.Code == "LINE1");
        Assert.Equal(40m, (await check.LotBalances.SingleAsync(b => b.LotId == g1.Id && b.LocationId == line.Id)).Quantity);
        var edge = await check.GenealogyEdges.SingleAsync();
        Assert.Equal((g1.Id, 50m), (edge.OutputLotId!.Value, edge.Quantity));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_failed_required_test_blocks_consumption_until_it_passes_again(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 1, rams: 0, withBom: false);
        var inspections = new Inspections(db, new TestClock());
        var build = new ProduceRequest("LINE1", Product: "PC", Builds: [new Build("PC-1", [new("CPU", "C0")])]);

        var failed = await inspections.RecordTestAsync(new TestRequest("burn-in", Passed: false, Units: [new("CPU", "C0")],
            Measurements: new Dictionary<string, System.Text.Json.JsonElement> { ["temp"] = System.Text.Json.JsonDocument.Parse("91.5").RootElement }), Operator, default);
        var refused = await Assert.ThrowsAsync<DomainException>(() => new Production(db, new TestClock()).ProduceAsync(build, Operator, default));
        await inspections.RecordTestAsync(new TestRequest("burn-in", Passed: true, Units: [new("CPU", "C0")]), Operator, default);
        var built = await new Production(db, new TestClock()).ProduceAsync(build, Operator, default);

        Assert.Equal(("unit.test_failed", "builds[0].components[0]"), (refused.Code, refused.Field));
        Assert.Equal(["PC-1"], built.Outputs);
        await using var check = t.NewContext();
        var results = await check.TestResults.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal([false, true], results.Select(r => r.Passed));
        Assert.Contains("91.5", results[0].Measurements, StringComparison.Ordinal);
        var ev = await check.Events.SingleAsync(e => e.Id == failed.EventId);
        Assert.Equal((EventType.Tested, "inspecting", "non_conformant"), (ev.Type, ev.BizStep, ev.Disposition));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_failed_required_test_blocks_shipping_and_an_optional_one_does_not(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 2, rams: 0, withBom: false);
        var inspections = new Inspections(db, new TestClock());

        await inspections.RecordTestAsync(new TestRequest("burn-in", Passed: false, Units: [new("CPU", "C0")]), Operator, default);
        await inspections.RecordTestAsync(new TestRequest("cosmetic", Passed: false, Required: false, Units: [new("CPU", "C1")]), Operator, default);
        var units = await UnitBatch.LoadAsync(db, new SqlSession(db), [new("CPU", "C1"), new("CPU", "C0")], "units", default);
        var e = await Assert.ThrowsAsync<DomainException>(() => Availability.RequireUnitsAsync(db, units, "units", "shipped", new DateOnly(2026, 3, 2), default));

        Assert.Equal(("unit.test_failed", "units[1]"), (e.Code, e.Field));
        Assert.Contains("cannot be shipped", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, await db.TestResults.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Passing_one_required_test_keeps_a_unit_failed_by_another(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 1, rams: 0, withBom: false);
        var inspections = new Inspections(db, new TestClock());
        UnitRef[] cpu = [new("CPU", "C0")];

        await inspections.RecordTestAsync(new TestRequest("burn-in", false, Units: cpu), Operator, default);
        await inspections.RecordTestAsync(new TestRequest("visual", false, Units: cpu), Operator, default);
        await inspections.RecordTestAsync(new TestRequest("burn-in", true, Units: cpu), Operator, default);
        await using (var check = t.NewContext())
        {
            Assert.True((await check.Units.SingleAsync()).TestFailed);
        }
        await inspections.RecordTestAsync(new TestRequest("visual", true, Units: cpu), Operator, default);

        await using var after = t.NewContext();
        Assert.False((await after.Units.SingleAsync()).TestFailed);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_failed_required_test_on_a_lot_blocks_using_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 0, rams: 0, withBom: false);
        await new ProductCatalog(db, new TestClock()).CreateAsync(new ProductInput("GREASE", "Grease", Tracking: TrackingMode.Lot, Uom: "g"), default);
        await new Inspections(db, new TestClock()).RecordTestAsync(new TestRequest("viscosity", false, Lot: new("PASTE", "P1")), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Production(db, new TestClock()).ProduceAsync(
            new ProduceRequest("LINE1", Product: "GREASE", OutputLot: "G1", OutputQuantity: 1, Lots: [new("PASTE", "P1", 1, "WH1")]), Operator, default));

        Assert.Equal(("lot.test_failed", "lots[0]"), (e.Code, e.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Steps_start_and_finish_on_units_at_a_station(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 3, rams: 0, withBom: false);
        var wip = new WorkInProgress(db, new TestClock());
        UnitRef[] cpus = [new("CPU", "C0"), new("CPU", "C1")];

        var started = await wip.StartStepAsync(new StepRequest("solder", "LINE1", cpus, Operator: "anna"), Operator, default);
        var again = await Assert.ThrowsAsync<DomainException>(() => wip.StartStepAsync(new StepRequest("solder", "LINE1", [new("CPU", "C1")]), Operator, default));
        var notStarted = await Assert.ThrowsAsync<DomainException>(() => wip.FinishStepAsync(new StepRequest("solder", "LINE1", [new("CPU", "C0"), new("CPU", "C2")]), Operator, default));
        var finished = await wip.FinishStepAsync(new StepRequest("solder", "LINE1", cpus), Operator, default);

        Assert.Equal(("step.already_started", "units[0]"), (again.Code, again.Field));
        Assert.Equal(("step.not_started", "units[1]"), (notStarted.Code, notStarted.Field));
        await using var check = t.NewContext();
        var steps = await check.ProductionSteps.ToListAsync();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, s => Assert.Equal(("solder", "anna", started.EventId, (long?)finished.EventId), (s.Operation, s.Operator, s.StartEventId, s.FinishEventId)));
        Assert.Equal(EventType.StepFinished, (await check.Events.SingleAsync(e => e.Id == finished.EventId)).Type);
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.EventId == started.EventId));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Stages_move_forward_and_going_back_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 2, rams: 0, withBom: false);
        var wip = new WorkInProgress(db, new TestClock());

        var changed = await wip.ChangeStageAsync(new StageChangeRequest(Stage.WorkInProgress, [new("CPU", "C0"), new("CPU", "C1")]), Operator, default);
        var back = await Assert.ThrowsAsync<DomainException>(() => wip.ChangeStageAsync(new StageChangeRequest(Stage.RawMaterial, [new("CPU", "C1")]), Operator, default));
        var same = await Assert.ThrowsAsync<DomainException>(() => wip.ChangeStageAsync(new StageChangeRequest(Stage.WorkInProgress, [new("CPU", "C0")]), Operator, default));
        await wip.ChangeStageAsync(new StageChangeRequest(Stage.FinishedGood, Lot: new("PASTE", "P1")), Operator, default);

        Assert.Equal(("stage.invalid_transition", "units[0]"), (back.Code, back.Field));
        Assert.Equal("stage.invalid_transition", same.Code);
        await using var check = t.NewContext();
        Assert.All(await check.Units.ToListAsync(), u => Assert.Equal(Stage.WorkInProgress, u.Stage));
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.EventId == changed.EventId && x.Stage == Stage.WorkInProgress));
        Assert.Equal(Stage.FinishedGood, (await check.Lots.SingleAsync()).Stage);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_bill_of_materials_is_replaced_whole_and_refuses_the_assembly_itself(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Factory.Create(db, cpus: 0, rams: 0);
        var boms = new BillOfMaterials(db);

        var bom = await boms.SetAsync("PC", [new("CPU", 1), new("RAM", 4)], default);
        var self = await Assert.ThrowsAsync<DomainException>(() => boms.SetAsync("PC", [new("PC", 1)], default));

        Assert.Equal([("CPU", 1m), ("RAM", 4m)], bom.Components.Select(c => (c.Component, c.Quantity)));
        Assert.Equal(("bom.self", "components[0].component"), (self.Code, self.Field));
        Assert.Equal(2, await db.BomLines.CountAsync());
    }
}

// A small electronics line: PC assembled from CPU, 2 x RAM and 5 g of thermal paste, on LINE1.
public static class Factory
{
    public static async Task Create(SerialTrackDbContext db, int cpus, int rams, bool withBom = true, decimal paste = 100)
    {
        var clock = new TestClock();
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial), default);
        await catalog.CreateAsync(new ProductInput("CPU", "Processor", Tracking: TrackingMode.Serial, HandlingInstructions: "ESD: wear a wrist strap"), default);
        await catalog.CreateAsync(new ProductInput("RAM", "Memory", Tracking: TrackingMode.Serial), default);
        await catalog.CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
        await new LocationCatalog(db, clock).CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone, "SITE"), default);
        var commissioning = new Commissioning(db, clock);
        if (cpus > 0)
        {
            await commissioning.CommissionAsync(new CommissionRequest("CPU", Enumerable.Range(0, cpus).Select(i => $"C{i}").ToList(), "WH1", Stage.RawMaterial), Actor.System, default);
        }
        if (rams > 0)
        {
            await commissioning.CommissionAsync(new CommissionRequest("RAM", Enumerable.Range(0, rams).Select(i => $"R{i}").ToList(), "WH1", Stage.RawMaterial), Actor.System, default);
        }
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", paste, "WH1"), Actor.System, default);
        if (withBom)
        {
            await new BillOfMaterials(db).SetAsync("PC", [new("CPU", 1), new("RAM", 2), new("PASTE", 5)], default);
        }
    }

    public static Task AnOrder(SerialTrackDbContext db, string number, decimal quantity) =>
        new OrderBook(db, new TestClock()).CreateAsync(new OrderInput(OrderKind.Production, Number: number, Product: "PC", Quantity: quantity, Location: "LINE1"), Actor.System, default);
}

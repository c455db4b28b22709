using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Warehouse.TaskWorld;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class ReplenishmentTests
{
    readonly TestClock clock = new();

    // TaskWorld's stock and an empty pick face PICK in WH1.
    async Task<TestDb> AWarehouseWithAPickFace(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AWarehouseWithStock(db, clock);
        await new LocationCatalog(db, clock).CreateAsync(new LocationInput("PICK", "Pick face", LocationKind.Bin, "WH1"), default);
        return t;
    }

    Task<ReplenishmentRuleView> Rule(SerialTrackDbContext db, string product, decimal min, decimal max, string? source = null) =>
        Replenishment(db, clock).SetAsync(new ReplenishmentRuleInput(product, "PICK", min, max, source), Boss, default);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_rule_below_its_minimum_gets_one_move_task_up_to_its_maximum_from_the_source_first_and_a_second_run_adds_none(DbKind kind)
    {
        await using var t = await AWarehouseWithAPickFace(kind);
        await using var db = t.NewContext();
        await Rule(db, "A100", 2, 3, source: "B2");

        var first = await Replenishment(db, clock).RunAsync(Boss, default);
        var again = await Replenishment(db, clock).RunAsync(Boss, default);

        var outcome = Assert.Single(first.Rules);
        Assert.Equal((ReplenishmentStatus.Created, 0m, 3m, 0m), (outcome.Status, outcome.Level, outcome.Planned, outcome.Shortfall));
        var task = await Tasks(db, clock).GetAsync(outcome.Task!, default);
        Assert.Equal((TaskKind.Move, "Replenish PICK with 3 A100"), (task.Task.Kind, task.Task.Title));
        Assert.Equal([("S5", "B2"), ("S1", "B1"), ("S2", "B1")], task.Lines.Select(l => (l.Serial!, l.From!)));
        Assert.All(task.Lines, l => Assert.Equal("PICK", l.To));
        Assert.Equal((ReplenishmentStatus.TaskOpen, outcome.Task), (again.Rules.Single().Status, again.Rules.Single().Task));
        var listed = Assert.Single(await Replenishment(db, clock).ListAsync(default));
        Assert.Equal((0m, true, outcome.Task), (listed.Level, listed.BelowMin, listed.OpenTask));
        await using var check = t.NewContext();
        var row = await check.WarehouseTasks.SingleAsync();
        Assert.Equal(listed.Id, row.ReplenishmentRuleId);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Lots_are_taken_first_to_expire_first_and_held_stock_is_not_used(DbKind kind)
    {
        await using var t = await AWarehouseWithAPickFace(kind);
        await using var db = t.NewContext();
        var receiving = new Receiving(db, clock);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L2", 30, "B2", ExpiryDate: new DateOnly(2027, 6, 1)), Boss, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L3", 50, "B2", ExpiryDate: new DateOnly(2027, 1, 1)), Boss, default);
        await receiving.ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L4", 5, "PICK"), Boss, default);
        await new Holds(db, clock).HoldAsync(new HoldRequest("lab check", Lots: [new LotRef("FLOUR", "L3")]), Boss, default);
        await Rule(db, "FLOUR", 10, 65);

        var run = await Replenishment(db, clock).RunAsync(Boss, default);

        var outcome = run.Rules.Single();
        Assert.Equal((ReplenishmentStatus.Created, 5m, 60m, 0m), (outcome.Status, outcome.Level, outcome.Planned, outcome.Shortfall));
        var task = await Tasks(db, clock).GetAsync(outcome.Task!, default);
        Assert.Equal([("L2", "B2", 30m), ("L1", "B1", 30m)], task.Lines.Select(l => (l.Lot!, l.From!, l.Quantity!.Value)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Not_enough_stock_is_reported_as_a_shortfall_and_held_units_are_not_used(DbKind kind)
    {
        await using var t = await AWarehouseWithAPickFace(kind);
        await using var db = t.NewContext();
        await new Holds(db, clock).HoldAsync(new HoldRequest("check", [new UnitRef("A100", "S5")]), Boss, default);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("EMPTY", "Never stocked", Tracking: TrackingMode.Serial), default);
        await Rule(db, "A100", 5, 10);
        await Rule(db, "EMPTY", 1, 2);

        var run = await Replenishment(db, clock).RunAsync(Boss, default);

        var widgets = run.Rules.Single(r => r.Product == "A100");
        Assert.Equal((ReplenishmentStatus.Created, 4m, 6m), (widgets.Status, widgets.Planned, widgets.Shortfall));
        var task = await Tasks(db, clock).GetAsync(widgets.Task!, default);
        Assert.DoesNotContain("S5", task.Lines.Select(l => l.Serial));
        var empty = run.Rules.Single(r => r.Product == "EMPTY");
        Assert.Equal((ReplenishmentStatus.NoStock, 0m, 2m, (string?)null), (empty.Status, empty.Planned, empty.Shortfall, empty.Task));
        await using var check = t.NewContext();
        Assert.Equal(1, await check.WarehouseTasks.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Bad_rule_input_is_refused_by_field_and_writes_nothing(DbKind kind)
    {
        await using var t = await AWarehouseWithAPickFace(kind);
        await using var db = t.NewContext();

        async Task<(string, string?)> Refused(ReplenishmentRuleInput input)
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => Replenishment(db, clock).SetAsync(input, Boss, default));
            return (e.Code, e.Field);
        }

        Assert.Equal(("replenishment.min_above_max", "max"), await Refused(new("A100", "PICK", 5, 3)));
        Assert.Equal(("replenishment.min", "min"), await Refused(new("A100", "PICK", -1, 3)));
        Assert.Equal(("replenishment.max", "max"), await Refused(new("A100", "PICK", 0, 0)));
        Assert.Equal(("replenishment.whole_units", "max"), await Refused(new("A100", "PICK", 1, 2.5m)));
        Assert.Equal(("product.not_found", "product"), await Refused(new("NOPE", "PICK", 1, 2)));
        Assert.Equal(("location.not_found", "location"), await Refused(new("A100", "MARS", 1, 2)));
        Assert.Equal(("location.not_found", "source"), await Refused(new("A100", "PICK", 1, 2, "MARS")));
        Assert.Equal(("replenishment.source_inside", "source"), await Refused(new("A100", "WH1", 1, 2, "B1")));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.ReplenishmentRules.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Setting_a_rule_again_changes_it_and_removing_it_keeps_its_tasks(DbKind kind)
    {
        await using var t = await AWarehouseWithAPickFace(kind);
        await using var db = t.NewContext();
        await Rule(db, "A100", 1, 2);
        var changed = await Rule(db, "A100", 1, 1, source: "B2");
        var task = (await Replenishment(db, clock).RunAsync(Boss, default)).Rules.Single().Task;

        await Replenishment(db, clock).RemoveAsync("A100", "PICK", default);
        var gone = await Assert.ThrowsAsync<DomainException>(() => Replenishment(db, clock).RemoveAsync("A100", "PICK", default));

        Assert.Equal((1m, "B2"), (changed.Max, changed.Source));
        Assert.Equal("replenishment.not_found", gone.Code);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.ReplenishmentRules.CountAsync());
        var row = await check.WarehouseTasks.SingleAsync();
        Assert.Equal((task, (long?)null), (row.Number, row.ReplenishmentRuleId));
    }
}

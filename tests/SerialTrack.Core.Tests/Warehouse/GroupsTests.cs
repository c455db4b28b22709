using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Warehouse;

public sealed class GroupsTests
{
    static readonly Actor Operator = new(null, "op1");
    static readonly TestClock Clock = new();

    static Groups GroupsOf(SerialTrackDbContext db) => new(db, Clock);

    static BulkActions BulkOf(SerialTrackDbContext db) =>
        new(db, GroupsOf(db), new Moving(db, Clock), new Holds(db, Clock), new Tagging(db, Clock), new StaffTasks(db, GroupsOf(db), Clock));

    // A100 (category power, 230 V): S1..S4 in B1, S5 in B2; B200 (tools): T1 in B2. S4 is scrapped.
    static async Task AStockOfWidgets(SerialTrackDbContext db)
    {
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, Clock);
        var a100 = await catalog.FindAsync("A100", default);
        a100.Category = "power";
        a100.Attributes = new Dictionary<string, string> { ["voltage"] = "230" };
        await db.SaveChangesAsync();
        await catalog.CreateAsync(new ProductInput("B200", "Drill", Category: "tools"), default);
        var commissioning = new Commissioning(db, Clock);
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3", "S4"], "B1"), Operator, default);
        await commissioning.CommissionAsync(new CommissionRequest("A100", ["S5"], "B2"), Operator, default);
        await commissioning.CommissionAsync(new CommissionRequest("B200", ["T1"], "B2"), Operator, default);
        await new Adjustments(db, Clock).ScrapAsync(new ScrapRequest("broken", [new UnitRef("A100", "S4")]), Operator, default);
    }

    static async Task<List<string>> SerialsOf(SerialTrackDbContext db, GroupFilter filter) =>
        (await GroupsOf(db).MembersAsync(filter, null, 100, withCount: false, default)).Members.Select(m => m.Serial).Order().ToList();

    [Theory, OnSqlite, OnPostgres]
    public async Task Each_filter_selects_only_the_units_with_that_trait(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);

        Assert.Equal(["S1", "S2", "S3", "S4", "S5"], await SerialsOf(db, new GroupFilter { Products = ["A100"] }));
        Assert.Equal(["T1"], await SerialsOf(db, new GroupFilter { Category = "tools" }));
        Assert.Equal(["S1", "S2", "S3", "S4", "S5"], await SerialsOf(db, new GroupFilter { Attributes = new Dictionary<string, string> { ["voltage"] = "230" } }));
        // A scrapped unit is nowhere any more: S4 is not in B1.
        Assert.Equal(["S1", "S2", "S3"], await SerialsOf(db, new GroupFilter { Location = "B1" }));
        Assert.Equal(["S1", "S2", "S3", "S5", "T1"], await SerialsOf(db, new GroupFilter { Location = "WH1" }));
        Assert.Equal(["S4"], await SerialsOf(db, new GroupFilter { Statuses = [UnitStatus.Scrapped] }));
        Assert.Equal(["S1", "S2", "S3", "S4", "S5", "T1"], await SerialsOf(db, new GroupFilter { Stages = [Stage.FinishedGood] }));
        Assert.Equal(["S1", "S2", "S3"], await SerialsOf(db, new GroupFilter { Serial = "S?", Location = "B1" }));
        Assert.Equal(["S1", "S2", "S3", "S4", "S5"], await SerialsOf(db, new GroupFilter { Serial = "S" }));
        Assert.Equal(["S5", "T1"], await SerialsOf(db, new GroupFilter { Serial = "*", Location = "B2" }));
        Assert.Equal(["S1", "S2", "S3"], await SerialsOf(db, new GroupFilter { CreatedFrom = new DateOnly(2026, 3, 2), CreatedTo = new DateOnly(2026, 3, 2), Location = "B1" }));
        Assert.Empty(await SerialsOf(db, new GroupFilter { CreatedFrom = new DateOnly(2026, 3, 3) }));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Filters_combine_with_and(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);

        var filter = new GroupFilter { Products = ["A100"], Location = "WH1", Statuses = [UnitStatus.Available], Serial = "S*" };

        Assert.Equal(["S1", "S2", "S3", "S5"], await SerialsOf(db, filter));
        Assert.Equal(4, await GroupsOf(db).CountAsync(filter, default));
        Assert.Equal(0, await GroupsOf(db).CountAsync(filter with { Category = "tools" }, default));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Supplier_customer_lot_expiry_and_produced_date_select_their_units(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var parties = new PartyCatalog(db, Clock);
        await parties.CreateAsync(new PartyInput("SUP1", "Supplier 1", PartyRole.Supplier), default);
        var customer = await parties.CreateAsync(new PartyInput("CUST1", "Customer 1"), default);
        await new Receiving(db, Clock).ReceiveAsync(new ReceiveRequest("B1", [new ReceiptLine("A100", ["R1", "R2"])], Supplier: "SUP1"), Operator, default);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", ["P1", "P2"], "B2"), Operator, default);
        // Arranged directly: a lot on P1, an owner on R2, a Produced event for P2.
        var lot = new Lot { ProductId = (await db.Products.FirstAsync(p => p.Sku == "A100")).Id, Code = "L1", ExpiryDate = new DateOnly(2026, 6, 30), CreatedAt = Clock.GetUtcNow() };
        db.Lots.Add(lot);
        await db.SaveChangesAsync();
        await db.Units.Where(u => u.Serial == "P1").ExecuteUpdateAsync(s => s.SetProperty(u => u.LotId, lot.Id));
        await db.Units.Where(u => u.Serial == "R2").ExecuteUpdateAsync(s => s.SetProperty(u => u.OwnerPartyId, customer.Id));
        var produced = EventLog.New(EventType.Produced, EventAction.Add, "commissioning", "active", Operator, new EventContext(new DateTimeOffset(2026, 2, 10, 8, 0, 0, TimeSpan.Zero)), Clock);
        db.Events.Add(produced);
        await db.SaveChangesAsync();
        var p2 = await db.Units.FirstAsync(u => u.Serial == "P2");
        db.EventUnits.Add(new EventUnit { EventId = produced.Id, UnitId = p2.Id, Role = ObjectRole.Output, Status = UnitStatus.Available, Stage = Stage.FinishedGood, LocationId = p2.LocationId });
        await db.SaveChangesAsync();

        Assert.Equal(["R1", "R2"], await SerialsOf(db, new GroupFilter { Supplier = "SUP1" }));
        Assert.Equal(["R2"], await SerialsOf(db, new GroupFilter { Customer = "CUST1" }));
        Assert.Equal(["P1"], await SerialsOf(db, new GroupFilter { Lots = ["L1"] }));
        Assert.Equal(["P1"], await SerialsOf(db, new GroupFilter { ExpiresFrom = new DateOnly(2026, 6, 1), ExpiresTo = new DateOnly(2026, 6, 30) }));
        Assert.Empty(await SerialsOf(db, new GroupFilter { ExpiresTo = new DateOnly(2026, 6, 29) }));
        Assert.Equal(["P2"], await SerialsOf(db, new GroupFilter { ProducedFrom = new DateOnly(2026, 2, 10), ProducedTo = new DateOnly(2026, 2, 10) }));
        Assert.Empty(await SerialsOf(db, new GroupFilter { ProducedFrom = new DateOnly(2026, 2, 11) }));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Decoded_serial_parts_select_units_made_on_a_line_in_a_week(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new SerialNumbers(db, Clock).CreateSchemeAsync(new SchemeInput("lines", "{LOC}-{YY}{WW}-{SEQ:4}"), default);
        var catalog = new ProductCatalog(db, Clock);
        await catalog.SetSerialsAsync((await catalog.FindAsync("A100", default)).Id, "lines", SerialUniqueness.WithinProduct, default);
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", ["L3-2647-0001", "L3-2648-0002", "L4-2647-0003", "L3-2647-0004"], "B1"), Operator, default);

        var filter = new GroupFilter { Decoded = new Dictionary<string, string> { ["LOC"] = "L3", ["WW"] = "47" } };

        Assert.Equal(["L3-2647-0001", "L3-2647-0004"], await SerialsOf(db, filter));
        Assert.Equal(2, await GroupsOf(db).CountAsync(filter, default));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_group_is_live_a_unit_moved_out_leaves_it(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        await GroupsOf(db).SaveAsync(new SaveGroupRequest("bin one", new GroupFilter { Location = "B1", Statuses = [UnitStatus.Available] }), Operator, default);

        await new Moving(db, Clock).MoveAsync(new MoveRequest("B2", [new UnitRef("A100", "S1")]), Operator, default);

        Assert.Equal(["S2", "S3"], await SerialsOf(db, await GroupsOf(db).FilterOfAsync("bin one", default)));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Saved_groups_have_unique_names_and_refuse_a_stale_edit(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        var groups = GroupsOf(db);
        var saved = await groups.SaveAsync(new SaveGroupRequest("tools", new GroupFilter { Category = "tools" }), Operator, default);

        var taken = await Assert.ThrowsAsync<DomainException>(() => groups.SaveAsync(new SaveGroupRequest("tools", new GroupFilter()), Operator, default));
        var updated = await groups.SaveAsync(new SaveGroupRequest("tools", new GroupFilter { Category = "power" }, ExpectedVersion: saved.Version), Operator, default);
        var stale = await Assert.ThrowsAsync<DomainException>(() => groups.SaveAsync(new SaveGroupRequest("tools", new GroupFilter(), ExpectedVersion: saved.Version), Operator, default));

        Assert.Equal("group.name_taken", taken.Code);
        Assert.Equal(ErrorKind.Conflict, stale.Kind);
        Assert.Equal(2, updated.Version);
        await using var check = t.NewContext();
        Assert.Contains("\"category\":\"power\"", (await check.SavedGroups.SingleAsync()).Filter, StringComparison.Ordinal);
        Assert.Equal("power", (await GroupsOf(check).GetAsync("tools", default)).Filter.Category);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Tagging_twice_adds_nothing_and_a_tag_selects_its_units_and_its_lots_units(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        var tagging = new Tagging(db, Clock);
        await tagging.CreateAsync("demo", "demo stock", default);

        var first = await tagging.TagGroupAsync("demo", new GroupFilter { Location = "B2" }, Operator, default);
        var second = await tagging.TagGroupAsync("demo", new GroupFilter { Location = "B2" }, Operator, default);
        var byList = await tagging.TagAsync("demo", [new UnitRef("A100", "S5"), new UnitRef("A100", "S1")], null, Operator, default);

        Assert.Equal(2, first.Added);
        Assert.Equal(0, second.Added);
        Assert.Equal(1, byList.Added);
        Assert.Equal(["S1", "S5", "T1"], await SerialsOf(db, new GroupFilter { Tags = ["demo"] }));
        var s1 = await db.Units.FirstAsync(u => u.Serial == "S1");
        Assert.Equal(["demo"], await tagging.OfUnitAsync(s1.Id, default));
        await using var check = t.NewContext();
        Assert.Equal(3, await check.UnitTags.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_move_preview_counts_the_units_and_the_refused_ones_with_the_reason(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        await GroupsOf(db).SaveAsync(new SaveGroupRequest("widgets", new GroupFilter { Products = ["A100"] }), Operator, default);

        var preview = await BulkOf(db).PreviewAsync(new BulkRequest(BulkAction.Move, new BulkTarget("widgets"), To: "B2"), default);

        Assert.Equal(5, preview.Members);
        Assert.Equal(4, preview.Affected);
        var refusal = Assert.Single(preview.Refused);
        Assert.Equal("unit.not_movable", refusal.Code);
        Assert.Equal("1 unit is scrapped and cannot move.", refusal.Message);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Events.CountAsync(e => e.Type == EventType.Moved));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Confirming_a_move_of_a_group_moves_its_movable_members_in_one_event(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        await GroupsOf(db).SaveAsync(new SaveGroupRequest("widgets", new GroupFilter { Products = ["A100"] }), Operator, default);

        var result = await BulkOf(db).ConfirmAsync(new BulkRequest(BulkAction.Move, new BulkTarget("widgets"), To: "B2", ExpectedCount: 4), Operator, default);

        Assert.Equal(4, result.Affected);
        await using var check = t.NewContext();
        var b2 = await check.Locations.FirstAsync(l => l.Code == "B2");
        Assert.Equal(["S1", "S2", "S3", "S5"], await check.Units.Where(u => u.LocationId == b2.Id && u.Serial.StartsWith("S")).Select(u => u.Serial).OrderBy(s => s).ToListAsync());
        var ev = await check.Events.SingleAsync(e => e.Type == EventType.Moved);
        Assert.Equal(result.EventId, ev.Id);
        Assert.Equal(4, await check.EventUnits.CountAsync(x => x.EventId == ev.Id));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_confirm_after_the_membership_changed_is_a_conflict_and_moves_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        await GroupsOf(db).SaveAsync(new SaveGroupRequest("bin one", new GroupFilter { Location = "B1" }), Operator, default);
        var preview = await BulkOf(db).PreviewAsync(new BulkRequest(BulkAction.Move, new BulkTarget("bin one"), To: "B2"), default);
        await new Moving(db, Clock).MoveAsync(new MoveRequest("B2", [new UnitRef("A100", "S1")]), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() =>
            BulkOf(db).ConfirmAsync(new BulkRequest(BulkAction.Move, new BulkTarget("bin one"), To: "B2", ExpectedCount: preview.Affected), Operator, default));

        Assert.Equal(3, preview.Affected);
        Assert.Equal("group.changed", e.Code);
        Assert.Equal(ErrorKind.Conflict, e.Kind);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(x => x.Type == EventType.Moved));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_bad_unit_in_a_long_selection_refuses_the_hold_and_writes_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var serials = Enumerable.Range(1, 500).Select(i => $"N{i:D4}").ToList();
        await new Commissioning(db, Clock).CommissionAsync(new CommissionRequest("A100", serials, "B1"), Operator, default);
        await new Adjustments(db, Clock).ScrapAsync(new ScrapRequest("broken", [new UnitRef("A100", "N0321")]), Operator, default);
        var selection = serials.Select(s => new UnitRef("A100", s)).ToList();

        var preview = await BulkOf(db).PreviewAsync(new BulkRequest(BulkAction.Hold, new BulkTarget(Units: selection), Reason: "audit"), default);
        var e = await Assert.ThrowsAsync<DomainException>(() =>
            BulkOf(db).ConfirmAsync(new BulkRequest(BulkAction.Hold, new BulkTarget(Units: selection), Reason: "audit", ExpectedCount: 499), Operator, default));

        Assert.Equal(499, preview.Affected);
        Assert.Equal("hold.not_holdable", e.Code);
        Assert.Equal("units[320]", e.Field);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync(u => u.Status == UnitStatus.OnHold));
        Assert.Equal(0, await check.Events.CountAsync(x => x.Type == EventType.Held));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_retried_confirm_with_the_same_key_replays_and_writes_nothing_new(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        var request = new BulkRequest(BulkAction.Hold, new BulkTarget(Filter: new GroupFilter { Location = "B1" }), Reason: "audit", ExpectedCount: 3,
            Context: new EventContext(IdempotencyKey: "hold-b1"));

        var first = await BulkOf(db).ConfirmAsync(request, Operator, default);
        var again = await BulkOf(db).ConfirmAsync(request, Operator, default);

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal(first.EventId, again.EventId);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Events.CountAsync(x => x.Type == EventType.Held));
        Assert.Equal(3, await check.Units.CountAsync(u => u.Status == UnitStatus.OnHold));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Release_and_tag_previews_skip_what_they_cannot_touch(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await AStockOfWidgets(db);
        await new Holds(db, Clock).HoldAsync(new HoldRequest("audit", [new UnitRef("A100", "S1")]), Operator, default);
        await new Tagging(db, Clock).CreateAsync("audit", null, default);
        var target = new BulkTarget(Filter: new GroupFilter { Location = "B1" });

        var release = await BulkOf(db).PreviewAsync(new BulkRequest(BulkAction.Release, target, Reason: "ok"), default);
        var released = await BulkOf(db).ConfirmAsync(new BulkRequest(BulkAction.Release, target, Reason: "ok", ExpectedCount: release.Affected), Operator, default);
        var tagged = await BulkOf(db).ConfirmAsync(new BulkRequest(BulkAction.Tag, target, Tag: "audit", ExpectedCount: 3), Operator, default);

        Assert.Equal(1, release.Affected);
        Assert.Equal(2, release.Refused.Single().Count);
        Assert.Equal(1, released.Affected);
        Assert.Equal(3, tagged.Affected);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync(u => u.Status == UnitStatus.OnHold));
        Assert.Equal(3, await check.UnitTags.CountAsync());
    }
}

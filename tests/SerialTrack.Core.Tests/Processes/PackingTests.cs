using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Processes;

public sealed class PackingTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    // Units S1..Sn at B1, 100 kg of flour lot L1 at B1, and the company prefix set.
    async Task<TestDb> APackingStation(DbKind kind, int units = 3)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", Enumerable.Range(1, units).Select(i => $"S{i}").ToList(), "B1"), Operator, default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100m, "B1"), Operator, default);
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        return t;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Units_and_a_lot_quantity_go_into_a_case_and_the_case_onto_a_pallet_with_a_valid_sscc(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1", "case"), Operator, default);
        var pallet = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default);

        var packed = await packing.PackAsync(new PackRequest(box.Code, [new("A100", "S1"), new("A100", "S2")], [new("FLOUR", "L1", 25m, "B1")]), Operator, default);
        var stacked = await packing.PackAsync(new PackRequest(pallet.Sscc!, Containers: [box.Code]), Operator, default);

        Assert.Null(box.Sscc);
        Assert.Equal("0" + "0614141" + "000000001", pallet.Sscc![..17]);
        Assert.True(Sscc.TryParse(pallet.Sscc, out _, out _));
        Assert.True(Gs1CheckDigit.IsValid(pallet.Sscc));
        var view = await packing.GetAsync(pallet.Sscc, default);
        var inner = Assert.Single(view.Containers);
        Assert.Equal(["S1", "S2"], inner.Units.Select(u => u.Serial));
        Assert.Equal(25m, Assert.Single(inner.Lots).Quantity);
        Assert.Equal(2, view.TotalUnits);
        await using var check = t.NewContext();
        var boxRow = await check.Containers.SingleAsync(c => c.Code == box.Code);
        Assert.Equal(view.Id, boxRow.ParentContainerId);
        Assert.Equal(2, await check.Units.CountAsync(u => u.ContainerId == boxRow.Id));
        Assert.Equal(100m, (await check.LotBalances.SingleAsync()).Quantity);
        var ev = await check.Events.SingleAsync(e => e.Id == packed.EventId);
        Assert.Equal((EventType.Packed, EventAction.Add, "packing"), (ev.Type, ev.Action, ev.BizStep));
        Assert.Equal([ObjectRole.Child, ObjectRole.Child], await check.EventUnits.Where(x => x.EventId == ev.Id).Select(x => x.Role).ToListAsync());
        Assert.Equal(ObjectRole.Parent, (await check.EventContainers.SingleAsync(x => x.EventId == ev.Id)).Role);
        Assert.Equal(ObjectRole.Child, (await check.EventLots.SingleAsync(x => x.EventId == ev.Id)).Role);
        Assert.Equal(2, await check.EventContainers.CountAsync(x => x.EventId == stacked.EventId));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_quantity_packed_in_a_case_cannot_be_scrapped_or_counted_away_as_if_it_were_loose(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1", "case"), Operator, default);
        await packing.PackAsync(new PackRequest(box.Code, Lots: [new("FLOUR", "L1", 80m, "B1")]), Operator, default);
        var adjustments = new Adjustments(db, clock);

        var scrap = await Assert.ThrowsAsync<DomainException>(() => adjustments.ScrapAsync(new ScrapRequest("spilled", Lots: [new LotQuantity("FLOUR", "L1", 30m, "B1")]), Operator, default));
        await using (var next = t.NewContext())
        {
            await new Adjustments(next, clock).ScrapAsync(new ScrapRequest("spilled", Lots: [new LotQuantity("FLOUR", "L1", 20m, "B1")]), Operator, default);
        }

        Assert.Equal(("lot.insufficient", "lots[0].quantity"), (scrap.Code, scrap.Field));
        Assert.Contains("available outside containers", scrap.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(80m, (await check.LotBalances.SingleAsync()).Quantity);
        Assert.Equal(80m, (await check.ContainerLots.SingleAsync()).Quantity);
        Assert.Equal(1, await check.Events.CountAsync(e => e.Type == EventType.Scrapped));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Moving_the_pallet_moves_the_case_every_unit_and_the_packed_lot_quantity(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        var pallet = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default);
        await packing.PackAsync(new PackRequest(box.Code, [new("A100", "S1")], [new("FLOUR", "L1", 25m, "B1")]), Operator, default);
        await packing.PackAsync(new PackRequest(pallet.Code, [new("A100", "S2")], Containers: [box.Code]), Operator, default);

        var moved = await new Moving(db, clock).MoveAsync(new MoveRequest("B2", Containers: [pallet.Sscc!]), Operator, default);

        await using var check = t.NewContext();
        var b2 = await check.Locations.SingleAsync(l => l.Code == "B2");
        var units = await check.Units.OrderBy(u => u.Serial).ToListAsync();
        Assert.Equal([b2.Id, b2.Id], units.Take(2).Select(u => u.LocationId));
        Assert.All(units.Take(2), u => Assert.NotNull(u.ContainerId));
        Assert.NotEqual(b2.Id, units[2].LocationId);
        Assert.All(await check.Containers.ToListAsync(), c => Assert.Equal(b2.Id, c.LocationId));
        var balances = await (from b in check.LotBalances join l in check.Locations on b.LocationId equals l.Id select new { l.Code, b.Quantity }).ToListAsync();
        Assert.Equal(75m, balances.Single(b => b.Code == "B1").Quantity);
        Assert.Equal(25m, balances.Single(b => b.Code == "B2").Quantity);
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.EventId == moved.EventId));
        var rows = await check.EventContainers.Where(x => x.EventId == moved.EventId).ToListAsync();
        Assert.Equal([ObjectRole.Subject, ObjectRole.Child], rows.OrderBy(r => r.Role).Select(r => r.Role));
        Assert.All(rows, r => Assert.Equal(b2.Id, r.LocationId));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Moving_a_case_that_sits_on_a_pallet_is_refused(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        var pallet = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default);
        await packing.PackAsync(new PackRequest(pallet.Code, Containers: [box.Code]), Operator, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Moving(db, clock).MoveAsync(new MoveRequest("B2", Containers: [box.Code]), Operator, default));

        Assert.Equal(("container.in_container", "containers[0]"), (e.Code, e.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Unpacking_takes_units_and_lot_quantities_out_and_leaves_them_where_the_container_is(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        await packing.PackAsync(new PackRequest(box.Code, [new("A100", "S1"), new("A100", "S2")], [new("FLOUR", "L1", 25m, "B1")]), Operator, default);

        var one = await packing.UnpackAsync(new UnpackRequest(box.Code, [new("A100", "S1")], [new("FLOUR", "L1", 5m)]), Operator, default);
        var rest = await packing.UnpackAsync(new UnpackRequest(box.Code, All: true), Operator, default);

        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync(u => u.ContainerId != null));
        Assert.Equal(0, await check.ContainerLots.CountAsync());
        Assert.Equal(ContainerStatus.Emptied, (await check.Containers.SingleAsync()).Status);
        Assert.Equal(EventType.Unpacked, (await check.Events.SingleAsync(e => e.Id == one.EventId)).Type);
        Assert.Equal(EventAction.Delete, (await check.Events.SingleAsync(e => e.Id == rest.EventId)).Action);
        Assert.Equal((1, 1), (rest.Units, rest.Lots));
        Assert.Equal(100m, (await check.LotBalances.SingleAsync()).Quantity);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_already_in_another_container_refuses_the_whole_pack_and_nothing_is_written(DbKind kind)
    {
        await using var t = await APackingStation(kind, units: 600);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var first = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        var second = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        await packing.PackAsync(new PackRequest(first.Code, [new("A100", "S300")]), Operator, default);
        var refs = Enumerable.Range(1, 600).Select(i => new UnitRef("A100", $"S{i}")).ToList();

        var e = await Assert.ThrowsAsync<DomainException>(() => packing.PackAsync(new PackRequest(second.Code, refs), Operator, default));

        Assert.Equal(("unit.in_container", "units[299]"), (e.Code, e.Field));
        Assert.Contains(first.Code, e.Message, StringComparison.Ordinal);
        await using var check = t.NewContext();
        Assert.Equal(1, await check.Units.CountAsync(u => u.ContainerId != null));
        Assert.Equal(1, await check.Events.CountAsync(x => x.Type == EventType.Packed));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Packing_a_pallet_into_a_case_it_holds_is_refused_as_a_cycle(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B1"), Operator, default);
        var pallet = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default);
        await packing.PackAsync(new PackRequest(pallet.Code, Containers: [box.Code]), Operator, default);

        var intoItself = await Assert.ThrowsAsync<DomainException>(() => packing.PackAsync(new PackRequest(box.Code, Containers: [box.Code]), Operator, default));
        var cycle = await Assert.ThrowsAsync<DomainException>(() => packing.PackAsync(new PackRequest(box.Code, Containers: [pallet.Code]), Operator, default));

        Assert.Equal("container.cycle", intoItself.Code);
        Assert.Equal(("container.cycle", "containers[0]"), (cycle.Code, cycle.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_pallet_needs_a_company_prefix_and_a_bad_prefix_is_refused(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var settings = new InstallationSettings(db, clock);

        var none = await Assert.ThrowsAsync<DomainException>(() => new Packing(db, clock).CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default));
        var shortPrefix = await Assert.ThrowsAsync<DomainException>(() => settings.SetAsync(Settings.CompanyPrefix, "12345", default));
        var letters = await Assert.ThrowsAsync<DomainException>(() => settings.SetAsync(Settings.SsccExtension, "x", default));
        var unknown = await Assert.ThrowsAsync<DomainException>(() => settings.SetAsync("gs1.nope", "1", default));

        Assert.Equal(("sscc.no_company_prefix", ErrorKind.RuleBroken), (none.Code, none.Kind));
        Assert.Equal(("setting.company_prefix", "value"), (shortPrefix.Code, shortPrefix.Field));
        Assert.Equal("setting.sscc_extension", letters.Code);
        Assert.Equal("setting.unknown", unknown.Code);
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Containers.CountAsync());
        Assert.Equal(0, await check.Settings.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task The_sscc_starts_with_the_extension_digit_and_each_pallet_gets_the_next_serial_reference(DbKind kind)
    {
        await using var t = await APackingStation(kind);
        await using var db = t.NewContext();
        await new InstallationSettings(db, clock).SetAsync(Settings.SsccExtension, "3", default);
        var packing = new Packing(db, clock);

        var a = await packing.CreateContainerAsync(new ContainerInput("B1", "pallet"), Operator, default);
        var b = await packing.CreateContainerAsync(new ContainerInput("B1", "tote", Sscc: true), Operator, default);

        Assert.Equal("306141410000000013", a.Sscc);
        Assert.Equal("30614141000000002", b.Sscc![..17]);
        Assert.True(Gs1CheckDigit.IsValid(b.Sscc));
        Assert.Equal(a.Sscc, a.Code);
    }
}

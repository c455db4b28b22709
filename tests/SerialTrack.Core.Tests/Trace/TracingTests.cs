using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Trace;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Trace;

public sealed class TracingTests
{
    readonly TestClock clock = new();

    static List<string> Serials(TraceResult r, bool? removed = null) =>
        r.Units.Where(u => removed is null || u.Removed == removed).Select(u => u.Serial).Order(StringComparer.Ordinal).ToList();

    static List<string> LotCodes(TraceResult r) => r.Lots.Select(l => l.Lot).Order(StringComparer.Ordinal).ToList();

    [Theory, OnSqlite, OnPostgres]
    public async Task A_serial_a_lot_and_a_container_code_resolve_and_an_unknown_code_is_not_found_naming_id(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);

        var unit = await tracing.ResolveAsync("PC-1", default);
        var lot = await tracing.ResolveAsync("P1", default);
        var container = await tracing.ResolveAsync("CASE-1", default);
        var e = await Assert.ThrowsAsync<DomainException>(() => tracing.ResolveAsync("NOPE-9", default));
        var empty = await Assert.ThrowsAsync<DomainException>(() => tracing.ResolveAsync(" ", default));

        Assert.Equal([await TraceWorld.UnitIdAsync(db, "PC-1")], unit.UnitIds);
        Assert.Equal([await TraceWorld.LotIdAsync(db, "P1")], lot.LotIds);
        Assert.Single(container.ContainerIds);
        Assert.Empty(container.UnitIds);
        Assert.Equal((ErrorKind.NotFound, "id"), (e.Kind, e.Field));
        Assert.Equal((ErrorKind.BadInput, "id"), (empty.Kind, empty.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_code_that_is_both_a_serial_and_a_lot_is_refused_listing_both(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["D1"], "WH1"), TraceWorld.Op, default);

        var e = await Assert.ThrowsAsync<DomainException>(() => new Tracing(db).ResolveAsync("D1", default));

        Assert.Equal((ErrorKind.BadInput, "id", "trace.ambiguous"), (e.Kind, e.Field, e.Code));
        Assert.Contains("A100 D1", e.Message, StringComparison.Ordinal);
        Assert.Contains("DOUGH lot D1", e.Message, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Supplier_lots_production_orders_suppliers_station_windows_and_serial_ranges_resolve_to_their_units_and_lots(DbKind kind)
    {
        var start = clock.GetUtcNow();
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);
        async Task<List<string>> Names(TraceRoots roots) =>
        [
            .. (await tracing.TraceAsync(roots, TraceDirection.Forward, default)).Units.Where(u => u.Root).Select(u => u.Serial),
            .. (await tracing.TraceAsync(roots, TraceDirection.Forward, default)).Lots.Where(l => l.Root).Select(l => l.Lot),
        ];

        var supplierLot = await tracing.SupplierLotAsync("SL-7", default);
        var order = await tracing.ProductionOrderAsync("MO-1", default);
        var supplier = await tracing.SupplierAsync("SUP", null, null, default);
        var early = await tracing.SupplierAsync("SUP", start, start.AddHours(2), default);
        var station = await tracing.StationWindowAsync("LINE1", start.AddHours(1.5), start.AddHours(2.5), default);
        var otherWindow = await tracing.StationWindowAsync("LINE1", start.AddHours(3), start.AddHours(9), default);
        var range = await tracing.SerialRangeAsync("RAM", "R1", "R2", default);

        Assert.Equal(["F1", "F2"], (await Names(supplierLot)).Order(StringComparer.Ordinal));
        Assert.Equal(["PC-1", "PC-2"], (await Names(order)).Order(StringComparer.Ordinal));
        Assert.Equal(["C0", "C1", "C2", "F1"], (await Names(supplier)).Order(StringComparer.Ordinal));
        Assert.Equal(["C0", "C1", "C2"], (await Names(early)).Order(StringComparer.Ordinal));
        Assert.Equal(["PC-1", "PC-2"], (await Names(station)).Order(StringComparer.Ordinal));
        Assert.True(otherWindow.IsEmpty);
        Assert.Equal(["R1", "R2"], (await Names(range)).Order(StringComparer.Ordinal));
        Assert.Equal("order", (await Assert.ThrowsAsync<DomainException>(() => tracing.ProductionOrderAsync("MO-404", default))).Field);
        Assert.Equal("supplierLot", (await Assert.ThrowsAsync<DomainException>(() => tracing.SupplierLotAsync("SL-404", default))).Field);
        Assert.Equal("last", (await Assert.ThrowsAsync<DomainException>(() => tracing.SerialRangeAsync("RAM", "R3", "R1", default))).Field);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Backward_from_an_assembly_finds_components_lots_supplier_orders_station_and_the_component_a_repair_removed(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);

        var r = await tracing.TraceAsync(await tracing.ResolveAsync("PC-1", default), TraceDirection.Backward, default);

        Assert.Equal(["C0", "C2", "PC-1", "R0", "R1"], Serials(r));
        Assert.Equal(["C0"], Serials(r, removed: true));
        Assert.True(r.Units.Single(u => u.Serial == "PC-1").Root);
        Assert.All(r.Units.Where(u => !u.Root), u => Assert.Equal(1, u.Depth));
        var paste = Assert.Single(r.Lots);
        Assert.Equal(("P1", 5m, 90m, "g"), (paste.Lot, paste.Quantity, paste.OnHand, paste.Uom));
        var c0 = r.Units.Single(u => u.Serial == "C0");
        Assert.Contains(new TraceEdge(TraceKeys.Unit(c0.Id), TraceKeys.Unit(r.Units.Single(u => u.Serial == "PC-1").Id), "removed", 1m), r.Edges);
        Assert.Equal(["SUP"], r.Suppliers.Select(s => s.Code));
        Assert.Equal(["purchase PO-1", "production MO-1"], r.Orders.Select(o => $"{o.Kind} {o.Number}").OrderDescending(StringComparer.Ordinal));
        Assert.Contains(r.Steps, s => s.Operation == "produced" && s.Station == "LINE1" && s.Operator == "op1");
        Assert.Contains(r.Edges, e => e.Kind == "received" && e.From == TraceKeys.Party(r.Suppliers[0].Id) && e.To == TraceKeys.Unit(c0.Id));
        Assert.Empty(r.Customers);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Backward_from_a_transformed_lot_follows_splits_to_the_supplier_with_the_quantities_that_went_in(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);

        var r = await tracing.TraceAsync(await tracing.ResolveAsync("D1", default), TraceDirection.Backward, default);

        Assert.Empty(r.Units);
        Assert.Equal(["D1", "F1", "F2", "G1"], LotCodes(r));
        var q = r.Lots.ToDictionary(l => l.Lot);
        Assert.Equal((50m, 0), (q["D1"].Quantity, q["D1"].Depth));
        Assert.Equal((30m, 1), (q["F2"].Quantity, q["F2"].Depth));
        Assert.Equal((20m, 1), (q["G1"].Quantity, q["G1"].Depth));
        Assert.Equal((40m, 2, "SL-7"), (q["F1"].Quantity, q["F1"].Depth, q["F1"].SupplierLot));
        Assert.Equal(["SUP"], r.Suppliers.Select(s => s.Code));
        Assert.Contains(new TraceEdge(TraceKeys.Lot(q["F1"].Id), TraceKeys.Lot(q["F2"].Id), "consumed", 40m), r.Edges);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Forward_from_a_component_lot_finds_every_assembly_where_it_is_now_with_the_shipment_and_the_customer(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);

        var r = await tracing.TraceAsync(await tracing.ResolveAsync("P1", default), TraceDirection.Forward, default);

        Assert.Equal(["PC-1", "PC-2"], Serials(r));
        var pc1 = r.Units.Single(u => u.Serial == "PC-1");
        var pc2 = r.Units.Single(u => u.Serial == "PC-2");
        Assert.Equal((UnitStatus.Available, "LINE1", (string?)null), (pc1.Status, pc1.Location, pc1.Customer));
        Assert.Equal((UnitStatus.AtCustomer, (string?)null, "Acme Corp"), (pc2.Status, pc2.Location, pc2.Customer));
        var acme = Assert.Single(r.Customers);
        Assert.Equal(("ACME", "Ann Buyer", "ann@acme.test"), (acme.Code, acme.ContactName, acme.Email));
        var box = Assert.Single(r.Containers);
        Assert.Equal(("CASE-1", "shipped"), (box.Code, box.Status));
        Assert.Contains(r.Shipments, s => s.UnitId == pc2.Id && s.CustomerId == acme.Id && s.Order == "SO-1");
        Assert.Contains(r.Shipments, s => s.ContainerId == box.Id);
        Assert.Contains(new TraceEdge(TraceKeys.Unit(pc2.Id), TraceKeys.Party(acme.Id), "shipped", 1m), r.Edges);
        Assert.Contains(r.Orders, o => o.Number == "SO-1" && o.Kind == "sales");
        var p1 = Assert.Single(r.Lots);
        Assert.Equal((100m, 90m, true), (p1.Quantity, p1.OnHand, p1.Root));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Forward_from_a_component_a_repair_took_out_lists_the_removed_edge_but_not_the_assembly(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);
        var pc1 = await TraceWorld.UnitIdAsync(db, "PC-1");

        var removed = await tracing.TraceAsync(await tracing.ResolveAsync("C0", default), TraceDirection.Forward, default);
        var added = await tracing.TraceAsync(await tracing.ResolveAsync("C2", default), TraceDirection.Forward, default);

        Assert.Equal(["C0"], Serials(removed));
        Assert.Equal((UnitStatus.Quarantine, "Q"), (removed.Units[0].Status, removed.Units[0].Location));
        Assert.Contains(new TraceEdge(TraceKeys.Unit(removed.Units[0].Id), TraceKeys.Unit(pc1), "removed", 1m), removed.Edges);
        Assert.Equal(["C2", "PC-1"], Serials(added));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Forward_quantities_count_only_the_events_that_consumed_the_root(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);

        var fromF1 = await tracing.TraceAsync(await tracing.ResolveAsync("F1", default), TraceDirection.Forward, default);
        var fromG1 = await tracing.TraceAsync(await tracing.ResolveAsync("G1", default), TraceDirection.Forward, default);

        Assert.Equal(["D1", "F1", "F2"], LotCodes(fromF1));
        var q = fromF1.Lots.ToDictionary(l => l.Lot);
        Assert.Equal((100m, 60m), (q["F1"].Quantity, q["F1"].OnHand));
        Assert.Equal((40m, 10m, 1), (q["F2"].Quantity, q["F2"].OnHand, q["F2"].Depth));
        Assert.Equal((30m, 50m, 2), (q["D1"].Quantity, q["D1"].OnHand, q["D1"].Depth));
        Assert.Equal(20m, fromG1.Lots.Single(l => l.Lot == "D1").Quantity);
        Assert.Empty(fromF1.Units);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_container_traces_as_what_it_holds_in_both_directions(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var tracing = new Tracing(db);
        var roots = await tracing.ResolveAsync("CASE-1", default);

        var forward = await tracing.TraceAsync(roots, TraceDirection.Forward, default);
        var backward = await tracing.TraceAsync(roots, TraceDirection.Backward, default);

        Assert.Equal(["PC-2"], Serials(forward));
        Assert.Single(forward.Customers);
        Assert.Equal(["C1", "PC-2", "R2", "R3"], Serials(backward));
        Assert.Equal(["P1"], LotCodes(backward));
        Assert.Equal(["CASE-1"], backward.Containers.Select(c => c.Code));
        Assert.Contains(backward.Edges, e => e.Kind == "packed" && e.To == TraceKeys.Container(roots.ContainerIds[0]));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Backward_lists_the_containers_a_unit_travelled_in_even_after_it_was_unpacked(DbKind kind)
    {
        await using var t = await TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        var packing = new Packing(db, clock);
        await packing.CreateContainerAsync(new ContainerInput("LINE1", Code: "TOTE-1", Kind: "tote"), TraceWorld.Op, default);
        await packing.PackAsync(new PackRequest("TOTE-1", Units: [new UnitRef("PC", "PC-1")]), TraceWorld.Op, default);
        await packing.UnpackAsync(new UnpackRequest("TOTE-1", All: true), TraceWorld.Op, default);
        var tracing = new Tracing(db);

        var r = await tracing.TraceAsync(await tracing.ResolveAsync("PC-1", default), TraceDirection.Backward, default);
        var now = await tracing.TraceAsync(await tracing.ResolveAsync("PC-1", default), TraceDirection.Forward, default);

        Assert.Equal(["TOTE-1"], r.Containers.Select(c => c.Code));
        Assert.Empty(now.Containers);
    }
}

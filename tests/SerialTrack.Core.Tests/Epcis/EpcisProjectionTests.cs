using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Trace;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

// Captured events feed the inventory through the same unit batch as the native processes.
public sealed class EpcisProjectionTests
{
    readonly TestClock clock = new();
    static readonly Actor Partner = new(null, "partner");

    const string Gtin = "10614141073464";
    const string Site = "urn:epc:id:sgln:0614141.07346.0";
    const string Dock = "urn:epc:id:sgln:0614141.07346.1234";

    static string Sgtin(string serial) => $"urn:epc:id:sgtin:0614141.107346.{serial}";

    static string Document(params string[] events) => $$"""
        {
          "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"],
          "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-01T10:00:00Z",
          "epcisBody": { "eventList": [{{string.Join(",", events)}}] }
        }
        """;

    static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(v => $"\"{v}\"")) + "]";

    static string At(int minute) => $"\"eventTime\": \"2026-03-01T09:{minute:00}:00Z\", \"eventTimeZoneOffset\": \"+00:00\"";

    static string Object(string action, int minute, string bizStep, IEnumerable<string> epcs, string? disposition = null, string? bizLocation = null, string? extra = null) =>
        $$"""
        { "type": "ObjectEvent", "action": "{{action}}", {{At(minute)}}, "bizStep": "{{bizStep}}", "epcList": {{List(epcs)}}
          {{(disposition is null ? "" : $", \"disposition\": \"{disposition}\"")}}
          {{(bizLocation is null ? "" : $", \"bizLocation\": {{ \"id\": \"{bizLocation}\" }}")}} {{extra}} }
        """;

    async Task<EpcisCaptureResult> Capture(SerialTrackDbContext db, params string[] events)
    {
        var result = await new EpcisCapturing(db, clock).CaptureAsync(Document(events), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result;
    }

    static async Task<Unit> UnitOf(SerialTrackDbContext db, string serial) =>
        await db.Units.AsNoTracking().SingleAsync(u => u.Serial == serial);

    [Theory, OnSqlite, OnPostgres]
    public async Task A_partners_commissioning_creates_the_product_the_place_and_the_units_and_says_so(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var result = await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site));

        Assert.Contains(result.Notes, n => n.Code == "epcis.product_created" && n.Message.Contains(Gtin));
        Assert.Contains(result.Notes, n => n.Code == "epcis.location_created" && n.Message.Contains("0614141073467"));
        Assert.DoesNotContain(result.Notes, n => n.Code is "epcis.unknown_epc");
        await using var check = t.NewContext();
        var product = await check.Products.SingleAsync(p => p.Gtin == Gtin);
        var site = await check.Locations.SingleAsync(l => l.Gln == "0614141073467");
        var units = await check.Units.Where(u => u.ProductId == product.Id).OrderBy(u => u.Serial).ToListAsync();
        Assert.Equal(["1", "2"], units.Select(u => u.Serial));
        Assert.All(units, u => Assert.Equal((UnitStatus.Available, (long?)site.Id), (u.Status, u.LocationId)));
        var stored = await check.EpcisEvents.SingleAsync();
        var native = await check.Events.SingleAsync(e => e.Id == stored.NativeEventId);
        Assert.Equal((EventType.Commissioned, "commissioning", "active", "partner"), (native.Type, native.BizStep, native.Disposition, native.Actor));
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.EventId == native.Id));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Shipping_to_an_owning_party_moves_the_units_to_that_party(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site));

        await Capture(db, Object("OBSERVE", 5, "shipping", [Sgtin("1")], "in_transit",
            extra: ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00002\" }]"));

        await using var check = t.NewContext();
        var unit = await UnitOf(check, "1");
        var party = await check.Parties.SingleAsync(p => p.Gln == "0614141000029");
        Assert.Equal((UnitStatus.InTransit, (long?)party.Id, (long?)null), (unit.Status, unit.OwnerPartyId, unit.LocationId));
        Assert.Equal(EventType.Shipped, (await check.Events.OrderBy(e => e.Id).LastAsync()).Type);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Aggregation_packs_the_children_into_the_SSCC_and_its_delete_unpacks_them(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site));
        const string pallet = "urn:epc:id:sscc:0614141.1234567890";
        string Aggregation(string action, int minute, string bizStep) => $$"""
            { "type": "AggregationEvent", "action": "{{action}}", {{At(minute)}}, "bizStep": "{{bizStep}}", "parentID": "{{pallet}}",
              "childEPCs": {{List([Sgtin("1"), Sgtin("2")])}} }
            """;

        var packed = await Capture(db, Aggregation("ADD", 1, "packing"));
        await using (var check = t.NewContext())
        {
            var container = await check.Containers.SingleAsync();
            Assert.Equal("106141412345678908", container.Sscc);
            Assert.All(await check.Units.ToListAsync(), u => Assert.Equal(container.Id, u.ContainerId));
            Assert.Contains(packed.Notes, n => n.Code == "epcis.container_created");
            Assert.Equal(EventType.Packed, (await check.Events.OrderBy(e => e.Id).LastAsync()).Type);
        }

        await Capture(db, Aggregation("DELETE", 2, "unpacking"));
        await using (var check = t.NewContext())
        {
            Assert.All(await check.Units.ToListAsync(), u => Assert.Null(u.ContainerId));
        }
    }

    // A supplier's shipping notice names this installation as the destination (a GLN with its company prefix, or the GLN
    // of one of its locations): the goods are on their way here, in transit and nobody's customer; the supplier named as
    // the source is a supplier. A customer in the catalogue keeps being a customer, whatever its GLN.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_shipment_to_this_installation_is_inbound_not_a_sale_and_its_source_is_a_supplier(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await new Core.Parties.PartyCatalog(db, clock).CreateAsync(new Core.Parties.PartyInput("GRID", "Gridworks", Gln: "0614141900039"), default);
        static string Supplier(string serial) => $"urn:epc:id:sgtin:4012345.011111.{serial}";
        const string Site4012345 = "urn:epc:id:sgln:4012345.00001.0";
        const string FromSupplier = ", \"sourceList\": [{ \"type\": \"owning_party\", \"source\": \"urn:epc:id:pgln:4012345.00001\" }]";
        await Capture(db, Object("ADD", 0, "commissioning", [Supplier("A1"), Supplier("A2")], "active", Site4012345));

        var notice = await Capture(db, Object("OBSERVE", 1, "shipping", [Supplier("A1")], "in_transit", Site4012345,
            FromSupplier + ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00001\" }]"));
        await Capture(db, Object("OBSERVE", 2, "shipping", [Supplier("A2")], "in_transit", Site4012345,
            ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.90003\" }]"));

        Assert.Contains(notice.Notes, n => n.Code == "epcis.inbound");
        await using var check = t.NewContext();
        var inbound = await check.Units.AsNoTracking().SingleAsync(u => u.Serial == "A1");
        Assert.Equal((UnitStatus.InTransit, (long?)null, (long?)null, (DateTimeOffset?)null), (inbound.Status, inbound.OwnerPartyId, inbound.LocationId, inbound.ShippedAt));
        Assert.False(await check.Parties.AnyAsync(p => p.Gln == "0614141000012"));
        Assert.Equal(Core.Parties.PartyRole.Supplier, (await check.Parties.SingleAsync(p => p.Gln == "4012345000016")).Role);
        var grid = await check.Parties.SingleAsync(p => p.Code == "GRID");
        var sold = await check.Units.AsNoTracking().SingleAsync(u => u.Serial == "A2");
        Assert.Equal(((long?)grid.Id, UnitStatus.InTransit), (sold.OwnerPartyId, sold.Status));
        Assert.NotNull(sold.ShippedAt);
        Assert.Equal(EventType.Observed, (await check.Events.SingleAsync(e => e.Id == inbound.LastEventId)).Type);

        // Our own receiving, naming us as its destination as CBV suggests, puts the goods where they arrived.
        await Capture(db, Object("OBSERVE", 5, "receiving", [Supplier("A1")], "in_progress", Dock,
            FromSupplier + ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00001\" }]"));
        await using var after = t.NewContext();
        var arrived = await after.Units.AsNoTracking().SingleAsync(u => u.Serial == "A1");
        var dock = await after.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        Assert.Equal((UnitStatus.Available, (long?)dock.Id, (long?)null), (arrived.Status, arrived.LocationId, arrived.OwnerPartyId));
        Assert.False(await after.Parties.AnyAsync(p => p.Gln == "0614141000012"));
        // A receipt from a named source is a receipt: trace backward finds the supplier.
        Assert.Equal(EventType.Received, (await after.Events.SingleAsync(e => e.Id == arrived.LastEventId)).Type);
        var traced = await new Tracing(after).TraceAsync(new TraceRoots([arrived.Id], [], [], "A1"), TraceDirection.Backward, default);
        Assert.Equal(["4012345000016"], traced.Suppliers.Select(s => s.Code));
    }

    // Within one document: a pallet packed, then shipped by naming only its SSCC (it carries what it holds), then
    // unpacked without a child list (it lets go of what it holds). A unit never packed is left alone throughout.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_pallet_named_alone_carries_its_contents_and_an_unpack_without_children_empties_it_within_one_document(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1234567890";

        await Capture(db,
            Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site),
            $$"""{ "type": "AggregationEvent", "action": "ADD", {{At(1)}}, "bizStep": "packing", "parentID": "{{pallet}}", "childEPCs": {{List([Sgtin("1"), Sgtin("2")])}} }""",
            Object("OBSERVE", 2, "shipping", [pallet], "in_transit"),
            $$"""{ "type": "AggregationEvent", "action": "DELETE", {{At(3)}}, "bizStep": "unpacking", "parentID": "{{pallet}}" }""");

        await using var check = t.NewContext();
        var shipping = await check.Events.OrderBy(e => e.Id).Skip(2).FirstAsync();
        var carried = await (from x in check.EventUnits where x.EventId == shipping.Id join u in check.Units on x.UnitId equals u.Id select u.Serial).ToListAsync();
        Assert.Equal(["1", "2"], carried.Order());
        foreach (var serial in new[] { "1", "2" })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal((UnitStatus.InTransit, (long?)null), (unit.Status, unit.ContainerId));
        }
        Assert.Equal(UnitStatus.Available, (await UnitOf(check, "3")).Status);
        var unpacked = await check.Events.OrderBy(e => e.Id).LastAsync();
        Assert.Equal(2, await check.EventUnits.CountAsync(x => x.EventId == unpacked.Id));
    }

    static string Pack(string action, int minute, string parent, IEnumerable<string> children, string? bizLocation = null) => $$"""
        { "type": "AggregationEvent", "action": "{{action}}", {{At(minute)}}, "bizStep": "{{(action == "DELETE" ? "unpacking" : "packing")}}", "parentID": "{{parent}}",
          "childEPCs": {{List(children)}} {{(bizLocation is null ? "" : $", \"bizLocation\": {{ \"id\": \"{bizLocation}\" }}")}} }
        """;

    const string ToCustomer = ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00002\" }]";

    // A partner's shipment as pharmaceutical serialisation sends it: items packed into cases, cases into a pallet, and
    // the pallet shipped by its SSCC alone. The cases and every item in them go with it, and the containers themselves
    // follow: nested, shipped, owned by the customer. In one document, or across documents (read from the books).
    [Theory, OnSqlite, OnPostgres]
    public Task A_pallet_of_cases_shipped_by_its_SSCC_alone_carries_the_cases_and_their_items(DbKind kind) => ShipNestedPallet(kind, oneDocument: true);

    [Theory, OnSqlite, OnPostgres]
    public Task A_pallet_of_cases_packed_in_earlier_documents_and_shipped_by_its_SSCC_alone_carries_them_all(DbKind kind) => ShipNestedPallet(kind, oneDocument: false);

    async Task ShipNestedPallet(DbKind kind, bool oneDocument)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", caseA = "urn:epc:id:sscc:0614141.1000000002", caseB = "urn:epc:id:sscc:0614141.1000000003";
        string[] events =
        [
            Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3"), Sgtin("4"), Sgtin("5")], "active", Site),
            Pack("ADD", 1, caseA, [Sgtin("1"), Sgtin("2")], Site),
            Pack("ADD", 2, caseB, [Sgtin("3"), Sgtin("4")], Site),
            Pack("ADD", 3, pallet, [caseA, caseB], Site),
            Object("OBSERVE", 4, "shipping", [pallet], "in_transit", extra: ToCustomer),
        ];
        foreach (var document in oneDocument ? [events] : events.Select(e => new[] { e }))
        {
            await Capture(db, document);
        }

        await using var check = t.NewContext();
        var party = await check.Parties.SingleAsync(p => p.Gln == "0614141000029");
        var boxes = await check.Containers.ToDictionaryAsync(c => c.Sscc!);
        var (p, a, b) = (boxes["106141410000000019"], boxes["106141410000000026"], boxes["106141410000000033"]);
        Assert.Equal([(null, ContainerStatus.Shipped, null, party.Id), (p.Id, ContainerStatus.Shipped, null, party.Id), (p.Id, ContainerStatus.Shipped, null, party.Id)],
            new[] { p, a, b }.Select(c => (c.ParentContainerId, c.Status, c.LocationId, c.OwnerPartyId)));
        foreach (var (serial, held) in new[] { ("1", a), ("2", a), ("3", b), ("4", b) })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal((UnitStatus.InTransit, (long?)held.Id, (long?)party.Id, (long?)null), (unit.Status, unit.ContainerId, unit.OwnerPartyId, unit.LocationId));
        }
        Assert.Equal((UnitStatus.Available, (long?)null), ((await UnitOf(check, "5")).Status, (await UnitOf(check, "5")).ContainerId));
        var shipping = await check.Events.OrderBy(e => e.Id).LastAsync();
        Assert.Equal(EventType.Shipped, shipping.Type);
        Assert.Equal(4, await check.EventUnits.CountAsync(x => x.EventId == shipping.Id));
        Assert.Equal(new[] { (p.Id, ObjectRole.Subject), (a.Id, ObjectRole.Child), (b.Id, ObjectRole.Child) }.OrderBy(x => x.Item1),
            (await check.EventContainers.Where(x => x.EventId == shipping.Id).OrderBy(x => x.ContainerId).ToListAsync()).Select(x => (x.ContainerId, x.Role)));
        Assert.All(new[] { p, a, b }, c => Assert.Equal(shipping.Id, c.LastEventId));
        // Traced from the pallet, the partner's items are found through its cases.
        var traced = await new Tracing(check).TraceAsync(new TraceRoots([], [], [p.Id], "pallet"), TraceDirection.Forward, default);
        Assert.Equal(["1", "2", "3", "4"], traced.Units.Select(u => u.Serial).Order());
    }

    // The pallet itself is where the events put it: received at the dock with what it holds, then emptied by an unpack
    // that names no children. Its history has a row for each event.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_pallet_received_by_its_SSCC_moves_with_its_contents_and_is_emptied_by_its_unpack(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", inner = "urn:epc:id:sscc:0614141.1000000002";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site),
            Pack("ADD", 1, inner, [Sgtin("3")], Site), Pack("ADD", 2, pallet, [Sgtin("1"), Sgtin("2"), inner], Site));

        await Capture(db, Object("OBSERVE", 3, "receiving", [pallet], "in_progress", Dock));
        await using (var check = t.NewContext())
        {
            var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
            var box = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000019");
            Assert.Equal((ContainerStatus.Open, (long?)dock.Id), (box.Status, box.LocationId));
            Assert.Equal((long?)dock.Id, (await check.Containers.SingleAsync(c => c.Sscc == "106141410000000026")).LocationId);
            foreach (var serial in new[] { "1", "2" })
            {
                Assert.Equal(((long?)dock.Id, (long?)box.Id), ((await UnitOf(check, serial)).LocationId, (await UnitOf(check, serial)).ContainerId));
            }
            Assert.Equal((long?)dock.Id, (await UnitOf(check, "3")).LocationId);
        }

        await Capture(db, $$"""{ "type": "AggregationEvent", "action": "DELETE", {{At(4)}}, "bizStep": "unpacking", "parentID": "{{pallet}}" }""");
        await using var after = t.NewContext();
        var emptied = await after.Containers.SingleAsync(c => c.Sscc == "106141410000000019");
        Assert.Equal(ContainerStatus.Emptied, emptied.Status);
        Assert.Null((await after.Containers.SingleAsync(c => c.Sscc == "106141410000000026")).ParentContainerId);
        Assert.All(new[] { "1", "2" }, serial => Assert.Null(after.Units.Single(u => u.Serial == serial).ContainerId));
        Assert.Equal(3, await after.EventContainers.CountAsync(x => x.ContainerId == emptied.Id));
        // The unpack took out two units and the inner case.
        Assert.Equal(3, (await after.Events.OrderBy(e => e.Id).LastAsync()).ObjectCount);
    }

    // A case named twice in one aggregation, once as a URN and once as a Digital Link, is packed once; a case cannot be
    // packed into a pallet it holds (the event is stored, the nesting kept for review).
    [Theory, OnSqlite, OnPostgres]
    public async Task Two_spellings_of_one_case_pack_it_once_and_a_pallet_is_never_packed_into_its_own_case(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", caseA = "urn:epc:id:sscc:0614141.1000000002";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site), Pack("ADD", 1, caseA, [Sgtin("1")], Site),
            Pack("ADD", 2, pallet, [caseA, "https://id.gs1.org/00/106141410000000026"], Site));

        var cycle = await Capture(db, Pack("ADD", 3, caseA, [pallet], Site));

        await using var check = t.NewContext();
        var (p, a) = (await check.Containers.SingleAsync(c => c.Sscc == "106141410000000019"), await check.Containers.SingleAsync(c => c.Sscc == "106141410000000026"));
        Assert.Equal(((long?)null, (long?)p.Id), (p.ParentContainerId, a.ParentContainerId));
        Assert.Equal(2, await check.Containers.CountAsync());
        Assert.Single(await check.EventContainers.Where(x => x.ContainerId == a.Id && x.Role == ObjectRole.Child).ToListAsync());
        Assert.Contains(cycle.Notes, n => n.Code == "epcis.container_cycle" && n.Message.Contains(pallet));
        Assert.Equal(1, await check.EpcisReviewItems.CountAsync(x => x.Code == "epcis.container_cycle"));
    }

    // A case received elsewhere without its pallet leaves the pallet; an unpack naming one case leaves the pallet open
    // with the rest; a pallet packed at another place brings what it still holds.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_case_moved_alone_leaves_its_pallet_a_partial_unpack_keeps_it_open_and_packing_elsewhere_brings_the_contents(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", caseA = "urn:epc:id:sscc:0614141.1000000002", caseB = "urn:epc:id:sscc:0614141.1000000003";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site),
            Pack("ADD", 1, caseA, [Sgtin("1")], Site), Pack("ADD", 2, caseB, [Sgtin("2")], Site), Pack("ADD", 3, pallet, [caseA, caseB, Sgtin("3")], Site));

        await Capture(db, Object("OBSERVE", 4, "receiving", [caseA], bizLocation: Dock));
        await Capture(db, Pack("DELETE", 5, pallet, [caseB]));

        await using (var check = t.NewContext())
        {
            var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
            var a = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000026");
            var b = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000033");
            var p = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000019");
            Assert.Equal(((long?)null, (long?)dock.Id), (a.ParentContainerId, a.LocationId));
            Assert.Equal(((long?)dock.Id, (long?)a.Id), ((await UnitOf(check, "1")).LocationId, (await UnitOf(check, "1")).ContainerId));
            Assert.Null(b.ParentContainerId);
            Assert.Equal((ContainerStatus.Open, (long?)p.Id), (p.Status, (await UnitOf(check, "3")).ContainerId));
        }

        await Capture(db, Pack("ADD", 6, pallet, [caseA], Dock));
        await using var after = t.NewContext();
        var dockId = (await after.Locations.SingleAsync(l => l.Code == "0614141073467.1234")).Id;
        var palletId = (await after.Containers.SingleAsync(c => c.Sscc == "106141410000000019")).Id;
        Assert.Equal(((long?)dockId, (long?)palletId), ((await UnitOf(after, "3")).LocationId, (await UnitOf(after, "3")).ContainerId));
        Assert.Equal((long?)palletId, (await after.Containers.SingleAsync(c => c.Sscc == "106141410000000026")).ParentContainerId);
        Assert.Equal((long?)dockId, (await UnitOf(after, "1")).LocationId);
        Assert.NotEqual((long?)dockId, (await UnitOf(after, "2")).LocationId);
    }

    // Things can leave a pallet without an event naming it: a unit received elsewhere on its own, a case shipped on its
    // own. The pallet, read from the books, has each of those events in its history (as the parent they left), is
    // emptied when the last thing goes, and is not counted as shipped by the shipment of its case.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_pallet_that_things_leave_unnamed_records_each_leaving_and_is_emptied_by_the_last(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", caseA = "urn:epc:id:sscc:0614141.1000000002";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site),
            Pack("ADD", 1, caseA, [Sgtin("1")], Site), Pack("ADD", 2, pallet, [caseA, Sgtin("2")], Site));

        await Capture(db, Object("OBSERVE", 3, "receiving", [Sgtin("2")], bizLocation: Dock));
        await using (var check = t.NewContext())
        {
            var p = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000019");
            var received = await check.Events.OrderBy(e => e.Id).LastAsync();
            Assert.Equal((ContainerStatus.Open, received.Id), (p.Status, p.LastEventId));
            var row = await check.EventContainers.SingleAsync(x => x.EventId == received.Id && x.ContainerId == p.Id);
            Assert.Equal((ObjectRole.Parent, ContainerStatus.Open), (row.Role, row.Status));
            Assert.Equal(1, received.ObjectCount);
        }

        await Capture(db, Object("OBSERVE", 4, "shipping", [caseA], "in_transit", extra: ToCustomer));
        await using var after = t.NewContext();
        var (pal, box) = (await after.Containers.SingleAsync(c => c.Sscc == "106141410000000019"), await after.Containers.SingleAsync(c => c.Sscc == "106141410000000026"));
        var shipping = await after.Events.OrderBy(e => e.Id).LastAsync();
        Assert.Equal((ContainerStatus.Emptied, shipping.Id, (long?)null), (pal.Status, pal.LastEventId, box.ParentContainerId));
        Assert.Equal(ContainerStatus.Shipped, box.Status);
        Assert.Equal(new[] { (pal.Id, ObjectRole.Parent), (box.Id, ObjectRole.Subject) }.OrderBy(x => x.Item1),
            (await after.EventContainers.Where(x => x.EventId == shipping.Id).OrderBy(x => x.ContainerId).ToListAsync()).Select(x => (x.ContainerId, x.Role)));
        // Unit 1 in its case, and the case itself.
        Assert.Equal(2, shipping.ObjectCount);
        var traced = await new Tracing(after).TraceAsync(new TraceRoots([], [], [pal.Id], "pallet"), TraceDirection.Forward, default);
        Assert.DoesNotContain(traced.Shipments, s => s.ContainerId == pal.Id);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_transformation_consumes_its_inputs_and_records_the_genealogy_that_trace_follows(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("BOARD", "Board", Gtin: Gtin), default);
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("C1"), Sgtin("C2")], "active", Site));

        await Capture(db, $$"""
            { "type": "TransformationEvent", {{At(3)}}, "bizStep": "assembling", "inputEPCList": {{List([Sgtin("C1"), Sgtin("C2")])}},
              "outputEPCList": ["urn:epc:id:sgtin:0614141.107347.F1"], "bizLocation": { "id": "{{Site}}" } }
            """);

        await using var check = t.NewContext();
        Assert.Equal(UnitStatus.Consumed, (await UnitOf(check, "C1")).Status);
        var output = await UnitOf(check, "F1");
        Assert.Equal(UnitStatus.Available, output.Status);
        var tracing = new Tracing(check);
        var backward = await tracing.TraceAsync(new TraceRoots([output.Id], [], [], "F1"), TraceDirection.Backward, default);
        Assert.Equal(["C1", "C2"], backward.Units.Select(u => u.Serial).Where(s => s != "F1").Order());
        Assert.Equal("BOARD", (await check.Products.SingleAsync(p => p.Id == (check.Units.Single(u => u.Serial == "C1").ProductId))).Sku);
    }

    // A document is projected as a whole, but each event sees what the events before it in the document did.
    [Theory, OnSqlite, OnPostgres]
    public async Task Each_event_of_a_document_sees_the_state_the_events_before_it_left(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("9")], "active", Site));
        const string pallet = "urn:epc:id:sscc:0614141.1234567890";

        var result = await Capture(db,
            Object("ADD", 1, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site),
            $$"""{ "type": "AggregationEvent", "action": "ADD", {{At(2)}}, "bizStep": "packing", "parentID": "{{pallet}}", "childEPCs": {{List([Sgtin("1"), Sgtin("2")])}} }""",
            $$"""{ "type": "AggregationEvent", "action": "DELETE", {{At(3)}}, "bizStep": "unpacking", "parentID": "{{pallet}}" }""",
            Object("OBSERVE", 4, "shipping", [Sgtin("1")], "in_transit",
                extra: ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00002\" }]"),
            Object("OBSERVE", 5, "receiving", [Sgtin("9")], bizLocation: Dock),
            Object("DELETE", 6, "destroying", [Sgtin("9")], "destroyed"));

        Assert.DoesNotContain(result.Notes, n => n.Code.StartsWith("epcis.unknown", StringComparison.Ordinal) || n.Code == "epcis.already_commissioned");
        await using var check = t.NewContext();
        var natives = await check.EpcisEvents.Where(s => s.CaptureId == result.Job.Id).OrderBy(s => s.Id).Select(s => s.NativeEventId!.Value).ToListAsync();
        var rows = await check.EventUnits.Where(x => natives.Contains(x.EventId)).ToListAsync();
        Assert.Equal([2, 2, 2, 1, 1, 1], natives.Select(n => rows.Count(x => x.EventId == n)));
        var container = await check.Containers.SingleAsync();
        var site = await check.Locations.SingleAsync(l => l.Gln == "0614141073467");
        Assert.All(rows.Where(x => x.EventId == natives[1]), x => Assert.Equal(container.Id, x.ContainerId));
        Assert.All(rows.Where(x => x.EventId == natives[2]), x => Assert.Equal((site.Id, (long?)null), (x.FromLocationId!.Value, x.ContainerId)));
        var one = await UnitOf(check, "1");
        Assert.Equal((UnitStatus.InTransit, (long?)null, natives[3]), (one.Status, one.ContainerId, one.LastEventId));
        Assert.NotNull(one.ShippedAt);
        Assert.Equal((UnitStatus.Available, (long?)site.Id, (long?)null), ((await UnitOf(check, "2")).Status, (await UnitOf(check, "2")).LocationId, (await UnitOf(check, "2")).ContainerId));
        var nine = await UnitOf(check, "9");
        Assert.Equal((UnitStatus.Scrapped, natives[5], 1), (nine.Status, nine.LastEventId, nine.Version));
        Assert.Equal(check.Locations.Single(l => l.Code == "0614141073467.1234").Id, rows.Single(x => x.EventId == natives[5]).FromLocationId);
    }

    static string Lots(string key, params (string Lot, int Quantity)[] lines) =>
        $", \"{key}\": [" + string.Join(", ", lines.Select(l => $"{{ \"epcClass\": \"urn:epc:class:lgtin:0614141.107346.{l.Lot}\", \"quantity\": {l.Quantity} }}")) + "]";

    static async Task<Dictionary<string, decimal>> BalancesOf(SerialTrackDbContext db, string lot) =>
        await (from b in db.LotBalances
               join l in db.Lots on b.LotId equals l.Id
               join p in db.Locations on b.LocationId equals p.Id
               where l.Code == lot && b.Quantity != 0
               select new { p.Code, b.Quantity }).ToDictionaryAsync(x => x.Code, x => x.Quantity);

    // A transformation at a place that consumes a quantity of lot L1 into a new unit F1.
    static string Assembling(int minute, string place, int quantity) => $$"""
        { "type": "TransformationEvent", {{At(minute)}}, "bizStep": "assembling", "bizLocation": { "id": "{{place}}" },
          "inputQuantityList": [{ "epcClass": "urn:epc:class:lgtin:0614141.107346.L1", "quantity": {{quantity}} }],
          "outputEPCList": ["urn:epc:id:sgtin:0614141.107347.F1"] }
        """;

    // Lot quantities (quantityList) move lot balances through the ledger, with the native history rows.
    [Theory, OnSqlite, OnPostgres]
    public async Task Lot_quantities_are_commissioned_moved_shipped_and_consumed_and_a_shortfall_is_kept_for_review(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var first = await Capture(db, Object("ADD", 0, "commissioning", [], "active", Site, Lots("quantityList", ("L1", 100))));
        await Capture(db, Object("OBSERVE", 1, "storing", [], bizLocation: Dock, extra: Lots("quantityList", ("L1", 30))));
        await Capture(db, Object("OBSERVE", 2, "shipping", [], extra: Lots("quantityList", ("L1", 20))
            + ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00002\" }]"));
        await using (var check = t.NewContext())
        {
            Assert.Equal(new Dictionary<string, decimal> { ["0614141073467"] = 50, ["0614141073467.1234"] = 30 }, await BalancesOf(check, "L1"));
            Assert.Equal(TrackingMode.Lot, (await check.Products.SingleAsync(p => p.Gtin == Gtin)).Tracking);
            Assert.Contains(first.Notes, n => n.Code == "epcis.lot_created");
        }

        var made = await Capture(db, Assembling(3, Dock, 100));

        await using var after = t.NewContext();
        Assert.Empty(await BalancesOf(after, "L1"));
        var review = Assert.Single(made.Notes, n => n.Code == "epcis.lot_short");
        Assert.Contains("held 80", review.Message);
        Assert.Equal(1, await after.EpcisReviewItems.CountAsync(r => r.Code == "epcis.lot_short"));
        var lot = await after.Lots.SingleAsync(l => l.Code == "L1");
        Assert.Equal(5, await after.EventLots.CountAsync(x => x.LotId == lot.Id));
        var output = await UnitOf(after, "F1");
        var backward = await new Tracing(after).TraceAsync(new TraceRoots([output.Id], [], [], "F1"), TraceDirection.Backward, default);
        Assert.Equal(lot.Id, Assert.Single(backward.Lots).Id);
    }

    // Quantities carry their unit (UN/ECE Rec. 20): a lot product first heard of in kilograms is kept in kilograms, grams
    // of it are converted, and litres of it cannot be counted, so they are stored and noted but move no balance.
    [Theory, OnSqlite, OnPostgres]
    public async Task Lot_quantities_are_counted_in_the_products_unit_and_a_unit_of_another_kind_is_not_followed(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        static string In(string uom, decimal quantity) =>
            $", \"quantityList\": [{{ \"epcClass\": \"urn:epc:class:lgtin:0614141.107346.L1\", \"quantity\": {quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}, \"uom\": \"{uom}\" }}]";

        await Capture(db, Object("ADD", 0, "commissioning", [], "active", Site, In("KGM", 100)));
        await Capture(db, Object("DELETE", 1, "destroying", [], "destroyed", Site, In("GRM", 500)));
        var litres = await Capture(db, Object("DELETE", 2, "destroying", [], "destroyed", Site, In("LTR", 2)));

        await using var check = t.NewContext();
        Assert.Equal("kg", (await check.Products.SingleAsync(p => p.Gtin == Gtin)).Uom);
        Assert.Equal(new Dictionary<string, decimal> { ["0614141073467"] = 99.5m }, await BalancesOf(check, "L1"));
        Assert.Contains(litres.Notes, n => n.Code == "epcis.quantity_not_followed" && n.Message.Contains("2 LTR") && n.Message.Contains("(kg)"));
        Assert.Equal(0, await check.EpcisReviewItems.CountAsync());
    }

    // The same moves within one document, with the same expectations as the test above: each event sees the balances the
    // events before it left, though the document's lots are followed in memory and saved once.
    [Theory, OnSqlite, OnPostgres]
    public async Task Lot_quantities_moved_by_the_events_of_one_document_add_up_as_across_documents(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();

        var result = await Capture(db,
            Object("ADD", 0, "commissioning", [], "active", Site, Lots("quantityList", ("L1", 100), ("L2", 7))),
            Object("OBSERVE", 1, "storing", [], bizLocation: Dock, extra: Lots("quantityList", ("L1", 30))),
            Object("OBSERVE", 2, "shipping", [], extra: Lots("quantityList", ("L1", 20)) + ToCustomer),
            Assembling(3, Dock, 100));

        await using var check = t.NewContext();
        Assert.Empty(await BalancesOf(check, "L1"));
        Assert.Equal(new Dictionary<string, decimal> { ["0614141073467"] = 7 }, await BalancesOf(check, "L2"));
        Assert.Contains("held 80", Assert.Single(result.Notes, n => n.Code == "epcis.lot_short").Message);
        var lot = await check.Lots.SingleAsync(l => l.Code == "L1");
        Assert.Equal(5, await check.EventLots.CountAsync(x => x.LotId == lot.Id));
        Assert.Equal(2, result.Notes.Count(n => n.Code == "epcis.lot_created"));
    }

    // Balances read from the books and balances the document makes are followed together: a tie between them goes to
    // the place made first, whichever balance came first; an event's lot rows are numbered in order; and EF's change
    // detection is back on afterwards.
    [Theory, OnSqlite, OnPostgres]
    public async Task Lot_balances_from_the_books_and_from_the_document_are_drawn_in_one_stable_order(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [], "active", Dock, Lots("quantityList", ("L2", 1))));
        await Capture(db, Object("ADD", 1, "commissioning", [], "active", Site, Lots("quantityList", ("L1", 100))));

        var result = await Capture(db,
            Object("OBSERVE", 2, "storing", [], bizLocation: Dock, extra: Lots("quantityList", ("L1", 50))),
            Object("OBSERVE", 3, "shipping", [], extra: Lots("quantityList", ("L1", 10)) + ToCustomer),
            Assembling(4, Site, 60));

        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        await using var check = t.NewContext();
        var (dock, site) = (await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234"), await check.Locations.SingleAsync(l => l.Code == "0614141073467"));
        Assert.True(dock.Id < site.Id);
        Assert.Equal(new Dictionary<string, decimal> { [dock.Code] = 30 }, await BalancesOf(check, "L1"));
        var natives = await check.EpcisEvents.Where(s => s.CaptureId == result.Job.Id).OrderBy(s => s.Id).Select(s => s.NativeEventId!.Value).ToListAsync();
        var lot = await check.Lots.SingleAsync(l => l.Code == "L1");
        var rows = await check.EventLots.Where(x => x.LotId == lot.Id && natives.Contains(x.EventId)).ToListAsync();
        // Site and dock held 50 each when the shipment, which names no place, took 10: the dock, made first, gave it.
        Assert.Equal((long?)dock.Id, rows.Single(x => x.EventId == natives[1]).FromLocationId);
        Assert.Equal([(1, (long?)site.Id, 50m), (2, (long?)dock.Id, 10m)],
            rows.Where(x => x.EventId == natives[2]).OrderBy(x => x.Line).Select(x => (x.Line, x.FromLocationId, x.Quantity)));
    }

    // Scrapped by a DELETE or by the disposition destroyed, a unit leaves the inventory as a native scrapping leaves it:
    // no place, no case (the case it was in is emptied by the last one).
    [Theory, OnSqlite, OnPostgres]
    public async Task Dispositions_set_the_status_destroyed_scraps_and_recalled_holds(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string box = "urn:epc:id:sscc:0614141.1000000002";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site), Pack("ADD", 1, box, [Sgtin("2"), Sgtin("3")], Site));

        await Capture(db, Object("OBSERVE", 2, "holding", [Sgtin("1")], "recalled"), Object("DELETE", 3, "destroying", [Sgtin("2")], "destroyed"),
            Object("OBSERVE", 4, "inspecting", [Sgtin("3")], "destroyed"));

        await using var check = t.NewContext();
        Assert.Equal(UnitStatus.OnHold, (await UnitOf(check, "1")).Status);
        foreach (var serial in new[] { "2", "3" })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal((UnitStatus.Scrapped, (long?)null, (long?)null), (unit.Status, unit.LocationId, unit.ContainerId));
        }
        Assert.Equal(ContainerStatus.Emptied, (await check.Containers.SingleAsync()).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Contradicting_events_are_stored_and_followed_and_each_contradiction_is_kept_for_review(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site));

        var result = await Capture(db,
            Object("OBSERVE", 1, "inspecting", [Sgtin("1")], bizLocation: Dock),
            Object("OBSERVE", 2, "inspecting", [Sgtin("404")], bizLocation: Dock),
            Object("DELETE", 3, "decommissioning", [Sgtin("405")]));

        Assert.Equal(["epcis.location_mismatch", "epcis.unknown_epc", "epcis.unknown_epc"],
            result.Notes.Where(n => n.Code is "epcis.location_mismatch" or "epcis.unknown_epc").Select(n => n.Code));
        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        Assert.Equal(dock.Id, (await UnitOf(check, "1")).LocationId);
        Assert.Equal((UnitStatus.Available, (long?)dock.Id), ((await UnitOf(check, "404")).Status, (await UnitOf(check, "404")).LocationId));
        Assert.Equal(UnitStatus.Scrapped, (await UnitOf(check, "405")).Status);
        var review = await check.EpcisReviewItems.OrderBy(r => r.Id).ToListAsync();
        Assert.Equal(3, review.Count);
        Assert.All(review, r => Assert.NotNull(r.UnitId));
        Assert.Equal([Sgtin("1"), Sgtin("404"), Sgtin("405")], review.Select(r => r.Epc));
        Assert.Equal(4, await check.EpcisEvents.CountAsync());
        Assert.Equal(0, await check.EpcisEvents.CountAsync(e => e.NativeEventId == null));
    }

    // Events arrive out of order: the supplier's shipping notice after the goods were received, or a document whose
    // events are not in time order. An event older than one the unit already had goes into its history without
    // undoing the later state, and the job says so.
    [Theory, OnSqlite, OnPostgres]
    public async Task An_event_older_than_the_units_latest_is_added_to_its_history_and_leaves_its_state(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site));
        await Capture(db, Object("OBSERVE", 10, "receiving", [Sgtin("1"), Sgtin("2")], "in_progress", Dock));

        var notice = await Capture(db, Object("OBSERVE", 5, "shipping", [Sgtin("1"), Sgtin("2")], "in_transit", extra: ToCustomer));
        var inOneDocument = await Capture(db, Object("OBSERVE", 30, "inspecting", [Sgtin("3")], "active", Dock), Object("OBSERVE", 20, "storing", [Sgtin("3")], "active", Site));

        Assert.Contains(notice.Notes, n => n.Code == "epcis.late_event" && n.Message.StartsWith("2 units", StringComparison.Ordinal));
        Assert.Single(inOneDocument.Notes, n => n.Code == "epcis.late_event");
        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        var receiving = await check.Events.SingleAsync(e => e.BizStep == "receiving");
        foreach (var serial in new[] { "1", "2", "3" })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal((UnitStatus.Available, (long?)dock.Id, (long?)null), (unit.Status, unit.LocationId, unit.OwnerPartyId));
        }
        Assert.Equal(receiving.Id, (await UnitOf(check, "1")).LastEventId);
        var shipping = await check.Events.SingleAsync(e => e.BizStep == "shipping");
        var one = await UnitOf(check, "1");
        var row = await check.EventUnits.SingleAsync(x => x.EventId == shipping.Id && x.UnitId == one.Id);
        Assert.Equal((UnitStatus.InTransit, (long?)shipping.DestinationPartyId), (row.Status, row.OwnerPartyId));
        Assert.NotNull(shipping.DestinationPartyId);
        Assert.Equal(0, await check.EpcisReviewItems.CountAsync());
    }

    // The same for a pallet: received at the dock, then the supplier's notice that shipped it earlier arrives. The
    // pallet and its units stay at the dock, the pallet's history has the notice, and a late unpack leaves it packed.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_late_notice_about_a_pallet_leaves_the_pallet_and_its_contents_where_the_later_receipt_put_them(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site), Pack("ADD", 1, pallet, [Sgtin("1"), Sgtin("2")], Site));
        await Capture(db, Object("OBSERVE", 10, "receiving", [pallet], "in_progress", Dock));

        await Capture(db, Object("OBSERVE", 5, "shipping", [pallet], "in_transit", extra: ToCustomer));
        await Capture(db, $$"""{ "type": "AggregationEvent", "action": "DELETE", {{At(6)}}, "bizStep": "unpacking", "parentID": "{{pallet}}" }""");

        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        var p = await check.Containers.SingleAsync(c => c.Sscc == "106141410000000019");
        var receiving = await check.Events.SingleAsync(e => e.BizStep == "receiving");
        Assert.Equal((ContainerStatus.Open, (long?)dock.Id, (long?)null, (long?)receiving.Id), (p.Status, p.LocationId, p.OwnerPartyId, p.LastEventId));
        foreach (var serial in new[] { "1", "2" })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal(((long?)dock.Id, (long?)p.Id, (long?)null), (unit.LocationId, unit.ContainerId, unit.OwnerPartyId));
        }
        var shipping = await check.Events.SingleAsync(e => e.BizStep == "shipping");
        Assert.True(await check.EventContainers.AnyAsync(x => x.EventId == shipping.Id && x.ContainerId == p.Id));
        Assert.Equal(4, await check.EventContainers.CountAsync(x => x.ContainerId == p.Id));
    }

    // A sender corrects an event (EPCIS 2.0 §7.4.1.2) by sending it again, unchanged and with the same eventID, with an
    // errorDeclaration, and the corrected event under a new eventID. The declaration is stored beside the event, found by
    // EXISTS_errorDeclaration and by the eventID; it undoes nothing, but each unit of the declared event is listed for
    // review. A declaration is stored once, under either eventID.
    [Theory, OnSqlite, OnPostgres]
    public async Task An_error_declaration_is_stored_beside_its_event_once_and_lists_the_events_units_for_review(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string shippingId = "urn:uuid:6b1e8d0e-0000-4000-8000-000000000001", correctiveId = "urn:uuid:6b1e8d0e-0000-4000-8000-000000000002";
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site));
        var shipping = Object("OBSERVE", 1, "shipping", [Sgtin("1"), Sgtin("2")], "in_transit", extra: ToCustomer + $", \"eventID\": \"{shippingId}\"");
        await Capture(db, shipping);
        const string declaration = $", \"errorDeclaration\": {{ \"declarationTime\": \"2026-03-02T10:00:00Z\", \"reason\": \"urn:epcglobal:cbv:er:incorrect_data\", \"correctiveEventIDs\": [\"{correctiveId}\"] }}";

        var result = await Capture(db, shipping.TrimEnd()[..^1] + declaration + " }",
            Object("OBSERVE", 1, "shipping", [Sgtin("1")], "in_transit", extra: ToCustomer + $", \"eventID\": \"{correctiveId}\""));

        Assert.Equal(2, result.Job.StoredCount);
        Assert.Contains(result.Notes, n => n.Code == "epcis.error_declared" && n.Message.Contains("(incorrect_data); corrected by " + correctiveId) && n.Message.Contains("2 units"));
        await using (var check = t.NewContext())
        {
            Assert.Equal([false, true], await check.EpcisEvents.Where(e => e.EventId == shippingId).OrderBy(e => e.Id).Select(e => e.DeclaresError).ToListAsync());
            var reviewed = await check.EpcisReviewItems.Where(r => r.Code == "epcis.error_declared").Select(r => r.UnitId).ToListAsync();
            Assert.Equal([(await UnitOf(check, "1")).Id, (await UnitOf(check, "2")).Id], reviewed.Order().Select(id => id!.Value));
            // Nothing undone: unit 2 is still where the declared shipment took it.
            Assert.Equal(UnitStatus.InTransit, (await UnitOf(check, "2")).Status);
            Assert.Equal(UnitStatus.Available, (await UnitOf(check, "3")).Status);
            var querying = new EpcisQuerying(check);
            Assert.Contains("errorDeclaration", (await querying.EventAsync(shippingId, null, default)).Json);
            var declared = await querying.EventsAsync(EpcisQuery.Parse([new("EXISTS_errorDeclaration", "")]), default);
            Assert.Equal([shippingId], declared.Events.Select(e => e.EventId));
            Assert.Equal(2, (await querying.EventsAsync(EpcisQuery.Parse([new("EQ_eventID", shippingId)]), default)).Events.Count);
        }

        var again = await new EpcisCapturing(db, clock).CaptureAsync(Document(shipping.TrimEnd()[..^1] + declaration + " }"), EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        var renamed = await new EpcisCapturing(db, clock).CaptureAsync(Document(shipping.Replace(shippingId, "urn:uuid:6b1e8d0e-0000-4000-8000-000000000003").TrimEnd()[..^1] + declaration + " }"),
            EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Partner, default);
        Assert.Equal((0, 1, 0, 1), (again.Job.StoredCount, again.Job.DuplicateCount, renamed.Job.StoredCount, renamed.Job.DuplicateCount));
        await using var after = t.NewContext();
        Assert.Equal(2, await after.EpcisReviewItems.CountAsync(r => r.Code == "epcis.error_declared"));
    }

    // A declaration of an event this installation never stored is kept (it is what the sender said) and reviewed, and
    // creates nothing.
    [Theory, OnSqlite, OnPostgres]
    public async Task An_error_declaration_of_an_unknown_event_is_stored_and_reviewed_and_creates_nothing(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string id = "urn:uuid:6b1e8d0e-0000-4000-8000-000000000009";

        var result = await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site,
            $", \"eventID\": \"{id}\", \"errorDeclaration\": {{ \"declarationTime\": \"2026-03-02T10:00:00Z\", \"reason\": \"did_not_occur\" }}"));

        Assert.Equal(1, result.Job.StoredCount);
        Assert.Contains(result.Notes, n => n.Code == "epcis.error_declared" && n.Message.Contains("No such event is stored here"));
        await using var check = t.NewContext();
        Assert.Equal(0, await check.Units.CountAsync());
        var review = await check.EpcisReviewItems.SingleAsync();
        Assert.Equal(("epcis.error_declared", (long?)null, id), (review.Code, review.UnitId, review.Epc));
        Assert.Null((await check.EpcisEvents.SingleAsync()).NativeEventId);

        // The event itself arriving afterwards is followed, and its unit is listed for review as the declaration says.
        var arrived = await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site, $", \"eventID\": \"{id}\""));
        Assert.Contains(arrived.Notes, n => n.Code == "epcis.error_declared" && n.Message.Contains("already been declared erroneous"));
        await using var after = t.NewContext();
        var unit = await UnitOf(after, "1");
        Assert.Equal([(long?)null, unit.Id], await after.EpcisReviewItems.OrderBy(r => r.Id).Select(r => r.UnitId).ToListAsync());
    }

    // A hold placed here outlives what partners report: a captured receiving moves a held unit but leaves it on hold,
    // and a captured shipment of it is followed; both are kept for review. A partner's own "recalled" is no such hold.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_held_here_stays_on_hold_through_a_captured_event_and_its_shipment_is_reviewed(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2"), Sgtin("3")], "active", Site));
        var sku = (await db.Products.SingleAsync(p => p.Gtin == Gtin)).Sku;
        await new Core.Processes.Holds(db, clock).HoldAsync(new Core.Processes.HoldRequest("Stripped threads", [new(sku, "1"), new(sku, "2")]), new Actor(null, "qa"), default);
        await Capture(db, Object("OBSERVE", 1, "holding", [Sgtin("3")], "recalled"));

        var received = await Capture(db, Object("OBSERVE", 2, "receiving", [Sgtin("1"), Sgtin("3")], "in_progress", Dock));
        var shipped = await Capture(db, Object("OBSERVE", 3, "shipping", [Sgtin("2")], "in_transit", extra: ToCustomer));

        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        var one = await UnitOf(check, "1");
        Assert.Equal((UnitStatus.OnHold, (long?)dock.Id), (one.Status, one.LocationId));
        Assert.Equal(UnitStatus.Available, (await UnitOf(check, "3")).Status);
        Assert.Equal(["epcis.held"], received.Notes.Where(n => n.Code.StartsWith("epcis.held", StringComparison.Ordinal)).Select(n => n.Code));
        Assert.Contains(shipped.Notes, n => n.Code == "epcis.held_shipped");
        Assert.NotNull((await UnitOf(check, "2")).OwnerPartyId);
        Assert.Equal(2, await check.EpcisReviewItems.CountAsync(r => r.Code.StartsWith("epcis.held")));
    }

    // Decommissioning a unit already destroyed is how CBV ends its life (destroying, then decommissioning): not news.
    [Theory, OnSqlite, OnPostgres]
    public async Task Decommissioning_a_destroyed_unit_is_not_reviewed(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site), Object("OBSERVE", 1, "destroying", [Sgtin("1")], "destroyed"));

        await Capture(db, Object("DELETE", 2, "decommissioning", [Sgtin("1")]));

        Assert.Equal(0, await db.EpcisReviewItems.CountAsync());
    }

    // The shipping notice arrives after the pallet was received, and brings the pallet's whole story: the units made,
    // packed into a case, the case onto the pallet, the pallet shipped. Packing into the pallet, whose receipt is later,
    // puts the case and its units where the pallet now is; the shipment, older than the receipt, moves none of them.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_notice_telling_a_received_pallets_story_late_leaves_its_contents_in_it_at_the_dock(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string pallet = "urn:epc:id:sscc:0614141.1000000001", box = "urn:epc:id:sscc:0614141.1000000002";
        await Capture(db, Object("OBSERVE", 10, "receiving", [pallet], "in_progress", Dock));

        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1"), Sgtin("2")], "active", Site), Pack("ADD", 1, box, [Sgtin("1"), Sgtin("2")], Site),
            Pack("ADD", 2, pallet, [box], Site), Object("OBSERVE", 3, "shipping", [pallet], "in_transit", extra: ToCustomer));

        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        var (p, c) = (await check.Containers.SingleAsync(x => x.Sscc == "106141410000000019"), await check.Containers.SingleAsync(x => x.Sscc == "106141410000000026"));
        Assert.Equal((ContainerStatus.Open, (long?)dock.Id, (long?)null), (p.Status, p.LocationId, p.OwnerPartyId));
        Assert.Equal(((long?)p.Id, (long?)dock.Id, ContainerStatus.Open), (c.ParentContainerId, c.LocationId, c.Status));
        foreach (var serial in new[] { "1", "2" })
        {
            var unit = await UnitOf(check, serial);
            Assert.Equal((UnitStatus.Available, (long?)dock.Id, (long?)c.Id, (long?)null), (unit.Status, unit.LocationId, unit.ContainerId, unit.OwnerPartyId));
        }
    }

    // Goods a supplier's notice announced in transit to us are received with the ordinary receipt: by serial, they
    // become available where they are received instead of being refused as existing serials. A serial in our stock is
    // still refused.
    [Theory, OnSqlite, OnPostgres]
    public async Task Units_announced_in_transit_to_us_are_received_by_an_ordinary_receipt(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await new Core.Locations.LocationCatalog(db, clock).CreateAsync(new Core.Locations.LocationInput("RCV", "Receiving", Core.Locations.LocationKind.Zone), default);
        const string ToUs = ", \"destinationList\": [{ \"type\": \"owning_party\", \"destination\": \"urn:epc:id:pgln:0614141.00001\" }]";
        await Capture(db, Object("ADD", 0, "commissioning", ["urn:epc:id:sgtin:4012345.011111.A1", "urn:epc:id:sgtin:4012345.011111.A2"], "active", "urn:epc:id:sgln:4012345.00001.0"),
            Object("OBSERVE", 1, "shipping", ["urn:epc:id:sgtin:4012345.011111.A1", "urn:epc:id:sgtin:4012345.011111.A2"], "in_transit", extra: ToUs));
        var sku = (await db.Products.SingleAsync(p => p.Gtin == "04012345111118")).Sku;

        await new Core.Processes.Receiving(db, clock).ReceiveAsync(new Core.Processes.ReceiveRequest("RCV", [new Core.Processes.ReceiptLine(sku, ["A1"])]), Partner, default);

        await using var check = t.NewContext();
        var rcv = await check.Locations.SingleAsync(l => l.Code == "RCV");
        var a1 = await UnitOf(check, "A1");
        Assert.Equal((UnitStatus.Available, (long?)rcv.Id, (long?)null), (a1.Status, a1.LocationId, a1.OwnerPartyId));
        Assert.Equal(EventType.Received, (await check.Events.SingleAsync(e => e.Id == a1.LastEventId)).Type);
        Assert.Equal(UnitStatus.InTransit, (await UnitOf(check, "A2")).Status);
        var again = await Assert.ThrowsAsync<DomainException>(() =>
            new Core.Processes.Receiving(db, clock).ReceiveAsync(new Core.Processes.ReceiveRequest("RCV", [new Core.Processes.ReceiptLine(sku, ["A1"])]), Partner, default));
        Assert.Equal("unit.duplicate_serial", again.Code);
    }

    // A late event's row is the unit as it stood at that moment: the place the event gives, and the rest (status, owner)
    // as they were then, not as the later shipment left them. The state at a moment between the two shows it.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_late_events_history_row_is_the_unit_as_it_stood_at_that_moment(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site));
        await Capture(db, Object("OBSERVE", 10, "shipping", [Sgtin("1")], "in_transit", extra: ToCustomer));

        await Capture(db, Object("OBSERVE", 5, "storing", [Sgtin("1")], bizLocation: Dock));

        await using var check = t.NewContext();
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        var unit = await UnitOf(check, "1");
        Assert.NotNull(unit.OwnerPartyId);
        var then = await new PointInTime(check).UnitAsync(unit.Id, DateTimeOffset.Parse("2026-03-01T09:07:00Z", System.Globalization.CultureInfo.InvariantCulture), default);
        Assert.Equal((UnitStatus.Available, (long?)dock.Id, (long?)null), (then!.Status, then.LocationId, then.OwnerPartyId));
    }

    // A unit observed after it was scrapped is reviewed even when the observation changes nothing but its place; an
    // observation from before the scrapping, arriving late, is not.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_scrapped_unit_observed_again_is_reviewed_and_a_late_observation_from_before_is_not(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site), Object("DELETE", 5, "destroying", [Sgtin("1")], "destroyed"));

        await Capture(db, Object("OBSERVE", 3, "inspecting", [Sgtin("1")], bizLocation: Dock));
        Assert.Equal(0, await db.EpcisReviewItems.CountAsync());
        var again = await Capture(db, Object("OBSERVE", 9, "inspecting", [Sgtin("1")], bizLocation: Dock));

        Assert.Contains(again.Notes, n => n.Code == "epcis.after_end_of_life");
        await using var check = t.NewContext();
        Assert.Equal("epcis.after_end_of_life", (await check.EpcisReviewItems.SingleAsync()).Code);
        Assert.Equal(UnitStatus.Scrapped, (await UnitOf(check, "1")).Status);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_review_item_is_listed_on_its_unit_until_someone_marks_it_reviewed(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await Capture(db, Object("OBSERVE", 1, "inspecting", [Sgtin("77")], bizLocation: Dock));
        var unit = await UnitOf(db, "77");
        var reviews = new EpcisReviews(db, clock);

        var open = Assert.Single(await reviews.ForUnitAsync(unit.Id, default));
        await reviews.ResolveAsync(open.Id, new Actor(null, "ann"), default);
        var done = Assert.Single(await reviews.ForUnitAsync(unit.Id, default));
        var missing = await Assert.ThrowsAsync<DomainException>(() => reviews.ResolveAsync(open.Id + 100, new Actor(null, "ann"), default));

        Assert.Equal(("epcis.unknown_epc", (DateTimeOffset?)null), (open.Code, open.ResolvedAt));
        Assert.NotNull(open.CaptureId);
        Assert.Equal(("ann", (DateTimeOffset?)clock.GetUtcNow()), (done.ResolvedBy, done.ResolvedAt));
        Assert.Equal(ErrorKind.NotFound, missing.Kind);
    }

    // A distributor learns of a manufacturer's units from the manufacturer's events: that first news creates the units and
    // is counted per event, and only what this installation would have commissioned itself is queued for review.
    [Theory, OnSqlite, OnPostgres]
    public async Task First_news_of_another_companys_units_creates_them_and_is_counted_not_queued_for_review(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var settings = new InstallationSettings(db, clock);

        var unset = await Capture(db, Object("OBSERVE", 1, "receiving", [Sgtin("1"), Sgtin("2"), Sgtin("3")], bizLocation: Dock), Object("OBSERVE", 2, "receiving", [Sgtin("4")], bizLocation: Dock));
        await settings.SetAsync(Settings.CompanyPrefix, "0799999", default);
        await settings.SetAsync(Settings.EpcisBaseUri, "https://ours.example/st", default);
        var foreign = await Capture(db, Object("OBSERVE", 3, "receiving", [Sgtin("5"), "https://theirs.example/st/units/W/6"], bizLocation: Dock));
        var own = await Capture(db,
            Object("OBSERVE", 4, "receiving", ["urn:epc:id:sgtin:0799999.107346.7", "https://ours.example/st/units/W/8", Sgtin("10")], bizLocation: Dock),
            Object("DELETE", 5, "decommissioning", [Sgtin("9")]),
            Object("OBSERVE", 6, "receiving", ["https://id.gs1.org/01/00799999107349/21/11", "HTTPS://OURS.EXAMPLE/st/units/W/12", "https://ours.example/stx/units/W/13"], bizLocation: Dock));

        Assert.Equal([(0, "3 units were seen here for the first time (" + Sgtin("1") + " and 2 more), so they were created as the event says."),
                (1, Sgtin("4") + " was seen here for the first time, so the unit was created as the event says.")],
            unset.Notes.Where(n => n.Code == "epcis.units_created").Select(n => (n.EventIndex, n.Message)));
        Assert.StartsWith("2 units were seen here for the first time (" + Sgtin("5"), foreign.Notes.Single(n => n.Code == "epcis.units_created").Message);
        Assert.Equal([(0, Sgtin("10") + " was seen here for the first time, so the unit was created as the event says."),
                (2, "https://ours.example/stx/units/W/13 was seen here for the first time, so the unit was created as the event says.")],
            own.Notes.Where(n => n.Code == "epcis.units_created").Select(n => (n.EventIndex, n.Message)));
        await using var check = t.NewContext();
        Assert.Equal(["urn:epc:id:sgtin:0799999.107346.7", "https://ours.example/st/units/W/8", Sgtin("9"), "https://id.gs1.org/01/00799999107349/21/11",
                "HTTPS://OURS.EXAMPLE/st/units/W/12"],
            await check.EpcisReviewItems.OrderBy(r => r.Id).Select(r => r.Epc).ToListAsync());
        Assert.All(await check.EpcisReviewItems.ToListAsync(), r => Assert.Equal("epcis.unknown_epc", r.Code));
        var dock = await check.Locations.SingleAsync(l => l.Code == "0614141073467.1234");
        Assert.All(await check.Units.Where(u => u.Serial != "9").ToListAsync(), u => Assert.Equal((UnitStatus.Available, (long?)dock.Id), (u.Status, u.LocationId)));
        Assert.Equal(12, await check.Units.CountAsync(u => u.Serial != "9"));
    }

    // A lot number longer than a lot code (only an installation's own URI can carry one) is one lot, found again.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_number_longer_than_a_code_names_one_lot_across_documents(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var lot = "https://theirs.example/st/lots/RESIN/" + new string('R', 80);
        string Quantity(int minute, int quantity) => Object("ADD", minute, "commissioning", [], "active", Site, $", \"quantityList\": [{{ \"epcClass\": \"{lot}\", \"quantity\": {quantity} }}]");

        var first = await Capture(db, Quantity(0, 10));
        await using var again = t.NewContext();
        var second = await Capture(again, Quantity(1, 5));

        await using var check = t.NewContext();
        var stored = await check.Lots.SingleAsync();
        Assert.Equal(new string('R', 64), stored.Code);
        Assert.Contains(first.Notes, n => n.Code == "epcis.lot_created");
        Assert.DoesNotContain(second.Notes, n => n.Code == "epcis.lot_created");
        Assert.Equal(15m, await check.LotBalances.Where(b => b.LotId == stored.Id).SumAsync(b => b.Quantity));
    }

    // Native events are published into the repository once, beside the captured ones, and MATCH_epc finds them.
    [Theory, OnSqlite, OnPostgres]
    public async Task Native_events_are_published_once_into_the_repository_and_found_by_their_epc(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await Capture(db, Object("ADD", 0, "commissioning", [Sgtin("1")], "active", Site));
        var product = await new ProductCatalog(db, clock).CreateAsync(new ProductInput("W", "Widget", Gtin: "10614141073471"), default);
        await using (var loc = t.NewContext())
        {
            await new Core.Locations.LocationCatalog(loc, clock).CreateAsync(new Core.Locations.LocationInput("B1", "Bin 1"), default);
        }
        await new Core.Processes.Commissioning(db, clock).CommissionAsync(new Core.Processes.CommissionRequest("W", ["N1", "N2"], "B1"), Partner, default);
        var capturing = new EpcisCapturing(db, clock);

        await capturing.PublishNativeAsync(default);
        await capturing.PublishNativeAsync(default);

        await using var check = t.NewContext();
        var native = await check.Events.Where(e => e.Type == EventType.Commissioned).OrderBy(e => e.Id).LastAsync();
        var published = await check.EpcisEvents.SingleAsync(s => s.NativeEventId == native.Id);
        Assert.Null(published.CaptureId);
        Assert.Equal(2, await check.EpcisEvents.CountAsync());
        var page = await new EpcisQuerying(check).EventsAsync(EpcisQuery.ForEpc("https://id.gs1.org/01/10614141073471/21/N2", null, null), default);
        Assert.Equal(published.EventId, Assert.Single(page.Events).EventId);
        Assert.Equal(EpcisEventType.ObjectEvent, published.Type);
    }

    // On PostgreSQL ids are drawn before commit, so an event can become visible after one with a higher id was
    // published; the publisher looks back over the ids before its mark and publishes it then.
    [Theory, OnPostgres]
    public async Task An_event_that_commits_after_a_later_one_was_published_is_published_all_the_same(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("W", "Widget", Gtin: "10614141073471"), default);
        await using (var loc = t.NewContext())
        {
            await new Core.Locations.LocationCatalog(loc, clock).CreateAsync(new Core.Locations.LocationInput("B1", "Bin 1"), default);
        }
        var late = await new Core.Processes.Commissioning(db, clock).CommissionAsync(new Core.Processes.CommissionRequest("W", ["L1"], "B1"), Partner, default);
        var later = await new Core.Processes.Commissioning(db, clock).CommissionAsync(new Core.Processes.CommissionRequest("W", ["L2"], "B1"), Partner, default);
        // As if the later event had been published while the first one's transaction was still open.
        db.Settings.Add(new Setting { Key = Settings.EpcisPublishedThrough, Value = later.EventId.ToString(System.Globalization.CultureInfo.InvariantCulture), UpdatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync();

        await new EpcisCapturing(db, clock).PublishNativeAsync(default);

        await using var check = t.NewContext();
        Assert.True(await check.EpcisEvents.AnyAsync(s => s.NativeEventId == late.EventId));
        Assert.True(await check.EpcisEvents.AnyAsync(s => s.NativeEventId == later.EventId));
    }
}

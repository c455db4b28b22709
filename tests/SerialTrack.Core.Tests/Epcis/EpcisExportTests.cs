using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

public sealed class EpcisExportTests
{
    static readonly Actor Operator = new(null, "op1");
    readonly TestClock clock = new();

    const string Phone = "https://id.gs1.org/01/00614141000012/21/S1";

    // A phone (GTIN 00614141000012) S1 commissioned at B1, moved to B2, packed into a case with an SSCC and
    // shipped to ACME with the case; flour lot L1 received at B1.
    async Task<(TestDb Db, string Sscc)> AShippedPhone(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("PHONE", "Phone", Gtin: "00614141000012"), default);
        await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer), default);
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 100m, "B1"), Operator, default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("PHONE", ["S1", "S2"], "B1"), Operator, default);
        clock.Advance(TimeSpan.FromHours(1));
        await new Moving(db, clock).MoveAsync(new MoveRequest("B2", [new UnitRef("PHONE", "S1")]), Operator, default);
        clock.Advance(TimeSpan.FromHours(1));
        var packing = new Packing(db, clock);
        var box = await packing.CreateContainerAsync(new ContainerInput("B2", Sscc: true), Operator, default);
        await packing.PackAsync(new PackRequest(box.Code, [new UnitRef("PHONE", "S1")]), Operator, default);
        clock.Advance(TimeSpan.FromHours(1));
        var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PHONE", 1)]), Operator, default);
        await new Shipping(db, clock).ShipAsync(new ShipRequest(order.Number, Containers: [box.Sscc!]), Operator, default);
        return (t, box.Sscc!);
    }

    async Task<string> Export(TestDb t, EpcisExportRequest request, EpcisExportFormat format, EpcFormat epcFormat = EpcFormat.NoPreference)
    {
        await using var db = t.NewContext();
        var export = new EpcisExport(db, clock);
        var scope = await export.ScopeAsync(request, default);
        using var stream = new MemoryStream();
        await export.WriteAsync(scope, stream, format, await export.OptionsAsync(epcFormat, default), null, default);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_unit_commissioned_moved_packed_and_shipped_exports_a_valid_document_of_its_four_events_in_order(DbKind kind)
    {
        var (t, sscc) = await AShippedPhone(kind);
        await using var _ = t;

        var json = EpcisJsonReader.Read(await Export(t, new EpcisExportRequest(Serial: "S1"), EpcisExportFormat.Json));

        Assert.Empty(EpcisValidator.Validate(json));
        var events = json.Document.Events;
        var box = "https://id.gs1.org/00/" + sscc;
        Assert.Equal(
            [
                (EpcisEventType.ObjectEvent, "commissioning", (EpcisAction?)EpcisAction.Add),
                (EpcisEventType.ObjectEvent, "storing", EpcisAction.Observe),
                (EpcisEventType.AggregationEvent, "packing", EpcisAction.Add),
                (EpcisEventType.ObjectEvent, "shipping", EpcisAction.Observe),
            ],
            events.Select(e => (e.Type, Cbv.Word(CbvVocabulary.BizStep, e.BizStep!), e.Action)));
        Assert.Equal([Phone, "https://id.gs1.org/01/00614141000012/21/S2"], events[0].EpcList);
        Assert.Equal([Phone], events[1].EpcList);
        Assert.Equal("relocating", events[1].Extensions.Single(x => x.Name == "bizStep").Value);
        Assert.EndsWith("/locations/B2", events[1].BizLocation!.Id, StringComparison.Ordinal);
        Assert.Equal(box, events[2].ParentId);
        Assert.Equal([Phone], events[2].ChildEpcs!);
        Assert.Equal([box], events[3].EpcList);
        Assert.EndsWith("/parties/ACME", events[3].DestinationList.Single(d => d.Type!.EndsWith("owning_party", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
        Assert.EndsWith("/sales-orders/SO-000001", events[3].BizTransactionList.Single().Value, StringComparison.Ordinal);
        Assert.All(events, e => Assert.Equal(EpcisEventHash.Compute(e with { EventId = null }), e.EventId));
        await using var db = t.NewContext();
        var s1 = await db.Units.Where(u => u.Serial == "S1").Select(u => u.Id).SingleAsync();
        var nativeIds = await db.EventUnits.Where(x => x.UnitId == s1).Select(x => x.EventId).ToListAsync();
        nativeIds.Add(await db.EventContainers.Where(x => x.Role == Core.Events.ObjectRole.Subject).Select(x => x.EventId).SingleAsync());
        Assert.Equal(nativeIds.Distinct().Order().Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            events.Select(e => e.Extensions.Single(x => x.Namespace == NativeEpcis.Namespace && x.Name == "eventId").Value));

        var xml = EpcisXmlReader.Read(await Export(t, new EpcisExportRequest(Serial: "S1"), EpcisExportFormat.Xml));
        Assert.Empty(EpcisValidator.Validate(xml));
        Assert.Equal(EpcisFixtureTests.Dump(events), EpcisFixtureTests.Dump(xml.Document.Events));
    }

    // A partner's events in a unit's history go out as the partner sent them: its eventID, typed business
    // transactions, ILMD and extensions, not SerialTrack's reading of them; its error declaration follows the event.
    [Theory, OnSqlite, OnPostgres]
    public async Task A_partners_events_are_exported_as_the_partner_sent_them_with_their_error_declaration(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        const string Commissioned = """
            { "eventID": "urn:uuid:7c1e8d0e-0000-4000-8000-000000000001", "type": "ObjectEvent", "action": "ADD", "bizStep": "commissioning",
              "disposition": "active", "eventTime": "2026-03-01T08:00:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:4012345.011111.P1"], "bizLocation": { "id": "urn:epc:id:sgln:4012345.00001.0" },
              "ilmd": { "ex:batchNote": "first run" }, "ex:note": "kept" }
            """;
        const string Shipped = """
            { "eventID": "urn:uuid:7c1e8d0e-0000-4000-8000-000000000002", "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping",
              "disposition": "in_transit", "eventTime": "2026-03-02T08:00:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:4012345.011111.P1"],
              "bizTransactionList": [{ "type": "po", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:PO-1" },
                                     { "type": "desadv", "bizTransaction": "urn:epcglobal:cbv:bt:4012345000009:ASN-1" }],
              "destinationList": [{ "type": "location", "destination": "urn:epc:id:sgln:0614141.00002.0" }] }
            """;
        var declared = Shipped.TrimEnd()[..^1] + """, "errorDeclaration": { "declarationTime": "2026-03-03T08:00:00Z", "reason": "incorrect_data" } }""";
        var document = $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld", { "ex": "https://ns.example.com/epcis/" }],
              "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2026-03-04T10:00:00Z",
              "epcisBody": { "eventList": [{{Commissioned}}, {{Shipped}}, {{declared}}] } }
            """;
        var captured = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, Operator, default);
        Assert.True(captured.Succeeded, string.Join("; ", captured.Errors));

        var events = EpcisJsonReader.Read(await Export(t, new EpcisExportRequest(Serial: "P1"), EpcisExportFormat.Json)).Document.Events;

        Assert.Equal(["urn:uuid:7c1e8d0e-0000-4000-8000-000000000001", "urn:uuid:7c1e8d0e-0000-4000-8000-000000000002", "urn:uuid:7c1e8d0e-0000-4000-8000-000000000002"],
            events.Select(e => e.EventId));
        Assert.Contains(events[0].Extensions, x => x.Name == "note" && x.Value == "kept");
        Assert.NotNull(events[0].Ilmd);
        Assert.Equal(["https://ref.gs1.org/cbv/BTT-po", "https://ref.gs1.org/cbv/BTT-desadv"], events[1].BizTransactionList.Select(b => b.Type));
        Assert.Equal(["https://ref.gs1.org/cbv/SDT-location"], events[1].DestinationList.Select(d => d.Type));
        Assert.Null(events[1].ErrorDeclaration);
        Assert.NotNull(events[2].ErrorDeclaration);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_lot_exports_its_receipt_as_a_quantity_in_kilograms_and_epc_urns_on_request(DbKind kind)
    {
        var (t, _) = await AShippedPhone(kind);
        await using var __ = t;

        var lot = EpcisJsonReader.Read(await Export(t, new EpcisExportRequest(Product: "FLOUR", Lot: "L1"), EpcisExportFormat.Json)).Document.Events.Single();
        var unit = EpcisXmlReader.Read(await Export(t, new EpcisExportRequest(Serial: "S1"), EpcisExportFormat.Xml, EpcFormat.AlwaysEpcUrn)).Document.Events[0];

        Assert.Equal(("receiving", 100m, "KGM"), (Cbv.Word(CbvVocabulary.BizStep, lot.BizStep!), lot.QuantityList!.Single().Quantity, lot.QuantityList!.Single().Uom));
        Assert.EndsWith("/lots/FLOUR/L1", lot.QuantityList!.Single().EpcClass, StringComparison.Ordinal);
        Assert.Equal("urn:epc:id:sgtin:0614141.000001.S1", unit.EpcList![0]);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_period_exports_every_event_in_it_and_an_unknown_serial_is_refused_naming_the_field(DbKind kind)
    {
        var (t, _) = await AShippedPhone(kind);
        await using var __ = t;
        await using var db = t.NewContext();
        var start = new TestClock().GetUtcNow();

        var all = EpcisJsonReader.Read(await Export(t, new EpcisExportRequest(From: start, To: start.AddHours(1)), EpcisExportFormat.Json));
        var refused = await Assert.ThrowsAsync<DomainException>(() => new EpcisExport(db, clock).ScopeAsync(new EpcisExportRequest(Serial: "NOPE"), default));

        Assert.Empty(EpcisValidator.Validate(all));
        Assert.Equal(["receiving", "commissioning"], all.Document.Events.Select(e => Cbv.Word(CbvVocabulary.BizStep, e.BizStep!)));
        Assert.Equal(("unit.not_found", "serial", ErrorKind.NotFound), (refused.Code, refused.Field, refused.Kind));
    }
}

public sealed class NativeEpcisTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task The_installations_base_uri_names_a_unit_without_gtin_and_a_base_with_a_query_is_refused(DbKind kind)
    {
        var clock = new TestClock();
        await using var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        await World.ASerialProductAndAWarehouse(db);
        var result = await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["S/1"], "B1"), new Actor(null, "op1"), default);
        var settings = new InstallationSettings(db, clock);

        await settings.SetAsync(Settings.EpcisBaseUri, "https://id.example.com/", default);
        var refused = await Assert.ThrowsAsync<DomainException>(() => settings.SetAsync(Settings.EpcisBaseUri, "https://id.example.com/?x=1", default));

        var e = (await new NativeEpcis(db).ForEventsAsync([result.EventId], default)).Single();
        Assert.Equal(["https://id.example.com/units/A100/S%2F1"], e.EpcList);
        Assert.Equal("https://id.example.com/locations/B1", e.ReadPoint!.Id);
        Assert.Null(EpcisIdentifiers.Problem(e.EpcList![0]));
        Assert.Equal(("setting.uri", "value"), (refused.Code, refused.Field));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task Every_event_of_a_small_factory_becomes_a_valid_epcis_event_of_the_mapped_type(DbKind kind)
    {
        var clock = new TestClock();
        await using var t = await Trace.TraceWorld.CreateAsync(kind, clock);
        await using var db = t.NewContext();
        await new Holds(db, clock).HoldAsync(new HoldRequest("inspect", Lots: [new LotRef("FLOUR", "G1")]), Trace.TraceWorld.Op, default);
        var ids = await db.Events.OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();

        var events = await new NativeEpcis(db).ForEventsAsync(ids, default);

        var document = new EpcisDocument(EpcisDocumentKind.Document, "2.0", clock.GetUtcNow(), events);
        Assert.Empty(EpcisValidator.Validate(EpcisJsonReader.Read(EpcisJsonWriter.Write(document))));
        Assert.Equal(ids.Count, events.Count);
        string Native(EpcisEvent e) => e.Extensions.Single(x => x.Name == "eventType").Value!;
        var types = events.Select(e => (Native(e), e.Type)).Distinct().Order().ToList();
        Assert.Equal(
            [
                ("Allocated", EpcisEventType.ObjectEvent), ("Commissioned", EpcisEventType.ObjectEvent), ("ComponentsReplaced", EpcisEventType.TransformationEvent),
                ("Held", EpcisEventType.ObjectEvent), ("LotReceived", EpcisEventType.ObjectEvent), ("LotSplit", EpcisEventType.TransformationEvent),
                ("LotsTransformed", EpcisEventType.TransformationEvent), ("Packed", EpcisEventType.AggregationEvent), ("Produced", EpcisEventType.TransformationEvent),
                ("Received", EpcisEventType.ObjectEvent), ("Shipped", EpcisEventType.ObjectEvent),
            ],
            types);
        var received = events.Single(e => Native(e) == "Received");
        Assert.EndsWith("/parties/SUP", received.SourceList[0].Value, StringComparison.Ordinal);
        Assert.Equal((Cbv.WebBase + "BTT-po", true), (received.BizTransactionList[0].Type, received.BizTransactionList[0].Value.EndsWith("/purchase-orders/PO-1", StringComparison.Ordinal)));
        var produced = events.Single(e => Native(e) == "Produced");
        Assert.Equal((6, 2), (produced.InputEpcList!.Count, produced.OutputEpcList!.Count));
        Assert.EndsWith("/production-orders/MO-1", produced.TransformationId, StringComparison.Ordinal);
        Assert.Equal(10m, produced.InputQuantityList!.Single().Quantity);
        var held = events.Single(e => Native(e) == "Held");
        Assert.Equal((Cbv.WebBase + "Disp-non_sellable_other", "inspect"), (held.Disposition, held.Extensions.Single(x => x.Name == "reason").Value));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
    }
}

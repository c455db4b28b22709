using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.History;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.History;

// Tomatoes from a farm become salsa, which goes to a shop:
//   day 1 LotReceived  TOMATO T-1 100 kg and T-2 50 kg at PLANT, PO-7 from FARM
//   day 2 LotsTransformed TOMATO T-1 80 kg -> SALSA S-1 200 jar at PLANT, MO-7
//   day 3 Shipped      SALSA S-1 150 jar from PLANT, SO-7 to SHOP
//   day 4 LotMoved     SALSA S-1 10 jar (not a critical tracking event)
public sealed class TraceabilityExportTests
{
    static DateTimeOffset Day(int i) => new(2026, 5, i, 8, 0, 0, TimeSpan.Zero);

    static async Task<TestDb> ASalsaChain(DbKind kind)
    {
        var t = await TestDb.CreateAsync(kind);
        await using var db = t.NewContext();
        var clock = new TestClock();
        var products = new ProductCatalog(db, clock);
        var tomato = await products.CreateAsync(new ProductInput("TOMATO", "Tomatoes", "Roma tomatoes", "09506000134352", TrackingMode.Lot, Uom: "kg"), default);
        var salsa = await products.CreateAsync(new ProductInput("SALSA", "Salsa", Tracking: TrackingMode.Lot, Uom: "jar"), default);
        var plant = await new LocationCatalog(db, clock).CreateAsync(new LocationInput("PLANT", "Plant", LocationKind.Site, Gln: "9506000000008"), default);
        var parties = new PartyCatalog(db, clock);
        var farm = await parties.CreateAsync(new PartyInput("FARM", "Green Farm", PartyRole.Supplier), default);
        var shop = await parties.CreateAsync(new PartyInput("SHOP", "Corner Shop", PartyRole.Customer), default);
        var po = new Order { Kind = OrderKind.Purchase, Number = "PO-7", PartyId = farm.Id, CreatedBy = "test" };
        var mo = new Order { Kind = OrderKind.Production, Number = "MO-7", CreatedBy = "test" };
        var so = new Order { Kind = OrderKind.Sales, Number = "SO-7", PartyId = shop.Id, CreatedBy = "test" };
        db.Orders.AddRange(po, mo, so);
        var t1 = new Lot { ProductId = tomato.Id, Code = "T-1" };
        var t2 = new Lot { ProductId = tomato.Id, Code = "T-2" };
        var s1 = new Lot { ProductId = salsa.Id, Code = "S-1" };
        db.Lots.AddRange(t1, t2, s1);
        await db.SaveChangesAsync();

        async Task Write(int day, EventType type, Order? order, long? source, long? destination, params (Lot Lot, ObjectRole Role, decimal Quantity)[] lines)
        {
            var e = new Event
            {
                Type = type,
                EventTime = Day(day),
                RecordTime = Day(day),
                Actor = "op",
                BizLocationId = plant.Id,
                OrderId = order?.Id,
                BizTransaction = order?.Number,
                SourcePartyId = source,
                DestinationPartyId = destination,
                ObjectCount = lines.Length,
            };
            db.Events.Add(e);
            await db.SaveChangesAsync();
            db.EventLots.AddRange(lines.Select((x, i) => new EventLot { EventId = e.Id, Line = i + 1, LotId = x.Lot.Id, Role = x.Role, Quantity = x.Quantity }));
            await db.SaveChangesAsync();
        }

        await Write(1, EventType.LotReceived, po, farm.Id, null, (t1, ObjectRole.Subject, 100m), (t2, ObjectRole.Subject, 50m));
        await Write(2, EventType.LotsTransformed, mo, null, null, (t1, ObjectRole.Input, 80m), (s1, ObjectRole.Output, 200m));
        await Write(3, EventType.Shipped, so, null, shop.Id, (s1, ObjectRole.Subject, 150m));
        await Write(4, EventType.LotMoved, null, null, null, (s1, ObjectRole.Subject, 10m));
        return t;
    }

    static async Task<List<TraceabilityRow>> Export(TestDb t, TraceabilityQuery query)
    {
        await using var db = t.NewContext();
        var rows = new List<TraceabilityRow>();
        await foreach (var row in new TraceabilityExport(db).RowsAsync(query, default))
        {
            rows.Add(row);
        }
        return rows;
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_raw_material_lot_exports_its_receipt_and_the_transformation_it_went_into(DbKind kind)
    {
        await using var t = await ASalsaChain(kind);

        var rows = await Export(t, new(Lot: "T-1"));

        Assert.Equal(2, rows.Count);
        var receipt = rows[0];
        Assert.Equal((TraceabilityExport.Receiving, "T-1", "TOMATO", "09506000134352", "Roma tomatoes", 100m, "kg"),
            (receipt.Cte, receipt.TraceabilityLotCode, receipt.Sku, receipt.Gtin, receipt.Description, receipt.Quantity, receipt.Uom));
        Assert.Equal(("PLANT", "9506000000008", "FARM", "Green Farm", "PO", "PO-7"),
            (receipt.Location, receipt.LocationGln, receipt.SourceCode, receipt.SourceName, receipt.ReferenceType, receipt.ReferenceNumber));
        Assert.Equal(Day(1), receipt.EventTime);
        var made = rows[1];
        Assert.Equal((TraceabilityExport.Transformation, "S-1", 200m, "jar", "MO", "MO-7", "TOMATO T-1 80 kg"),
            (made.Cte, made.TraceabilityLotCode, made.Quantity, made.Uom, made.ReferenceType, made.ReferenceNumber, made.InputLots));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_finished_lot_exports_its_making_and_its_shipment_to_the_next_recipient(DbKind kind)
    {
        await using var t = await ASalsaChain(kind);

        var rows = await Export(t, new(Lot: "S-1"));

        Assert.Equal([TraceabilityExport.Transformation, TraceabilityExport.Shipping], rows.Select(r => r.Cte));
        var shipped = rows[1];
        Assert.Equal((150m, "SHOP", "Corner Shop", "SO", "SO-7", (string?)null),
            (shipped.Quantity, shipped.RecipientCode, shipped.RecipientName, shipped.ReferenceType, shipped.ReferenceNumber, shipped.SourceCode));
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_date_range_exports_every_critical_tracking_event_in_it_sorted_by_time(DbKind kind)
    {
        await using var t = await ASalsaChain(kind);

        var rows = await Export(t, new(From: Day(1), To: Day(3)));

        Assert.Equal(["Receiving T-1", "Receiving T-2", "Transformation S-1"], rows.Select(r => $"{r.Cte} {r.TraceabilityLotCode}"));
        Assert.Equal(4, (await Export(t, new(From: Day(1), To: Day(9)))).Count);
    }

    [Fact]
    public async Task An_export_without_a_lot_or_a_whole_range_is_refused()
    {
        await using var t = await ASalsaChain(DbKind.Sqlite);

        Assert.Equal("lot", (await Assert.ThrowsAsync<DomainException>(() => Export(t, new(From: Day(1))))).Field);
        Assert.Equal("lot", (await Assert.ThrowsAsync<DomainException>(() => Export(t, new(Lot: "NOPE")))).Field);
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ReturnsTests
{
    // Shipping is written elsewhere at the same time: the unit reaches the customer the way a process
    // would (one event, UnitBatch.ApplyAsync, one transaction), not by editing tables.
    static async Task AUnitAtAcmeOnAnRma(BrowserSession b)
    {
        await using var db = b.App.Db.NewContext();
        var clock = TimeProvider.System;
        await new ProductCatalog(db, clock).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial, HandlingInstructions: "Keep upright"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
        await locations.CreateAsync(new LocationInput("QA", "Quarantine", LocationKind.Quarantine, "WH1"), default);
        var acme = await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme", PartyRole.Customer), default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["SN-1"], "WH1"), Actor.System, default);
        var sql = new SqlSession(db);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var units = await UnitBatch.LoadAsync(db, sql, [new UnitRef("A100", "SN-1")], "units", default);
            var ev = EventLog.New(EventType.Shipped, EventAction.Observe, "shipping", "in_transit", Actor.System, new EventContext(), clock);
            db.Events.Add(ev);
            await db.SaveChangesAsync();
            await UnitBatch.ApplyAsync(sql, ev.Id, [new UnitChange(units[0], new UnitTarget(UnitStatus.AtCustomer, units[0].Stage, null, null, acme.Id, clock.GetUtcNow()))], clock.GetUtcNow(), default);
            await tx.CommitAsync();
        }
        await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Return, "ACME", [new OrderLineInput("A100", 1, Serial: "SN-1", Reason: "leaks")]), Actor.System, default);
    }

    [BrowserFact]
    public async Task With_only_a_scanner_a_returned_unit_is_received_into_quarantine_and_restocked()
    {
        await using var b = await BrowserSession.StartAsync();
        await AUnitAtAcmeOnAnRma(b);
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/returns");
        await Expect(page.Locator("#Scan")).ToBeFocusedAsync();

        async Task ScanAsync(string text, string expect)
        {
            await page.Keyboard.TypeAsync(text);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#scan-done")).ToContainTextAsync(expect);
        }

        await ScanAsync("RMA-000001", "RMA-000001: scan the returned units");
        await ScanAsync("QA", "Location: QA");
        await ScanAsync("SN-1", "A100 SN-1 received into quarantine at QA");
        await Expect(page.Locator(".handling")).ToContainTextAsync("Keep upright");
        await Expect(page.Locator("#rma-lines")).ToContainTextAsync("1 / 1");
        await ScanAsync("RESTOCK", "Action: restock");
        await ScanAsync("WH1", "Location: WH1");
        await ScanAsync("SN-1", "A100 SN-1: restock");

        await Expect(page.Locator("#rma-lines")).ToContainTextAsync("Restock");
        await using var check = b.App.Db.NewContext();
        Assert.Equal(UnitStatus.Available, (await check.Units.SingleAsync()).Status);
    }

    [BrowserFact]
    public async Task A_returned_lot_quantity_is_received_into_quarantine_by_typing_the_quantity_and_scanning_the_lot()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            var clock = TimeProvider.System;
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("FLOUR", "Flour", Tracking: TrackingMode.Lot, Uom: "kg"), default);
            var locations = new LocationCatalog(db, clock);
            await locations.CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await locations.CreateAsync(new LocationInput("QA", "Quarantine", LocationKind.Quarantine, "WH1"), default);
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme", PartyRole.Customer), default);
            await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 25m, "WH1"), Actor.System, default);
            var book = new OrderBook(db, clock);
            var so = await book.CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("FLOUR", 10)]), Actor.System, default);
            await new Shipping(db, clock).ShipAsync(new ShipRequest(so.Number, Lots: [new LotQuantity("FLOUR", "L1", 10, "WH1")]), Actor.System, default);
            await book.CreateAsync(new OrderInput(OrderKind.Return, "ACME", [new OrderLineInput("FLOUR", 4, Lot: "L1", Reason: "damp")]), Actor.System, default);
        }
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/returns");
        Task Scan(string text) => page.ScanAsync("#Scan", text);

        await Scan("RMA-000001");
        await Scan("QA");
        await page.FillAsync("#Quantity", "4");
        await Scan("L1");

        await Expect(page.Locator("#scan-done")).ToContainTextAsync("4 of FLOUR lot L1 received into quarantine at QA");
        await using var check = b.App.Db.NewContext();
        var quarantine = await check.LotBalances.SingleAsync(x => x.Status == BalanceStatus.Quarantine);
        Assert.Equal(4m, quarantine.Quantity);
    }
}

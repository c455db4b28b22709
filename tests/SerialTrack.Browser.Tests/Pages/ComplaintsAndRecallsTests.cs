using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class ComplaintsAndRecallsTests
{
    [BrowserFact]
    public async Task A_complaint_on_a_shipped_unit_traces_back_to_the_bad_lot_and_its_recall_holds_the_stock_and_lists_the_customers()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            var clock = TimeProvider.System;
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial, WarrantyMonths: 24, HandlingInstructions: "Lift with two people"), default);
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone), default);
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp", PartyRole.Customer, "Ann Smith", "ann@acme.example", "+1 555 0100"), default);
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("SUP", "Paste Supplier", PartyRole.Supplier), default);
            await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", 100, "WH1", Supplier: "SUP"), Actor.System, default);
            await new Production(db, clock).ProduceAsync(new ProduceRequest("LINE1", Product: "PC",
                Builds: new[] { "PC-1", "PC-2", "PC-3" }.Select(s => new Build(s, Lots: [new LotQuantity("PASTE", "P1", 5, "WH1")])).ToList()), Actor.System, default);
            var order = await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("PC", 1)]), Actor.System, default);
            await new Shipping(db, clock).AllocateAsync(new AllocateRequest(order.Number, [new AllocationLine(1, ["PC-1"])]), Actor.System, default);
            await new Shipping(db, clock).ShipAsync(new ShipRequest(order.Number), Actor.System, default);
        }
        var page = await b.LoggedInAsync(Role.Manager);
        await page.GotoAsync("/complaints/new");

        // The scanner types the serial and Enter: the warranty shows at once and the symptom box takes over. A scanner's
        // first characters are lost if they come before the box has the focus, so the test waits for it as a person would.
        await Expect(page.Locator("#Item")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("PC-1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#warranty")).ToContainTextAsync("In warranty until");
        await Expect(page.Locator(".handling")).ToContainTextAsync("Lift with two people");
        await Expect(page.Locator("#Symptom")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Overheats after ten minutes");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/complaints/CMP-000001$"));
        await Expect(page.Locator("#backward-trace")).ToContainTextAsync("PASTE lot P1");
        await Expect(page.Locator("#suppliers")).ToContainTextAsync("SUP");
        await page.FillAsync("#RootLot", "P1");
        await page.FillAsync("#RootText", "Paste dried out");
        await page.ClickAsync("#root-cause-form button");
        await page.ClickAsync("#open-recall");

        await Expect(page.Locator("#affected-units")).ToHaveTextAsync("3");
        await page.ClickAsync("#open");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/recalls/RCL-000001$"));
        await page.ClickAsync("#activate");

        await Expect(page.Locator("#recall-done")).ToContainTextAsync("2 unit(s) and 1 lot(s) put on hold");
        await Expect(page.Locator("#recall-status")).ToHaveTextAsync("Active");
        await Expect(page.Locator("#notifications")).ToContainTextAsync("Ann Smith");
        await Expect(page.Locator("#notifications")).ToContainTextAsync("PC PC-1");
        await using var check = b.App.Db.NewContext();
        Assert.Equal(2, await check.Units.CountAsync(u => u.Status == UnitStatus.OnHold));
        Assert.Equal("RCL-000001", await check.Complaints.Select(c => check.Recalls.Where(r => r.Id == c.RecallId).Select(r => r.Number).Single()).SingleAsync());
    }
}

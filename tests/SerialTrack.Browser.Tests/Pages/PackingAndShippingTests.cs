using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class PackingAndShippingTests
{
    [BrowserFact]
    public async Task A_pallet_is_packed_and_an_order_picked_and_shipped_with_only_a_scanner_and_enter()
    {
        await using var b = await BrowserSession.StartAsync();
        string sscc, order;
        await using (var db = b.App.Db.NewContext())
        {
            var clock = TimeProvider.System;
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("A100", "Pressure pump", HandlingInstructions: "Keep upright"), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new PartyCatalog(db, clock).CreateAsync(new PartyInput("ACME", "Acme Corp"), default);
            await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["SN-1", "SN-2"], "WH1"), Actor.System, default);
            await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", default);
            sscc = (await new Packing(db, clock).CreateContainerAsync(new ContainerInput("WH1", "pallet"), Actor.System, default)).Sscc!;
            order = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Sales, "ACME", [new OrderLineInput("A100", 2)]), Actor.System, default)).Number;
        }
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync("/packing");
        await Expect(page.Locator("#pack-scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("(00)" + sscc);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#sscc")).ToHaveTextAsync(sscc);
        await page.Keyboard.TypeAsync("SN-1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#said")).ToContainTextAsync("Packed");
        await Expect(page.Locator("#total")).ToHaveTextAsync("1");
        await Expect(page.Locator("main")).ToContainTextAsync("Keep upright");
        await page.Keyboard.TypeAsync("SN-1");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#scan-error")).ToContainTextAsync("already in this container");

        await page.GotoAsync("/shipping");
        // A scanner types as soon as the box has focus: wait for it, as the first keys are lost before.
        await Expect(page.Locator("#ship-scan")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(order);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#lines")).ToContainTextAsync("Pressure pump");
        foreach (var serial in new[] { "SN-1", "SN-2" })
        {
            await page.Keyboard.TypeAsync(serial);
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#said")).ToContainTextAsync($"Picked A100 {serial}");
        }
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#said")).ToContainTextAsync("Shipped 2 unit(s)");
        await Expect(page.Locator("#order-status")).ToHaveTextAsync("Completed");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-shipping.png", FullPage = true });
    }

    [BrowserFact]
    public async Task A_lot_quantity_is_packed_into_a_case_by_typing_the_quantity_and_scanning_the_lot()
    {
        await using var b = await BrowserSession.StartAsync();
        string box;
        await using (var db = b.App.Db.NewContext())
        {
            var clock = TimeProvider.System;
            await new ProductCatalog(db, clock).CreateAsync(new ProductInput("FLOUR", "Flour", Tracking: TrackingMode.Lot, Uom: "kg", HandlingInstructions: "Keep dry"), default);
            await new LocationCatalog(db, clock).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 25m, "WH1"), Actor.System, default);
            box = (await new Packing(db, clock).CreateContainerAsync(new ContainerInput("WH1", "case"), Actor.System, default)).Code;
        }
        var page = await b.LoggedInAsync(Role.Operator);
        await page.GotoAsync("/packing");
        Task Scan(string text) => page.ScanAsync("#pack-scan", text);

        await Scan(box);
        await Scan("L1");
        await Expect(page.Locator("#scan-error")).ToContainTextAsync("Type the quantity");
        await page.FillAsync("#pack-quantity", "10");
        await Scan("L1");

        await Expect(page.Locator("#said")).ToContainTextAsync("Packed");
        await Expect(page.Locator("main")).ToContainTextAsync("Keep dry");
        await using var check = b.App.Db.NewContext();
        Assert.Equal(10m, (await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(check.ContainerLots)).Quantity);
    }
}

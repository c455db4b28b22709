using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class TraceTests
{
    [BrowserFact]
    public async Task Tracing_a_unit_backward_draws_its_component_lot_and_clicking_it_opens_the_lot_with_its_own_trace()
    {
        await using var b = await BrowserSession.StartAsync();
        await using (var db = b.App.Db.NewContext())
        {
            var clock = TimeProvider.System;
            var catalog = new ProductCatalog(db, clock);
            await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial, HandlingInstructions: "Lift with two people"), default);
            await catalog.CreateAsync(new ProductInput("CPU", "Processor", Tracking: TrackingMode.Serial), default);
            await catalog.CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
            var locations = new LocationCatalog(db, clock);
            await locations.CreateAsync(new LocationInput("SITE", "Site", LocationKind.Site), default);
            await locations.CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone, "SITE"), default);
            await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("CPU", ["C1"], "LINE1", Stage.RawMaterial), Actor.System, default);
            await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", 100m, "LINE1"), Actor.System, default);
            await new Production(db, clock).ProduceAsync(new ProduceRequest(Station: "LINE1", Product: "PC",
                Builds: [new Build("PC-1", [new("CPU", "C1")], [new("PASTE", "P1", 5, "LINE1")])]), Actor.System, default);
        }
        var page = await b.LoggedInAsync(Role.Viewer);
        await page.GotoAsync("/trace");

        // Only the scanner: it types into the focused box and sends Enter.
        await Expect(page.Locator("input[name=id]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("PC-1");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("#trace-summary")).ToContainTextAsync("2 unit(s), 1 lot(s)");
        await Expect(page.Locator(".notice")).ToContainTextAsync("Lift with two people");
        var lot = page.Locator("svg.trace-graph a.lot");
        await Expect(lot).ToContainTextAsync("PASTE lot P1");
        await Expect(page.Locator("svg.trace-graph .edge-label").First).ToHaveTextAsync("5");
        await lot.ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/lots/\\d+$"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Lot P1");
        await Expect(page.Locator("#trace-section")).ToContainTextAsync("Trace forward");
        await page.Locator("#trace-section a", new() { HasText = "Trace forward" }).ClickAsync();
        await Expect(page.Locator("#trace-units")).ToContainTextAsync("PC-1");
    }
}

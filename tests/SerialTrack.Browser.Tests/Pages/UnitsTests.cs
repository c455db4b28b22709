using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class UnitsTests
{
    static async Task<long> AUnitCommissioned(BrowserSession b, string serial)
    {
        await using var db = b.App.Db.NewContext();
        await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Tracking: TrackingMode.Serial), default);
        await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
        await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", [serial], "WH1"), Actor.System, default);
        return await db.Units.Where(u => u.Serial == serial).Select(u => u.Id).SingleAsync();
    }

    [BrowserFact]
    public async Task An_operator_adds_a_mac_address_to_a_unit_and_scanning_it_finds_the_unit()
    {
        await using var b = await BrowserSession.StartAsync();
        var id = await AUnitCommissioned(b, "SN-1");
        var page = await b.LoggedInAsync(Role.Operator);

        await page.GotoAsync($"/units/{id}");
        await page.SelectOptionAsync("#Identifier_Kind", "mac");
        await page.FillAsync("#Identifier_Value", "00:1A:2B:3C:4D:ZZ");
        await page.ClickAsync("#identifier-form button[type=submit]");

        await Expect(page.Locator("[data-valmsg-for='Identifier.Value']")).ToContainTextAsync("is not a MAC address");
        await Expect(page.Locator("#Identifier_Value")).ToHaveValueAsync("00:1A:2B:3C:4D:ZZ");

        await page.FillAsync("#Identifier_Value", "00-1a-2b-3c-4d-5e");
        await page.ClickAsync("#identifier-form button[type=submit]");

        await Expect(page.Locator("#identifiers tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#identifiers tbody tr")).ToContainTextAsync("MAC address");
        await Expect(page.Locator("#identifiers tbody tr")).ToContainTextAsync("00:1A:2B:3C:4D:5E");
        await Expect(page.Locator("table.events tbody tr").First).ToContainTextAsync("Identifiers assigned");

        await page.GotoAsync("/");
        await page.FillAsync("#scan", "00:1A:2B:3C:4D:5E");
        await page.PressAsync("#scan", "Enter");
        await Expect(page).ToHaveURLAsync(new Regex($"/units/{id}$"));
        await Expect(page.Locator("dd.serial")).ToHaveTextAsync("SN-1");
    }
}

using Microsoft.Playwright;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class LayoutTests
{
    [BrowserFact]
    public async Task At_phone_width_the_nav_collapses_behind_a_menu_and_the_scan_box_stays_visible()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Operator, new ViewportSize { Width = 390, Height = 844 });

        await Expect(page.Locator("#scan")).ToBeVisibleAsync();
        await Expect(page.Locator("#nav")).ToBeHiddenAsync();
        await page.ClickAsync("#menu");
        await Expect(page.Locator("#nav a:text-is('Units')")).ToBeVisibleAsync();
        var box = await page.Locator("#nav a:text-is('Units')").BoundingBoxAsync();
        Assert.True(box!.Height >= 44, $"Touch target is {box.Height}px high");
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"Page is {width}px wide at a 390px viewport");
        await page.ScreenshotAsync(new() { Path = "/tmp/web-phone.png", FullPage = true });
    }
}

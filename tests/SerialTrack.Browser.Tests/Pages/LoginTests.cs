using System.Text.RegularExpressions;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core.Users;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class LoginTests
{
    [BrowserFact]
    public async Task A_wrong_password_is_refused_and_signs_nobody_in()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.NewPageAsync();

        await page.GotoAsync("/login");
        await page.FillAsync("#UserName", "admin");
        await page.FillAsync("#Password", "not-the-password");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator(".validation-summary-errors")).ToContainTextAsync("Wrong user name or password");
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "serialtrack");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=%2F$"));
    }

    [BrowserFact]
    public async Task After_login_the_return_url_is_honoured_only_when_local()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.NewPageAsync();

        await page.GotoAsync("/login?ReturnUrl=" + Uri.EscapeDataString("https://evil.example/"));
        await page.FillAsync("#UserName", "viewer");
        await page.FillAsync("#Password", SerialTrack.Tests.Support.TestApp.Password);
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        Assert.StartsWith(b.App.Address.ToString(), page.Url, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task A_viewer_neither_sees_nor_opens_the_admin_pages()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Viewer);

        await Expect(page.Locator("#nav a", new() { HasText = "Admin" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/users");

        await Expect(page).ToHaveURLAsync(new Regex("/denied"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
    }

    [BrowserFact]
    public async Task An_admin_sees_the_admin_link_and_logs_out()
    {
        await using var b = await BrowserSession.StartAsync();
        var page = await b.LoggedInAsync(Role.Admin);

        await page.ClickAsync("#nav a:text-is('Admin')");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Users");
        await page.ClickAsync("#nav button:text-is('Log out')");

        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/admin/users");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl="));
    }
}

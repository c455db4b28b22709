using Microsoft.Playwright;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Support;

// One test's world: the real app on Kestrel over a fresh database, and a headless Chromium pointed at it.
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    static readonly BrowserTypeLaunchOptions Launch = new()
    {
        ExecutablePath = ChromiumPath,
        Headless = true,
        // Root needs --no-sandbox; the rest keeps Chromium off the (absent) network.
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", "--disable-quic"],
    };

    BrowserSession(TestApp app, IPlaywright playwright, IBrowser chromium)
    {
        App = app;
        this.playwright = playwright;
        this.chromium = chromium;
    }

    readonly IPlaywright playwright;
    readonly IBrowser chromium;

    public TestApp App { get; }

    public static async Task<BrowserSession> StartAsync()
    {
        var app = await TestApp.StartAsync();
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(Launch);
        return new BrowserSession(app, playwright, chromium);
    }

    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Address.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public async Task<IPage> LoggedInAsync(Role role, ViewportSize? viewport = null)
    {
        var page = await NewPageAsync(viewport);
        await page.GotoAsync("/login");
        await page.FillAsync("#UserName", Web.Auth.Name(role));
        await page.FillAsync("#Password", TestApp.Password);
        await page.ClickAsync("button[type=submit]");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await chromium.DisposeAsync();
        playwright.Dispose();
        await App.DisposeAsync();
    }
}

using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SerialTrack.Browser.Tests.Support;

// A scan or a button that answers with a new page is done when that page has replaced the old document. The old
// document is marked first and the step waits until the mark is gone. Waiting for the load event instead timed out
// now and then on a loaded CI machine, and typing the next scan into the old page would post a stale form.
public static class PageReplacement
{
    public static async Task ReplacedAfterAsync(this IPage page, Func<Task> action)
    {
        await page.EvaluateAsync("document.body.dataset.stale = '1'");
        await action();
        await Expect(page.Locator("body[data-stale]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }

    public static Task ScanAsync(this IPage page, string box, string text) =>
        page.ReplacedAfterAsync(async () =>
        {
            await page.FillAsync(box, text);
            await page.PressAsync(box, "Enter");
        });

    public static Task ClickAndReplaceAsync(this IPage page, string selector) =>
        page.ReplacedAfterAsync(() => page.ClickAsync(selector));
}

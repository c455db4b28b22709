namespace SerialTrack.Browser.Tests.Support;

// A browser test, skipped with the reason shown when this machine has no Chromium.
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists(BrowserSession.ChromiumPath))
        {
            Skip = $"Chromium not found at {BrowserSession.ChromiumPath}: browser tests skipped (.ci/run installs it)";
        }
    }
}

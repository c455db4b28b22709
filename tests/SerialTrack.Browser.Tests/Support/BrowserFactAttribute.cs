namespace SerialTrack.Browser.Tests.Support;

// A browser test, skipped with the reason shown when this machine has no Chromium.
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        // CI sets SERIALTRACK_REQUIRE_ALL: there a missing browser fails the test instead of skipping it.
        if (!File.Exists(BrowserSession.ChromiumPath) && Environment.GetEnvironmentVariable("SERIALTRACK_REQUIRE_ALL") is null)
        {
            Skip = $"Chromium not found at {BrowserSession.ChromiumPath}: browser tests skipped (.ci/run installs it)";
        }
    }
}

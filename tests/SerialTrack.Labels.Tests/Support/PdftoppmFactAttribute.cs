namespace SerialTrack.Labels.Tests.Support;

public sealed class PdftoppmFactAttribute : FactAttribute
{
    public PdftoppmFactAttribute()
    {
        // CI sets SERIALTRACK_REQUIRE_ALL: there a missing pdftoppm fails the test instead of skipping it.
        if (!Pdftoppm.Available && Environment.GetEnvironmentVariable("SERIALTRACK_REQUIRE_ALL") is null)
            Skip = "pdftoppm not found on PATH (apt-get install -y poppler-utils); PDF pixel checks skipped";
    }
}

public static class Pdftoppm
{
    public static bool Available { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(':', StringSplitOptions.RemoveEmptyEntries).Any(d => File.Exists(Path.Combine(d, "pdftoppm")));
}

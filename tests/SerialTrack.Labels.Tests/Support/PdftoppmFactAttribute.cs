using System.Diagnostics;

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

    public static string RasterizeFirstPage(string pdf, int dpi)
    {
        var prefix = Path.ChangeExtension(pdf, null) + "-p1";
        using var p = Process.Start(new ProcessStartInfo("pdftoppm", ["-png", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-singlefile", pdf, prefix])
        { RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pdftoppm failed: {err}");
        return prefix + ".png";
    }
}

using System.Reflection;
using Xunit.Sdk;

namespace SerialTrack.Core.Tests.Epcis;

// The conformance documents and hash vectors live in ../shared next to the repository (or SERIALTRACK_SHARED).
// Without them the tests are skipped with the reason shown; under SERIALTRACK_REQUIRE_ALL they fail instead.
public static class SharedFiles
{
    public static readonly string? Root = Find();

    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException(Missing), relative);

    public const string Missing = "the shared test data folder (../shared/epcis-fixtures, ../shared/epcis-hash-vectors) was not found; set SERIALTRACK_SHARED";

    public static bool Required => Environment.GetEnvironmentVariable("SERIALTRACK_REQUIRE_ALL") is not null;

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("SERIALTRACK_SHARED") is { Length: > 0 } configured)
        {
            return Directory.Exists(System.IO.Path.Combine(configured, "epcis-fixtures")) ? configured : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(System.IO.Path.Combine(candidate, "epcis-fixtures")))
            {
                return candidate;
            }
        }

        return null;
    }
}

// [Theory, SharedFiles("epcis-fixtures/EPCIS/JSON/Capture/Documents", "*.json")]: one row per file, relative to the
// shared folder. When the folder is missing the single row "(missing)" makes the test fail under REQUIRE_ALL.
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class SharedFilesAttribute : DataAttribute
{
    private readonly string _folder;
    private readonly string _pattern;

    public SharedFilesAttribute(string folder, string pattern)
    {
        (_folder, _pattern) = (folder, pattern);
        if (SharedFiles.Root is null && !SharedFiles.Required)
        {
            Skip = SharedFiles.Missing;
        }
    }

    public string[] Except { get; init; } = [];

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (SharedFiles.Root is null)
        {
            return [["(missing)"]];
        }

        var folder = System.IO.Path.Combine(SharedFiles.Root, _folder);
        return Directory.GetFiles(folder, _pattern)
            .Where(f => !Except.Contains(System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { System.IO.Path.GetRelativePath(SharedFiles.Root, f) });
    }
}

using System.Reflection;
using Xunit.Sdk;

namespace SerialTrack.Core.Tests.Epcis;

// The EPCIS conformance documents (openepcis, Apache-2.0) and event-hash vectors (MIT) are copied into
// Epcis/Data with their licences and source notes, and copied beside the test assembly at build.
public static class EpcisFiles
{
    public static readonly string Root = System.IO.Path.Combine(AppContext.BaseDirectory, "Epcis", "Data");

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);
}

// [Theory, EpcisFiles("epcis-fixtures/EPCIS/JSON/Capture/Documents", "*.json")]: one row per file, relative to
// the data folder. A folder with no matching file is an error, not an empty theory.
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class EpcisFilesAttribute(string folder, string pattern) : DataAttribute
{
    public string[] Except { get; init; } = [];

    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        var files = Directory.GetFiles(EpcisFiles.Path(folder), pattern)
            .Where(f => !Except.Contains(System.IO.Path.GetFileName(f)))
            .Order(StringComparer.Ordinal)
            .Select(f => new object[] { System.IO.Path.GetRelativePath(EpcisFiles.Root, f) })
            .ToList();
        return files.Count > 0 ? files : throw new InvalidOperationException($"No {pattern} files in {folder}.");
    }
}

using System.CommandLine;

namespace SerialTrack.Cli;

public static class ImportExportCommands
{
    public static Command CreateImport() => new("import", "Import master data from CSV");

    public static Command CreateExport() => new("export", "Export master data to CSV");
}

using System.Text.RegularExpressions;

namespace SerialTrack.Labels.Tests.Support;

// Structural checks of ZPL II output: what a printer would silently misprint rather than reject.
public static partial class ZplLint
{
    static readonly HashSet<string> Known = ["XA", "XZ", "CI", "PW", "LL", "LH", "FO", "A0", "FH", "FD", "FS", "GB", "BY", "BC", "BE", "BU", "BQ", "BX", "PQ"];
    static readonly HashSet<string> FieldContent = ["A0", "FH", "FD", "GB", "BY", "BC", "BE", "BU", "BQ", "BX"];

    public static IReadOnlyList<string> Check(string zpl)
    {
        var problems = new List<string>();
        var formats = zpl.Split("^XZ", StringSplitOptions.None);
        if (!zpl.TrimEnd().EndsWith("^XZ", StringComparison.Ordinal)) problems.Add("does not end with ^XZ");
        if (zpl.Contains('~', StringComparison.Ordinal)) problems.Add("raw ~ (control-command prefix) in output");
        foreach (var format in formats.Take(formats.Length - 1))
            CheckFormat(format.Trim() + "^XZ", problems);
        return problems;
    }

    static void CheckFormat(string zpl, List<string> problems)
    {
        if (!zpl.StartsWith("^XA", StringComparison.Ordinal)) { problems.Add("format does not start with ^XA"); return; }
        var cmds = zpl.Split('^', StringSplitOptions.RemoveEmptyEntries).Select(c => c.TrimEnd('\n', '\r')).ToList();
        int pw = -1, ll = -1;
        bool inField = false, hasData = false;
        (int X, int Y) fo = default;
        for (int i = 0; i < cmds.Count; i++)
        {
            var c = cmds[i];
            var name = c.Length >= 2 ? c[..2] : c;
            var args = c.Length > 2 ? c[2..] : "";
            if (!Known.Contains(name)) { problems.Add($"unknown command ^{name}"); continue; }
            if (name == "XA" && i != 0) problems.Add("^XA not first");
            if (name == "XZ" && i != cmds.Count - 1) problems.Add("^XZ not last");
            switch (name)
            {
                case "PW": pw = int.Parse(args, System.Globalization.CultureInfo.InvariantCulture); break;
                case "LL": ll = int.Parse(args, System.Globalization.CultureInfo.InvariantCulture); break;
                case "FO":
                    if (inField) problems.Add($"^FO{args} opens a field before the previous ^FS");
                    var xy = Ints(args);
                    fo = (xy[0], xy[1]);
                    if (pw < 0 || ll < 0) problems.Add("^FO before ^PW/^LL");
                    if (fo.X < 0 || fo.Y < 0 || fo.X >= pw || fo.Y >= ll) problems.Add($"^FO{args} outside ^PW{pw}/^LL{ll}");
                    inField = true; hasData = false;
                    break;
                case "GB":
                    var g = Ints(args);
                    if (fo.X + g[0] > pw || fo.Y + g[1] > ll) problems.Add($"^GB{args} at {fo} exceeds ^PW{pw}/^LL{ll}");
                    if (g[2] > Math.Min(g[0], g[1])) problems.Add($"^GB{args} thickness larger than box");
                    hasData = true;
                    break;
                case "FD":
                    if (!inField) problems.Add("^FD outside a ^FO..^FS field");
                    if (args.Any(ch => ch < ' ')) problems.Add("control character in ^FD");
                    hasData = true;
                    break;
                case "FS":
                    if (!inField) problems.Add("^FS without ^FO");
                    if (!hasData) problems.Add("field without ^FD or ^GB");
                    inField = false;
                    break;
                default:
                    if (FieldContent.Contains(name) && !inField) problems.Add($"^{name} outside a field");
                    break;
            }
        }
        if (inField) problems.Add("last field not closed by ^FS");
        if (pw <= 0 || ll <= 0) problems.Add("missing ^PW or ^LL");
    }

    static int[] Ints(string args) =>
        IntList().Matches(args).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    [GeneratedRegex(@"-?\d+")]
    private static partial Regex IntList();
}

using System.Text;

namespace SerialTrack.Labels.Tests.Support;

// Test-side stand-ins for the product's GS1 module: build raw/HRI strings and split decoded data into AIs.
public static class Gs1TestData
{
    public const char GS = '\u001D';
    static readonly Dictionary<string, int> FixedLength = new() { ["00"] = 18, ["01"] = 14, ["17"] = 6 };
    static readonly HashSet<string> Variable = ["10", "21"];

    public static (string Raw, string Hri) Build(params (string Ai, string Value)[] parts)
    {
        var raw = new StringBuilder();
        var hri = new StringBuilder();
        for (int i = 0; i < parts.Length; i++)
        {
            var (ai, v) = parts[i];
            raw.Append(ai).Append(v);
            hri.Append('(').Append(ai).Append(')').Append(v);
            if (!FixedLength.ContainsKey(ai) && i < parts.Length - 1) raw.Append(GS);
        }
        return (raw.ToString(), hri.ToString());
    }

    public static List<(string Ai, string Value)> Split(string decoded)
    {
        var s = decoded;
        if (s.StartsWith("]C1", StringComparison.Ordinal) || s.StartsWith("]d2", StringComparison.Ordinal) || s.StartsWith("]Q3", StringComparison.Ordinal)) s = s[3..];
        s = s.TrimStart(GS);
        var result = new List<(string, string)>();
        int i = 0;
        while (i < s.Length)
        {
            var ai = s.Substring(i, 2);
            i += 2;
            if (FixedLength.TryGetValue(ai, out int len))
            {
                result.Add((ai, s.Substring(i, len)));
                i += len;
            }
            else if (Variable.Contains(ai))
            {
                int end = s.IndexOf(GS, i);
                if (end < 0) end = s.Length;
                result.Add((ai, s[i..end]));
                i = Math.Min(s.Length, end + 1);
            }
            else throw new FormatException($"Unknown AI {ai} in {decoded}");
        }
        return result;
    }

    public static string Sscc(string extensionAndPrefixAndRef17)
    {
        var check = SerialTrack.Labels.Barcodes.Gtin.CheckDigit(extensionAndPrefixAndRef17);
        return extensionAndPrefixAndRef17 + check;
    }

    public static string Show(string? s) =>
        s is null ? "<null>" : s.Replace(GS.ToString(), "<GS>", StringComparison.Ordinal);
}

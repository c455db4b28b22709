using System.Globalization;
using SerialTrack.Core.Trace;

namespace SerialTrack.Pages.Trace;

public sealed record GraphNode(string Key, string Kind, string Label, string? Detail, string? Link, double X, double Y, bool Root, bool Removed);

public sealed record GraphEdge(double X1, double Y1, double X2, double Y2, string Kind, string? Label);

// The trace answer laid out for drawing: one column per level, material flowing left to right (suppliers,
// then inputs, then what they went into, then containers and customers). Past MaxNodes it draws one node
// per product and level instead of one per unit, so that a forward trace of 100,000 units stays readable.
public sealed record TraceGraph(string Id, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges, double Width, double Height, bool Summary, int TotalNodes)
{
    public const int MaxNodes = 300;
    public const double NodeWidth = 200;
    public const double NodeHeight = 44;
    const double ColumnWidth = 260;
    const double RowHeight = 58;
    const double Margin = 16;

    static readonly string[] KindOrder = ["supplier", "unit", "lot", "container", "customer"];

    public static TraceGraph Of(TraceResult r, string id = "trace")
    {
        var nodes = TraceNodes.Of(r);
        foreach (var e in r.Edges)
        {
            nodes.TryAdd(e.From, TraceNodes.Unknown(e.From));
            nodes.TryAdd(e.To, TraceNodes.Unknown(e.To));
        }
        var columns = Columns(r, nodes, r.Edges);
        var summary = nodes.Count > MaxNodes;
        var edges = r.Edges.Select(e => (e.From, e.To, e.Kind, Label: EdgeLabel(e, nodes))).ToList();
        if (summary)
        {
            // One node per column, kind and product; edges between groups with how many they stand for.
            string Group(string key) => $"{columns[key]}|{nodes[key].Kind}|{nodes[key].Product ?? nodes[key].Kind}";
            var groups = nodes.Keys.GroupBy(Group).ToDictionary(g => g.Key, g => g.ToList());
            var grouped = new Dictionary<string, TraceNode>(StringComparer.Ordinal);
            var groupColumns = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, members) in groups)
            {
                var first = nodes[members[0]];
                var name = first.Product ?? Plural(first.Kind);
                grouped[key] = new TraceNode(key, first.Kind, $"{name} × {members.Count.ToString("N0", CultureInfo.InvariantCulture)}", Plural(first.Kind, members.Count),
                    first.Product, first.Depth, members.Any(m => nodes[m].Root), members.All(m => nodes[m].Removed));
                groupColumns[key] = columns[members[0]];
            }
            edges = edges.GroupBy(e => (From: Group(e.From), To: Group(e.To), e.Kind))
                .Select(g => (g.Key.From, g.Key.To, g.Key.Kind, Label: (string?)$"×{g.Count().ToString("N0", CultureInfo.InvariantCulture)}")).ToList();
            return Layout(id, grouped, groupColumns, edges, summary: true, total: nodes.Count);
        }
        return Layout(id, nodes, columns, edges, summary: false, total: nodes.Count);
    }

    static TraceGraph Layout(string id, Dictionary<string, TraceNode> nodes, Dictionary<string, int> columns, List<(string From, string To, string Kind, string? Label)> edges, bool summary, int total)
    {
        var placed = new Dictionary<string, GraphNode>(StringComparer.Ordinal);
        var rows = 0;
        foreach (var column in nodes.Keys.GroupBy(k => columns[k]).OrderBy(g => g.Key))
        {
            var ordered = column.Select(k => nodes[k])
                .OrderByDescending(n => n.Root).ThenBy(n => Array.IndexOf(KindOrder, n.Kind)).ThenBy(n => n.Label, StringComparer.Ordinal).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                var n = ordered[i];
                placed[n.Key] = new GraphNode(n.Key, n.Kind, Cut(n.Label, 28), n.Detail is null ? null : Cut(n.Detail, 32), summary ? null : Link(n.Key),
                    Margin + column.Key * ColumnWidth, Margin + i * RowHeight, n.Root, n.Removed);
            }
            rows = Math.Max(rows, ordered.Count);
        }
        var lines = edges.Where(e => placed.ContainsKey(e.From) && placed.ContainsKey(e.To)).Select(e =>
        {
            var (a, b) = (placed[e.From], placed[e.To]);
            return new GraphEdge(a.X + NodeWidth, a.Y + NodeHeight / 2, b.X, b.Y + NodeHeight / 2, e.Kind, e.Label);
        }).ToList();
        var width = 2 * Margin + (columns.Count == 0 ? 0 : columns.Values.Max()) * ColumnWidth + NodeWidth;
        var height = 2 * Margin + Math.Max(0, rows - 1) * RowHeight + NodeHeight;
        return new TraceGraph(id, placed.Values.ToList(), lines, width, height, summary, total);
    }

    // Backward: suppliers first, the deepest inputs next, the roots after them, then containers. Forward:
    // the roots first, what they went into to the right, then containers and customers.
    static Dictionary<string, int> Columns(TraceResult r, Dictionary<string, TraceNode> nodes, IReadOnlyList<TraceEdge> edges)
    {
        var forward = r.Direction == TraceDirection.Forward;
        var maxDepth = nodes.Values.Where(n => n.Kind is "unit" or "lot").Select(n => n.Depth).DefaultIfEmpty(0).Max();
        var lastGenealogy = forward ? maxDepth : maxDepth + 1;
        var hasContainers = nodes.Values.Any(n => n.Kind == "container");
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        // Unknown ends of removed edges carry their key as label: they are placed after the rest.
        foreach (var n in nodes.Values.Where(n => n.Kind is "unit" or "lot" && !n.Key.Equals(n.Label, StringComparison.Ordinal)))
        {
            columns[n.Key] = forward ? n.Depth : 1 + maxDepth - n.Depth;
        }
        foreach (var n in nodes.Values.Where(n => !columns.ContainsKey(n.Key)))
        {
            columns[n.Key] = n.Kind switch
            {
                "supplier" => 0,
                "container" => lastGenealogy + 1,
                "customer" => lastGenealogy + (hasContainers ? 2 : 1),
                // The end of a removed edge forward: one column past what it was removed from.
                _ => edges.Where(e => e.To == n.Key && columns.ContainsKey(e.From)).Select(e => columns[e.From] + 1).DefaultIfEmpty(lastGenealogy).Max(),
            };
        }
        // No empty columns (no suppliers, no containers): the used ones side by side.
        var used = columns.Values.Distinct().Order().Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        return columns.ToDictionary(x => x.Key, x => used[x.Value], StringComparer.Ordinal);
    }

    static string? EdgeLabel(TraceEdge e, Dictionary<string, TraceNode> nodes) =>
        e.Quantity is { } q && (nodes[e.From].Kind == "lot" || q != 1) ? TraceNodes.Quantity(q) : null;

    static string? Link(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var id = key[(colon + 1)..];
        return key[..colon] switch
        {
            "unit" => $"/units/{id}",
            "lot" => $"/lots/{id}",
            "container" => $"/containers/{id}",
            "party" => $"/parties/{id}",
            _ => null,
        };
    }

    static string Plural(string kind, int count = 2) => count == 1 ? kind : kind switch
    {
        "supplier" => "suppliers",
        "customer" => "customers",
        "container" => "containers",
        "lot" => "lots",
        _ => "units",
    };

    static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}

using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Trace;

// The nodes of a trace answer by key ("unit:12"), with a short label, for the CLI tree and the trace picture.
public sealed record TraceNode(string Key, string Kind, string Label, string? Detail, string? Product, int Depth, bool Root, bool Removed);

public static class TraceNodes
{
    public static Dictionary<string, TraceNode> Of(TraceResult r)
    {
        var nodes = new Dictionary<string, TraceNode>(StringComparer.Ordinal);
        foreach (var u in r.Units)
        {
            nodes[TraceKeys.Unit(u.Id)] = new(TraceKeys.Unit(u.Id), "unit", $"{u.Product} {u.Serial}", Where(u), u.Product, u.Depth, u.Root, u.Removed);
        }
        foreach (var l in r.Lots)
        {
            nodes[TraceKeys.Lot(l.Id)] = new(TraceKeys.Lot(l.Id), "lot", $"{l.Product} lot {l.Lot}", $"{Quantity(l.Quantity)} {l.Uom}", l.Product, l.Depth, l.Root, false);
        }
        foreach (var c in r.Containers)
        {
            nodes[TraceKeys.Container(c.Id)] = new(TraceKeys.Container(c.Id), "container", $"{c.Kind} {c.Code}", c.Location ?? c.Status, null, 0, false, false);
        }
        foreach (var p in r.Customers)
        {
            nodes[TraceKeys.Party(p.Id)] = new(TraceKeys.Party(p.Id), "customer", p.Name, p.Code, null, 0, false, false);
        }
        foreach (var p in r.Suppliers)
        {
            nodes[TraceKeys.Party(p.Id)] = new(TraceKeys.Party(p.Id), "supplier", p.Name, p.Code, null, 0, false, false);
        }
        return nodes;
    }

    // A forward trace does not list what only a removed edge leads to: such an end still gets a node.
    public static TraceNode Unknown(string key) => new(key, key[..key.IndexOf(':', StringComparison.Ordinal)], key, "no longer holds it", null, 0, false, true);

    public static string Where(TracedUnit u) => u.Status switch
    {
        UnitStatus.AtCustomer => $"at {u.Customer ?? "a customer"}",
        _ => u.Location is { } l ? $"{Status(u.Status)}, {l}" : Status(u.Status),
    };

    public static string Status(UnitStatus s) => Text.Snake(s).Replace('_', ' ');

    public static string Quantity(decimal q) => decimal.Round(q, 6).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}

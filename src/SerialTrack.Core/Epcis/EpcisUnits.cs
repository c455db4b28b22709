namespace SerialTrack.Core.Epcis;

// Units of measure between EPCIS and the catalogue. EPCIS quantities carry UN/ECE Recommendation 20 codes (KGM, GRM,
// LTR...), or none when they count instances (EPCIS 2.0 §7.3.3.3); a product counts its lots in its own unit (kg, g,
// l, ea...). A quantity in another unit of the same kind (grams of a product kept in kilograms) is converted; one of
// another kind (litres of a product kept in kilograms) cannot be.
public static class EpcisUnits
{
    enum Kind
    {
        Count,
        Mass,
        Volume,
        Length,
    }

    // Each unit's kind and its size in the kind's base unit (kg, l, m): catalogue units and UN/ECE codes alike.
    static readonly Dictionary<string, (Kind Kind, decimal Size)> Units = new (Kind Kind, decimal Size, string[] Names)[]
    {
        (Kind.Count, 1m, ["ea", "each", "pc", "pcs", "unit", "units", "H87", "C62"]),
        (Kind.Mass, 1m, ["kg", "KGM"]),
        (Kind.Mass, 0.001m, ["g", "GRM"]),
        (Kind.Mass, 0.000001m, ["mg", "MGM"]),
        (Kind.Mass, 1000m, ["t", "TNE"]),
        (Kind.Mass, 0.45359237m, ["lb", "LBR"]),
        (Kind.Mass, 0.028349523125m, ["oz", "ONZ"]),
        (Kind.Volume, 1m, ["l", "LTR"]),
        (Kind.Volume, 0.001m, ["ml", "MLT"]),
        (Kind.Volume, 0.01m, ["cl", "CLT"]),
        (Kind.Volume, 1000m, ["m3", "MTQ"]),
        (Kind.Length, 1m, ["m", "MTR"]),
        (Kind.Length, 0.01m, ["cm", "CMT"]),
        (Kind.Length, 0.001m, ["mm", "MMT"]),
        (Kind.Length, 1000m, ["km", "KMT"]),
    }.SelectMany(u => u.Names.Select(name => (name, u.Kind, u.Size))).ToDictionary(u => u.name, u => (u.Kind, u.Size), StringComparer.OrdinalIgnoreCase);

    // The catalogue unit for a product first heard of in a quantity with this UN/ECE code (none: counted in instances).
    public static string CatalogueUnit(string? uom) => uom switch
    {
        null or "" or "EA" or "H87" or "C62" => "ea",
        "KGM" => "kg",
        "GRM" => "g",
        "MGM" => "mg",
        "TNE" => "t",
        "LBR" => "lb",
        "ONZ" => "oz",
        "LTR" => "l",
        "MLT" => "ml",
        "CLT" => "cl",
        "MTQ" => "m3",
        "MTR" => "m",
        "CMT" => "cm",
        "MMT" => "mm",
        "KMT" => "km",
        _ => uom.Length <= 16 ? uom : uom[..16],
    };

    // The quantity in the product's unit, or null when it cannot be counted in it. Six decimals, as lot balances keep.
    // The UN/ECE code a catalogue unit is written with; none for units counted in instances (EPCIS 2.0 §7.3.3.3), and
    // a unit this table does not know as it is.
    public static string? Rec20(string productUnit) =>
        Units.TryGetValue(productUnit, out var unit) && unit.Kind == Kind.Count ? null
        : Codes.FirstOrDefault(c => string.Equals(CatalogueUnit(c), productUnit, StringComparison.OrdinalIgnoreCase)) ?? productUnit;

    static readonly string[] Codes = ["KGM", "GRM", "MGM", "TNE", "LBR", "ONZ", "LTR", "MLT", "CLT", "MTQ", "MTR", "CMT", "MMT", "KMT"];

    // A quantity without a unit counts whatever the product counts in.
    public static decimal? Convert(decimal quantity, string? uom, string productUnit)
    {
        if (string.IsNullOrEmpty(uom) || string.Equals(uom, productUnit, StringComparison.OrdinalIgnoreCase))
        {
            return quantity;
        }
        return Units.TryGetValue(uom, out var from) && Units.TryGetValue(productUnit, out var to) && from.Kind == to.Kind
            ? Math.Round(quantity * from.Size / to.Size, 6, MidpointRounding.ToEven)
            : null;
    }
}

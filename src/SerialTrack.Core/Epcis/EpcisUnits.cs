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

    // Each unit's kind and its size in the kind's base unit (kg, l, m); catalogue units and UN/ECE codes alike.
    static readonly Dictionary<string, (Kind Kind, decimal Size)> Units = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ea"] = (Kind.Count, 1m), ["each"] = (Kind.Count, 1m), ["pc"] = (Kind.Count, 1m), ["pcs"] = (Kind.Count, 1m),
        ["unit"] = (Kind.Count, 1m), ["units"] = (Kind.Count, 1m), ["EA"] = (Kind.Count, 1m), ["H87"] = (Kind.Count, 1m), ["C62"] = (Kind.Count, 1m),
        ["kg"] = (Kind.Mass, 1m), ["KGM"] = (Kind.Mass, 1m), ["g"] = (Kind.Mass, 0.001m), ["GRM"] = (Kind.Mass, 0.001m),
        ["mg"] = (Kind.Mass, 0.000001m), ["MGM"] = (Kind.Mass, 0.000001m), ["t"] = (Kind.Mass, 1000m), ["TNE"] = (Kind.Mass, 1000m),
        ["lb"] = (Kind.Mass, 0.45359237m), ["LBR"] = (Kind.Mass, 0.45359237m), ["oz"] = (Kind.Mass, 0.028349523125m), ["ONZ"] = (Kind.Mass, 0.028349523125m),
        ["l"] = (Kind.Volume, 1m), ["LTR"] = (Kind.Volume, 1m), ["ml"] = (Kind.Volume, 0.001m), ["MLT"] = (Kind.Volume, 0.001m),
        ["cl"] = (Kind.Volume, 0.01m), ["CLT"] = (Kind.Volume, 0.01m), ["m3"] = (Kind.Volume, 1000m), ["MTQ"] = (Kind.Volume, 1000m),
        ["m"] = (Kind.Length, 1m), ["MTR"] = (Kind.Length, 1m), ["cm"] = (Kind.Length, 0.01m), ["CMT"] = (Kind.Length, 0.01m),
        ["mm"] = (Kind.Length, 0.001m), ["MMT"] = (Kind.Length, 0.001m), ["km"] = (Kind.Length, 1000m), ["KMT"] = (Kind.Length, 1000m),
    };

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

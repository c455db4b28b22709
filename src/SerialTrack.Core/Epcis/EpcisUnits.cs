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

    // Each measure: its kind, its size in the kind's base unit (kg, l, m), its catalogue unit and its UN/ECE code.
    static readonly (Kind Kind, decimal Size, string Unit, string Code)[] Measures =
    [
        (Kind.Mass, 1m, "kg", "KGM"),
        (Kind.Mass, 0.001m, "g", "GRM"),
        (Kind.Mass, 0.000001m, "mg", "MGM"),
        (Kind.Mass, 1000m, "t", "TNE"),
        (Kind.Mass, 0.45359237m, "lb", "LBR"),
        (Kind.Mass, 0.028349523125m, "oz", "ONZ"),
        (Kind.Volume, 1m, "l", "LTR"),
        (Kind.Volume, 0.001m, "ml", "MLT"),
        (Kind.Volume, 0.01m, "cl", "CLT"),
        (Kind.Volume, 1000m, "m3", "MTQ"),
        (Kind.Length, 1m, "m", "MTR"),
        (Kind.Length, 0.01m, "cm", "CMT"),
        (Kind.Length, 0.001m, "mm", "MMT"),
        (Kind.Length, 1000m, "km", "KMT"),
    ];

    // Units that count instances, in the catalogue's words and UN/ECE's.
    static readonly string[] Counts = ["ea", "each", "pc", "pcs", "unit", "units", "EA", "H87", "C62"];

    // Every unit by any of its names (catalogue unit or code, any case).
    static readonly Dictionary<string, (Kind Kind, decimal Size)> Units = Measures
        .SelectMany(m => new[] { (Name: m.Unit, m.Kind, m.Size), (Name: m.Code, m.Kind, m.Size) })
        .Concat(Counts.Select(c => (Name: c, Kind: Kind.Count, Size: 1m)))
        .DistinctBy(u => u.Name, StringComparer.OrdinalIgnoreCase)
        .ToDictionary(u => u.Name, u => (u.Kind, u.Size), StringComparer.OrdinalIgnoreCase);

    // The catalogue unit for a product first heard of in a quantity with this UN/ECE code (none: counted in instances).
    public static string CatalogueUnit(string? uom) =>
        uom is null or "" or "EA" or "H87" or "C62" ? "ea"
        : Measures.FirstOrDefault(m => m.Code == uom).Unit ?? (uom.Length <= 16 ? uom : uom[..16]);

    // The UN/ECE code a catalogue unit is written with; none for units counted in instances (EPCIS 2.0 §7.3.3.3), and
    // a unit this table does not know as it is.
    public static string? Rec20(string productUnit) =>
        Units.TryGetValue(productUnit, out var unit) && unit.Kind == Kind.Count ? null
        : Measures.FirstOrDefault(m => string.Equals(m.Unit, productUnit, StringComparison.OrdinalIgnoreCase)).Code ?? productUnit;

    // The quantity in the product's unit, or null when it cannot be counted in it (six decimals, as lot balances keep).
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

namespace SerialTrack.Labels.Templates;

// Sizes favour 203 dpi printers (the most common thermal head): every X-dimension below is a whole
// number of 8 dots/mm dots so bars are not rounded unevenly, and every default renders at 300/600 too.
public static class DefaultTemplates
{
    public static LabelTemplate Unit { get; } = new("unit", 100, 50, 203,
    [
        new TextElement(3, 3, 4.5, Field: LabelFields.ProductName, Bold: true, MaxWidthMm: 74),
        new TextElement(3, 9.5, 3, Text: "SKU: {sku}", MaxWidthMm: 74),
        new TextElement(3, 14, 3, Text: "S/N: {serial}", MaxWidthMm: 74),
        // GS1 DataMatrix carrying (01)+(21): GS1 General Specifications §5.6.3.2, FNC1 in first position.
        new BarcodeElement(80, 3, Symbology.Gs1DataMatrix, LabelFields.Gs1Raw, 0.5, HumanReadable: false),
        new BarcodeElement(4, 22, Symbology.Code128, LabelFields.Serial, 0.25, 15, HumanReadable: true),
    ]);

    // 150 mm wide because (01)(17)(10) with a 20-character batch is ~420 modules of GS1-128
    // at the 0.25 mm minimum we allow (GS1 General Specifications §5.4: at most 48 characters, 165 mm).
    public static LabelTemplate Lot { get; } = new("lot", 150, 75, 203,
    [
        new TextElement(5, 4, 6, Field: LabelFields.ProductName, Bold: true, MaxWidthMm: 140),
        new TextElement(5, 13, 5, Text: "LOT {lot}", MaxWidthMm: 140),
        new TextElement(5, 20, 5, Text: "EXP {expiry}", MaxWidthMm: 140),
        new LineElement(3, 27, 147, 27, 0.5),
        new BarcodeElement(6, 32, Symbology.Gs1_128, LabelFields.Gs1Raw, 0.25, 25, HumanReadable: true),
    ]);

    public static LabelTemplate Location { get; } = new("location", 100, 50, 203,
    [
        new TextElement(5, 3, 14, Field: LabelFields.Location, Bold: true, MaxWidthMm: 90),
        new BarcodeElement(6, 21, Symbology.Code128, LabelFields.Location, 0.375, 18, HumanReadable: false),
        new BoxElement(1, 1, 98, 48, 0.5),
    ]);

    public static LabelTemplate Container { get; } = new("container", 100, 50, 203,
    [
        new TextElement(4, 3, 8, Field: LabelFields.Container, Bold: true, MaxWidthMm: 92),
        new TextElement(4, 12.5, 3.5, Field: LabelFields.Customer, MaxWidthMm: 92) { When = LabelFields.Customer },
        // A container that is a GS1 logistic unit carries its SSCC as AI (00) (GS1 General Specifications §5.4);
        // otherwise it gets a plain Code 128 of the internal container code.
        new BarcodeElement(8, 19, Symbology.Gs1_128, LabelFields.Gs1Raw, 0.375, 20, HumanReadable: true) { When = LabelFields.Sscc },
        new BarcodeElement(8, 19, Symbology.Code128, LabelFields.Container, 0.375, 20, HumanReadable: true) { When = "!" + LabelFields.Sscc },
    ]);

    // GS1 Logistic Label Guideline: top block free-format (from/to), middle block human-readable
    // data with AI titles, bottom block the bar code(s), SSCC last; SSCC X-dimension 0.495-1.016 mm,
    // bar height >= 32 mm, HRI under the symbol.
    public static LabelTemplate Gs1Logistic { get; } = new("gs1-logistic", 105, 148, 203,
    [
        new BoxElement(1, 1, 103, 146, 0.5),
        new TextElement(4, 4, 2.5, Text: "FROM", Bold: true),
        new TextElement(4, 8, 3.5, Field: LabelFields.ShipFrom, MaxWidthMm: 97),
        new TextElement(4, 15, 2.5, Text: "TO", Bold: true),
        new TextElement(4, 19, 4.5, Field: LabelFields.ShipTo, Bold: true, MaxWidthMm: 97),
        new LineElement(1, 28, 103.5, 28, 0.5),
        new TextElement(4, 31, 2.5, Text: "SSCC", Bold: true),
        new TextElement(4, 35, 5, Field: LabelFields.Sscc, Bold: true, MaxWidthMm: 97),
        new TextElement(4, 44, 2.5, Text: "CONTENT", Bold: true),
        new TextElement(4, 48, 4, Field: LabelFields.Content, MaxWidthMm: 60),
        new TextElement(68, 44, 2.5, Text: "COUNT", Bold: true),
        new TextElement(68, 48, 4, Field: LabelFields.Count, MaxWidthMm: 33),
        new TextElement(4, 56, 2.5, Text: "BATCH/LOT", Bold: true),
        new TextElement(4, 60, 4, Field: LabelFields.Lot, MaxWidthMm: 60),
        new TextElement(68, 56, 2.5, Text: "EXPIRY", Bold: true),
        new TextElement(68, 60, 4, Field: LabelFields.Expiry, MaxWidthMm: 33),
        new LineElement(1, 96, 103.5, 96, 0.5),
        new BarcodeElement(13.5, 100, Symbology.Gs1_128, LabelFields.Gs1Raw, 0.5, 32, HumanReadable: true),
    ]);

    public static IReadOnlyList<LabelTemplate> All { get; } = [Unit, Lot, Location, Container, Gs1Logistic];

    public static LabelTemplate Get(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new LabelException("template.not_found", $"No default template '{name}'", name);
}

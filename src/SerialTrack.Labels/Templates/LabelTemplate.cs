using System.Text.Json.Serialization;

namespace SerialTrack.Labels.Templates;

public sealed record LabelTemplate(string Name, double WidthMm, double HeightMm, int Dpi, IReadOnlyList<LabelElement> Elements);

// "type" discriminator keeps the JSON readable and stable if element classes are renamed.
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextElement), "text")]
[JsonDerivedType(typeof(LineElement), "line")]
[JsonDerivedType(typeof(BoxElement), "box")]
[JsonDerivedType(typeof(BarcodeElement), "barcode")]
public abstract record LabelElement
{
    // Field name; the element is drawn only when that field is present and non-empty ("!name": only when absent/empty).
    public string? When { get; init; }
}

// Text is a literal that may contain {field} placeholders; Field binds the whole text to one data key.
public sealed record TextElement(double Xmm, double Ymm, double HeightMm, string? Field = null, string? Text = null,
    bool Bold = false, double? MaxWidthMm = null) : LabelElement;

// Lines are horizontal or vertical (ZPL ^GB draws only those; diagonals would need ^GD).
public sealed record LineElement(double X1, double Y1, double X2, double Y2, double ThicknessMm) : LabelElement;

public sealed record BoxElement(double X, double Y, double W, double H, double ThicknessMm) : LabelElement;

// Xmm/Ymm is the top-left of the first bar/module; the quiet zone lies outside it and must fit on the label.
public sealed record BarcodeElement(double Xmm, double Ymm, Symbology Symbology, string Field, double ModuleMm,
    double HeightMm = 10, bool HumanReadable = true) : LabelElement;

[JsonConverter(typeof(JsonStringEnumConverter<Symbology>))]
public enum Symbology
{
    Code128,
    Gs1_128,
    QrCode,
    DataMatrix,
    Gs1DataMatrix,
    Ean13,
    UpcA,
}

public static class LabelFields
{
    public const string ProductName = "product_name";
    public const string Sku = "sku";
    public const string Serial = "serial";
    public const string Lot = "lot";
    public const string Expiry = "expiry";
    public const string Location = "location";
    public const string Customer = "customer";
    public const string Handling = "handling";
    public const string Gtin = "gtin";
    public const string Sscc = "sscc";
    public const string Container = "container";
    public const string Count = "count";
    public const string Content = "content";
    public const string ShipFrom = "ship_from";
    public const string ShipTo = "ship_to";
    // GS1 element string with GS (U+001D) where a separator FNC1 is needed, no leading FNC1.
    public const string Gs1Raw = "gs1_raw";
    // Bracketed human-readable interpretation, e.g. (01)09506000134352(21)ABC.
    public const string Gs1Hri = "gs1_hri";
    public const string DigitalLink = "digital_link";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        ProductName, Sku, Serial, Lot, Expiry, Location, Customer, Handling, Gtin, Sscc, Container, Count, Content,
        ShipFrom, ShipTo, Gs1Raw, Gs1Hri, DigitalLink,
    };
}

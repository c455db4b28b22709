using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace SerialTrack.Labels.Templates;

public static partial class LabelTemplates
{
    // Thermal printheads come in these densities (8, 12 and 24 dots/mm); anything else cannot be printed 1:1.
    public static readonly IReadOnlySet<int> SupportedDpi = new HashSet<int> { 203, 300, 600 };

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        AllowOutOfOrderMetadataProperties = true,
    };

    public static string ToJson(LabelTemplate template)
    {
        Validate(template);
        return JsonSerializer.Serialize(template, Json);
    }

    public static LabelTemplate FromJson(string json)
    {
        LabelTemplate? template;
        try
        {
            template = JsonSerializer.Deserialize<LabelTemplate>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new LabelException("template.invalid_json", $"Template JSON is invalid at {ex.Path ?? "$"}: {ex.Message}", ex.Path);
        }
        catch (NotSupportedException ex)
        {
            throw new LabelException("template.invalid_json", $"Template JSON is invalid: {ex.Message}", null);
        }
        if (template is null)
            throw new LabelException("template.invalid_json", "Template JSON is null", null);
        Validate(template);
        return template;
    }

    public static void Validate(LabelTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (string.IsNullOrWhiteSpace(template.Name))
            throw new LabelException("template.name", "Template name is required", "name");
        if (!SupportedDpi.Contains(template.Dpi))
            throw new LabelException("template.dpi", $"Template '{template.Name}': dpi {template.Dpi} is not one of 203, 300, 600", "dpi");
        if (template.WidthMm is <= 0 or > 1000 || template.HeightMm is <= 0 or > 1000)
            throw new LabelException("template.size", $"Template '{template.Name}': size {template.WidthMm}x{template.HeightMm} mm is out of range", "widthMm");
        if (template.Elements is null)
            throw new LabelException("template.elements", $"Template '{template.Name}' has no elements list", "elements");

        double w = template.WidthMm, h = template.HeightMm;
        for (int i = 0; i < template.Elements.Count; i++)
        {
            var e = template.Elements[i];
            string where = $"elements[{i}]";
            if (e is null)
                throw new LabelException("template.element", $"{where} is null", where);
            if (e.When is { } when)
                CheckField(when.TrimStart('!'), where + ".when");
            switch (e)
            {
                case TextElement t:
                    if ((t.Field is null) == (t.Text is null))
                        throw new LabelException("template.text", $"{where}: a text element needs exactly one of field or text", where);
                    if (t.Field is not null) CheckField(t.Field, where + ".field");
                    if (t.Text is not null)
                        foreach (Match m in Placeholder().Matches(t.Text)) CheckField(m.Groups[1].Value, where + ".text");
                    if (t.HeightMm <= 0) throw new LabelException("template.text", $"{where}: heightMm must be positive", where);
                    Inside(where, t.Xmm, t.Ymm, t.Xmm + (t.MaxWidthMm ?? 0), t.Ymm + t.HeightMm);
                    break;
                case LineElement l:
                    if (l.X1 != l.X2 && l.Y1 != l.Y2)
                        throw new LabelException("template.line", $"{where}: lines must be horizontal or vertical", where);
                    if (l.ThicknessMm <= 0) throw new LabelException("template.line", $"{where}: thicknessMm must be positive", where);
                    Inside(where, Math.Min(l.X1, l.X2), Math.Min(l.Y1, l.Y2),
                        Math.Max(l.X1, l.X2) + (l.X1 == l.X2 ? l.ThicknessMm : 0), Math.Max(l.Y1, l.Y2) + (l.Y1 == l.Y2 ? l.ThicknessMm : 0));
                    break;
                case BoxElement b:
                    if (b.W <= 0 || b.H <= 0 || b.ThicknessMm <= 0)
                        throw new LabelException("template.box", $"{where}: box sizes must be positive", where);
                    Inside(where, b.X, b.Y, b.X + b.W, b.Y + b.H);
                    break;
                case BarcodeElement bc:
                    if (!Enum.IsDefined(bc.Symbology))
                        throw new LabelException("template.unknown_symbology", $"{where}: unknown symbology '{bc.Symbology}'", where + ".symbology");
                    CheckField(bc.Field, where + ".field");
                    if (bc.ModuleMm <= 0) throw new LabelException("template.barcode", $"{where}: moduleMm must be positive", where);
                    if (bc.HeightMm <= 0) throw new LabelException("template.barcode", $"{where}: heightMm must be positive", where);
                    Inside(where, bc.Xmm, bc.Ymm, bc.Xmm, bc.Ymm + (IsLinear(bc.Symbology) ? bc.HeightMm : 0));
                    break;
                default:
                    throw new LabelException("template.element", $"{where}: unsupported element type {e.GetType().Name}", where);
            }
        }

        void Inside(string where, double x0, double y0, double x1, double y1)
        {
            const double eps = 1e-9;
            if (x0 < -eps || y0 < -eps || x1 > w + eps || y1 > h + eps || x0 >= w || y0 >= h)
                throw new LabelException("template.outside",
                    $"Template '{template.Name}': {where} ({x0:0.##},{y0:0.##})-({x1:0.##},{y1:0.##}) mm lies outside the {w}x{h} mm label", where);
        }
    }

    internal static bool IsLinear(Symbology s) => s is Symbology.Code128 or Symbology.Gs1_128 or Symbology.Ean13 or Symbology.UpcA;

    static void CheckField(string? name, string where)
    {
        if (string.IsNullOrEmpty(name) || !LabelFields.All.Contains(name))
            throw new LabelException("template.unknown_field", $"Unknown field '{name}' in {where}", name);
    }

    [GeneratedRegex(@"\{([a-z0-9_]+)\}")]
    internal static partial Regex Placeholder();
}

using System.Globalization;
using System.Security;
using System.Text;
using SerialTrack.Labels.Fonts;
using SerialTrack.Labels.Templates;

namespace SerialTrack.Labels.Images;

// viewBox in printer dots, width/height in mm: scales to paper size while keeping the dot grid of the bars.
public static class SvgRenderer
{
    public static string Render(LabelTemplate template, IReadOnlyDictionary<string, string> data) =>
        Render(LabelLayouter.Layout(template, data));

    public static string Render(LabelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(4096);
        sb.Append(ci, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{layout.Template.WidthMm.ToString(ci)}mm\" height=\"{layout.Template.HeightMm.ToString(ci)}mm\" viewBox=\"0 0 {layout.WidthDots} {layout.HeightDots}\">");
        sb.Append(ci, $"<title>{SecurityElement.Escape(layout.Template.Name)}</title>");
        sb.Append(ci, $"<rect width=\"{layout.WidthDots}\" height=\"{layout.HeightDots}\" fill=\"#fff\"/>");
        foreach (var item in layout.Items)
        {
            switch (item)
            {
                case LayoutText t:
                    sb.Append(ci, $"<text x=\"{t.X}\" y=\"{t.Baseline}\" font-family=\"{EmbeddedFonts.FamilyName}, sans-serif\" font-size=\"{t.Size}\"");
                    if (t.Bold) sb.Append(" font-weight=\"bold\"");
                    // textLength pins the width we measured with DejaVu, whatever font the viewer substitutes.
                    if (t.ScaleX < 1) sb.Append(ci, $" textLength=\"{t.Width}\" lengthAdjust=\"spacingAndGlyphs\"");
                    sb.Append('>').Append(SecurityElement.Escape(t.Text)).Append("</text>");
                    break;
                case LayoutBox b:
                    foreach (var r in b.Fills())
                        sb.Append(ci, $"<rect x=\"{r.X}\" y=\"{r.Y}\" width=\"{r.Width}\" height=\"{r.Height}\" fill=\"#000\"/>");
                    break;
                case LayoutBarcode bc:
                    sb.Append(ci, $"<path data-field=\"{SecurityElement.Escape(bc.Field)}\" data-symbology=\"{bc.Symbol.Symbology}\" shape-rendering=\"crispEdges\" fill=\"#000\" d=\"");
                    foreach (var r in bc.Runs())
                        sb.Append(ci, $"M{r.X} {r.Y}h{r.Width}v{r.Height}h{-r.Width}z");
                    sb.Append("\"/>");
                    break;
            }
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}

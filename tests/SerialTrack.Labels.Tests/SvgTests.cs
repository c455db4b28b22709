using System.Xml.Linq;
using SerialTrack.Labels.Images;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;

namespace SerialTrack.Labels.Tests;

public class SvgTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> TemplateNames() => [.. DefaultTemplates.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void SVG_is_well_formed_with_one_path_per_barcode_and_text_elements(string name)
    {
        var t = DefaultTemplates.Get(name);
        var data = Samples.For(t);
        data[LabelFields.ProductName] = "Tom & Jerry <\"special\"> 'quotes'";
        var layout = LabelLayouter.Layout(t, data);
        var doc = XDocument.Parse(SvgRenderer.Render(layout));
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal($"{t.WidthMm}mm", doc.Root.Attribute("width")!.Value);
        Assert.Equal(layout.Barcodes.Count(), doc.Descendants(Svg + "path").Count());
        Assert.Equal(layout.Items.OfType<LayoutText>().Count(), doc.Descendants(Svg + "text").Count());
        if (name is "unit" or "lot")
            Assert.Contains(doc.Descendants(Svg + "text"), e => e.Value.StartsWith("Tom & Jerry", StringComparison.Ordinal));
    }
}

using SerialTrack.Labels.Templates;

namespace SerialTrack.Labels.Tests;

public class TemplateJsonTests
{
    [Fact]
    public void Every_default_template_round_trips_through_JSON()
    {
        foreach (var t in DefaultTemplates.All)
        {
            var json = LabelTemplates.ToJson(t);
            var back = LabelTemplates.FromJson(json);
            Assert.Equal(t.Name, back.Name);
            Assert.Equal(t.Elements, back.Elements);
            Assert.Equal(json, LabelTemplates.ToJson(back));
        }
    }

    [Fact]
    public void JSON_uses_a_type_discriminator_and_symbology_names()
    {
        var json = LabelTemplates.ToJson(DefaultTemplates.Unit);
        Assert.Contains("\"type\": \"barcode\"", json, StringComparison.Ordinal);
        Assert.Contains("\"symbology\": \"Gs1DataMatrix\"", json, StringComparison.Ordinal);
        Assert.Contains("\"type\": \"text\"", json, StringComparison.Ordinal);
    }
}

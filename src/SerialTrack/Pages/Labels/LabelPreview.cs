namespace SerialTrack.Pages.Labels;

// What a details page hands to _LabelPreview: the preview endpoint's query, and the fields the print
// form posts to /labels/print to select the same thing. A page whose selection holds many labels (an
// order) adds a link to the print page filled in with it, and says how many there are.
public sealed record LabelPreview(string Template, string Query, string Field, string Value)
{
    public (string Name, string Value)? Also { get; init; }
    public string? PrintLink { get; init; }
    public string? Count { get; init; }
}

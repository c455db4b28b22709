namespace SerialTrack.Pages.Labels;

// What a details page hands to _LabelPreview: the preview endpoint's query, and the field the print
// form posts to /labels/print to select the same thing.
public sealed record LabelPreview(string Template, string Query, string Field, string Value);

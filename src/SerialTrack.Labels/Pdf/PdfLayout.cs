namespace SerialTrack.Labels.Pdf;

public abstract record PdfLayout
{
    // One label per page, page = label size: for roll printers driven through a PDF driver.
    public static PdfLayout Roll { get; } = new RollLayout();

    // StartPosition skips that many cells (row by row) so a half-used sheet can go back in the printer.
    public static PdfLayout Sheet(SheetSpec spec, int startPosition = 0)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (startPosition < 0 || startPosition >= spec.PerSheet)
            throw new LabelException("pdf.start_position", $"startPosition must be 0..{spec.PerSheet - 1} for {spec.Name}, was {startPosition}", "startPosition");
        return new SheetLayout(spec, startPosition);
    }
}

public sealed record RollLayout : PdfLayout;

public sealed record SheetLayout(SheetSpec Spec, int StartPosition) : PdfLayout;

// Pitch = distance from one label's left/top edge to the next one's (label size + gap).
public sealed record SheetSpec(string Name, double PageWidthMm, double PageHeightMm, int Columns, int Rows,
    double LabelWidthMm, double LabelHeightMm, double MarginLeftMm, double MarginTopMm, double PitchXmm, double PitchYmm)
{
    const double Inch = 25.4;

    // 24 per A4 sheet, 70 x 37 mm, no side margins (Avery 3474 / L7159-style).
    public static SheetSpec A4_3x8 { get; } = new("A4_3x8", 210, 297, 3, 8, 70, 37, 0, 0.5, 70, 37);

    // 14 per A4 sheet, 99.1 x 38.1 mm (Avery L7163).
    public static SheetSpec A4_2x7 { get; } = new("A4_2x7", 210, 297, 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1);

    // 30 per US Letter sheet, 2-5/8 x 1 in (Avery 5160).
    public static SheetSpec Letter_3x10 { get; } = new("Letter_3x10", 8.5 * Inch, 11 * Inch, 3, 10,
        2.625 * Inch, 1 * Inch, 0.1875 * Inch, 0.5 * Inch, 2.75 * Inch, 1 * Inch);

    // 14 per US Letter sheet, 4 x 1-1/3 in (Avery 5162).
    public static SheetSpec Letter_2x7 { get; } = new("Letter_2x7", 8.5 * Inch, 11 * Inch, 2, 7,
        4 * Inch, 4.0 / 3 * Inch, 0.15625 * Inch, 5.0 / 6 * Inch, 4.1875 * Inch, 4.0 / 3 * Inch);

    public static IReadOnlyList<SheetSpec> All { get; } = [A4_3x8, A4_2x7, Letter_3x10, Letter_2x7];

    public int PerSheet => Columns * Rows;

    // Top-left of cell `index` (0-based, row by row) in mm from the page's top-left.
    public (double Xmm, double Ymm) Cell(int index) =>
        (MarginLeftMm + index % Columns * PitchXmm, MarginTopMm + index / Columns * PitchYmm);
}

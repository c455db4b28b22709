using SerialTrack.Labels.Fonts;
using SerialTrack.Labels.Templates;
using SkiaSharp;

namespace SerialTrack.Labels.Images;

// One image pixel = one printer dot, so the PNG is what a thermal printer at the template dpi would print.
public static class PngRenderer
{
    public static byte[] Render(LabelTemplate template, IReadOnlyDictionary<string, string> data) =>
        Render(LabelLayouter.Layout(template, data));

    public static byte[] Render(LabelLayout layout)
    {
        using var bmp = RenderBitmap(layout);
        using var img = SKImage.FromBitmap(bmp);
        using var png = img.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    public static SKBitmap RenderBitmap(LabelLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var bmp = new SKBitmap(new SKImageInfo(layout.WidthDots, layout.HeightDots, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bmp);
        canvas.Clear(SKColors.White);
        // Bars and modules without antialiasing: edges land on whole pixels, never a grey seam a scanner could misread.
        using var solid = new SKPaint { Color = SKColors.Black, IsAntialias = false, Style = SKPaintStyle.Fill };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        foreach (var item in layout.Items)
        {
            switch (item)
            {
                case LayoutText t:
                    using (var font = new SKFont(EmbeddedFonts.Typeface(t.Bold), t.Size) { ScaleX = t.ScaleX, Edging = SKFontEdging.Antialias, Subpixel = true })
                        canvas.DrawText(t.Text, t.X, t.Baseline, SKTextAlign.Left, font, ink);
                    break;
                case LayoutBox b:
                    foreach (var r in b.Fills()) canvas.DrawRect(r.X, r.Y, r.Width, r.Height, solid);
                    break;
                case LayoutBarcode bc:
                    foreach (var r in bc.Runs()) canvas.DrawRect(r.X, r.Y, r.Width, r.Height, solid);
                    break;
            }
        }
        return bmp;
    }
}

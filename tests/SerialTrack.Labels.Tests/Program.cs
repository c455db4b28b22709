using System.Diagnostics;
using SerialTrack.Labels.Pdf;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Tests.Support;
using SerialTrack.Labels.Zpl;

namespace SerialTrack.Labels.Tests;

// `dotnet SerialTrack.Labels.Tests.dll --bench [count] [pdf|zpl|sheet]`: not part of the test run; one measurement per process
// so the peak working set belongs to that output alone.
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 2 && args[0] == "--samples") return WriteSamples(args[1]);
        if (args.Length == 0 || args[0] != "--bench")
        {
            Console.Error.WriteLine("usage: --bench [count] [pdf|sheet|zpl] | --samples DIR");
            return 2;
        }
        int count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        string mode = args.Length > 2 ? args[2] : "pdf";
        var template = mode == "sheet" ? SmallUnit : DefaultTemplates.Unit;
        IEnumerable<IReadOnlyDictionary<string, string>> Labels()
        {
            for (int i = 1; i <= count; i++) yield return Samples.Unit($"SN{i:D12}");
        }
        // Warm-up: JIT, fonts, native Skia, so the timing is the steady state.
        PdfRenderer.RenderLabels(template, Labels().Take(5), Stream.Null, PdfLayout.Roll);
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var sw = Stopwatch.StartNew();
        string path = Path.Combine(Path.GetTempPath(), $"labels-bench.{(mode == "zpl" ? "zpl" : "pdf")}");
        using (var fs = File.Create(path))
        {
            if (mode == "zpl")
            {
                using var w = new StreamWriter(fs);
                ZplRenderer.RenderMany(template, Labels(), w);
            }
            else
            {
                PdfRenderer.RenderLabels(template, Labels(), fs, mode == "sheet" ? PdfLayout.Sheet(SheetSpec.A4_3x8) : PdfLayout.Roll);
            }
        }
        sw.Stop();
        var p = Process.GetCurrentProcess();
        p.Refresh();
        Console.WriteLine($"{mode}: {count} labels in {sw.Elapsed.TotalSeconds:0.00} s ({count / sw.Elapsed.TotalSeconds:0} labels/s), " +
            $"file {new FileInfo(path).Length / 1024.0 / 1024:0.0} MiB, working set before {before / 1048576} MiB, peak {p.PeakWorkingSet64 / 1048576} MiB");
        File.Delete(path);
        return 0;
    }

    // Every default template as PNG, SVG, ZPL and roll PDF, for a person to look at.
    static int WriteSamples(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var t in DefaultTemplates.All)
        {
            var data = Samples.For(t);
            File.WriteAllBytes(Path.Combine(dir, t.Name + ".png"), Images.PngRenderer.Render(t, data));
            File.WriteAllText(Path.Combine(dir, t.Name + ".svg"), Images.SvgRenderer.Render(t, data));
            File.WriteAllText(Path.Combine(dir, t.Name + ".zpl"), ZplRenderer.Render(t, data));
            using var fs = File.Create(Path.Combine(dir, t.Name + ".pdf"));
            PdfRenderer.RenderLabels(t, [data], fs, PdfLayout.Roll);
        }
        using (var fs = File.Create(Path.Combine(dir, "sheet-a4-3x8.pdf")))
            PdfRenderer.RenderLabels(SmallUnit, Enumerable.Range(1, 19).Select(i => (IReadOnlyDictionary<string, string>)Samples.Unit($"SN{i:D6}")), fs,
                PdfLayout.Sheet(SheetSpec.A4_3x8, startPosition: 5));
        Console.WriteLine($"wrote samples to {dir}");
        return 0;
    }

    static readonly LabelTemplate SmallUnit = new("small-unit", 70, 37, 203,
    [
        new TextElement(3, 2, 3, Field: LabelFields.ProductName, Bold: true, MaxWidthMm: 44),
        new TextElement(3, 6, 2.5, Text: "S/N {serial}", MaxWidthMm: 44),
        new BarcodeElement(52, 3, Symbology.Gs1DataMatrix, LabelFields.Gs1Raw, 0.5, HumanReadable: false),
        new BarcodeElement(4, 14, Symbology.Code128, LabelFields.Serial, 0.25, 12, HumanReadable: true),
    ]);
}

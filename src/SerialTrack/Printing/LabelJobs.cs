using System.Text;
using System.Text.RegularExpressions;
using SerialTrack.Core.Printing;
using SerialTrack.Labels;
using SerialTrack.Labels.Images;
using SerialTrack.Labels.Pdf;
using SerialTrack.Labels.Templates;
using SerialTrack.Labels.Zpl;

namespace SerialTrack.Printing;

public enum LabelFormat
{
    Pdf,
    Zpl,
    Png,
    Svg,
}

public sealed record TemplateInfo(string Name, double WidthMm, double HeightMm, int Dpi, string Source);

// The app-layer half of labels: Core stores template JSON and builds label data; this class merges the
// stored templates over the built-in ones and drives the renderers. The API, the pages and the CLI call it.
public sealed partial class LabelJobs(LabelTemplateStore store, LabelData data)
{
    // A unit label that fits the 70 x 37 mm cells of A4_3x8 sheets (the built-in "unit" is 100 x 50 mm,
    // a roll label), so a sheet printer works out of the box.
    public static LabelTemplate UnitSheet { get; } = new("unit-sheet", 70, 37, 203,
    [
        new TextElement(3, 2, 3, Field: LabelFields.ProductName, Bold: true, MaxWidthMm: 44),
        new TextElement(3, 6, 2.5, Text: "S/N {serial}", MaxWidthMm: 44),
        new BarcodeElement(52, 3, Symbology.Gs1DataMatrix, LabelFields.Gs1Raw, 0.5, HumanReadable: false) { When = LabelFields.Gs1Raw },
        new BarcodeElement(4, 14, Symbology.Code128, LabelFields.Serial, 0.25, 12, HumanReadable: true),
    ]);

    public static IReadOnlyList<LabelTemplate> Defaults { get; } = [.. DefaultTemplates.All.Select(Lenient), UnitSheet];

    // The built-in templates assume every field is there; real data often lacks some (a product without a
    // GTIN has no GS1 string, a lot without expiry no date). Each element without a condition is drawn only
    // when the field it shows has a value, so such a label prints without that element instead of failing.
    static LabelTemplate Lenient(LabelTemplate t) => t with
    {
        Elements = [.. t.Elements.Select(e => e.When is not null ? e : e switch
        {
            BarcodeElement b => b with { When = b.Field },
            TextElement { Field: { } field } x => x with { When = field },
            TextElement { Text: { } text } x when Placeholder().Match(text) is { Success: true } m => x with { When = m.Groups[1].Value },
            _ => e,
        })],
    };

    [GeneratedRegex(@"\{([a-z0-9_]+)\}")]
    private static partial Regex Placeholder();

    public LabelTemplateStore Store => store;
    public LabelData Data => data;

    public async Task<List<TemplateInfo>> ListTemplatesAsync(CancellationToken ct)
    {
        var stored = new Dictionary<string, TemplateInfo>(StringComparer.Ordinal);
        foreach (var r in await store.ListAsync(ct))
        {
            var t = LabelTemplates.FromJson(r.Json);
            stored[r.Name] = new TemplateInfo(r.Name, t.WidthMm, t.HeightMm, t.Dpi, "stored");
        }
        return [.. Defaults.Where(d => !stored.ContainsKey(d.Name)).Select(d => new TemplateInfo(d.Name, d.WidthMm, d.HeightMm, d.Dpi, "default"))
            .Concat(stored.Values).OrderBy(t => t.Name, StringComparer.Ordinal)];
    }

    // A stored template of the same name overrides the built-in one.
    public async Task<LabelTemplate> TemplateAsync(string name, CancellationToken ct)
    {
        if (await store.FindAsync(name, ct) is { } record)
        {
            return LabelTemplates.FromJson(record.Json);
        }
        return Defaults.FirstOrDefault(t => t.Name == name)
            ?? throw new LabelException("template.not_found", $"No label template '{name}'.", "template");
    }

    public async Task<LabelTemplate> SaveTemplateAsync(string name, string json, CancellationToken ct)
    {
        var template = LabelTemplates.FromJson(json);
        if (template.Name != name)
        {
            throw new LabelException("template.name", $"The JSON names the template '{template.Name}', not '{name}'.", "name");
        }
        await store.SaveAsync(name, LabelTemplates.ToJson(template), ct);
        return template;
    }

    public static LabelFormat ParseFormat(string? format, LabelFormat fallback) => format?.ToLowerInvariant() switch
    {
        null or "" => fallback,
        "pdf" => LabelFormat.Pdf,
        "zpl" => LabelFormat.Zpl,
        "png" => LabelFormat.Png,
        "svg" => LabelFormat.Svg,
        _ => throw new LabelException("label.format", $"Unknown format '{format}': use pdf, zpl, png or svg.", "format"),
    };

    public static PdfLayout ParseLayout(string? layout, int? start)
    {
        if (string.IsNullOrEmpty(layout) || layout.Equals("roll", StringComparison.OrdinalIgnoreCase))
        {
            return PdfLayout.Roll;
        }
        var spec = SheetSpec.All.FirstOrDefault(s => s.Name.Equals(layout, StringComparison.OrdinalIgnoreCase))
            ?? throw new LabelException("pdf.layout", $"Unknown layout '{layout}': use roll, {string.Join(", ", SheetSpec.All.Select(s => s.Name))}.", "layout");
        // Users count sheet positions from 1; PdfLayout counts cells skipped.
        return PdfLayout.Sheet(spec, Math.Max(start ?? 1, 1) - 1);
    }

    public static string ContentType(LabelFormat format) => format switch
    {
        LabelFormat.Pdf => "application/pdf",
        LabelFormat.Png => "image/png",
        LabelFormat.Svg => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };

    public static string Extension(LabelFormat format) => format.ToString().ToLowerInvariant();

    // Pulls the labels as it writes: ZPL goes out label by label; PDF is drawn into a temporary file
    // (PDFsharp writes synchronously and only at the end) and then copied, so neither holds the job's
    // data in memory. Returns the number of labels (before copies).
    public static async Task<int> WriteAsync(LabelTemplate template, IAsyncEnumerable<IReadOnlyDictionary<string, string>> labels,
        LabelFormat format, PdfLayout layout, int copies, Stream output, IProgress<int>? progress, CancellationToken ct)
    {
        if (copies is < 1 or > 1000)
        {
            throw new LabelException("label.copies", $"copies must be 1..1000, was {copies}.", "copies");
        }
        switch (format)
        {
            case LabelFormat.Zpl:
                {
                    var count = 0;
                    var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
                    await using (writer.ConfigureAwait(false))
                    {
                        await foreach (var label in labels.WithCancellation(ct))
                        {
                            await writer.WriteAsync(ZplRenderer.Render(template, label, copies));
                            if (++count % 100 == 0)
                            {
                                progress?.Report(count);
                            }
                        }
                    }
                    if (count == 0)
                    {
                        throw new LabelException("label.empty", "The selection has no labels to print.", "selection");
                    }
                    progress?.Report(count);
                    return count;
                }
            case LabelFormat.Pdf:
                {
                    var path = Path.Combine(Path.GetTempPath(), $"serialtrack-labels-{Guid.NewGuid():N}.pdf");
                    await using var temp = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
                        FileOptions.DeleteOnClose | FileOptions.Asynchronous);
                    var count = 0;
                    // The renderer pulls synchronously; on a pool thread, blocking on each page of the query is harmless.
                    await Task.Run(() => PdfRenderer.RenderLabels(template, Repeat(labels.ToBlockingEnumerable(ct), copies, () => count++), temp,
                        layout, progress, ct), ct);
                    temp.Position = 0;
                    await temp.CopyToAsync(output, ct);
                    return count;
                }
            default:
                {
                    IReadOnlyDictionary<string, string>? first = null;
                    await foreach (var label in labels.WithCancellation(ct))
                    {
                        if (first is not null)
                        {
                            throw new LabelException("label.single", $"{format} holds one label; choose pdf or zpl for several.", "format");
                        }
                        first = label;
                    }
                    if (first is null)
                    {
                        throw new LabelException("label.empty", "The selection has no labels to print.", "selection");
                    }
                    var bytes = format == LabelFormat.Png ? PngRenderer.Render(template, first) : Encoding.UTF8.GetBytes(SvgRenderer.Render(template, first));
                    await output.WriteAsync(bytes, ct);
                    return 1;
                }
        }
    }

    static IEnumerable<IReadOnlyDictionary<string, string>> Repeat(IEnumerable<IReadOnlyDictionary<string, string>> labels, int copies, Action counted)
    {
        foreach (var label in labels)
        {
            counted();
            for (var i = 0; i < copies; i++)
            {
                yield return label;
            }
        }
    }

    public async Task<LabelPrinter> PrinterAsync(CancellationToken ct)
    {
        var options = new PrinterOptions();
        foreach (var p in await store.PrintersAsync(ct))
        {
            options.Printers[p.Name] = p.Address;
        }
        return new LabelPrinter(options);
    }

    // Small enough for any roll (50 x 25 mm): proves the address, the port and that the printer speaks ZPL.
    static readonly LabelTemplate TestLabel = new("printer-test", 50, 25, 203,
    [
        new TextElement(3, 2, 3.5, Text: "SerialTrack test print", Bold: true, MaxWidthMm: 44),
        new TextElement(3, 7, 2.5, Text: "Printer {location}", MaxWidthMm: 44),
        new BarcodeElement(3, 11, Symbology.Code128, LabelFields.Location, 0.25, 8, HumanReadable: false),
    ]);

    // Sends the test label through the same raw-TCP sender as real jobs; returns the address it went to.
    public async Task<string> TestPrintAsync(string printer, CancellationToken ct)
    {
        var target = await PrinterAsync(ct);
        var endpoint = target.Resolve(printer);
        var zpl = ZplRenderer.Render(TestLabel, new Dictionary<string, string>(StringComparer.Ordinal) { [LabelFields.Location] = endpoint.Name }, 1);
        await target.SendZplAsync(printer, zpl, ct);
        return $"{endpoint.Host}:{endpoint.Port}";
    }

    // A print job goes to the printer in one connection; ZPL is about 300 bytes a label, so even a
    // large job is a few megabytes.
    public async Task<int> PrintAsync(LabelTemplate template, IAsyncEnumerable<IReadOnlyDictionary<string, string>> labels, string printer,
        int copies, CancellationToken ct)
    {
        var target = await PrinterAsync(ct);
        target.Resolve(printer);
        using var zpl = new MemoryStream();
        var count = await WriteAsync(template, labels, LabelFormat.Zpl, PdfLayout.Roll, copies, zpl, null, ct);
        await target.SendZplAsync(printer, Encoding.UTF8.GetString(zpl.GetBuffer(), 0, (int)zpl.Length), ct);
        return count;
    }
}

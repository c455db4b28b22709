using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Labels;
using SerialTrack.Labels.Images;
using SerialTrack.Labels.Templates;
using SerialTrack.Printing;
using SerialTrack.Web;

namespace SerialTrack.Pages.Labels;

// The template as JSON, with a form that appends an element, a preview with real data, import and export.
[Authorize(Policy = Auth.Manager)]
public sealed class TemplateModel(LabelJobs jobs, SerialTrackDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    [BindProperty] public string Json { get; set; } = "";
    [BindProperty] public string ElementType { get; set; } = "text";
    [BindProperty] public double X { get; set; } = 3;
    [BindProperty] public double Y { get; set; } = 3;
    [BindProperty] public double Size { get; set; } = 4;
    [BindProperty] public string? Field { get; set; } = LabelFields.Serial;
    [BindProperty] public Symbology Symbology { get; set; } = Symbology.Code128;
    [BindProperty] public string? SampleProduct { get; set; }
    [BindProperty] public string? SampleSerial { get; set; }
    [BindProperty] public string? SampleLot { get; set; }
    [BindProperty] public string? SampleLocation { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public string? PreviewPng { get; private set; }
    public string? Message { get; private set; }
    public static IReadOnlyCollection<string> Fields => [.. LabelFields.All.Order(StringComparer.Ordinal)];

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Json = LabelTemplates.ToJson(await jobs.TemplateAsync(Name, ct));
        }
        catch (LabelException)
        {
            // A new template starts as an empty roll label of that name.
            Json = LabelTemplates.ToJson(new LabelTemplate(Name, 100, 50, 203, []));
        }
    }

    public Task<IActionResult> OnPostAddElementAsync() => TryAsync(() =>
    {
        var t = LabelTemplates.FromJson(Json);
        LabelElement element = ElementType switch
        {
            "barcode" => new BarcodeElement(X, Y, Symbology, Field ?? LabelFields.Serial, 0.25, Size),
            "line" => new LineElement(X, Y, t.WidthMm - X, Y, Size),
            "box" => new BoxElement(X, Y, t.WidthMm - 2 * X, t.HeightMm - 2 * Y, Size),
            _ => new TextElement(X, Y, Size, Field: Field),
        };
        Json = LabelTemplates.ToJson(t with { Elements = [.. t.Elements, element] });
        ModelState.Remove(nameof(Json));
        return Task.CompletedTask;
    });

    public Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => TryAsync(async () =>
    {
        var t = LabelTemplates.FromJson(Json);
        IReadOnlyDictionary<string, string> data;
        if (!string.IsNullOrWhiteSpace(SampleSerial))
        {
            data = await jobs.Data.ForSerialAsync(SampleProduct ?? "", SampleSerial.Trim(), ct);
        }
        else if (!string.IsNullOrWhiteSpace(SampleLot))
        {
            var lotId = await db.Lots.Where(l => l.Code == SampleLot.Trim() && db.Products.Any(p => p.Id == l.ProductId && (SampleProduct == null || p.Sku == SampleProduct)))
                .Select(l => (long?)l.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("lot.not_found", $"No lot '{SampleLot}'.", "sampleLot");
            data = await jobs.Data.ForLotAsync(lotId, ct);
        }
        else if (!string.IsNullOrWhiteSpace(SampleLocation))
        {
            data = await jobs.Data.ForLocationAsync(SampleLocation.Trim(), ct);
        }
        else
        {
            throw DomainException.BadInput("label.sample", "sampleSerial", "Pick a unit serial (with its product), a lot or a location to preview with.");
        }
        PreviewPng = "data:image/png;base64," + Convert.ToBase64String(PngRenderer.Render(t, data));
    });

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => TryAsync(async () =>
    {
        await jobs.SaveTemplateAsync(Name, Json, ct);
        Message = $"Saved template '{Name}'.";
    });

    public Task<IActionResult> OnPostImportAsync(CancellationToken ct) => TryAsync(async () =>
    {
        if (Upload is null)
        {
            throw DomainException.BadInput("template.file", "upload", "Choose a JSON file to import.");
        }
        using var reader = new StreamReader(Upload.OpenReadStream());
        var json = await reader.ReadToEndAsync(ct);
        var t = LabelTemplates.FromJson(json);
        Json = LabelTemplates.ToJson(t with { Name = Name });
        ModelState.Remove(nameof(Json));
        Message = $"Imported {Upload.FileName}: check the preview, then Save.";
    });

    async Task<IActionResult> TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (LabelException e)
        {
            ModelState.AddModelError("", $"{e.Message}{(e.Field is null ? "" : $" (field {e.Field})")}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        return Page();
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Printing;
using SerialTrack.Labels;
using SerialTrack.Labels.Pdf;
using SerialTrack.Labels.Templates;
using SerialTrack.Printing;
using SerialTrack.Web;

namespace SerialTrack.Api;

public static class LabelsEndpoints
{
    public static void MapLabels(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/labels").WithTags("Labels");
        g.MapGet("/templates", ListTemplates);
        g.MapGet("/templates/{name}", ExportTemplate);
        g.MapPut("/templates/{name}", ImportTemplate).RequireAuthorization(Auth.Manager);
        g.MapGet("/preview", Preview);
        g.MapPost("/render", Render);
        g.MapPost("/print", Print).RequireAuthorization(Auth.Operator);
        api.MapGet("/printers", ListPrinters).WithTags("Labels").RequireAuthorization(Auth.Admin);
        api.MapPut("/printers", ReplacePrinters).WithTags("Labels").RequireAuthorization(Auth.Admin);
        api.MapPost("/printers/{name}/test", TestPrint).WithTags("Labels").RequireAuthorization(Auth.Admin);
    }

    static async Task<Ok<List<TemplateInfo>>> ListTemplates(LabelJobs jobs, CancellationToken ct) =>
        TypedResults.Ok(await jobs.ListTemplatesAsync(ct));

    static async Task<FileContentHttpResult> ExportTemplate(string name, LabelJobs jobs, CancellationToken ct) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(LabelTemplates.ToJson(await jobs.TemplateAsync(name, ct))), "application/json", $"{name}.json");

    static async Task<Ok<TemplateInfo>> ImportTemplate(string name, HttpRequest request, LabelJobs jobs, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var t = await jobs.SaveTemplateAsync(name, await reader.ReadToEndAsync(ct), ct);
        return TypedResults.Ok(new TemplateInfo(t.Name, t.WidthMm, t.HeightMm, t.Dpi, "stored"));
    }

    // One label from current state, for a page's preview and its single-label downloads.
    static async Task<LabelFile> Preview(string? template, long? unit, long? lot, string? location, string? serial, string? product,
        long? container, string? order, string? orderKind, string? format, LabelJobs jobs, CancellationToken ct)
    {
        // One query at a time: the data first, then the template (a DbContext runs one operation at a time).
        var (name, data) = (unit, lot, location, serial, container) switch
        {
            ({ } id, _, _, _, _) => ("unit", await jobs.Data.ForUnitAsync(id, ct)),
            (_, { } id, _, _, _) => ("lot", await jobs.Data.ForLotAsync(id, ct)),
            (_, _, _, { } s, _) when product is not null => ("unit", await jobs.Data.ForSerialAsync(product, s, ct)),
            (_, _, { } code, _, _) => ("location", await jobs.Data.ForLocationAsync(code, ct)),
            (_, _, _, _, { } id) => ("container", await jobs.Data.ForContainerAsync(id, ct)),
            _ when order is not null => await FirstOfOrderAsync(jobs, order, orderKind, ct),
            _ => throw new LabelException("label.selection", "Preview needs one of unit, lot, location, container, or serial with product.", "unit"),
        };
        var t = await jobs.TemplateAsync(template ?? name, ct);
        var f = LabelJobs.ParseFormat(format, LabelFormat.Png);
        return new LabelFile(f, $"{t.Name}-label", (output, c) => LabelJobs.WriteAsync(t, One(data), f, PdfLayout.Roll, 1, output, null, c));
    }

    // An order's first label: a unit label when the order has units, else its first lot's.
    static async Task<(string, IReadOnlyDictionary<string, string>)> FirstOfOrderAsync(LabelJobs jobs, string order, string? orderKind, CancellationToken ct)
    {
        var labels = await jobs.Data.SelectAsync(new LabelSelection(Order: order, OrderKind: LabelSelectionDto.ParseKind(orderKind)), ct);
        await foreach (var first in labels.WithCancellation(ct))
        {
            return (first.ContainsKey(LabelKeys.Serial) ? "unit" : "lot", first);
        }
        throw new LabelException("label.empty", $"Order '{order}' has no units or lots to label yet.", "order");
    }

    static async Task<LabelFile> Render(RenderRequest body, LabelJobs jobs, CancellationToken ct)
    {
        var t = await jobs.TemplateAsync(body.Template, ct);
        var f = LabelJobs.ParseFormat(body.Format, LabelFormat.Pdf);
        var layout = LabelJobs.ParseLayout(body.Layout, body.Start);
        var labels = await jobs.Data.SelectAsync(body.Selection.ToSelection(), ct);
        return new LabelFile(f, $"{t.Name}-labels", (output, c) => LabelJobs.WriteAsync(t, labels, f, layout, body.Copies ?? 1, output, null, c));
    }

    static async Task<Ok<PrintResult>> Print(PrintRequest body, LabelJobs jobs, CancellationToken ct)
    {
        var t = await jobs.TemplateAsync(body.Template, ct);
        var labels = await jobs.Data.SelectAsync(body.Selection.ToSelection(), ct);
        var count = await jobs.PrintAsync(t, labels, body.Printer, body.Copies ?? 1, ct);
        return TypedResults.Ok(new PrintResult(body.Printer, count, body.Copies ?? 1));
    }

    static async Task<Ok<List<PrinterDto>>> ListPrinters(LabelTemplateStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.PrintersAsync(ct)).Select(p => new PrinterDto(p.Name, p.Address)).ToList());

    static async Task<Ok<List<PrinterDto>>> ReplacePrinters(List<PrinterDto> body, LabelTemplateStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ReplacePrintersAsync([.. body.Select(p => (p.Name, p.Address))], ct)).Select(p => new PrinterDto(p.Name, p.Address)).ToList());

    static async Task<Ok<PrinterDto>> TestPrint(string name, LabelJobs jobs, CancellationToken ct) =>
        TypedResults.Ok(new PrinterDto(name, await jobs.TestPrintAsync(name, ct)));

    static async IAsyncEnumerable<IReadOnlyDictionary<string, string>> One(IReadOnlyDictionary<string, string> data)
    {
        await Task.CompletedTask;
        yield return data;
    }
}

// Writes the label file straight to the response; a refusal raised before the first byte still becomes problem+json.
public sealed class LabelFile(LabelFormat format, string baseName, Func<Stream, CancellationToken, Task<int>> write) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = LabelJobs.ContentType(format);
        var disposition = format is LabelFormat.Png or LabelFormat.Svg ? "inline" : "attachment";
        response.Headers.ContentDisposition = $"{disposition}; filename=\"{baseName}.{LabelJobs.Extension(format)}\"";
        await write(response.Body, httpContext.RequestAborted);
    }
}

// Order with OrderKind (purchase, sales, production, return) when the number alone is ambiguous.
public sealed record LabelSelectionDto(long[]? UnitIds = null, string? Product = null, string[]? Serials = null, long? Reservation = null,
    string? Location = null, long? Lot = null, long? Container = null, string? Order = null, string? OrderKind = null)
{
    public LabelSelection ToSelection() => new(UnitIds, Product, Serials, Reservation, Location, Lot, Container, Order, ParseKind(OrderKind));

    public static OrderKind? ParseKind(string? kind) => string.IsNullOrWhiteSpace(kind) ? null
        : Enum.TryParse<OrderKind>(kind, ignoreCase: true, out var k) && Enum.IsDefined(k) && !int.TryParse(kind, out _) ? k
        : throw DomainException.BadInput("label.order_kind", "orderKind", $"Unknown order kind '{kind}': use purchase, sales, production or return.");
}

public sealed record RenderRequest(string Template, LabelSelectionDto Selection, string? Format = null, string? Layout = null, int? Start = null, int? Copies = null);

public sealed record PrintRequest(string Template, LabelSelectionDto Selection, string Printer, int? Copies = null);

public sealed record PrintResult(string Printer, int Labels, int Copies);

public sealed record PrinterDto(string Name, string Address);

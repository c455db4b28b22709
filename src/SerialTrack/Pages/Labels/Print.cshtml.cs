using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Printing;
using SerialTrack.Labels;
using SerialTrack.Labels.Pdf;
using SerialTrack.Printing;
using SerialTrack.Web;

namespace SerialTrack.Pages.Labels;

// Choose a template and what to label; the file downloads (or the job goes to a printer).
public sealed class PrintModel(LabelJobs jobs, Core.Warehouse.Groups groups) : PageModel
{
    [BindProperty] public string Template { get; set; } = "unit-sheet";
    [BindProperty] public string? Product { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Serials { get; set; }
    [BindProperty] public long? Reservation { get; set; }
    [BindProperty] public long? UnitId { get; set; }
    [BindProperty] public long? Lot { get; set; }
    [BindProperty] public long? Container { get; set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public string? Order { get; set; }
    [BindProperty] public string? OrderKind { get; set; }
    [BindProperty] public string Output { get; set; } = "pdf";
    [BindProperty] public string Layout { get; set; } = "A4_3x8";
    [BindProperty] public int Start { get; set; } = 1;
    [BindProperty] public int Copies { get; set; } = 1;
    [BindProperty] public string? Printer { get; set; }

    public List<TemplateInfo> Templates { get; private set; } = [];
    public List<Printer> Printers { get; private set; } = [];
    public string? Message { get; private set; }
    public static IReadOnlyList<string> Layouts { get; } = ["roll", .. SheetSpec.All.Select(s => s.Name)];

    public async Task OnGetAsync(string? template, string? product, string? location, long? reservation, string? group, string? order, string? orderKind,
        CancellationToken ct)
    {
        Template = template ?? Template;
        Group = group;
        (Order, OrderKind) = (order, orderKind);
        (Product, Location, Reservation) = (product, location, reservation);
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var template = await jobs.TemplateAsync(Template, ct);
            var labels = await jobs.Data.SelectAsync(string.IsNullOrWhiteSpace(Group) ? Selection() : new LabelSelection(UnitIds: await groups.MemberIdsAsync(Group, ct)), ct);
            if (Output == "printer")
            {
                if (Auth.LevelOf(User) < (int)Core.Users.Role.Operator)
                {
                    return Forbid();
                }
                var count = await jobs.PrintAsync(template, labels, Printer ?? "", Copies, ct);
                Message = $"Sent {count} label(s) × {Copies} to {Printer}.";
                await LoadAsync(ct);
                return Page();
            }
            var format = LabelJobs.ParseFormat(Output, LabelFormat.Pdf);
            var layout = format == LabelFormat.Pdf ? LabelJobs.ParseLayout(Layout, Start) : PdfLayout.Roll;
            return new LabelFileResult(new Api.LabelFile(format, $"{template.Name}-labels",
                (output, c) => LabelJobs.WriteAsync(template, labels, format, layout, Copies, output, null, c)));
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(Key(e.Field), e.Message);
        }
        catch (LabelException e)
        {
            ModelState.AddModelError(Key(e.Field), e.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    // A pasted list of serials wins, then a reservation, a unit, a lot, a container, an order; otherwise a
    // product (within a location), or a location's bins.
    LabelSelection Selection()
    {
        var serials = (Serials ?? "").Split(['\n', '\r', ',', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var product = string.IsNullOrWhiteSpace(Product) ? null : Product.Trim();
        var location = string.IsNullOrWhiteSpace(Location) ? null : Location.Trim();
        if (serials.Length > 0) return new LabelSelection(Product: product, Serials: serials);
        if (Reservation is { } r) return new LabelSelection(Reservation: r);
        if (UnitId is { } u) return new LabelSelection(UnitIds: [u]);
        if (Lot is { } l) return new LabelSelection(Lot: l);
        if (Container is { } c) return new LabelSelection(Container: c);
        if (!string.IsNullOrWhiteSpace(Order)) return new LabelSelection(Order: Order.Trim(), OrderKind: Api.LabelSelectionDto.ParseKind(OrderKind));
        return new LabelSelection(Product: product, Location: location);
    }

    static string Key(string? field) => field switch
    {
        "product" => nameof(Product),
        "location" => nameof(Location),
        "serials" => nameof(Serials),
        "reservation" => nameof(Reservation),
        "group" or "name" => nameof(Group),
        "order" or "orderKind" => nameof(Order),
        "template" => nameof(Template),
        "layout" or "startPosition" => nameof(Layout),
        "copies" => nameof(Copies),
        _ => "",
    };

    async Task LoadAsync(CancellationToken ct)
    {
        Templates = await jobs.ListTemplatesAsync(ct);
        Printers = await jobs.Store.PrintersAsync(ct);
    }
}

// The API's streaming label file, as a page result.
public sealed class LabelFileResult(Api.LabelFile file) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context) => file.ExecuteAsync(context.HttpContext);
}

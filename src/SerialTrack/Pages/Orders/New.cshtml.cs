using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Web;

namespace SerialTrack.Pages.Orders;

[Authorize(Policy = Auth.Manager)]
public sealed class NewModel(SerialTrackDbContext db, OrderBook book) : PageModel
{
    public sealed class OrderForm
    {
        public string? Party { get; set; }
        public string? Number { get; set; }
        public string? Product { get; set; }
        public decimal Quantity { get; set; }
        public string? Location { get; set; }
        public DateOnly? DueDate { get; set; }
        public string? Reference { get; set; }
        public string? Notes { get; set; }

        // One line per order line: "SKU, quantity[, supplier lot | serial or lot][, reason]".
        public string? Lines { get; set; }
    }

    [BindProperty]
    public OrderForm Form { get; set; } = new();

    public OrderKind Kind { get; private set; }
    public string Slug { get; private set; } = "";
    public List<(string Code, string Name)> Parties { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string kind, CancellationToken ct) =>
        await LoadAsync(kind, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(string kind, CancellationToken ct)
    {
        if (!await LoadAsync(kind, ct))
        {
            return NotFound();
        }
        try
        {
            var lines = ParseLines(Kind, Form.Lines);
            var order = await book.CreateAsync(new OrderInput(Kind, Form.Party, lines, Form.Number, Form.Product, Form.Quantity, Form.Location, Form.DueDate,
                Form.Reference, Form.Notes), Auth.ActorOf(User), ct);
            return Redirect(OrderRoutes.Link(Kind, order.Number));
        }
        catch (DomainException e)
        {
            // Line errors ("lines[2].quantity") go beside the lines box with the line number people see.
            var field = e.Field is { } f && f.StartsWith("lines[", StringComparison.Ordinal) ? "Lines" : null;
            if (field is not null && int.TryParse(e.Field![6..e.Field!.IndexOf(']', StringComparison.Ordinal)], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                ModelState.AddModelError("Form.Lines", $"Line {index + 1}: {e.Message}");
            }
            else
            {
                FormErrors.Add(ModelState, e, nameof(Form), typeof(OrderForm));
            }
            return Page();
        }
    }

    async Task<bool> LoadAsync(string kind, CancellationToken ct)
    {
        if (OrderRoutes.Kind(kind) is not { } k)
        {
            return false;
        }
        Kind = k;
        Slug = kind;
        var role = k == OrderKind.Purchase ? PartyRole.Supplier : PartyRole.Customer;
        Parties = (await db.Parties.AsNoTracking().Where(p => !p.Archived && (p.Role & role) == role).OrderBy(p => p.Code)
            .Select(p => new { p.Code, p.Name }).ToListAsync(ct)).Select(p => (p.Code, p.Name)).ToList();
        return true;
    }

    public static List<OrderLineInput> ParseLines(OrderKind kind, string? text)
    {
        var result = new List<OrderLineInput>();
        var rows = (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var parts = rows[i].Split(',', 4, StringSplitOptions.TrimEntries);
            if (parts.Length < 2 || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var quantity))
            {
                throw DomainException.BadInput("order.line_format", $"lines[{i}]", "Write each line as: SKU, quantity — for example \"MB-100, 20\".");
            }
            var extra = parts.Length > 2 && parts[2].Length > 0 ? parts[2] : null;
            var reason = parts.Length > 3 ? parts[3] : null;
            result.Add(kind switch
            {
                OrderKind.Purchase => new OrderLineInput(parts[0], quantity, SupplierLotCode: extra),
                OrderKind.Return => new OrderLineInput(parts[0], quantity, Serial: extra, Lot: extra, Reason: reason),
                _ => new OrderLineInput(parts[0], quantity),
            });
        }
        return result;
    }
}

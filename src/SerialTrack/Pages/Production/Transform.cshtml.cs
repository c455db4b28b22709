using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Pages.Production;

// Blending, cooking, repacking by scanning: each input lot, then how much of it ("2.5" or "2500g"), then
// the output product, its lot code, its quantity and the location it goes to. The mass-balance warning
// is shown after the transformation, or refuses it when Strict is ticked.
[Authorize(Policy = Auth.Operator)]
public sealed class TransformModel(Scanner scanner, LotTransformations transformations) : PageModel
{
    [BindProperty] public string? Scan { get; set; }

    // The idempotency key of the next write: a second Enter on the same screen replays instead of writing twice.
    [BindProperty] public string Key { get; set; } = Guid.NewGuid().ToString("N");
    [BindProperty] public List<string> Inputs { get; set; } = [];
    [BindProperty] public string? Pending { get; set; }
    [BindProperty] public string? OutputProduct { get; set; }
    [BindProperty] public string? OutputLot { get; set; }
    [BindProperty] public string? OutputQuantity { get; set; }
    [BindProperty] public decimal? Tolerance { get; set; }
    [BindProperty] public bool Strict { get; set; }

    public List<string> Handling { get; } = [];
    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public string Prompt => Pending is { } p ? $"How much of lot {Parts(p)[1]} ({Parts(p)[0]}) from {Parts(p)[2]}? e.g. 2.5 or 2500g"
        : OutputProduct is null ? (Inputs.Count == 0 ? "Scan an input lot" : "Scan another input lot, or the output product")
        : OutputLot is null ? "Scan or type the output lot code"
        : OutputQuantity is null ? "Output quantity, e.g. 11.5 or 11500g"
        : "Scan the location the output goes to";

    public static string[] Parts(string key) => key.Split('\t');

    public static LotInput ParseInput(string key) => Parts(key) is [var p, var l, var f, var q, var u]
        ? new LotInput(p, l, f, decimal.Parse(q, CultureInfo.InvariantCulture), u.Length == 0 ? null : u) : new LotInput("", key, "", 0);

    public async Task<IActionResult> OnPostAsync(string? action, CancellationToken ct)
    {
        var text = Scan?.Trim();
        Scan = null;
        ModelState.Clear();
        try
        {
            if (action == "reset")
            {
                (Inputs, Pending, OutputProduct, OutputLot, OutputQuantity) = ([], null, null, null, null);
            }
            else if (!string.IsNullOrEmpty(text))
            {
                await ScannedAsync(text, ct);
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
        return Page();
    }

    async Task ScannedAsync(string text, CancellationToken ct)
    {
        if (Pending is { } pending)
        {
            var (quantity, uom) = Amount(text);
            var p = Parts(pending);
            Inputs.Add(string.Join('\t', p[0], p[1], p[2], quantity.ToString(CultureInfo.InvariantCulture), uom ?? ""));
            Pending = null;
            return;
        }
        if (OutputProduct is null)
        {
            var result = await scanner.ScanAsync(text, ct);
            Handling.AddRange(result.HandlingInstructions);
            if (result.Matches.FirstOrDefault(m => m.Kind == ScanKind.Lot)?.Lot is { } lot)
            {
                var place = lot.Balances.Where(b => b.Status == BalanceStatus.Available).OrderByDescending(b => b.Quantity).FirstOrDefault()
                    ?? throw DomainException.Rule("lot.insufficient", $"Lot '{lot.Lot}' has no available quantity.", "scan");
                Pending = string.Join('\t', lot.Product, lot.Lot, place.Location);
                return;
            }
            if (Inputs.Count > 0 && result.Matches.FirstOrDefault(m => m.Kind == ScanKind.Product)?.Product is { } product)
            {
                OutputProduct = product.Sku;
                return;
            }
            throw DomainException.BadInput("transform.unexpected_scan", "scan", Inputs.Count == 0 ? $"'{text}' is not a lot: scan an input lot." : $"'{text}' is neither a lot nor a product.");
        }
        if (OutputLot is null)
        {
            OutputLot = Text.RequiredCode(text, "outputLot", 64);
            return;
        }
        if (OutputQuantity is null)
        {
            Amount(text);
            OutputQuantity = text;
            return;
        }
        var (q, u) = Amount(OutputQuantity);
        var done = await transformations.TransformAsync(new TransformRequest(Inputs.Select(ParseInput).ToList(), OutputProduct, OutputLot, q, text, u, Tolerance, Strict,
            Context: new EventContext(IdempotencyKey: $"transform-page-{Key}")), Auth.ActorOf(User), ct);
        Done = $"Made lot {OutputLot} of {OutputProduct}: {OutputQuantity} at {text}.";
        Warnings = done.Warnings;
        (Inputs, OutputProduct, OutputLot, OutputQuantity) = ([], null, null, null);
        Key = Guid.NewGuid().ToString("N");
    }

    // "2.5" -> (2.5, null); "2500g" -> (2500, "g").
    static (decimal, string?) Amount(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }
        if (end == 0 || !decimal.TryParse(text[..end], NumberStyles.Number, CultureInfo.InvariantCulture, out var q))
        {
            throw DomainException.BadInput("quantity.invalid", "scan", $"'{text}' is not a quantity: type a number, optionally followed by a unit (kg, g, l).");
        }
        var uom = text[end..].Trim();
        return (q, uom.Length == 0 ? null : uom);
    }
}

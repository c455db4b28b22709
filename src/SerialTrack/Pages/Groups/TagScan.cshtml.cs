using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Pages.Returns;
using SerialTrack.Web;

namespace SerialTrack.Pages.Groups;

// Tagging by scanning: choose the tag once, then every scanned unit or lot is tagged on the spot.
[Authorize(Policy = Auth.Operator)]
public sealed class TagScanModel(Tagging tagging, Scanner scanner) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Tag { get; set; }
    [BindProperty] public string? Scan { get; set; }
    [BindProperty] public string? NewTag { get; set; }

    public List<TagDto> Tags { get; private set; } = [];
    public ScanFeedback Feedback { get; } = new();

    public async Task OnGetAsync(CancellationToken ct) => Tags = await tagging.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            Tag = (await tagging.CreateAsync(NewTag ?? "", null, ct)).Name;
            return Redirect($"/tags/scan?tag={Uri.EscapeDataString(Tag)}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(NewTag), e.Message);
        }
        Tags = await tagging.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            if (string.IsNullOrWhiteSpace(Tag))
            {
                throw DomainException.BadInput("field.required", "tag", "Choose a tag first.");
            }
            var scanned = await scanner.ScanAsync(Scan, ct);
            Feedback.Handling = scanned.HandlingInstructions;
            var match = scanned.Matches.Count == 1 ? scanned.Matches[0] : null;
            Feedback.Scanned = match;
            TagResult result;
            if (match?.Unit is { } u)
            {
                result = await tagging.TagAsync(Tag, [new UnitRef(u.Product, u.Serial)], null, Auth.ActorOf(User), ct);
            }
            else if (match?.Lot is { } l)
            {
                result = await tagging.TagAsync(Tag, null, [new LotRef(l.Product, l.Lot)], Auth.ActorOf(User), ct);
            }
            else
            {
                throw DomainException.NotFound("scan.not_unit_or_lot", scanned.Message ?? $"'{Scan}' is not one unit or lot.", "scan");
            }
            Feedback.Done = result.Added == 0 ? $"{match.Label} already carries '{result.Tag}'." : $"Tagged {match.Label} with '{result.Tag}'.";
        }
        catch (DomainException e)
        {
            Feedback.Error = e.Message;
        }
        // The box is for the next scan.
        ModelState.Remove(nameof(Scan));
        Scan = null;
        Tags = await tagging.ListAsync(ct);
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Quality;
using SerialTrack.Web;

namespace SerialTrack.Pages.Recalls;

// The recall wizard's first steps: the root cause (typed, or a complaint's), the affected set it reaches
// (counts per product, status and customer), then Open, which freezes it; the campaign page holds and notifies.
[Authorize(Policy = Auth.Manager)]
public sealed class NewModel(Core.Quality.Recalls recalls, Core.Quality.Complaints complaints) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Complaint { get; set; }
    [BindProperty] public RecallRootKind Kind { get; set; } = RecallRootKind.ComponentLot;
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public string? Product { get; set; }
    [BindProperty] public string? First { get; set; }
    [BindProperty] public string? Last { get; set; }
    [BindProperty] public DateTime? From { get; set; }
    [BindProperty] public DateTime? To { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public ScopePreview? Preview { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (Complaint is null)
        {
            return;
        }
        try
        {
            // A complaint's root cause fills the form; the preview shows at once.
            var c = await complaints.GetAsync(Complaint, ct);
            var title = $"Recall from {c.Number}: {c.Symptom}";
            Title ??= title.Length <= 200 ? title : title[..200];
            if (await recalls.RootCauseOfAsync(c.Number, ct) is { } cause)
            {
                (Kind, Code, Product) = (cause.Kind, cause.Code, cause.Product);
            }
            Reason ??= c.RootCause;
            Preview = await recalls.PreviewAsync(Root(), ct);
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            Preview = await recalls.PreviewAsync(Root(), ct);
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostOpenAsync(CancellationToken ct)
    {
        try
        {
            var r = await recalls.OpenAsync(new OpenRecallRequest(Title, Root(), Reason, Complaint), Auth.ActorOf(User), ct);
            return Redirect($"/recalls/{r.Number}");
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
            return Page();
        }
    }

    RecallRoot Root() => new(Kind, Code, Product, First, Last, Utc(From), Utc(To));

    // datetime-local inputs carry no offset: the times are taken as the server's UTC.
    static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}

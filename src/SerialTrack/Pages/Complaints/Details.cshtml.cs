using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Quality;
using SerialTrack.Pages.Shared;
using SerialTrack.Pages.Trace;
using SerialTrack.Web;

namespace SerialTrack.Pages.Complaints;

// One complaint with what an investigation reads: the warranty, the unit's history, its backward trace
// (components, lots and their suppliers), notes, files, the root cause and the way to a recall.
[Authorize(Policy = Auth.Operator)]
public sealed class DetailsModel(Core.Quality.Complaints complaints, SerialTrackDbContext db) : PageModel
{
    public ComplaintView Complaint { get; private set; } = null!;
    public List<EventRow> History { get; private set; } = [];
    public ComplaintTrace? Trace { get; private set; }
    public TraceGraph? Graph { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public ComplaintStatus? NewStatus { get; set; }
    [BindProperty] public string? StatusNote { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string? RootLot { get; set; }
    [BindProperty] public string? RootLotProduct { get; set; }
    [BindProperty] public string? RootUnit { get; set; }
    [BindProperty] public string? RootStation { get; set; }
    [BindProperty] public string? RootSupplier { get; set; }
    [BindProperty] public string? RootText { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        await LoadAsync(number, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetFileAsync(string number, long id, CancellationToken ct)
    {
        var f = await complaints.AttachmentAsync(number, id, ct);
        return File(f.Content, f.ContentType, f.FileName);
    }

    public Task<IActionResult> OnPostNoteAsync(string number, CancellationToken ct) =>
        Do(number, () => complaints.AddNoteAsync(number, NoteText, Auth.ActorOf(User), ct), ct);

    public Task<IActionResult> OnPostStatusAsync(string number, CancellationToken ct) =>
        Do(number, () => complaints.SetStatusAsync(number, NewStatus ?? 0, StatusNote, Version, Auth.ActorOf(User), ct), ct);

    public Task<IActionResult> OnPostRootCauseAsync(string number, CancellationToken ct) =>
        Do(number, () => complaints.SetRootCauseAsync(number, new RootCauseInput(RootLot, RootLotProduct, RootUnit, null, RootStation, RootSupplier, RootText, Version), ct), ct);

    public Task<IActionResult> OnPostFileAsync(string number, CancellationToken ct) =>
        Do(number, async () =>
        {
            if (Upload is null)
            {
                throw DomainException.BadInput("field.required", "file", "Choose a file.");
            }
            if (Upload.Length > Core.Quality.Complaints.MaxAttachmentBytes)
            {
                throw DomainException.BadInput("attachment.too_large", "file", $"{Upload.FileName} is larger than {Core.Quality.Complaints.MaxAttachmentBytes:N0} bytes.");
            }
            using var buffer = new MemoryStream();
            await Upload.CopyToAsync(buffer, ct);
            await complaints.AttachAsync(number, Upload.FileName, Upload.ContentType, buffer.ToArray(), Auth.ActorOf(User), ct);
        }, ct);

    async Task<IActionResult> Do(string number, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return Redirect($"/complaints/{number}");
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
            ModelState.Clear();
            await LoadAsync(number, ct);
            return Page();
        }
    }

    async Task LoadAsync(string number, CancellationToken ct)
    {
        Complaint = await complaints.GetAsync(number, ct);
        var c = Complaint;
        History = c.UnitId is { } u ? await EventRow.OfUnit(db, u).ToListAsync(ct) : await EventRow.OfLot(db, c.LotId!.Value).ToListAsync(ct);
        var backward = await complaints.BackwardTraceAsync(c, ct);
        Trace = ComplaintTrace.Of(backward);
        Graph = TraceGraph.Of(backward, "complaint-trace");
        Version = c.Version;
    }
}

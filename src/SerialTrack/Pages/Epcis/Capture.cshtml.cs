using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Pages.Epcis;

// One capture job: what it stored, what it created or could not follow (its notes), the events it refused and why (its
// errors), and how many of the contradictions it brought still wait for review.
public sealed class CaptureModel(EpcisCapturing capturing, EpcisReviews reviews) : PageModel
{
    public EpcisCapture Job { get; private set; } = null!;
    public IReadOnlyList<EpcisError> Errors { get; private set; } = [];

    // Every note but "stored", which the counts already say once per event.
    public List<EpcisCaptureNote> Notes { get; private set; } = [];
    public int OpenReviews { get; private set; }

    public async Task<IActionResult> OnGetAsync(string captureId, CancellationToken ct)
    {
        try
        {
            Job = await capturing.FindAsync(captureId, ct);
        }
        catch (DomainException e) when (e.Kind == ErrorKind.NotFound)
        {
            return NotFound();
        }
        Errors = EpcisCapturing.ErrorsOf(Job);
        Notes = [.. EpcisCapturing.NotesOf(Job).Where(n => n.Code != "epcis.stored")];
        OpenReviews = await reviews.OpenCountAsync(Job.Id, ct);
        return Page();
    }
}

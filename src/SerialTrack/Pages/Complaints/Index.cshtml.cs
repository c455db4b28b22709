using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Quality;

namespace SerialTrack.Pages.Complaints;

// Complaints, newest first, filtered by status, customer and a number, serial, lot or words of the symptom.
public sealed class IndexModel(Core.Quality.Complaints complaints) : PageModel
{
    public List<ComplaintSummary> Rows { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(ComplaintStatus? status, string? customer, string? q, CancellationToken ct)
    {
        try
        {
            Rows = await complaints.ListAsync(status, customer, q, null, 500, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }
}

using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core.Quality;

namespace SerialTrack.Pages.Recalls;

// The notification list laid out for paper: one block per customer, page breaks between them.
public sealed class NotificationsModel(Core.Quality.Recalls recalls) : PageModel
{
    public RecallView Recall { get; private set; } = null!;
    public List<CustomerNotice> Notices { get; private set; } = [];

    public async Task OnGetAsync(string number, CancellationToken ct)
    {
        Recall = await recalls.GetAsync(number, ct);
        Notices = await recalls.NotificationsAsync(number, ct);
    }
}

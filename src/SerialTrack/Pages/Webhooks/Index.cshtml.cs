using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Webhooks;
using SerialTrack.Web;

namespace SerialTrack.Pages.Webhooks;

// Every webhook and EPCIS subscription with its delivery state, and the log of the one chosen (?id=).
[Authorize(Policy = Auth.Manager)]
public sealed class IndexModel(SerialTrackDbContext db, WebhookRegistry webhooks) : PageModel
{
    public List<EventHook> Hooks { get; private set; } = [];
    public EventHook? Chosen { get; private set; }
    public List<EventHookDelivery> Deliveries { get; private set; } = [];

    [TempData]
    public string? Done { get; set; }

    public async Task OnGetAsync(long? id, CancellationToken ct)
    {
        // Subscriptions are made through the EPCIS interface; this page shows them beside the webhooks all the same.
        Hooks = await db.EventHooks.AsNoTracking().OrderBy(h => h.Id).ToListAsync(ct);
        Chosen = Hooks.FirstOrDefault(h => h.Id == id);
        if (Chosen is not null)
        {
            Deliveries = await db.EventHookDeliveries.AsNoTracking().Where(d => d.HookId == Chosen.Id).OrderByDescending(d => d.Id).Take(100).ToListAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostEnabledAsync(long id, bool enabled, CancellationToken ct)
    {
        await webhooks.SetEnabledAsync(id, enabled, ct);
        Done = $"Webhook {id} {(enabled ? "enabled" : "disabled")}.";
        return RedirectToPage(new { id });
    }
}

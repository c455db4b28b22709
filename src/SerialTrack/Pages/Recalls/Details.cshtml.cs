using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Quality;
using SerialTrack.Web;

namespace SerialTrack.Pages.Recalls;

// The campaign: progress, hold in one action, fates set by scanning (the fate chosen once, then serial
// after serial), the items filtered by fate or customer, the recomputed scope's difference, and the
// customers to notify.
[Authorize(Policy = Auth.Operator)]
public sealed class DetailsModel(Core.Quality.Recalls recalls) : PageModel
{
    public RecallView Recall { get; private set; } = null!;
    public List<RecallItemRow> Items { get; private set; } = [];
    public List<CustomerNotice> Notices { get; private set; } = [];
    public ScopeDiff? Diff { get; private set; }
    public string? Done { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    [BindProperty(SupportsGet = true)] public RecallFate? FateFilter { get; set; }
    [BindProperty(SupportsGet = true)] public string? CustomerFilter { get; set; }
    [BindProperty] public RecallFate Fate { get; set; } = RecallFate.Returned;
    [BindProperty] public string? Scan { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? BulkCustomer { get; set; }
    [BindProperty] public int? Version { get; set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        await LoadAsync(number, ct);
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(string number, CancellationToken ct) =>
        File(System.Text.Encoding.UTF8.GetBytes(Core.Quality.Recalls.NotificationsCsv(await recalls.NotificationsAsync(number, ct))), "text/csv", $"{number}-notifications.csv");

    public Task<IActionResult> OnPostActivateAsync(string number, CancellationToken ct) => Manage(number, async () =>
    {
        var a = await recalls.ActivateAsync(number, Version, Auth.ActorOf(User), ct);
        Done = $"{a.UnitsHeld} unit(s) and {a.LotsHeld} lot(s) put on hold.";
    }, ct);

    public Task<IActionResult> OnPostRecomputeAsync(string number, CancellationToken ct) => Act(number, async () =>
        Diff = await recalls.RecomputePreviewAsync(number, ct), ct);

    public Task<IActionResult> OnPostApplyAsync(string number, CancellationToken ct) => Manage(number, async () =>
    {
        var d = await recalls.RecomputeApplyAsync(number, Version, ct);
        Done = $"Scope recomputed: {d.Added.Count} added, {d.NoLongerAffected.Count} out of scope, {d.Back.Count} back in scope.";
    }, ct);

    public Task<IActionResult> OnPostCloseAsync(string number, CancellationToken ct) => Manage(number, async () =>
    {
        await recalls.CloseAsync(number, Version, ct);
        Done = "Recall closed.";
    }, ct);

    public Task<IActionResult> OnPostFateAsync(string number, CancellationToken ct) => Act(number, async () =>
    {
        var text = Scan?.Trim();
        Scan = null;
        var words = text?.ToLowerInvariant().Replace(' ', '_').Replace("-", "_", StringComparison.Ordinal);
        // A fate's name scanned from the station sheet switches the fate for the scans that follow.
        if (words is not null && Enum.GetValues<RecallFate>().FirstOrDefault(f => f != RecallFate.Open && Text.Snake(f) == words) is var f && f != RecallFate.Open)
        {
            Fate = f;
            Done = $"Fate: {Show.Words(f)}.";
            return;
        }
        var bulk = string.IsNullOrWhiteSpace(BulkCustomer) ? null : BulkCustomer;
        var r = await recalls.SetFateAsync(number, new RecallFateRequest(Fate, string.IsNullOrEmpty(text) ? null : [text], bulk, Note: Note), Auth.ActorOf(User), ct);
        Done = $"{(text ?? bulk)}: {Show.Words(r.Fate)} ({r.Items} item(s)). {r.Progress.Resolved} of {r.Progress.Total} resolved.";
    }, ct);


    async Task<IActionResult> Manage(string number, Func<Task> action, CancellationToken ct) =>
        Auth.LevelOf(User) < (int)Core.Users.Role.Manager ? Forbid() : await Act(number, action, ct);

    async Task<IActionResult> Act(string number, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
        }
        catch (DomainException e)
        {
            (Error, ErrorField) = (e.Message, e.Field);
        }
        ModelState.Clear();
        await LoadAsync(number, ct);
        return Page();
    }

    async Task LoadAsync(string number, CancellationToken ct)
    {
        Recall = await recalls.GetAsync(number, ct);
        Version = Recall.Version;
        Items = await recalls.ItemsAsync(number, FateFilter, string.IsNullOrWhiteSpace(CustomerFilter) ? null : CustomerFilter, null, 1000, ct);
        Notices = await recalls.NotificationsAsync(number, ct);
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Substitutes;

// The substitute editor of one product (linked from its page): what can stand in for it, one way or both.
public sealed class IndexModel(Core.Warehouse.Substitutes substitutes) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Product { get; set; }
    [BindProperty] public string? Substitute { get; set; }
    [BindProperty] public bool BothWays { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Conditions { get; set; }

    public List<SubstituteView> Rows { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Said { get; private set; }
    public bool CanManage => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        await TryAsync(async () =>
        {
            var s = await substitutes.DeclareAsync(Product ?? "", new SubstituteInput(Substitute, BothWays, Note, Conditions), ct);
            Said = $"{s.Substitute} can stand in for {s.Product}{(s.BothWays ? " and the other way round" : "")}.";
            (Substitute, BothWays, Note, Conditions) = (null, false, null, null);
        });
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string substitute, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        await TryAsync(async () =>
        {
            await substitutes.RemoveAsync(Product ?? "", substitute, ct);
            Said = $"{substitute} no longer stands in for {Product}.";
        });
        await LoadAsync(ct);
        return Page();
    }

    async Task TryAsync(Func<Task> work)
    {
        ModelState.Clear();
        try
        {
            await work();
        }
        catch (DomainException e)
        {
            Error = e.Message + (e.Field is null ? "" : $" ({e.Field})");
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Product))
        {
            return;
        }
        try
        {
            Rows = await substitutes.ListAsync(Product, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Instructions;

// The instruction editor: instructions listed by target (a product with its lots and units, or a
// category), added with a severity and the processes they concern, deactivated when no longer needed.
public sealed class IndexModel(Core.Warehouse.Instructions instructions) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Product { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Lot { get; set; }
    [BindProperty] public string? Serial { get; set; }
    [BindProperty] public InstructionSeverity Severity { get; set; } = InstructionSeverity.Info;
    [BindProperty] public List<InstructionProcesses> Processes { get; set; } = [];

    public List<InstructionView> Rows { get; private set; } = [];
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
        try
        {
            var view = await instructions.CreateAsync(new InstructionInput(Text, Severity, Processes, Product, Category, Lot, Serial), Auth.ActorOf(User), ct);
            Said = $"Instruction {view.Id} added on {view.TargetLabel}.";
            (Text, Lot, Serial) = (null, null, null);
            ModelState.Clear();
        }
        catch (DomainException e)
        {
            Error = e.Message + (e.Field is null ? "" : $" ({e.Field})");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long id, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        var kept = await instructions.RemoveAsync(id, ct);
        Said = kept is null ? $"Instruction {id} deleted." : $"Instruction {id} deactivated: it was acknowledged before, so the history keeps it.";
        ModelState.Clear();
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Rows = await instructions.ListAsync(Product, Category, All, ct);
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }
}

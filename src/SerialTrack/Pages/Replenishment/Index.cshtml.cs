using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Replenishment;

// The rules with each pick location's level now, a form to set one, and "Create tasks": a move task for
// every rule below its minimum. Running twice is harmless: a rule with an open task gets no second one.
public sealed class IndexModel(Core.Warehouse.Replenishment replenishment) : PageModel
{
    [BindProperty] public RuleForm Form { get; set; } = new();

    public List<ReplenishmentRuleView> Rules { get; private set; } = [];
    public ReplenishmentRun? Ran { get; private set; }
    public string? Said { get; private set; }
    public bool CanManage => Auth.LevelOf(User) >= (int)Role.Manager;

    public async Task OnGetAsync(CancellationToken ct) => Rules = await replenishment.ListAsync(ct);

    public async Task<IActionResult> OnPostSetAsync(CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        try
        {
            var rule = await replenishment.SetAsync(new ReplenishmentRuleInput(Form.Product, Form.Location, Form.Min ?? 0, Form.Max ?? 0, Form.Source), Auth.ActorOf(User), ct);
            Said = $"Rule set: {rule.Product} at {rule.Location}, min {Show.Quantity(rule.Min)}, max {Show.Quantity(rule.Max)}.";
            ModelState.Clear();
            Form = new();
        }
        catch (DomainException e)
        {
            FormErrors.Add(ModelState, e, nameof(Form), typeof(RuleForm));
        }
        Rules = await replenishment.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(string? product, string? location, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        try
        {
            await replenishment.RemoveAsync(product, location, ct);
            Said = $"Removed the rule for {product} at {location}.";
        }
        catch (DomainException e)
        {
            ModelState.AddModelError("", e.Message);
        }
        Rules = await replenishment.ListAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }
        Ran = await replenishment.RunAsync(Auth.ActorOf(User), ct);
        Rules = await replenishment.ListAsync(ct);
        return Page();
    }
}

public sealed class RuleForm
{
    public string? Product { get; set; }
    public string? Location { get; set; }
    public decimal? Min { get; set; }
    public decimal? Max { get; set; }
    public string? Source { get; set; }
}

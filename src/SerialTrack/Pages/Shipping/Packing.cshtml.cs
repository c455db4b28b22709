using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Shipping;

// Scan a container (or create one), then scan units and cases into it: every scan packs at once.
public sealed class PackingModel(Packing packing, Moving moving, Scanner scanner, SerialTrackDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "c")]
    public string? Container { get; set; }

    [BindProperty]
    public string? Scan { get; set; }

    [BindProperty]
    public string? Kind { get; set; } = "pallet";

    [BindProperty]
    public string? Location { get; set; }

    [BindProperty]
    public string? MoveTo { get; set; }

    // A scanned lot packs this quantity, taken from what is loose where the container stands.
    [BindProperty]
    public decimal? Quantity { get; set; }

    public ContainerView? View { get; private set; }
    public string? Said { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<string> Handling { get; private set; } = [];
    public IReadOnlyList<Core.Warehouse.AppliedInstruction> Applied { get; private set; } = [];
    public bool CanOperate => Auth.LevelOf(User) >= (int)Role.Operator;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostScanAsync(CancellationToken ct)
    {
        var text = Scan?.Trim();
        Scan = null;
        if (!string.IsNullOrEmpty(text))
        {
            await TryAsync(async () =>
            {
                var scanned = await ScanStep.ReadAsync(scanner, db, text, ct, lots: true);
                Handling = scanned.HandlingInstructions;
                Applied = scanned.Instructions;
                if (Container is null)
                {
                    Container = scanned.Container ?? throw DomainException.BadInput("scan.container_first", "scan", $"{scanned.Label} is not a container: scan or create the container first.");
                    Said = $"Packing into {scanned.Label}.";
                    return;
                }
                PackRequest request;
                if (scanned.Lot is { } lot)
                {
                    var at = (await packing.GetAsync(Container, ct)).Location
                        ?? throw DomainException.Rule("container.no_location", $"{Container} has no location to take the lot from.", "scan");
                    var quantity = Quantity ?? throw DomainException.BadInput("pack.quantity_required", "quantity", $"Type the quantity of lot {lot.Lot} to pack, then scan the lot again.");
                    request = new PackRequest(Container, Lots: [new LotQuantity(lot.Product, lot.Lot, quantity, at)]);
                    Quantity = null;
                }
                else
                {
                    request = scanned.Unit is { } u ? new PackRequest(Container, Units: [u]) : new PackRequest(Container, Containers: [scanned.Container!]);
                }
                await packing.PackAsync(request, Auth.ActorOf(User), ct);
                Said = $"Packed {scanned.Label}.";
            });
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        await TryAsync(async () =>
        {
            var created = await packing.CreateContainerAsync(new ContainerInput(Location ?? "", Kind ?? "pallet"), Auth.ActorOf(User), ct);
            Container = created.Code;
            Said = $"New {created.Kind} {created.Sscc ?? created.Code}: scan what goes in.";
        });
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostMoveAsync(CancellationToken ct)
    {
        await TryAsync(async () =>
        {
            var result = await moving.MoveAsync(new MoveRequest(MoveTo ?? "", Containers: [Container ?? ""]), Auth.ActorOf(User), ct);
            Said = $"Moved {Container} and its {result.Units} unit(s) to {MoveTo}.";
        });
        await LoadAsync(ct);
        return Page();
    }

    async Task TryAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (DomainException e)
        {
            Error = e.Message;
        }
    }

    async Task LoadAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Container))
        {
            Container = null;
            return;
        }
        try
        {
            View = await packing.GetAsync(Container, ct);
            Container = View.Code;
            if (Handling.Count == 0)
            {
                Handling = View.HandlingInstructions;
            }
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Container = null;
        }
    }
}

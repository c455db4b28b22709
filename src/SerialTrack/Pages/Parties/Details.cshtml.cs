using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Users;
using SerialTrack.Web;

namespace SerialTrack.Pages.Parties;

public sealed class DetailsModel(SerialTrackDbContext db) : PageModel
{
    public Party Party { get; private set; } = null!;
    public int UnitsOwned { get; private set; }
    public bool CanEdit => Auth.LevelOf(User) >= (int)Role.Manager;

    public static string RoleText(PartyRole role) => role switch
    {
        PartyRole.Both => "Customer and supplier",
        _ => role.ToString(),
    };

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is not { } party)
        {
            return NotFound();
        }
        Party = party;
        UnitsOwned = await db.Units.CountAsync(u => u.OwnerPartyId == id && !u.Archived, ct);
        return Page();
    }
}

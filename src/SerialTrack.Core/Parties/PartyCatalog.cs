using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Parties;

public sealed record PartyInput(string? Code, string? Name, PartyRole Role = PartyRole.Customer, string? ContactName = null, string? Email = null, string? Phone = null, string? Address = null, string? Gln = null, bool Archived = false);

public sealed class PartyCatalog(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<Party> CreateAsync(PartyInput input, CancellationToken ct)
    {
        var party = new Party { Code = "", Name = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(party, input, ct);
        db.Parties.Add(party);
        await db.SaveChangesAsync(ct);
        return party;
    }

    public async Task<Party> UpdateAsync(long id, PartyInput input, CancellationToken ct)
    {
        var party = await db.Parties.FindAsync([id], ct)
            ?? throw DomainException.NotFound("party.not_found", $"No party with id {id}.");
        await ApplyAsync(party, input, ct);
        await db.SaveChangesAsync(ct);
        return party;
    }

    async Task ApplyAsync(Party party, PartyInput input, CancellationToken ct)
    {
        party.Code = Text.RequiredCode(input.Code, "code", 64);
        party.Name = Text.Required(input.Name, "name", 200);
        if (input.Role is not (PartyRole.Customer or PartyRole.Supplier or PartyRole.Both))
        {
            throw DomainException.BadInput("party.role", "role", $"Role must be customer, supplier or both, not '{input.Role}'.");
        }
        party.Role = input.Role;
        party.ContactName = Text.Optional(input.ContactName, "contactName", 200);
        party.Email = Text.Optional(input.Email, "email", 200);
        if (party.Email is not null && (!party.Email.Contains('@', StringComparison.Ordinal) || party.Email.Contains(' ', StringComparison.Ordinal)))
        {
            throw DomainException.BadInput("party.email", "email", $"'{party.Email}' is not an e-mail address.");
        }
        party.Phone = Text.Optional(input.Phone, "phone", 50);
        party.Address = Text.Optional(input.Address, "address", 1000);
        party.Gln = string.IsNullOrWhiteSpace(input.Gln) ? null : Gs1Fields.Gln(input.Gln, "gln").Value;
        party.Archived = input.Archived;
        if (await db.Parties.AnyAsync(p => p.Code == party.Code && p.Id != party.Id, ct))
        {
            throw DomainException.Conflict("party.duplicate_code", $"Party code '{party.Code}' is already used.", "code");
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Locations;

public sealed record LocationInput(string? Code, string? Name, LocationKind Kind = LocationKind.Bin, string? ParentCode = null, string? Gln = null, bool Archived = false);

public sealed class LocationCatalog(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<Location> CreateAsync(LocationInput input, CancellationToken ct)
    {
        var location = new Location { Code = "", Name = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(location, input, ct);
        db.Locations.Add(location);
        await using var tx = await OwnTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        location.Path = (location.Parent?.Path ?? "/") + location.Id + "/";
        await db.SaveChangesAsync(ct);
        await CommitAsync(tx, ct);
        return location;
    }

    public async Task<Location> UpdateAsync(long id, LocationInput input, CancellationToken ct)
    {
        var location = await db.Locations.FindAsync([id], ct)
            ?? throw DomainException.NotFound("location.not_found", $"No location with id {id}.");
        var oldPath = location.Path;
        await ApplyAsync(location, input, ct);
        var newPath = (location.Parent?.Path ?? "/") + location.Id + "/";
        await using var tx = await OwnTransactionAsync(ct);
        if (newPath != oldPath)
        {
            // Re-parenting moves the whole subtree: rewrite every descendant's path prefix.
            var subtree = await db.Locations.Where(l => l.Path.StartsWith(oldPath)).ToListAsync(ct);
            foreach (var l in subtree)
            {
                l.Path = newPath + l.Path[oldPath.Length..];
            }
        }
        await db.SaveChangesAsync(ct);
        await CommitAsync(tx, ct);
        return location;
    }

    // Inside a caller's transaction (an all-or-nothing CSV import) the caller commits; EF cannot nest one.
    async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> OwnTransactionAsync(CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;

    static async Task CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction? tx, CancellationToken ct)
    {
        if (tx is not null)
        {
            await tx.CommitAsync(ct);
        }
    }

    // The path prefix that selects a location's whole subtree; an unknown code selects nothing.
    public static async Task<string> SubtreePathAsync(SerialTrackDbContext db, string code, CancellationToken ct) =>
        await db.Locations.Where(l => l.Code == code).Select(l => l.Path).FirstOrDefaultAsync(ct) ?? "/none/";

    public async Task<Location> FindAsync(string code, string field, CancellationToken ct) =>
        await db.Locations.FirstOrDefaultAsync(l => l.Code == code, ct)
        ?? throw DomainException.NotFound("location.not_found", $"No location with code '{code}'.", field);

    async Task ApplyAsync(Location location, LocationInput input, CancellationToken ct)
    {
        location.Code = Text.RequiredCode(input.Code, "code", 64);
        location.Name = Text.Required(input.Name, "name", 200);
        if (!Enum.IsDefined(input.Kind))
        {
            throw DomainException.BadInput("location.kind", "kind", $"Unknown location kind '{input.Kind}'.");
        }
        location.Kind = input.Kind;
        location.Gln = string.IsNullOrWhiteSpace(input.Gln) ? null : Gs1Fields.Gln(input.Gln, "gln").Value;
        location.Archived = input.Archived;

        var parentCode = Text.Optional(input.ParentCode, "parentCode", 64);
        if (parentCode is null)
        {
            location.ParentId = null;
            location.Parent = null;
        }
        else
        {
            var parent = await FindAsync(parentCode, "parentCode", ct);
            if (location.Id != 0 && parent.Path.Contains($"/{location.Id}/", StringComparison.Ordinal))
            {
                throw DomainException.Rule("location.cycle", $"Location '{parent.Code}' lies inside '{location.Code}' and cannot be its parent.", "parentCode");
            }
            location.Parent = parent;
            location.ParentId = parent.Id;
        }

        if (await db.Locations.AnyAsync(l => l.Code == location.Code && l.Id != location.Id, ct))
        {
            throw DomainException.Conflict("location.duplicate_code", $"Location code '{location.Code}' is already used.", "code");
        }
        if (location.Gln is not null && await db.Locations.AnyAsync(l => l.Gln == location.Gln && l.Id != location.Id, ct))
        {
            throw DomainException.Conflict("location.duplicate_gln", $"GLN {location.Gln} is already used by another location.", "gln");
        }
    }
}

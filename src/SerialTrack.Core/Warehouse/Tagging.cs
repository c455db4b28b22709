using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

public sealed record TagDto(string Name, string? Description, long Units, long Lots);

public sealed record TagResult(string Tag, int Added, int Removed);

// Tags on units and lots. Tagging is set-based (INSERT ... SELECT) and idempotent: a unit already
// carrying the tag is skipped, so tagging twice adds nothing and needs no idempotency key.
public sealed class Tagging(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<List<TagDto>> ListAsync(CancellationToken ct) =>
        await db.Tags.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new TagDto(t.Name, t.Description, db.UnitTags.LongCount(x => x.TagId == t.Id), db.LotTags.LongCount(x => x.TagId == t.Id)))
            .ToListAsync(ct);

    public async Task<TagDto> CreateAsync(string name, string? description, CancellationToken ct)
    {
        var n = Text.RequiredCode(name, "name", 64);
        if (await db.Tags.AnyAsync(t => t.Name == n, ct))
        {
            throw DomainException.Conflict("tag.name_taken", $"A tag named '{n}' already exists.", "name");
        }
        db.Tags.Add(new Tag { Name = n, Description = Text.Optional(description, "description", 500), CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        return new TagDto(n, description, 0, 0);
    }

    public async Task<Tag> FindAsync(string name, string field, CancellationToken ct)
    {
        var n = Text.Required(name, field, 64);
        return await db.Tags.AsNoTracking().FirstOrDefaultAsync(t => t.Name == n, ct)
            ?? throw DomainException.NotFound("tag.not_found", $"No tag named '{n}'.", field);
    }

    public async Task<List<string>> OfUnitAsync(long unitId, CancellationToken ct) =>
        await (from ut in db.UnitTags
               join t in db.Tags on ut.TagId equals t.Id
               where ut.UnitId == unitId
               orderby t.Name
               select t.Name).ToListAsync(ct);

    // Units and lots named one by one (a scan, a list); an unknown one is refused by its field, writing nothing.
    public async Task<TagResult> TagAsync(string tagName, IReadOnlyList<UnitRef>? units, IReadOnlyList<LotRef>? lots, Actor actor, CancellationToken ct)
    {
        var tag = await FindAsync(tagName, "tag", ct);
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await UnitBatch.LoadAsync(db, sql, units ?? [], "units", ct);
        var lotIds = new List<long>();
        for (var i = 0; i < (lots?.Count ?? 0); i++)
        {
            lotIds.Add((await Places.LotAsync(db, lots![i], $"lots[{i}]", ct)).Lot.Id);
        }
        var added = await TagUnitIdsAsync(sql, tag.Id, loaded.Select(u => u.Id).ToList(), actor, ct);
        if (lotIds.Count > 0)
        {
            await using var cmd = sql.IdsCommand("""
                INSERT INTO lot_tags (tag_id, lot_id, added_by, added_at)
                SELECT @t, l.id, @by, @at FROM lots l
                WHERE l.id IN ({ids}) AND NOT EXISTS (SELECT 1 FROM lot_tags x WHERE x.tag_id = @t AND x.lot_id = l.id)
                """, lotIds, ("t", tag.Id), ("by", actor.Name), ("at", sql.Time(clock.GetUtcNow())));
            added += await cmd.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new TagResult(tag.Name, added, 0);
    }

    public async Task<TagResult> UntagAsync(string tagName, IReadOnlyList<UnitRef>? units, IReadOnlyList<LotRef>? lots, CancellationToken ct)
    {
        var tag = await FindAsync(tagName, "tag", ct);
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var loaded = await UnitBatch.LoadAsync(db, sql, units ?? [], "units", ct);
        var removed = await UntagUnitIdsAsync(sql, tag.Id, loaded.Select(u => u.Id).ToList(), ct);
        for (var i = 0; i < (lots?.Count ?? 0); i++)
        {
            var lotId = (await Places.LotAsync(db, lots![i], $"lots[{i}]", ct)).Lot.Id;
            removed += await db.LotTags.Where(x => x.TagId == tag.Id && x.LotId == lotId).ExecuteDeleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new TagResult(tag.Name, 0, removed);
    }

    // Every member of a filter in one INSERT ... SELECT; decoded serial parts are checked in memory
    // first (Groups), so such a filter tags by the list of ids it yields.
    public async Task<TagResult> TagGroupAsync(string tagName, GroupFilter filter, Actor actor, CancellationToken ct)
    {
        var tag = await FindAsync(tagName, "tag", ct);
        var groups = new Groups(db, clock);
        var q = await groups.CompileAsync(filter, ct);
        var sql = new SqlSession(db);
        if (q.Decoded is not null)
        {
            var ids = new List<long>();
            await foreach (var c in groups.StreamAsync(q, ct))
            {
                ids.Add(c.Id);
            }
            await using var tx1 = await db.Database.BeginTransactionAsync(ct);
            var n = await TagUnitIdsAsync(sql, tag.Id, ids, actor, ct);
            await tx1.CommitAsync(ct);
            return new TagResult(tag.Name, n, 0);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await using var cmd = q.Command(sql, $"""
            INSERT INTO unit_tags (tag_id, unit_id, added_by, added_at)
            SELECT @t, u.id, @by, @at FROM units u
            WHERE {q.Where} AND NOT EXISTS (SELECT 1 FROM unit_tags x WHERE x.tag_id = @t AND x.unit_id = u.id)
            """, ("t", tag.Id), ("by", actor.Name), ("at", sql.Time(clock.GetUtcNow())));
        var added = await cmd.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return new TagResult(tag.Name, added, 0);
    }

    public async Task<int> TagUnitIdsAsync(SqlSession sql, long tagId, IReadOnlyCollection<long> ids, Actor actor, CancellationToken ct)
    {
        var added = 0;
        foreach (var chunk in ids.Chunk(50_000))
        {
            await using var cmd = sql.IdsCommand("""
                INSERT INTO unit_tags (tag_id, unit_id, added_by, added_at)
                SELECT @t, u.id, @by, @at FROM units u
                WHERE u.id IN ({ids}) AND NOT EXISTS (SELECT 1 FROM unit_tags x WHERE x.tag_id = @t AND x.unit_id = u.id)
                """, chunk, ("t", tagId), ("by", actor.Name), ("at", sql.Time(clock.GetUtcNow())));
            added += await cmd.ExecuteNonQueryAsync(ct);
        }
        return added;
    }

    public static async Task<int> UntagUnitIdsAsync(SqlSession sql, long tagId, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        var removed = 0;
        foreach (var chunk in ids.Chunk(50_000))
        {
            await using var cmd = sql.IdsCommand("DELETE FROM unit_tags WHERE tag_id = @t AND unit_id IN ({ids})", chunk, ("t", tagId));
            removed += await cmd.ExecuteNonQueryAsync(ct);
        }
        return removed;
    }
}

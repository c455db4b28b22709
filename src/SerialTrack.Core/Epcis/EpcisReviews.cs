using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Epcis;

public sealed record EpcisReviewRow(long Id, string Code, string Message, string? Epc, string EventId, DateTimeOffset EventTime, string? CaptureId,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy);

// The contradictions captured events brought: listed on the unit's page until someone has looked at them.
public sealed class EpcisReviews(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<List<EpcisReviewRow>> ForUnitAsync(long unitId, CancellationToken ct) =>
        await (from r in db.EpcisReviewItems.AsNoTracking()
               where r.UnitId == unitId
               join s in db.EpcisEvents on r.StoredEventId equals s.Id
               join c in db.EpcisCaptures on s.CaptureId equals c.Id into cs
               from c in cs.DefaultIfEmpty()
               orderby r.Id
               select new EpcisReviewRow(r.Id, r.Code, r.Message, r.Epc, s.EventId, s.EventTime, c == null ? null : c.CaptureId, r.CreatedAt, r.ResolvedAt, r.ResolvedBy))
            .ToListAsync(ct);

    public async Task ResolveAsync(long id, Actor actor, CancellationToken ct)
    {
        var item = await db.EpcisReviewItems.FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw DomainException.NotFound("epcis.review_not_found", $"No review item {id}.", "id");
        if (item.ResolvedAt is not null)
        {
            return;
        }
        item.ResolvedAt = clock.GetUtcNow();
        item.ResolvedBy = actor.Name;
        await db.SaveChangesAsync(ct);
    }
}

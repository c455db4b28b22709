using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Epcis;

public sealed record EpcisReviewRow(long Id, string Code, string Message, string? Epc, string EventId, DateTimeOffset EventTime, string? CaptureId,
    DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolvedBy, long? UnitId = null, string? Sku = null, string? Serial = null);

public enum EpcisReviewState
{
    Open,
    Reviewed,
    All,
}

// The contradictions captured events brought: listed on the unit's page, and all together in the review queue, until
// someone has looked at them.
public sealed class EpcisReviews(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<List<EpcisReviewRow>> ForUnitAsync(long unitId, CancellationToken ct) =>
        await Rows(db.EpcisReviewItems.Where(r => r.UnitId == unitId)).ToListAsync(ct);

    // The queue, oldest first, a page at a time (after: the last id of the page before); one row more than asked for
    // tells the caller there is another page.
    public async Task<List<EpcisReviewRow>> ListAsync(EpcisReviewState state, long? after, int limit, CancellationToken ct)
    {
        var items = db.EpcisReviewItems.Where(r => r.Id > (after ?? 0));
        items = state switch
        {
            EpcisReviewState.Open => items.Where(r => r.ResolvedAt == null),
            EpcisReviewState.Reviewed => items.Where(r => r.ResolvedAt != null),
            _ => items,
        };
        return await Rows(items).Take(limit + 1).ToListAsync(ct);
    }

    public Task<int> OpenCountAsync(CancellationToken ct) => db.EpcisReviewItems.CountAsync(r => r.ResolvedAt == null, ct);

    // Those one capture job brought that nobody has looked at yet.
    public Task<int> OpenCountAsync(long captureJobId, CancellationToken ct) =>
        db.EpcisReviewItems.CountAsync(r => r.ResolvedAt == null && db.EpcisEvents.Any(s => s.Id == r.StoredEventId && s.CaptureId == captureJobId), ct);

    IQueryable<EpcisReviewRow> Rows(IQueryable<EpcisReviewItem> items) =>
        from r in items.AsNoTracking()
        join s in db.EpcisEvents on r.StoredEventId equals s.Id
        join c in db.EpcisCaptures on s.CaptureId equals c.Id into cs
        from c in cs.DefaultIfEmpty()
        join u in db.Units on r.UnitId equals u.Id into us
        from u in us.DefaultIfEmpty()
        join p in db.Products on u.ProductId equals p.Id into ps
        from p in ps.DefaultIfEmpty()
        orderby r.Id
        select new EpcisReviewRow(r.Id, r.Code, r.Message, r.Epc, s.EventId, s.EventTime, c == null ? null : c.CaptureId, r.CreatedAt, r.ResolvedAt, r.ResolvedBy,
            r.UnitId, p == null ? null : p.Sku, u == null ? null : u.Serial);

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

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Api;

public static class LotsEndpoints
{
    public static void MapLots(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/lots").WithTags("Lots");
        g.MapGet("/", List);
        g.MapGet("/{id:long}", Get);
    }

    static async Task<Ok<Page<LotDto>>> List(SerialTrackDbContext db, HttpRequest request, string? product, string? code, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var query = from l in db.Lots.AsNoTracking()
                    join p in db.Products on l.ProductId equals p.Id
                    where l.Id > (after ?? 0)
                    select new { l, p.Sku, p.Uom };
        if (!string.IsNullOrWhiteSpace(product))
        {
            query = query.Where(x => x.Sku == product);
        }
        if (!string.IsNullOrWhiteSpace(code))
        {
            query = query.Where(x => x.l.Code.StartsWith(code));
        }
        var rows = await query.OrderBy(x => x.l.Id).Take(n + 1).ToListAsync(ct);
        var ids = rows.Select(r => r.l.Id).ToList();
        var balances = await Balances(db, ids, ct);
        var dtos = rows.Select(r => LotDto.From(r.l, r.Sku, r.Uom, balances.GetValueOrDefault(r.l.Id) ?? [])).ToList();
        return TypedResults.Ok(Paging.Of(dtos, n, l => l.Id, request));
    }

    // ?asOf= answers the balances from the log: the lot's transfers summed up to that moment.
    static async Task<Results<Ok<LotDto>, NotFound>> Get(long id, DateTimeOffset? asOf, SerialTrackDbContext db, PointInTime history, CancellationToken ct)
    {
        var row = await (from l in db.Lots.AsNoTracking()
                         join p in db.Products on l.ProductId equals p.Id
                         where l.Id == id
                         select new { l, p.Sku, p.Uom }).FirstOrDefaultAsync(ct);
        if (row is null)
        {
            return TypedResults.NotFound();
        }
        var balances = asOf is { } t
            ? (await history.LotBalancesAsync(id, t, ct)).Select(b => new BalanceDto(b.Location, b.Status, b.Quantity)).ToList()
            : (await Balances(db, [id], ct)).GetValueOrDefault(id) ?? [];
        return TypedResults.Ok(LotDto.From(row.l, row.Sku, row.Uom, balances));
    }

    static async Task<Dictionary<long, List<BalanceDto>>> Balances(SerialTrackDbContext db, List<long> lotIds, CancellationToken ct)
    {
        var rows = await (from b in db.LotBalances.AsNoTracking()
                          join l in db.Locations on b.LocationId equals l.Id
                          where lotIds.Contains(b.LotId) && b.Quantity != 0
                          select new { b.LotId, l.Code, b.Status, b.Quantity }).ToListAsync(ct);
        return rows.GroupBy(r => r.LotId).ToDictionary(g => g.Key, g => g.Select(r => new BalanceDto(r.Code, r.Status, r.Quantity)).ToList());
    }
}

public sealed record BalanceDto(string Location, BalanceStatus Status, decimal Quantity);

public sealed record LotDto(long Id, string Product, string Lot, string Uom, DateOnly? ExpiryDate, DateOnly? ProductionDate, string? SupplierLotCode,
    Stage Stage, decimal Quantity, List<BalanceDto> Balances)
{
    public static LotDto From(Lot l, string sku, string uom, List<BalanceDto> balances) =>
        new(l.Id, sku, l.Code, uom, l.ExpiryDate, l.ProductionDate, l.SupplierLotCode, l.Stage, balances.Sum(b => b.Quantity), balances);
}

using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Pages.Units;

public sealed record UnitRow(long Id, string Sku, string ProductName, string Serial, UnitStatus Status, Stage Stage, long? LocationId, string? Location, DateTimeOffset UpdatedAt)
{
    public static IQueryable<UnitRow> Query(SerialTrackDbContext db, IQueryable<Unit> units) =>
        from u in units
        join p in db.Products on u.ProductId equals p.Id
        join l in db.Locations on u.LocationId equals l.Id into ls
        from l in ls.DefaultIfEmpty()
        select new UnitRow(u.Id, p.Sku, p.Name, u.Serial, u.Status, u.Stage, u.LocationId, l == null ? null : l.Code, u.UpdatedAt);
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;
using static SerialTrack.Core.Tests.Processes.ReturnsWorld;

namespace SerialTrack.Core.Tests.Inventory;

public sealed class PointInTimeTests
{
    readonly TestClock clock = new();

    sealed record Snapshot(DateTimeOffset At, Dictionary<long, UnitSummary> Units, Dictionary<long, List<LotPlace>> Lots, Dictionary<long, LocationContents> Contents);

    [Theory, OnSqlite, OnPostgres]
    public async Task The_state_asked_as_of_each_moment_equals_what_the_projections_said_then(DbKind kind)
    {
        await using var t = await CreateAsync(kind, clock);
        var steps = new List<Func<Data.SerialTrackDbContext, Task>>
        {
            db => new Commissioning(db, clock).CommissionAsync(new CommissionRequest("A100", ["S1", "S2", "S3"], "B1"), Op, default),
            db => new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("FLOUR", "L1", 40, "B1"), Op, default),
            db => new Moving(db, clock).MoveAsync(new MoveRequest("B2", [new("A100", "S2")], [new("FLOUR", "L1", 15, "B1")]), Op, default),
            db => new Holds(db, clock).HoldAsync(new HoldRequest("check", [new("A100", "S1")], [new("FLOUR", "L1")]), Op, default),
            db => AtCustomerAsync(db, clock, "ACME", "S3"),
            db => AnRmaAsync(db, clock, "ACME", "S3"),
            db => new Returns(db, clock).ReceiveReturnAsync(new ReceiveReturnRequest("RMA-000001", "Q", [new("A100", "S3")]), Op, default),
            db => new Holds(db, clock).ReleaseAsync(new ReleaseRequest("ok", [1, 2]), Op, default),
            db => new Adjustments(db, clock).AdjustAsync(new AdjustRequest("damaged", Lots: [new("FLOUR", "L1", "B2", 5)]), Op, default),
            db => new Returns(db, clock).DecideAsync(new DecideReturnRequest("RMA-000001", ReturnDisposition.Restock, [new("A100", "S3")], Location: "B2"), Op, default),
            db => new Adjustments(db, clock).AdjustAsync(new AdjustRequest("lost", Units: [new("A100", "S2")]), Op, default),
            db => new Adjustments(db, clock).ScrapAsync(new ScrapRequest("spoiled", Lots: [new("FLOUR", "L1", 10, "B1")]), Op, default),
        };

        var snapshots = new List<Snapshot>();
        foreach (var step in steps)
        {
            clock.Advance(TimeSpan.FromMinutes(7));
            await using (var db = t.NewContext())
            {
                await step(db);
            }
            await using var read = t.NewContext();
            snapshots.Add(await SnapshotAsync(read));
        }

        await using var ask = t.NewContext();
        var history = new PointInTime(ask);
        foreach (var s in snapshots)
        {
            foreach (var (id, now) in s.Units)
            {
                var then = await history.UnitAsync(id, s.At, default);
                Assert.Equal((now.Status, now.Stage, now.LocationCode, now.ContainerId, now.OwnerPartyId, now.LastEventId, now.Version),
                    (then!.Status, then.Stage, then.LocationCode, then.ContainerId, then.OwnerPartyId, then.LastEventId, then.Version));
            }
            foreach (var (id, now) in s.Lots)
            {
                Assert.Equal(now, await history.LotBalancesAsync(id, s.At, default));
            }
            foreach (var (id, now) in s.Contents)
            {
                var then = (await history.ContentsAsync(id, s.At, default))!;
                Assert.Equal(now.Units, then.Units);
                Assert.Equal(now.Lots, then.Lots);
            }
        }
        Assert.Null(await history.UnitAsync(snapshots[^1].Units.Keys.First(), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), default));
    }

    async Task<Snapshot> SnapshotAsync(Data.SerialTrackDbContext db)
    {
        var lookup = new UnitLookup(db);
        var units = new Dictionary<long, UnitSummary>();
        foreach (var id in await db.Units.Select(u => u.Id).ToListAsync())
        {
            units[id] = (await lookup.FindByIdAsync(id, default))!;
        }
        var lots = new Dictionary<long, List<LotPlace>>();
        foreach (var lot in await db.Lots.Select(l => l.Id).ToListAsync())
        {
            lots[lot] = await (from b in db.LotBalances
                               join l in db.Locations on b.LocationId equals l.Id
                               where b.LotId == lot && b.Quantity != 0
                               select new { l.Code, b.Status, b.Quantity }).ToListAsync() is var rows
                ? rows.OrderBy(r => r.Code, StringComparer.Ordinal).ThenBy(r => r.Status).Select(r => new LotPlace(r.Code, r.Status, r.Quantity)).ToList() : [];
        }
        var contents = new Dictionary<long, LocationContents>();
        var history = new PointInTime(db);
        foreach (var location in await db.Locations.Select(l => l.Id).ToListAsync())
        {
            contents[location] = (await history.ContentsAsync(location, null, default))!;
        }
        return new Snapshot(clock.GetUtcNow(), units, lots, contents);
    }
}

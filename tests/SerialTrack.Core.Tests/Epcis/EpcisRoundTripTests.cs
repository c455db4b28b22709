using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Trace;
using SerialTrack.Core.Trace;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Epcis;

// Issue 8: "exporting then capturing into an empty installation reproduces the same units, locations, genealogy and
// trace answers". Everything is compared by the EPCIS names each installation gives its things, since the other
// installation's ids and catalogue codes for GS1-keyed things are its own.
public sealed class EpcisRoundTripTests
{
    [Theory, OnSqlite, OnPostgres]
    public async Task A_factorys_history_exported_and_captured_into_an_empty_installation_gives_the_same_units_places_genealogy_and_trace(DbKind kind)
    {
        var clock = new TestClock();
        // The trace world's factory, built as EPCIS can carry it exactly (see TraceWorld).
        await using var a = await TraceWorld.CreateAsync(kind, clock, exactInEpcis: true);
        await using var b = await TestDb.CreateAsync(kind);
        await using (var db = a.NewContext())
        {
            // A case inside a pallet, moved as one: EPCIS carries the nesting and the move names the pallet alone.
            var packing = new Packing(db, clock);
            await packing.CreateContainerAsync(new ContainerInput("WH1", Code: "CASE-2"), TraceWorld.Op, default);
            await packing.CreateContainerAsync(new ContainerInput("WH1", Code: "PAL-1"), TraceWorld.Op, default);
            await packing.PackAsync(new PackRequest("CASE-2", Units: [new UnitRef("CPU", "C2")]), TraceWorld.Op, default);
            await packing.PackAsync(new PackRequest("PAL-1", Containers: ["CASE-2"]), TraceWorld.Op, default);
            clock.Advance(TimeSpan.FromMinutes(5));
            await new Moving(db, clock).MoveAsync(new MoveRequest("LINE1", Containers: ["PAL-1"]), TraceWorld.Op, default);
        }
        string document;
        await using (var db = a.NewContext())
        {
            var export = new EpcisExport(db, clock);
            using var stream = new MemoryStream();
            await export.WriteAsync(await export.ScopeAsync(new EpcisExportRequest(From: DateTimeOffset.UnixEpoch), default), stream, EpcisExportFormat.Json,
                await export.OptionsAsync(EpcFormat.NoPreference, default), null, default);
            document = Encoding.UTF8.GetString(stream.ToArray());
        }

        await using (var db = b.NewContext())
        {
            var result = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, new Actor(null, "import"), default);
            Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        }

        await using var before = a.NewContext();
        await using var after = b.NewContext();
        Assert.Equal(await UnitsOf(before), await UnitsOf(after));
        Assert.Equal(await LocationsOf(before), await LocationsOf(after));
        Assert.Equal(await ContainersOf(before), await ContainersOf(after));
        Assert.Equal(await EdgesOf(before), await EdgesOf(after));
        Assert.Equal(await LotsOf(before), await LotsOf(after));
        foreach (var direction in new[] { TraceDirection.Forward, TraceDirection.Backward })
        {
            foreach (var serial in new[] { "C0", "PC-1", "PC-2" })
            {
                Assert.Equal(await TraceOf(before, serial, direction), await TraceOf(after, serial, direction));
            }
        }
    }

    static async Task<EpcisUris> UrisOf(SerialTrackDbContext db) => await EpcisUris.LoadAsync(db, default);

    // Each unit by its EPCIS name, with where it is, what holds it, who owns it and its status.
    static async Task<List<string>> UnitsOf(SerialTrackDbContext db)
    {
        var uris = await UrisOf(db);
        var rows = await (from u in db.Units
                          join p in db.Products on u.ProductId equals p.Id
                          join l in db.Locations on u.LocationId equals l.Id into ls
                          from l in ls.DefaultIfEmpty()
                          join c in db.Containers on u.ContainerId equals c.Id into cs
                          from c in cs.DefaultIfEmpty()
                          join o in db.Parties on u.OwnerPartyId equals o.Id into os
                          from o in os.DefaultIfEmpty()
                          select new { p.Gtin, p.Sku, u.Serial, u.Status, LGln = l.Gln, LCode = l.Code, CSscc = c.Sscc, CCode = c.Code, OGln = o.Gln, OCode = o.Code }).ToListAsync();
        return [.. rows.Select(r => string.Join(" ", uris.Unit(r.Gtin, r.Sku, r.Serial), r.Status,
            r.LCode is null ? "-" : uris.Location(r.LGln, r.LCode), r.CCode is null ? "-" : uris.Container(r.CSscc, r.CCode), r.OCode is null ? "-" : uris.Party(r.OGln, r.OCode))).Order()];
    }

    // Each container by its EPCIS name, with what holds it, where it is, its status and owner (its kind does not travel).
    static async Task<List<string>> ContainersOf(SerialTrackDbContext db)
    {
        var uris = await UrisOf(db);
        var rows = await (from c in db.Containers
                          join parent in db.Containers on c.ParentContainerId equals parent.Id into ps
                          from parent in ps.DefaultIfEmpty()
                          join l in db.Locations on c.LocationId equals l.Id into ls
                          from l in ls.DefaultIfEmpty()
                          join o in db.Parties on c.OwnerPartyId equals o.Id into os
                          from o in os.DefaultIfEmpty()
                          select new { c.Sscc, c.Code, PSscc = parent.Sscc, PCode = parent.Code, c.Status, LGln = l.Gln, LCode = l.Code, OGln = o.Gln, OCode = o.Code }).ToListAsync();
        return [.. rows.Select(r => string.Join(" ", uris.Container(r.Sscc, r.Code), r.PCode is null ? "-" : uris.Container(r.PSscc, r.PCode), r.Status,
            r.LCode is null ? "-" : uris.Location(r.LGln, r.LCode), r.OCode is null ? "-" : uris.Party(r.OGln, r.OCode))).Order()];
    }

    static async Task<List<string>> LocationsOf(SerialTrackDbContext db)
    {
        var uris = await UrisOf(db);
        // Only places something happened at travel in EPCIS; an installation's empty shelves do not.
        var used = db.Units.Select(u => u.LocationId).Concat(db.LotBalances.Select(x => (long?)x.LocationId)).Concat(db.Events.Select(e => e.BizLocationId));
        return [.. (await db.Locations.Where(l => used.Contains(l.Id)).Select(l => new { l.Gln, l.Code }).ToListAsync()).Select(l => uris.Location(l.Gln, l.Code)).Order()];
    }

    static async Task<List<string>> LotsOf(SerialTrackDbContext db)
    {
        var uris = await UrisOf(db);
        var rows = await (from x in db.LotBalances
                          join l in db.Lots on x.LotId equals l.Id
                          join p in db.Products on l.ProductId equals p.Id
                          join at in db.Locations on x.LocationId equals at.Id
                          where x.Quantity != 0
                          select new { p.Gtin, p.Sku, l.Code, x.Status, x.Quantity, at.Gln, AtCode = at.Code }).ToListAsync();
        return [.. rows.Select(r => $"{uris.Lot(r.Gtin, r.Sku, r.Code)} {r.Status} {r.Quantity:0.###} {uris.Location(r.Gln, r.AtCode)}").Order()];
    }

    // Genealogy as output <- input pairs of EPCIS names; an edge a repair removed is marked so.
    static async Task<List<string>> EdgesOf(SerialTrackDbContext db)
    {
        var uris = await UrisOf(db);
        var units = await (from u in db.Units join p in db.Products on u.ProductId equals p.Id select new { u.Id, Uri = uris.Unit(p.Gtin, p.Sku, u.Serial) }).ToDictionaryAsync(x => x.Id, x => x.Uri);
        var lots = await (from l in db.Lots join p in db.Products on l.ProductId equals p.Id select new { l.Id, p.Gtin, p.Sku, l.Code }).ToListAsync();
        var lotUris = lots.ToDictionary(l => l.Id, l => uris.Lot(l.Gtin, l.Sku, l.Code));
        string Name(long? unit, long? lot) => unit is { } u ? units[u] : lotUris[lot!.Value];
        return [.. (await db.GenealogyEdges.ToListAsync()).Select(e => $"{Name(e.OutputUnitId, e.OutputLotId)} <- {Name(e.InputUnitId, e.InputLotId)}{(e.RemovedEventId is null ? "" : " (removed)")}").Distinct().Order()];
    }

    static async Task<List<string>> TraceOf(SerialTrackDbContext db, string serial, TraceDirection direction)
    {
        var root = await db.Units.SingleAsync(u => u.Serial == serial);
        var result = await new Tracing(db).TraceAsync(new TraceRoots([root.Id], [], [], serial), direction, default);
        return [.. result.Units.Select(u => $"unit {u.Serial}{(u.Removed ? " removed" : "")}").Concat(result.Lots.Select(l => $"lot {l.Lot}")).Order()];
    }
}

using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;

namespace SerialTrack.Tests.Trace;

// An assembly PC-1 built at LINE1 of CPU C1 and 5 g of paste lot P1, through the real processes.
public static class TraceSample
{
    public static async Task CreateAsync(SerialTrackDbContext db)
    {
        var clock = TimeProvider.System;
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("PC", "Computer", Tracking: TrackingMode.Serial, Gtin: "09506000134352"), default);
        await catalog.CreateAsync(new ProductInput("CPU", "Processor", Tracking: TrackingMode.Serial), default);
        await catalog.CreateAsync(new ProductInput("PASTE", "Thermal paste", Tracking: TrackingMode.Lot, Uom: "g"), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("SITE", "Site", LocationKind.Site), default);
        await locations.CreateAsync(new LocationInput("LINE1", "Line 1", LocationKind.Zone, "SITE"), default);
        await new Commissioning(db, clock).CommissionAsync(new CommissionRequest("CPU", ["C1"], "LINE1", Stage.RawMaterial), Core.Actor.System, default);
        await new Receiving(db, clock).ReceiveLotAsync(new ReceiveLotRequest("PASTE", "P1", 100m, "LINE1"), Core.Actor.System, default);
        await new Production(db, clock).ProduceAsync(new ProduceRequest(Station: "LINE1", Product: "PC",
            Builds: [new Build("PC-1", [new("CPU", "C1")], [new("PASTE", "P1", 5, "LINE1")])]), Core.Actor.System, default);
    }
}

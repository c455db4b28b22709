using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Demo;

// How big a demo company to generate. Small is what `serve --demo` shows: a year of the company's life
// through every process. Units(n) is for benchmarks and load tests: the same company, with n serialized
// units commissioned in calls of 10,000.
public sealed record DemoScale(string Name, int UnitCount, int LotCount, int SerialsPerCall, double MovedShare, bool Year = false)
{
    public static readonly DemoScale Small = new("small", 20, 8, 10, 0.8, Year: true);

    public static DemoScale Units(int n) => n < 0
        ? throw DomainException.BadInput("demo.units", "units", $"The number of units must not be negative, not {n}.")
        : new($"{n} units", n, 20, 10_000, 0.25);
}

public sealed record DemoProgress(string Step, long Done, long Total);

public sealed record DemoSummary(int Parties, int Locations, int Products, int Lots, int Units, int Events);

// A realistic small electronics maker: it buys lot-tracked parts and serialized modules from suppliers,
// builds mainboard assemblies on its line, and commissions finished gateways and controllers that carry
// GTINs. Every row goes through the same services the API uses, so the demo also exercises their rules.
// Deterministic: the same scale and clock give the same company.
public static class DemoCompany
{
    const int HistoryDays = 180;

    // GS1 example company prefix (GS1 General Specifications use 0614141 in their examples).
    const string CompanyPrefix = "0614141";

    sealed record SerialProduct(string Sku, string SerialPrefix, Stage Stage, string Location, int Weight, bool Finished);

    sealed record LotProduct(string Sku, decimal MinQuantity, decimal MaxQuantity, int? ShelfLifeDays);

    static readonly SerialProduct[] SerialProducts =
    [
        new("A100", "A100", Stage.FinishedGood, "LINE-1", 30, true),
        new("A200", "A200", Stage.FinishedGood, "LINE-1", 20, true),
        new("C50", "C50", Stage.FinishedGood, "LINE-1", 15, true),
        new("ASM-A100-MB", "MB100", Stage.WorkInProgress, "LINE-1", 10, false),
        new("MOD-WIFI6", "WF6", Stage.RawMaterial, "WH1-RCV", 15, false),
        new("PSU-24V60W", "PSU60", Stage.RawMaterial, "WH1-RCV", 10, false),
    ];

    static readonly LotProduct[] LotProducts =
    [
        new("RES-10K-0603", 5_000, 50_000, null),
        new("PCB-A100-R3", 100, 1_000, null),
        new("ENC-A100-ABS", 50, 500, null),
        new("CELL-18650", 200, 2_000, 730),
        new("PASTE-SAC305", 2, 20, 180),
    ];

    public static async Task<DemoSummary> GenerateAsync(SerialTrackDbContext db, DemoScale scale, TimeProvider clock, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scale);
        if (await db.Products.AnyAsync(ct))
        {
            throw DomainException.Conflict("demo.not_empty",
                "This database already has products; the demo company is only generated into an empty database. Use a new database file.");
        }
        var rng = new Random(2611);
        var now = clock.GetUtcNow();
        var actor = new Actor(null, "demo");
        var events = 0;

        var parties = await CreatePartiesAsync(new PartyCatalog(db, clock), ct);
        progress?.Report(new DemoProgress("parties", parties, parties));
        var locations = await CreateLocationsAsync(new LocationCatalog(db, clock), ct);
        progress?.Report(new DemoProgress("locations", locations.Count, locations.Count));
        var products = await CreateProductsAsync(new ProductCatalog(db, clock), ct);
        progress?.Report(new DemoProgress("products", products, products));

        if (scale.Year)
        {
            var year = new DemoYear(db, clock, actor, new DateTimeOffset(now.AddDays(-DemoYear.Months * 30 - 20).UtcDateTime.Date, TimeSpan.Zero), progress);
            await year.RunAsync(ct);
            events += year.Events;
        }

        // Lots arrive from suppliers over the past months; about half are then partly issued to the line
        // or put away to a bin.
        var receiving = new Receiving(db, clock);
        var moving = new Moving(db, clock);
        string[] suppliers = ["SUP-NORDCHIP", "SUP-VOLTA", "SUP-PLASTIFORM"];
        for (var i = 0; i < scale.LotCount; i++)
        {
            var product = LotProducts[i % LotProducts.Length];
            var received = now.AddDays(-HistoryDays + (double)i * (HistoryDays - 10) / Math.Max(1, scale.LotCount)).AddHours(rng.Next(7, 17));
            var quantity = decimal.Round(product.MinQuantity + (product.MaxQuantity - product.MinQuantity) * (decimal)rng.NextDouble(), 0);
            var produced = DateOnly.FromDateTime(received.UtcDateTime).AddDays(-rng.Next(5, 40));
            var code = $"L{received.UtcDateTime:yyMMdd}-{i + 1:D2}";
            await receiving.ReceiveLotAsync(new ReceiveLotRequest(product.Sku, code, quantity, "WH1-RCV",
                ExpiryDate: product.ShelfLifeDays is { } days ? produced.AddDays(days) : null,
                ProductionDate: produced,
                SupplierLotCode: $"{rng.Next(100_000, 999_999)}",
                Supplier: suppliers[i % suppliers.Length],
                Context: new EventContext(received)), actor, ct);
            events++;
            if (i % 2 == 0)
            {
                var to = i % 4 == 0 ? "LINE-1" : locations.Bins[rng.Next(locations.Bins.Count)];
                await moving.MoveAsync(new MoveRequest(to,
                    Lots: [new LotQuantity(product.Sku, code, decimal.Round(quantity / 2, 0), "WH1-RCV")],
                    Context: new EventContext(Before(received.AddDays(rng.Next(1, 4)), now))), actor, ct);
                events++;
            }
            progress?.Report(new DemoProgress("lots", i + 1, scale.LotCount));
        }

        // Units are commissioned in calls of SerialsPerCall, oldest first, one product per call; a share of
        // each call is then moved on: finished goods to storage (a few to quarantine or shipping),
        // purchased modules from receiving to a bin.
        var commissioning = new Commissioning(db, clock);
        var calls = (scale.UnitCount + scale.SerialsPerCall - 1) / scale.SerialsPerCall;
        var nextSerial = SerialProducts.ToDictionary(p => p.Sku, _ => 1);
        var totalWeight = SerialProducts.Sum(p => p.Weight);
        var done = 0;
        for (var call = 0; call < calls; call++)
        {
            ct.ThrowIfCancellationRequested();
            var product = Pick(rng, totalWeight);
            var count = Math.Min(scale.SerialsPerCall, scale.UnitCount - done);
            var when = now.AddDays(-HistoryDays + 5 + (double)call * (HistoryDays - 15) / calls).AddMinutes(rng.Next(7 * 60, 17 * 60));
            var serials = new List<string>(count);
            var yymm = when.UtcDateTime.ToString("yyMM", CultureInfo.InvariantCulture);
            for (var k = 0; k < count; k++)
            {
                serials.Add($"SN-{product.SerialPrefix}-{yymm}-{nextSerial[product.Sku]++:D6}");
            }
            await commissioning.CommissionAsync(new CommissionRequest(product.Sku, serials, product.Location, product.Stage, new EventContext(when)), actor, ct);
            events++;

            var moved = (int)(count * scale.MovedShare);
            if (moved > 0)
            {
                var bin = locations.Bins[rng.Next(locations.Bins.Count)];
                await MoveAsync(moving, product.Sku, serials.Take(moved), bin, product.Location, Before(when.AddDays(rng.Next(1, 5)), now), null, actor, ct);
                events++;
                if (product.Finished && moved >= 4 && call % 3 == 0)
                {
                    var (to, note) = call % 2 == 0
                        ? ("WH1-QUAR", "Cosmetic damage found at outgoing inspection.")
                        : ("WH1-SHIP", "Picked for customer order.");
                    await MoveAsync(moving, product.Sku, serials.Take(Math.Max(1, moved / 20)), to, bin, Before(when.AddDays(rng.Next(6, 20)), now), note, actor, ct);
                    events++;
                }
            }
            done += count;
            progress?.Report(new DemoProgress("units", done, scale.UnitCount));
        }

        if (scale.Year)
        {
            events += await CapturePartnerShipmentAsync(db, clock, now.AddDays(-2), ct);
        }
        return new DemoSummary(parties, locations.Count, products, await db.Lots.CountAsync(ct), await db.Units.CountAsync(ct), events);
    }

    // A partner's EPCIS document, captured as POST /epcis/capture would: Nordchip ships ten modules of its own GTIN
    // (first news of them, counted in the capture's notes), and reports an A100 gateway, under our own company prefix,
    // that was never commissioned here: a copy or a mislabel, on the review queue (/epcis/reviews).
    static async Task<int> CapturePartnerShipmentAsync(SerialTrackDbContext db, TimeProvider clock, DateTimeOffset when, CancellationToken ct)
    {
        static string Epcs(IEnumerable<string> epcs) => string.Join(", ", epcs.Select(e => $"\"{e}\""));
        var at = when.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var modules = Enumerable.Range(1, 10).Select(k => $"urn:epc:id:sgtin:7350012.010060.NC-{k:D5}");
        var gateway = $"urn:epc:id:sgtin:{CompanyPrefix}.000100.SN-A100-9999-000001";
        var document = $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "{{at}}",
              "epcisBody": { "eventList": [
                { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit", "eventTime": "{{at}}", "eventTimeZoneOffset": "+01:00",
                  "readPoint": { "id": "urn:epc:id:sgln:7350012.00001.0" }, "epcList": [{{Epcs(modules)}}] },
                { "type": "ObjectEvent", "action": "OBSERVE", "bizStep": "inspecting", "eventTime": "{{at}}", "eventTimeZoneOffset": "+01:00",
                  "readPoint": { "id": "urn:epc:id:sgln:7350012.00001.0" }, "epcList": [{{Epcs([gateway])}}] } ] } }
            """;
        var result = await new EpcisCapturing(db, clock).CaptureAsync(document, EpcisBinding.Json, EpcisErrorBehaviour.Rollback, new Actor(null, "partner:nordchip"), ct);
        return result.Succeeded ? result.Job.StoredCount : throw new InvalidOperationException("demo: " + string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    static Task MoveAsync(Moving moving, string sku, IEnumerable<string> serials, string to, string from, DateTimeOffset when, string? notes, Actor actor, CancellationToken ct) =>
        moving.MoveAsync(new MoveRequest(to, Units: serials.Select(s => new UnitRef(sku, s)).ToList(), From: from, Context: new EventContext(when, notes)), actor, ct);

    static DateTimeOffset Before(DateTimeOffset t, DateTimeOffset now) => t < now ? t : now.AddMinutes(-1);

    static SerialProduct Pick(Random rng, int totalWeight)
    {
        var x = rng.Next(totalWeight);
        foreach (var p in SerialProducts)
        {
            if ((x -= p.Weight) < 0)
            {
                return p;
            }
        }
        return SerialProducts[^1];
    }

    // GS1 General Specifications §3.3.2: a GTIN-14 is the indicator digit, company prefix, item reference
    // and the mod-10 check digit.
    static string Gtin14(int itemReference)
    {
        var body = "0" + CompanyPrefix + itemReference.ToString("D5", CultureInfo.InvariantCulture);
        return body + Gs1CheckDigit.Compute(body).ToString(CultureInfo.InvariantCulture);
    }

    // GS1 General Specifications §4.4: a GLN is company prefix, location reference and check digit.
    static string Gln13(int locationReference)
    {
        var body = CompanyPrefix + locationReference.ToString("D5", CultureInfo.InvariantCulture);
        return body + Gs1CheckDigit.Compute(body).ToString(CultureInfo.InvariantCulture);
    }

    static async Task<int> CreatePartiesAsync(PartyCatalog parties, CancellationToken ct)
    {
        PartyInput[] inputs =
        [
            new("SUP-NORDCHIP", "Nordchip Components AB", PartyRole.Supplier, "Linnea Berg", "orders@nordchip.example", "+46 31 555 0101", "Lindholmspiren 7, Göteborg, SE"),
            new("SUP-VOLTA", "Volta Power Systems GmbH", PartyRole.Supplier, "Jonas Weber", "sales@volta-power.example", "+49 89 555 0142", "Leopoldstraße 120, München, DE"),
            new("SUP-PLASTIFORM", "Plastiform Moulding Ltd", PartyRole.Supplier, "Aisha Khan", "service@plastiform.example", "+44 121 555 0190", "Unit 4, Tyseley, Birmingham, UK"),
            new("CUST-GRIDWORKS", "Gridworks Energy BV", PartyRole.Customer, "Pieter de Vries", "purchasing@gridworks.example", "+31 20 555 0177", "Danzigerkade 23, Amsterdam, NL"),
            new("CUST-AQUAMETRIC", "Aquametric SAS", PartyRole.Customer, "Camille Roux", "achats@aquametric.example", "+33 4 55 50 12 12", "12 rue de la Villette, Lyon, FR"),
            new("CUST-FARMSENSE", "FarmSense Cooperative", PartyRole.Customer, "Mikko Laine", "it@farmsense.example", "+358 9 555 0133", "Tuotantokatu 3, Tampere, FI"),
            new("CUST-CITYLIGHT", "Citylight Municipal Services", PartyRole.Both, "Elena Rossi", "depot@citylight.example", "+39 02 555 0166", "Via Tortona 31, Milano, IT"),
        ];
        for (var i = 0; i < inputs.Length; i++)
        {
            await parties.CreateAsync(inputs[i] with { Gln = Gln13(90_000 + i) }, ct);
        }
        return inputs.Length;
    }

    sealed record DemoLocations(int Count, List<string> Bins);

    static async Task<DemoLocations> CreateLocationsAsync(LocationCatalog locations, CancellationToken ct)
    {
        var count = 0;
        async Task Add(string code, string name, LocationKind kind, string? parent, string? gln = null)
        {
            await locations.CreateAsync(new LocationInput(code, name, kind, parent, gln), ct);
            count++;
        }
        await Add("SITE-HQ", "Headquarters and plant", LocationKind.Site, null, Gln13(1));
        await Add("WH1", "Main warehouse", LocationKind.Warehouse, "SITE-HQ", Gln13(2));
        await Add("WH1-RCV", "Receiving dock", LocationKind.Zone, "WH1");
        await Add("WH1-STOR", "Storage", LocationKind.Zone, "WH1");
        await Add("WH1-SHIP", "Shipping dock", LocationKind.Zone, "WH1");
        await Add("WH1-QUAR", "Quarantine cage", LocationKind.Quarantine, "WH1");
        var bins = new List<string>();
        foreach (var aisle in "AB")
        {
            for (var n = 1; n <= 6; n++)
            {
                var code = $"WH1-{aisle}-{n:D2}";
                await Add(code, $"Aisle {aisle}, bin {n}", LocationKind.Bin, "WH1-STOR");
                bins.Add(code);
            }
        }
        await Add("LINE-1", "Assembly line 1", LocationKind.ProductionLine, "SITE-HQ", Gln13(3));
        await Add("IN-TRANSIT", "In transit (carriers)", LocationKind.InTransit, null);
        return new DemoLocations(count, bins);
    }

    static async Task<int> CreateProductsAsync(ProductCatalog catalog, CancellationToken ct)
    {
        ProductInput[] inputs =
        [
            new("A100", "A100 LoRaWAN sensor gateway", "Outdoor gateway, 8 channels, PoE.", Gtin14(100), TrackingMode.Serial, "Finished goods", WarrantyMonths: 24,
                Attributes: new() { ["colour"] = "grey", ["ip_rating"] = "IP67" }),
            new("A200", "A200 LTE sensor gateway", "Outdoor gateway with LTE-M backhaul.", Gtin14(200), TrackingMode.Serial, "Finished goods", WarrantyMonths: 24,
                Attributes: new() { ["colour"] = "grey", ["ip_rating"] = "IP67" }),
            new("C50", "C50 DIN-rail controller", "Controller for pumps and valves, 4 relays.", Gtin14(50), TrackingMode.Serial, "Finished goods", WarrantyMonths: 36),
            new("ASM-A100-MB", "A100 mainboard assembly", "Populated and tested mainboard for the A100.", null, TrackingMode.Serial, "Assemblies"),
            new("MOD-WIFI6", "Wi-Fi 6 radio module", "Purchased module; the supplier's serial is kept.", null, TrackingMode.Serial, "Components"),
            new("PSU-24V60W", "24 V 60 W power supply", "Purchased; serial on the label.", null, TrackingMode.Serial, "Components",
                HandlingInstructions: "ESD-safe handling."),
            new("RES-10K-0603", "Resistor 10 kΩ 0603 1%", null, null, TrackingMode.Lot, "Components", "pcs"),
            new("PCB-A100-R3", "A100 bare board, rev 3", null, null, TrackingMode.Lot, "Components", "pcs"),
            new("ENC-A100-ABS", "A100 enclosure, ABS", null, null, TrackingMode.Lot, "Components", "pcs"),
            new("CELL-18650", "Li-ion cell 18650 3000 mAh", null, null, TrackingMode.Lot, "Components", "pcs",
                HandlingInstructions: "UN3480: store below 30 °C, away from conductive material."),
            new("PASTE-SAC305", "Solder paste SAC305", null, null, TrackingMode.Lot, "Consumables", "kg",
                HandlingInstructions: "Refrigerate at 2–10 °C."),
            new("CBL-USBC-1M", "USB-C cable 1 m", "Accessory shipped with gateways.", Gtin14(901), TrackingMode.None, "Accessories"),
        ];
        foreach (var input in inputs)
        {
            await catalog.CreateAsync(input, ct);
        }
        return inputs.Length;
    }
}

using System.Globalization;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Demo;

// A year of the demo company, month by month, through the same services the API and the scan screens
// call: purchase orders with announced serials are received, mainboards and then A100 gateways are built
// on LINE-1 with their genealogy and burn-in tests, gateways are packed and shipped to customers (whole
// pallets with SSCCs every other month), customers return a few units that are repaired or scrapped, a
// lot goes on hold and is released, a unit is lost and found. Deterministic for a given clock.
sealed class DemoYear(SerialTrackDbContext db, TimeProvider clock, Actor actor, DateTimeOffset start, IProgress<DemoProgress>? progress)
{
    public const int Months = 12;
    const int Builds = 8;

    static readonly string[] Customers = ["CUST-GRIDWORKS", "CUST-AQUAMETRIC", "CUST-FARMSENSE", "CUST-CITYLIGHT"];

    public int Events { get; private set; }

    readonly OrderBook orders = new(db, clock);
    readonly Receiving receiving = new(db, clock);
    readonly Moving moving = new(db, clock);
    readonly Production production = new(db, clock);
    readonly WorkInProgress steps = new(db, clock);
    readonly Inspections inspections = new(db, clock);
    readonly Packing packing = new(db, clock);
    readonly Shipping shipping = new(db, clock);
    readonly Returns returns = new(db, clock);
    readonly Holds holds = new(db, clock);
    readonly Adjustments adjustments = new(db, clock);
    readonly List<(string Serial, string Psu)> shipped = [];
    readonly List<string> sparePsus = [];
    readonly List<string> spareWifi = [];

    public async Task RunAsync(CancellationToken ct)
    {
        await new InstallationSettings(db, clock).SetAsync(Settings.CompanyPrefix, "0614141", ct);
        var bom = new BillOfMaterials(db);
        await bom.SetAsync("ASM-A100-MB", [new("PCB-A100-R3", 1), new("RES-10K-0603", 12), new("MOD-WIFI6", 1)], ct);
        await bom.SetAsync("A100", [new("ASM-A100-MB", 1), new("PSU-24V60W", 1), new("ENC-A100-ABS", 1)], ct);
        for (var m = 0; m < Months; m++)
        {
            ct.ThrowIfCancellationRequested();
            await MonthAsync(m, ct);
            progress?.Report(new DemoProgress("months", m + 1, Months));
        }
    }

    DateTimeOffset At(int month, double days, int hour) => start.AddDays(month * 30 + days).AddHours(hour);

    EventContext When(int month, double days, int hour, string? notes = null) => new(At(month, days, hour), notes);

    async Task MonthAsync(int m, CancellationToken ct)
    {
        var yymm = At(m, 0, 0).UtcDateTime.ToString("yyMM", CultureInfo.InvariantCulture);
        string Code(string prefix, int k) => string.Create(CultureInfo.InvariantCulture, $"{prefix}-{yymm}-{k:D3}");
        var wifi = Enumerable.Range(1, 10).Select(k => Code("NC-WF6", k)).ToList();
        var psus = Enumerable.Range(1, 10).Select(k => Code("VP60", k)).ToList();
        var (res, pcb, enc) = ("RES-" + yymm, "PCB-" + yymm, "ENC-" + yymm);

        // Purchase orders: the radio supplier announces its serials (advance ship notice).
        var nordchip = await orders.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP-NORDCHIP",
            [new("MOD-WIFI6", 10, ExpectedSerials: wifi), new("RES-10K-0603", 120), new("PCB-A100-R3", 10)], DueDate: DateOnly.FromDateTime(At(m, 2, 0).UtcDateTime)), actor, ct);
        var volta = await orders.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP-VOLTA", [new("PSU-24V60W", 10, ExpectedSerials: psus)]), actor, ct);
        var plastiform = await orders.CreateAsync(new OrderInput(OrderKind.Purchase, "SUP-PLASTIFORM", [new("ENC-A100-ABS", 10, SupplierLotCode: "PF" + yymm)]), actor, ct);

        await Receive(nordchip.Number, When(m, 2, 9), ct,
            new ReceiptLine("MOD-WIFI6", Serials: wifi),
            new ReceiptLine("RES-10K-0603", Lot: res, Quantity: 120, SupplierLotCode: "R" + yymm + "77", ProductionDate: DateOnly.FromDateTime(At(m, -20, 0).UtcDateTime)),
            new ReceiptLine("PCB-A100-R3", Lot: pcb, Quantity: 10, SupplierLotCode: "B" + yymm));
        // Month 2: Volta delivers 8 of 10; the rest follow a week later (the line stays open meanwhile).
        var late = m == 2 ? 2 : 0;
        await Receive(volta.Number, When(m, 2, 11), ct, new ReceiptLine("PSU-24V60W", Serials: psus[..(10 - late)]));
        await Receive(plastiform.Number, When(m, 3, 10), ct, new ReceiptLine("ENC-A100-ABS", Lot: enc, Quantity: 10, SupplierLotCode: "PF" + yymm));
        if (m % 3 == 0)
        {
            // Cells and paste are bought on the spot, without a purchase order.
            await Receive(null, When(m, 3, 14), ct,
                new ReceiptLine("CELL-18650", Lot: "CELL-" + yymm, Quantity: 500, SupplierLotCode: "LG" + yymm, ProductionDate: DateOnly.FromDateTime(At(m, -30, 0).UtcDateTime),
                    ExpiryDate: DateOnly.FromDateTime(At(m, 700, 0).UtcDateTime)));
        }

        // Kitting: what eight builds need goes to the line; the spares go to a bin.
        await Move("LINE-1", When(m, 4, 8), ct,
            [.. wifi.Take(Builds).Select(s => new UnitRef("MOD-WIFI6", s)), .. psus.Take(Builds).Select(s => new UnitRef("PSU-24V60W", s))],
            [new LotQuantity("RES-10K-0603", res, 12 * Builds, "WH1-RCV"), new LotQuantity("PCB-A100-R3", pcb, Builds, "WH1-RCV"), new LotQuantity("ENC-A100-ABS", enc, Builds, "WH1-RCV")]);
        var spares = wifi.Skip(Builds).Select(s => new UnitRef("MOD-WIFI6", s)).Concat(psus.Skip(Builds).Take(2 - late).Select(s => new UnitRef("PSU-24V60W", s))).ToList();
        await Move($"WH1-A-{m % 6 + 1:D2}", When(m, 4, 9), ct, spares, []);
        spareWifi.AddRange(wifi.Skip(Builds));
        sparePsus.AddRange(psus.Skip(Builds).Take(2 - late));
        if (late > 0)
        {
            await Receive(volta.Number, When(m, 9, 10), ct, new ReceiptLine("PSU-24V60W", Serials: psus[^late..]));
            await Move("WH1-A-01", When(m, 9, 12), ct, psus[^late..].Select(s => new UnitRef("PSU-24V60W", s)).ToList(), []);
            sparePsus.AddRange(psus[^late..]);
        }

        // Mainboards: each consumes its radio, a bare board and twelve resistors.
        var boards = Enumerable.Range(1, Builds).Select(k => Code("MB100", k)).ToList();
        var mbOrder = await orders.CreateAsync(new OrderInput(OrderKind.Production, Product: "ASM-A100-MB", Quantity: Builds, Location: "LINE-1"), actor, ct);
        await Produce(mbOrder.Number, Stage.WorkInProgress, When(m, 5, 10), ct, boards.Select((b, k) => new Build(b, [new UnitRef("MOD-WIFI6", wifi[k])],
            [new LotQuantity("PCB-A100-R3", pcb, 1, "LINE-1"), new LotQuantity("RES-10K-0603", res, 12, "LINE-1")])).ToList());

        // Final assembly is a work step on the boards, then the gateway build, then burn-in.
        await steps.StartStepAsync(new StepRequest("final-assembly", "LINE-1", boards.Select(b => new UnitRef("ASM-A100-MB", b)).ToList(), Order: mbOrder.Number, Context: When(m, 6, 8)), actor, ct);
        await steps.FinishStepAsync(new StepRequest("final-assembly", "LINE-1", boards.Select(b => new UnitRef("ASM-A100-MB", b)).ToList(), Order: mbOrder.Number, Context: When(m, 6, 14)), actor, ct);
        Events += 2;
        var gateways = Enumerable.Range(1, Builds).Select(k => Code("SN-A100", k)).ToList();
        var a100Order = await orders.CreateAsync(new OrderInput(OrderKind.Production, Product: "A100", Quantity: Builds, Location: "LINE-1"), actor, ct);
        await Produce(a100Order.Number, Stage.FinishedGood, When(m, 6, 16), ct, gateways.Select((g, k) => new Build(g,
            [new UnitRef("ASM-A100-MB", boards[k]), new UnitRef("PSU-24V60W", psus[k])], [new LotQuantity("ENC-A100-ABS", enc, 1, "LINE-1")])).ToList());
        for (var k = 0; k < Builds; k++)
        {
            shippedPsu[gateways[k]] = psus[k];
        }
        var gatewayRefs = gateways.Select(g => new UnitRef("A100", g)).ToList();
        var failing = m == 3 ? gatewayRefs[1] : null;
        await Test(gatewayRefs.Where(g => g != failing).ToList(), true, When(m, 7, 9), ct);
        if (failing is not null)
        {
            await Test([failing], false, When(m, 7, 9, "No uplink after 20 min."), ct);
            await Test([failing], true, When(m, 8, 11, "Antenna cable reseated; retested."), ct);
        }

        // Sales: every other month a pallet of eight goes out whole; otherwise six are picked by FIFO.
        var customer = Customers[m % Customers.Length];
        if (m % 2 == 0)
        {
            await Move("WH1-SHIP", When(m, 9, 8), ct, gatewayRefs, []);
            var pallet = await packing.CreateContainerAsync(new ContainerInput("WH1-SHIP", "pallet", Sscc: true), actor, ct);
            await packing.PackAsync(new PackRequest(pallet.Code, Units: gatewayRefs, Context: When(m, 9, 10)), actor, ct);
            var so = await orders.CreateAsync(new OrderInput(OrderKind.Sales, customer, [new("A100", Builds)], Reference: "PO " + customer[5..] + "-" + yymm), actor, ct);
            await shipping.ShipAsync(new ShipRequest(so.Number, Containers: [pallet.Sscc ?? pallet.Code], Context: When(m, 10, 15)), actor, ct);
            Events += 2;
            shipped.AddRange(gateways.Select(g => (g, shippedPsu[g])));
        }
        else
        {
            await Move($"WH1-B-{m % 6 + 1:D2}", When(m, 9, 8), ct, gatewayRefs, []);
            var so = await orders.CreateAsync(new OrderInput(OrderKind.Sales, customer, [new("A100", 6)], Reference: "PO " + customer[5..] + "-" + yymm), actor, ct);
            await shipping.AllocateAsync(new AllocateRequest(so.Number, Suggest: true, Context: When(m, 10, 9)), actor, ct);
            var view = await orders.GetAsync(OrderKind.Sales, so.Number, ct);
            var allocated = db.Allocations.Where(a => a.OrderLineId == view.Lines[0].Id && a.UnitId != null)
                .Join(db.Units, a => a.UnitId, u => u.Id, (a, u) => u.Serial).OrderBy(s => s).ToList();
            await shipping.PickAsync(new PickRequest(so.Number, allocated.Select(s => new UnitRef("A100", s)).ToList(), Context: When(m, 10, 11)), actor, ct);
            await shipping.ShipAsync(new ShipRequest(so.Number, Context: When(m, 10, 15)), actor, ct);
            Events += 3;
            shipped.AddRange(allocated.Select(g => (g, shippedPsu.GetValueOrDefault(g, ""))));
        }

        if (m is 4 or 9)
        {
            await RepairAReturnAsync(m, ct);
        }
        if (m == 7)
        {
            await ScrapAReturnAsync(m, ct);
        }
        if (m == 6)
        {
            await holds.HoldAsync(new HoldRequest("Supplier notice: reel may be mislabelled (10k vs 1k).", Lots: [new LotRef("RES-10K-0603", res)], Context: When(m, 12, 9)), actor, ct);
            await holds.ReleaseAsync(new ReleaseRequest("Values measured on 20 parts: all 10 kΩ.", Lots: [new LotRef("RES-10K-0603", res)], Context: When(m, 15, 14)), actor, ct);
            Events += 2;
        }
        if (m == 8 && spareWifi.Count > 0)
        {
            var lost = new UnitRef("MOD-WIFI6", spareWifi[0]);
            await adjustments.AdjustAsync(new AdjustRequest("lost", "Not in its bin at the cycle count.", Units: [lost], Context: When(m, 14, 10)), actor, ct);
            await adjustments.AdjustAsync(new AdjustRequest("found", "Found in the quarantine cage.", Units: [lost], Location: "WH1-A-02", Context: When(m, 20, 10)), actor, ct);
            Events += 2;
        }
    }

    readonly Dictionary<string, string> shippedPsu = [];

    // A customer's gateway does not power up: it comes back, its power supply is replaced from stock, and
    // it is restocked. The removed supply is scrapped; the genealogy keeps both.
    async Task RepairAReturnAsync(int m, CancellationToken ct)
    {
        var (serial, psu) = shipped[m];
        var rma = await orders.CreateAsync(new OrderInput(OrderKind.Return, await CustomerOfAsync(serial, ct), [new("A100", 1, Serial: serial, Reason: "Does not power up.")]), actor, ct);
        var unit = new UnitRef("A100", serial);
        await returns.ReceiveReturnAsync(new ReceiveReturnRequest(rma.Number, "WH1-QUAR", [unit], Context: When(m, 20, 10)), actor, ct);
        await returns.DecideAsync(new DecideReturnRequest(rma.Number, ReturnDisposition.Repair, [unit], Context: When(m, 21, 9, "PSU output 0 V.")), actor, ct);
        var spare = sparePsus[0];
        sparePsus.RemoveAt(0);
        await returns.ReplaceComponentsAsync(new ReplaceComponentsRequest(unit, Remove: [new UnitRef("PSU-24V60W", psu)], Add: [new UnitRef("PSU-24V60W", spare)],
            RemovedStatus: UnitStatus.Scrapped, Location: "WH1-QUAR", Rma: rma.Number, Context: When(m, 22, 10)), actor, ct);
        await returns.DecideAsync(new DecideReturnRequest(rma.Number, ReturnDisposition.Restock, [unit], Location: "WH1-B-01", Context: When(m, 23, 9, "Burn-in passed after repair.")), actor, ct);
        Events += 4;
    }

    async Task ScrapAReturnAsync(int m, CancellationToken ct)
    {
        var (serial, _) = shipped[m + 3];
        var rma = await orders.CreateAsync(new OrderInput(OrderKind.Return, await CustomerOfAsync(serial, ct), [new("A100", 1, Serial: serial, Reason: "Enclosure cracked in a storm.")]), actor, ct);
        var unit = new UnitRef("A100", serial);
        await returns.ReceiveReturnAsync(new ReceiveReturnRequest(rma.Number, "WH1-QUAR", [unit], Context: When(m, 21, 10)), actor, ct);
        await returns.DecideAsync(new DecideReturnRequest(rma.Number, ReturnDisposition.Scrap, [unit], Context: When(m, 22, 9, "Water inside; not economical to repair.")), actor, ct);
        Events += 2;
    }

    async Task<string> CustomerOfAsync(string serial, CancellationToken ct)
    {
        var owner = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Units.Where(u => u.Serial == serial).Join(db.Parties, u => u.OwnerPartyId, p => (long?)p.Id, (u, p) => p.Code), ct);
        return owner;
    }

    async Task Receive(string? order, EventContext context, CancellationToken ct, params ReceiptLine[] lines)
    {
        await receiving.ReceiveAsync(new ReceiveRequest("WH1-RCV", lines, order, order is null ? "SUP-VOLTA" : null, Context: context), actor, ct);
        Events++;
    }

    async Task Move(string to, EventContext context, CancellationToken ct, List<UnitRef> units, List<LotQuantity> lots)
    {
        if (units.Count + lots.Count == 0)
        {
            return;
        }
        await moving.MoveAsync(new MoveRequest(to, units, lots, Context: context), actor, ct);
        Events++;
    }

    async Task Produce(string order, Stage stage, EventContext context, CancellationToken ct, List<Build> builds)
    {
        await production.ProduceAsync(new ProduceRequest(Order: order, Builds: builds, Stage: stage, Context: context), actor, ct);
        Events++;
    }

    async Task Test(List<UnitRef> units, bool passed, EventContext context, CancellationToken ct)
    {
        var measured = new Dictionary<string, System.Text.Json.JsonElement>
        {
            ["uplink_dbm"] = System.Text.Json.JsonSerializer.SerializeToElement(passed ? -71.5 : -120),
            ["hours"] = System.Text.Json.JsonSerializer.SerializeToElement(24),
        };
        await inspections.RecordTestAsync(new TestRequest("burn-in", passed, Required: true, Units: units, Measurements: measured, Station: "LINE-1", Context: context), actor, ct);
        Events++;
    }
}

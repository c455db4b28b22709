using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Tests.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Trace;

// A random supply network built with a seed through the real processes, while Truth keeps its own record
// of what went into what (never reading genealogy_edges), so that trace can be checked against it:
// raw lots received from two suppliers, split, merged (also into an older lot, which may close a cycle)
// and transformed into mix lots; parts received, packed in a tote and unpacked; subassemblies built of
// parts and mix, finished units of subassemblies and parts; repairs that swap components; finished units
// packed in a case and shipped, a mix quantity shipped, a finished unit returned and repaired.
public sealed class SupplyNetwork(SerialTrackDbContext db, TestClock clock, int seed)
{
    static readonly Actor Op = new(null, "gen");
    const string Wh = "WH1";

    readonly Random random = new(seed);
    public Truth Truth { get; } = new();

    // Where each lot has stock (all of it at WH1) and which units can still be used.
    readonly Dictionary<string, decimal> balance = [];
    readonly List<string> freeParts = [];
    readonly List<string> freeSubs = [];
    readonly List<string> tops = [];
    int lotNo;

    public async Task BuildAsync()
    {
        await WorldAsync();
        var receiving = new Receiving(db, clock);
        for (var i = 0; i < 5; i++)
        {
            var code = $"R{++lotNo}";
            var supplier = Pick(["SUP1", "SUP2"]);
            var qty = 50m + random.Next(50);
            await receiving.ReceiveLotAsync(new ReceiveLotRequest("RAW", code, qty, Wh, SupplierLotCode: $"SL-{supplier}-{i % 3}", Supplier: supplier), Op, default);
            Truth.Received(Truth.Lot(code), supplier, qty);
            balance[code] = qty;
        }
        var parts = Enumerable.Range(1, 36).Select(i => $"P{seed}-{i:000}").ToList();
        foreach (var chunk in parts.Chunk(12))
        {
            var supplier = Pick(["SUP1", "SUP2"]);
            await receiving.ReceiveAsync(new ReceiveRequest(Wh, [new ReceiptLine("PART", Serials: chunk)], Supplier: supplier), Op, default);
            foreach (var p in chunk)
            {
                Truth.Received(Truth.Unit(p), supplier, null);
                freeParts.Add(p);
            }
        }

        await LotOperationsAsync(9);
        await ToteAsync();
        await SubassembliesAsync(10);
        await FinishedAsync(4);
        await RepairsAsync();
        await ShipAsync();
        await ReturnAndRepairAsync();
    }

    async Task WorldAsync()
    {
        await World.ASerialProductAndAWarehouse(db);
        var catalog = new ProductCatalog(db, clock);
        await catalog.CreateAsync(new ProductInput("RAW", "Raw material", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        await catalog.CreateAsync(new ProductInput("MIX", "Mix", Tracking: TrackingMode.Lot, Uom: "kg"), default);
        await catalog.CreateAsync(new ProductInput("PART", "Part", Tracking: TrackingMode.Serial), default);
        await catalog.CreateAsync(new ProductInput("SUB", "Subassembly", Tracking: TrackingMode.Serial), default);
        await catalog.CreateAsync(new ProductInput("TOP", "Finished unit", Tracking: TrackingMode.Serial), default);
        var locations = new LocationCatalog(db, clock);
        await locations.CreateAsync(new LocationInput("LINE", "Line", LocationKind.Zone, "SITE"), default);
        await locations.CreateAsync(new LocationInput("Q", "Quarantine", LocationKind.Quarantine, Wh), default);
        var parties = new PartyCatalog(db, clock);
        await parties.CreateAsync(new PartyInput("SUP1", "Supplier one", PartyRole.Supplier), default);
        await parties.CreateAsync(new PartyInput("SUP2", "Supplier two", PartyRole.Supplier), default);
        await parties.CreateAsync(new PartyInput("CUST1", "Customer one", PartyRole.Customer), default);
        await parties.CreateAsync(new PartyInput("CUST2", "Customer two", PartyRole.Customer), default);
    }

    // Splits, merges and transformations of raw lots; at least two mix lots come out.
    async Task LotOperationsAsync(int count)
    {
        var lots = new LotTransformations(db, clock);
        var mixes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var raw = balance.Where(b => b.Value >= 8 && b.Key.StartsWith('R')).Select(b => b.Key).Order(StringComparer.Ordinal).ToList();
            if (raw.Count == 0)
            {
                break;
            }
            var op = mixes.Count < 2 && i >= count - 3 ? 2 : random.Next(3);
            if (op == 0)
            {
                var from = Pick(raw);
                var qty = Take(from);
                var code = $"R{++lotNo}";
                var ev = await EventAsync(() => lots.SplitAsync(new SplitRequest("RAW", from, Wh, qty, code), Op, default));
                Truth.Made(ev, [(Truth.Lot(from), qty)], Truth.Lot(code), qty);
                balance[code] = qty;
            }
            else if (op == 1 && raw.Count >= 2)
            {
                var inputs = Shuffle(raw).Take(2).ToList();
                var quantities = inputs.Select(Take).ToList();
                // Into a new lot, or into an older raw lot that is not an input (which may close a cycle).
                var older = balance.Keys.Where(k => k.StartsWith('R') && !inputs.Contains(k)).Order(StringComparer.Ordinal).ToList();
                var into = older.Count > 0 && random.Next(3) == 0 ? Pick(older) : $"R{++lotNo}";
                var total = quantities.Sum();
                var ev = await EventAsync(() => lots.MergeAsync(new MergeRequest("RAW", inputs.Select((l, k) => new LotInput("RAW", l, Wh, quantities[k])).ToList(), into, Wh), Op, default));
                Truth.Made(ev, inputs.Select((l, k) => (Truth.Lot(l), quantities[k])).ToList(), Truth.Lot(into), total);
                balance[into] = balance.GetValueOrDefault(into) + total;
            }
            else
            {
                var inputs = Shuffle(raw).Take(1 + random.Next(Math.Min(2, raw.Count))).ToList();
                var quantities = inputs.Select(Take).ToList();
                var into = mixes.Count > 0 && random.Next(3) == 0 ? Pick(mixes) : $"M{++lotNo}";
                var total = quantities.Sum();
                var ev = await EventAsync(() => lots.TransformAsync(new TransformRequest(inputs.Select((l, k) => new LotInput("RAW", l, Wh, quantities[k])).ToList(), "MIX", into, total, Wh), Op, default));
                Truth.Made(ev, inputs.Select((l, k) => (Truth.Lot(l), quantities[k])).ToList(), Truth.Lot(into), total);
                balance[into] = balance.GetValueOrDefault(into) + total;
                if (!mixes.Contains(into))
                {
                    mixes.Add(into);
                }
            }
        }
    }

    // A whole part quantity between a quarter and a half of what the lot holds.
    decimal Take(string lot)
    {
        var have = balance[lot];
        var qty = Math.Max(1, Math.Floor(have * (25 + random.Next(25)) / 100));
        balance[lot] = have - qty;
        return qty;
    }

    async Task ToteAsync()
    {
        var packing = new Packing(db, clock);
        await packing.CreateContainerAsync(new ContainerInput(Wh, "tote", Code: $"TOTE-{seed}"), Op, default);
        var some = freeParts.Take(6).Select(p => new UnitRef("PART", p)).ToList();
        await packing.PackAsync(new PackRequest($"TOTE-{seed}", Units: some), Op, default);
        await packing.UnpackAsync(new UnpackRequest($"TOTE-{seed}", All: true), Op, default);
    }

    async Task SubassembliesAsync(int count)
    {
        var production = new Production(db, clock);
        for (var i = 0; i < count; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var serial = $"S{seed}-{i:00}";
            var parts = TakeUnits(freeParts, 2);
            var mix = Pick(balance.Where(b => b.Key.StartsWith('M') && b.Value >= 1).Select(b => b.Key).Order(StringComparer.Ordinal).ToList());
            var qty = Math.Min(1 + random.Next(3), balance[mix]);
            balance[mix] -= qty;
            var ev = await EventAsync(() => production.ProduceAsync(new ProduceRequest(Station: "LINE", Product: "SUB",
                Builds: [new Build(serial, parts.Select(p => new UnitRef("PART", p)).ToList(), [new LotQuantity("MIX", mix, qty, Wh)])]), Op, default));
            Truth.Made(ev, [.. parts.Select(p => (Truth.Unit(p), 1m)), (Truth.Lot(mix), qty)], Truth.Unit(serial), null);
            freeSubs.Add(serial);
        }
    }

    async Task FinishedAsync(int count)
    {
        var production = new Production(db, clock);
        for (var i = 0; i < count; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            var serial = $"T{seed}-{i}";
            var subs = TakeUnits(freeSubs, 2);
            var parts = TakeUnits(freeParts, 1);
            var components = subs.Select(s => new UnitRef("SUB", s)).Concat(parts.Select(p => new UnitRef("PART", p))).ToList();
            var ev = await EventAsync(() => production.ProduceAsync(new ProduceRequest(Station: "LINE", Product: "TOP", Builds: [new Build(serial, components)]), Op, default));
            Truth.Made(ev, subs.Concat(parts).Select(u => (Truth.Unit(u), 1m)).ToList(), Truth.Unit(serial), null);
            tops.Add(serial);
        }
    }

    // One finished unit loses a subassembly for a part; a subassembly left over loses a part for another.
    async Task RepairsAsync()
    {
        var returns = new Returns(db, clock);
        var top = Pick(tops);
        var sub = Pick(Truth.LiveInputs(Truth.Unit(top)).Where(k => k.StartsWith("unit:S", StringComparison.Ordinal)).ToList())[5..];
        var part = TakeUnits(freeParts, 1)[0];
        var ev = await EventAsync(() => returns.ReplaceComponentsAsync(new ReplaceComponentsRequest(new UnitRef("TOP", top), [new("SUB", sub)], [new("PART", part)], Location: "Q"), Op, default));
        Truth.Repaired(ev, Truth.Unit(top), [Truth.Unit(sub)], [Truth.Unit(part)]);

        var spare = Pick(freeSubs);
        var old = Pick(Truth.LiveInputs(Truth.Unit(spare)).Where(k => k.StartsWith("unit:", StringComparison.Ordinal)).ToList())[5..];
        var fresh = TakeUnits(freeParts, 1)[0];
        ev = await EventAsync(() => returns.ReplaceComponentsAsync(new ReplaceComponentsRequest(new UnitRef("SUB", spare), [new("PART", old)], [new("PART", fresh)], Location: "Q"), Op, default));
        Truth.Repaired(ev, Truth.Unit(spare), [Truth.Unit(old)], [Truth.Unit(fresh)]);
    }

    // Two finished units in a case to CUST1, one loose to CUST2, and a mix quantity to CUST2.
    async Task ShipAsync()
    {
        var packing = new Packing(db, clock);
        var shipping = new Shipping(db, clock);
        var book = new OrderBook(db, clock);
        var cased = tops.Take(2).ToList();
        await packing.CreateContainerAsync(new ContainerInput("LINE", "case", Code: $"CASE-{seed}"), Op, default);
        await packing.PackAsync(new PackRequest($"CASE-{seed}", Units: cased.Select(t => new UnitRef("TOP", t)).ToList()), Op, default);
        var first = (await book.CreateAsync(new OrderInput(OrderKind.Sales, "CUST1", [new OrderLineInput("TOP", 2)]), Op, default)).Number;
        await shipping.AllocateAsync(new AllocateRequest(first, [new AllocationLine(1, cased)]), Op, default);
        await shipping.ShipAsync(new ShipRequest(first), Op, default);
        cased.ForEach(t => Truth.Shipped(Truth.Unit(t), "CUST1"));

        var loose = tops[2];
        var mix = balance.Where(b => b.Key.StartsWith('M') && b.Value >= 1).Select(b => b.Key).Order(StringComparer.Ordinal).First();
        balance[mix] -= 1;
        var second = (await book.CreateAsync(new OrderInput(OrderKind.Sales, "CUST2", [new OrderLineInput("TOP", 1), new OrderLineInput("MIX", 1)]), Op, default)).Number;
        await shipping.AllocateAsync(new AllocateRequest(second, [new AllocationLine(1, [loose]), new AllocationLine(2, Lots: [new LotAt(mix, Wh, 1)])]), Op, default);
        await shipping.ShipAsync(new ShipRequest(second), Op, default);
        Truth.Shipped(Truth.Unit(loose), "CUST2");
        Truth.Shipped(Truth.Lot(mix), "CUST2");
    }

    // The loose unit comes back and is repaired in quarantine: one of its parts swapped.
    async Task ReturnAndRepairAsync()
    {
        var unit = tops[2];
        var rma = (await new OrderBook(db, clock).CreateAsync(new OrderInput(OrderKind.Return, "CUST2", [new OrderLineInput("TOP", 1, Serial: unit, Reason: "noisy")]), Op, default)).Number;
        var returns = new Returns(db, clock);
        await returns.ReceiveReturnAsync(new ReceiveReturnRequest(rma, "Q", [new UnitRef("TOP", unit)]), Op, default);
        var old = Truth.LiveInputs(Truth.Unit(unit)).Where(k => k.StartsWith("unit:P", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First()[5..];
        var fresh = TakeUnits(freeParts, 1)[0];
        var ev = await EventAsync(() => returns.ReplaceComponentsAsync(new ReplaceComponentsRequest(new UnitRef("TOP", unit), [new("PART", old)], [new("PART", fresh)], Location: "Q", Rma: rma), Op, default));
        Truth.Repaired(ev, Truth.Unit(unit), [Truth.Unit(old)], [Truth.Unit(fresh)]);
    }

    static async Task<long> EventAsync(Func<Task<ProductionResult>> process) => (await process()).Event.EventId;

    static async Task<long> EventAsync(Func<Task<ProcessResult>> process) => (await process()).EventId;

    List<string> TakeUnits(List<string> from, int n)
    {
        var taken = Shuffle(from).Take(n).ToList();
        from.RemoveAll(taken.Contains);
        return taken;
    }

    T Pick<T>(IReadOnlyList<T> list) => list[random.Next(list.Count)];

    List<T> Shuffle<T>(IEnumerable<T> items) => items.OrderBy(_ => random.Next()).ToList();
}

// The independent record: edges by node key ("unit:SERIAL", "lot:CODE"), what each event put into which
// lot, who supplied what and where it was shipped. Expected answers are computed from this alone.
public sealed class Truth
{
    sealed record Link(string From, string To, long Event, decimal Quantity)
    {
        public bool Removed { get; set; }
    }

    readonly List<Link> links = [];
    readonly Dictionary<(long Event, string Lot), decimal> output = [];
    readonly Dictionary<string, decimal> created = [];
    readonly Dictionary<string, HashSet<string>> suppliers = [];
    readonly Dictionary<string, HashSet<string>> customers = [];
    readonly HashSet<string> nodes = [];

    public static string Unit(string serial) => "unit:" + serial;
    public static string Lot(string code) => "lot:" + code;

    public IEnumerable<string> Nodes => nodes.Order(StringComparer.Ordinal);

    public void Received(string node, string supplier, decimal? quantity)
    {
        nodes.Add(node);
        Add(suppliers, node, supplier);
        if (quantity is { } q)
        {
            created[node] = created.GetValueOrDefault(node) + q;
        }
    }

    public void Made(long ev, IReadOnlyList<(string Node, decimal Quantity)> inputs, string into, decimal? quantity)
    {
        nodes.Add(into);
        foreach (var (node, q) in inputs)
        {
            links.Add(new Link(node, into, ev, q));
        }
        if (quantity is { } total)
        {
            output[(ev, into)] = total;
            created[into] = created.GetValueOrDefault(into) + total;
        }
    }

    public void Repaired(long ev, string assembly, IReadOnlyList<string> removed, IReadOnlyList<string> added)
    {
        foreach (var link in links.Where(l => l.To == assembly && !l.Removed && removed.Contains(l.From)))
        {
            link.Removed = true;
        }
        links.AddRange(added.Select(a => new Link(a, assembly, ev, 1m)));
    }

    public void Shipped(string node, string customer) => Add(customers, node, customer);

    public IEnumerable<string> LiveInputs(string node) => links.Where(l => l.To == node && !l.Removed).Select(l => l.From);

    public sealed record Expected(SortedSet<string> Units, SortedSet<string> RemovedUnits, SortedSet<string> Lots, SortedDictionary<string, decimal> Quantities,
        SortedSet<string> Parties);

    // Everything that went into the root, removed components included; removed = reached only through a
    // removed link. Quantity of a lot = what of it went into the reached outputs.
    public Expected Backward(string root)
    {
        var reached = Reach(root, l => l.To, l => l.From, includeRemoved: true);
        var live = Reach(root, l => l.To, l => l.From, includeRemoved: false);
        var quantities = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var lot in reached.Where(n => n.StartsWith("lot:", StringComparison.Ordinal)))
        {
            quantities[lot[4..]] = lot == root ? created.GetValueOrDefault(lot) : links.Where(l => l.From == lot && reached.Contains(l.To)).Sum(l => l.Quantity);
        }
        return new Expected(Names(reached, "unit:"), Names(reached.Where(n => !live.Contains(n)), "unit:"), Names(reached, "lot:"), quantities,
            new SortedSet<string>(reached.SelectMany(n => suppliers.GetValueOrDefault(n) ?? []), StringComparer.Ordinal));
    }

    // Everything the root went into through links not removed; quantity of a reached lot = the output of
    // the events that consumed something reached into it.
    public Expected Forward(string root)
    {
        var reached = Reach(root, l => l.From, l => l.To, includeRemoved: false);
        var quantities = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var lot in reached.Where(n => n.StartsWith("lot:", StringComparison.Ordinal)))
        {
            quantities[lot[4..]] = lot == root
                ? created.GetValueOrDefault(lot)
                : links.Where(l => !l.Removed && l.To == lot && reached.Contains(l.From)).Select(l => l.Event).Distinct().Sum(e => output[(e, lot)]);
        }
        return new Expected(Names(reached, "unit:"), [], Names(reached, "lot:"), quantities,
            new SortedSet<string>(reached.SelectMany(n => customers.GetValueOrDefault(n) ?? []), StringComparer.Ordinal));
    }

    HashSet<string> Reach(string root, Func<Link, string> near, Func<Link, string> far, bool includeRemoved)
    {
        var seen = new HashSet<string> { root };
        var queue = new Queue<string>([root]);
        while (queue.TryDequeue(out var n))
        {
            foreach (var l in links.Where(l => near(l) == n && (includeRemoved || !l.Removed)))
            {
                if (seen.Add(far(l)))
                {
                    queue.Enqueue(far(l));
                }
            }
        }
        return seen;
    }

    static SortedSet<string> Names(IEnumerable<string> keys, string prefix) =>
        new(keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..]), StringComparer.Ordinal);

    static void Add(Dictionary<string, HashSet<string>> map, string node, string value)
    {
        if (!map.TryGetValue(node, out var set))
        {
            map[node] = set = [];
        }
        set.Add(value);
    }
}

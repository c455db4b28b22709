using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Processes;

// One output unit and what goes into it. A null serial is generated from the product's serial scheme.
public sealed record Build(string? Serial = null, IReadOnlyList<UnitRef>? Components = null, IReadOnlyList<LotQuantity>? Lots = null);

// Serialized outputs: Builds (each with its own components), or Generate = N builds without components.
// Lot-tracked outputs: OutputLot and OutputQuantity, consuming Components and Lots. Top-level Components
// and Lots also serve a single build (the scan page sends them that way). Product and Station default to
// the production order's. AllowBomDeviation turns a quantity that differs from the bill of materials
// from a refusal into a warning.
public sealed record ProduceRequest(
    string? Station = null,
    string? Order = null,
    string? Product = null,
    IReadOnlyList<Build>? Builds = null,
    int? Generate = null,
    string? OutputLot = null,
    decimal? OutputQuantity = null,
    IReadOnlyList<UnitRef>? Components = null,
    IReadOnlyList<LotQuantity>? Lots = null,
    Stage Stage = Stage.FinishedGood,
    string? Operator = null,
    bool AllowBomDeviation = false,
    DateOnly? ExpiryDate = null,
    EventContext? Context = null);

// What a production or transformation did: its event, the outputs (serials or lot codes) and warnings
// (BOM deviation allowed, over-production, mass balance) that did not stop it.
public sealed record ProductionResult(ProcessResult Event, IReadOnlyList<string> Outputs, IReadOnlyList<string> Warnings);

// Production: component units and lot quantities are consumed into new output units or an output lot, in
// one event (Produced, bizStep "assembling": CBV's word for combining objects into a new product whose
// inputs stay identifiable, which the genealogy edges record). Inputs carry role Input, outputs Output, as
// in an EPCIS TransformationEvent.
public sealed class Production(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxBuilds = 1_000_000;
    const int MaxWarnings = 50;

    sealed record LotLine(int Build, int Index, LotQuantity Line, Lot Lot, Product Product, long From);

    public async Task<ProductionResult> ProduceAsync(ProduceRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Produced, ct) is { } replay)
        {
            return new ProductionResult(replay, await OutputsOfAsync(db, replay.EventId, ct), []);
        }

        Order? order = null;
        if (Text.Optional(request.Order, "order", 64) is { } number)
        {
            order = await new OrderBook(db, clock).FindAsync(OrderKind.Production, number, ct);
            if (order.Status is OrderStatus.Closed or OrderStatus.Cancelled)
            {
                throw DomainException.Rule("order.finished", $"Production order '{order.Number}' is {order.Status.ToString().ToLowerInvariant()}.", "order");
            }
        }
        var product = await OutputProductAsync(request, order, ct);
        var station = await StationAsync(request, order, ct);
        if (!Enum.IsDefined(request.Stage))
        {
            throw DomainException.BadInput("unit.stage", "stage", $"Unknown stage '{request.Stage}'.");
        }
        var serialized = product.Tracking == TrackingMode.Serial;
        var builds = Shape(request, serialized);
        var warnings = new List<string>();

        // Every component in one flat list, remembering which build and position each came from.
        var flat = new List<UnitRef>();
        var unitBuild = new List<int>();
        var unitIndex = new List<int>();
        var lotRefs = new List<(int Build, int Index, LotQuantity Line)>();
        for (var b = 0; b < builds.Count; b++)
        {
            var components = builds[b].Components ?? [];
            for (var j = 0; j < components.Count; j++)
            {
                flat.Add(components[j]);
                unitBuild.Add(b);
                unitIndex.Add(j);
            }
            var lots = builds[b].Lots ?? [];
            for (var j = 0; j < lots.Count; j++)
            {
                lotRefs.Add((b, j, lots[j]));
            }
        }
        string UnitField(int k) => serialized ? $"builds[{unitBuild[k]}].components[{unitIndex[k]}]" : $"components[{unitIndex[k]}]";
        string LotField(int b, int j) => serialized ? $"builds[{b}].lots[{j}]" : $"lots[{j}]";

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var units = await LoadComponentsAsync(sql, flat, UnitField, today, ct);
        var lotLines = await LoadLotsAsync(lotRefs, LotField, today, ct);
        await CheckBomAsync(request, product, builds, units, unitBuild, lotLines, UnitField, LotField, warnings, ct);

        // Outputs: new serials (checked unique), or the output lot (created on its first production).
        List<string>? serials = null;
        Lot? outputLot = null;
        if (serialized)
        {
            serials = await OutputSerialsAsync(sql, product, station, builds, context, now, ct);
        }
        else
        {
            var code = Text.RequiredCode(request.OutputLot, "outputLot", 64);
            outputLot = await db.Lots.FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == code, ct);
            if (outputLot is null)
            {
                outputLot = new Lot { ProductId = product.Id, Code = code, Stage = request.Stage, ExpiryDate = request.ExpiryDate, ProductionDate = today, CreatedAt = now };
                db.Lots.Add(outputLot);
            }
        }
        var outputs = serials?.Count ?? 1;
        decimal produced = serials?.Count ?? request.OutputQuantity!.Value;
        if (order is not null && order.DoneQuantity + produced > order.Quantity)
        {
            warnings.Add($"Production order '{order.Number}' is over-produced: {order.DoneQuantity + produced} of {order.Quantity}.");
        }

        var ev = EventLog.New(EventType.Produced, EventAction.Add, "assembling", "active", actor, context, clock);
        ev.ReadPointId = station.Id;
        ev.BizLocationId = station.Id;
        ev.OrderId = order?.Id;
        ev.BizTransaction = order?.Number;
        ev.ObjectCount = outputs + units.Count + lotLines.Count;
        if (Text.Optional(request.Operator, "operator", 128) is { } op && op != actor.Name)
        {
            // The event's actor is who is signed in; an operator named at a shared station is kept beside it.
            ev.Notes = string.IsNullOrEmpty(ev.Notes) ? $"Operator: {op}" : $"{ev.Notes}\nOperator: {op}";
        }
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { Status = UnitStatus.Consumed, LocationId = null, ContainerId = null }, ObjectRole.Input)).ToList(), now, ct);
        long[] outputIds = serials is null ? [] : await Commissioning.InsertUnitsAsync(sql, product.Id, serials, UnitStatus.Available, request.Stage, station.Id, null, ev.Id, ObjectRole.Output, now, ct);
        if (serials is not null)
        {
            await Commissioning.MarkExpectedArrivedAsync(sql, product.Id, serials, ct);
        }

        var ledger = new LotLedger(db, clock);
        foreach (var group in lotLines.GroupBy(l => (l.Lot.Id, l.From)))
        {
            var first = group.First();
            await ledger.TakeLooseAsync(ev.Id, first.Lot, first.Product.Sku, group.Sum(l => l.Line.Quantity),
                new BalanceKey(first.From, BalanceStatus.Available), null, ObjectRole.Input, LotField(first.Build, first.Index), ct);
        }
        if (outputLot is not null)
        {
            await ledger.TransferAsync(ev.Id, outputLot, product.Sku, request.OutputQuantity!.Value, null, new BalanceKey(station.Id, BalanceStatus.Available), ObjectRole.Output, "outputQuantity", ct);
        }

        var edges = new List<object?[]>(units.Count + lotLines.Count);
        for (var k = 0; k < units.Count; k++)
        {
            edges.Add(Edge(sql, ev.Id, serials is null ? null : outputIds[unitBuild[k]], outputLot?.Id, units[k].Id, null, 1m, order?.Id));
        }
        foreach (var l in lotLines)
        {
            edges.Add(Edge(sql, ev.Id, serials is null ? null : outputIds[l.Build], outputLot?.Id, null, l.Lot.Id, l.Line.Quantity, order?.Id));
        }
        await sql.InsertAsync("genealogy_edges", EdgeColumns, edges, ct);

        if (order is not null)
        {
            order.DoneQuantity += produced;
            var lines = await db.OrderLines.Where(l => l.OrderId == order.Id).ToListAsync(ct);
            foreach (var line in lines)
            {
                var consumed = units.Count(u => u.ProductId == line.ProductId) + lotLines.Where(l => l.Product.Id == line.ProductId).Sum(l => l.Line.Quantity);
                if (consumed > 0)
                {
                    line.DoneQuantity += consumed;
                    line.Version++;
                }
            }
            OrderBook.UpdateStatus(order, lines, now);
        }
        await SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProductionResult(new ProcessResult(ev.Id, EventType.Produced, units.Count + outputIds.Length, lotLines.Count + (outputLot is null ? 0 : 1)),
            serials ?? [outputLot!.Code], warnings);
    }

    // The checks a scanned component gets before the build: the same rules as ProduceAsync (available, not
    // failed, not packed, in the bill of materials), so the production page refuses a bad scan at once.
    public async Task CheckInputsAsync(string product, IReadOnlyList<UnitRef> units, IReadOnlyList<LotQuantity> lots, CancellationToken ct)
    {
        var assembly = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(product, "product", 64), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var loaded = await LoadComponentsAsync(new SqlSession(db), units, k => $"components[{k}]", today, ct);
        var lotLines = await LoadLotsAsync(lots.Select((l, j) => (0, j, l)).ToList(), (_, j) => $"lots[{j}]", today, ct);
        var bom = await db.BomLines.AsNoTracking().Where(b => b.AssemblyProductId == assembly.Id).Select(b => b.ComponentProductId).ToListAsync(ct);
        if (bom.Count == 0)
        {
            return;
        }
        for (var k = 0; k < loaded.Count; k++)
        {
            if (!bom.Contains(loaded[k].ProductId))
            {
                throw DomainException.Rule("bom.not_a_component", $"{loaded[k].Sku} is not a component of '{assembly.Sku}' (unit {loaded[k].Name}).", $"components[{k}]");
            }
        }
        foreach (var l in lotLines.Where(l => !bom.Contains(l.Product.Id)))
        {
            throw DomainException.Rule("bom.not_a_component", $"{l.Product.Sku} is not a component of '{assembly.Sku}' (lot '{l.Lot.Code}').", $"lots[{l.Index}]");
        }
    }

    async Task<List<LoadedUnit>> LoadComponentsAsync(SqlSession sql, IReadOnlyList<UnitRef> refs, Func<int, string> fieldOf, DateOnly today, CancellationToken ct)
    {
        try
        {
            var units = await UnitBatch.LoadAsync(db, sql, refs, "components", ct);
            for (var k = 0; k < units.Count; k++)
            {
                var u = units[k];
                if (u.Status == UnitStatus.Consumed)
                {
                    throw DomainException.Rule("unit.consumed", $"Unit {u.Name} was already consumed into another unit.", $"components[{k}]");
                }
                if (u.ContainerId is not null)
                {
                    throw DomainException.Rule("unit.in_container", $"Unit {u.Name} is packed in a container: unpack it before consuming it.", $"components[{k}]");
                }
            }
            await Availability.RequireUnitsAsync(db, units, "components", "consumed", today, ct);
            await InstructionGate.RequireAsync(db, InstructionProcesses.Produce, InstructionGate.At(units, "components"), [], ct);
            return units;
        }
        catch (DomainException e)
        {
            throw Remap(e, "components", fieldOf);
        }
    }

    public static readonly string[] EdgeColumns = ["event_id", "output_unit_id", "output_lot_id", "input_unit_id", "input_lot_id", "quantity", "order_id"];

    public static object?[] Edge(SqlSession sql, long eventId, long? outputUnit, long? outputLot, long? inputUnit, long? inputLot, decimal quantity, long? orderId) =>
        [eventId, outputUnit, outputLot, inputUnit, inputLot, sql.Quantity(quantity), orderId];

    // Saves the tracked changes (lot balances, lots, the order), turning a lost race into a conflict.
    public static async Task SaveAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("production.changed", "A lot balance, lot or order was changed by someone else at the same time; nothing was done. Try again.");
        }
    }

    // The outputs of an earlier event, for a replayed request: serials, else lot codes.
    public static async Task<List<string>> OutputsOfAsync(SerialTrackDbContext db, long eventId, CancellationToken ct)
    {
        var serials = await db.EventUnits.Where(x => x.EventId == eventId && x.Role == ObjectRole.Output)
            .Join(db.Units, x => x.UnitId, u => u.Id, (x, u) => u.Serial).ToListAsync(ct);
        return serials.Count > 0 ? serials
            : await db.EventLots.Where(x => x.EventId == eventId && x.Role == ObjectRole.Output).Join(db.Lots, x => x.LotId, l => l.Id, (x, l) => l.Code).ToListAsync(ct);
    }

    // A field named by the flat list ("components[12].serial") becomes the request's ("builds[2].components[2].serial").
    public static DomainException Remap(DomainException e, string prefix, Func<int, string> fieldOf)
    {
        if (e.Field is { } f && f.StartsWith(prefix + "[", StringComparison.Ordinal))
        {
            var close = f.IndexOf(']', StringComparison.Ordinal);
            if (close > 0 && int.TryParse(f.AsSpan(prefix.Length + 1, close - prefix.Length - 1), System.Globalization.CultureInfo.InvariantCulture, out var k))
            {
                return new DomainException(e.Code, e.Message, fieldOf(k) + f[(close + 1)..], e.Kind);
            }
        }
        return e;
    }

    async Task<Product> OutputProductAsync(ProduceRequest request, Order? order, CancellationToken ct)
    {
        Product product;
        if (Text.Optional(request.Product, "product", 64) is { } sku)
        {
            product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(sku, "product", 64), ct);
            if (order is not null && order.ProductId != product.Id)
            {
                throw DomainException.Rule("order.wrong_product", $"Production order '{order.Number}' builds another product than '{product.Sku}'.", "product");
            }
        }
        else if (order?.ProductId is { } id)
        {
            product = await db.Products.FirstAsync(p => p.Id == id, ct);
        }
        else
        {
            throw DomainException.BadInput("field.required", "product", "product is required (or a production order that names it).");
        }
        if (product.Archived)
        {
            throw DomainException.Rule("product.archived", $"Product '{product.Sku}' is archived.", "product");
        }
        if (product.Tracking == TrackingMode.None)
        {
            throw DomainException.Rule("product.not_tracked", $"Product '{product.Sku}' is tracked neither by serial nor by lot.", "product");
        }
        return product;
    }

    async Task<Location> StationAsync(ProduceRequest request, Order? order, CancellationToken ct)
    {
        Location station;
        if (Text.Optional(request.Station, "station", 64) is { } code)
        {
            station = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(code, "station", 64), "station", ct);
        }
        else if (order?.LocationId is { } id)
        {
            station = await db.Locations.FirstAsync(l => l.Id == id, ct);
        }
        else
        {
            throw DomainException.BadInput("field.required", "station", "station is required (or a production order that names it).");
        }
        if (station.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{station.Code}' is archived.", "station");
        }
        return station;
    }

    // The request as a list of builds: for a lot output, one build holding every input.
    static List<Build> Shape(ProduceRequest request, bool serialized)
    {
        var builds = (request.Builds ?? []).ToList();
        if (serialized)
        {
            if (request.OutputLot is not null || request.OutputQuantity is not null)
            {
                throw DomainException.BadInput("production.output_lot", "outputLot", "A serialized product is built as units: give builds (serials), not an output lot.");
            }
            if (request.Generate is { } n)
            {
                if (n is < 1 or > MaxBuilds)
                {
                    throw DomainException.BadInput("production.generate", "generate", $"Generate between 1 and {MaxBuilds:N0} serials.");
                }
                builds.AddRange(Enumerable.Repeat(new Build(), n));
            }
            if (builds.Count == 0)
            {
                throw DomainException.BadInput("production.no_output", "builds", "Nothing to build: give builds (output serials) or a number to generate.");
            }
            if (builds.Count > MaxBuilds)
            {
                throw DomainException.BadInput("production.too_many_builds", "builds", $"At most {MaxBuilds:N0} builds per request.");
            }
            if (request.Components is { Count: > 0 } || request.Lots is { Count: > 0 })
            {
                if (builds.Count != 1)
                {
                    throw DomainException.BadInput("production.components_per_build", "components", "With several outputs, give each build its own components.");
                }
                builds[0] = builds[0] with
                {
                    Components = [.. builds[0].Components ?? [], .. request.Components ?? []],
                    Lots = [.. builds[0].Lots ?? [], .. request.Lots ?? []],
                };
            }
            return builds;
        }
        if (builds.Count > 0 || request.Generate is not null)
        {
            throw DomainException.BadInput("production.builds_for_lot", "builds", "A lot-tracked product is produced as an output lot and quantity, not as builds.");
        }
        Text.RequiredCode(request.OutputLot, "outputLot", 64);
        if (request.OutputQuantity is not { } q)
        {
            throw DomainException.BadInput("field.required", "outputQuantity", "outputQuantity is required for a lot-tracked output.");
        }
        Quantities.RequirePositive(q, "outputQuantity");
        return [new Build(null, request.Components, request.Lots)];
    }

    async Task<List<LotLine>> LoadLotsAsync(List<(int Build, int Index, LotQuantity Line)> refs, Func<int, int, string> fieldOf, DateOnly today, CancellationToken ct)
    {
        var result = new List<LotLine>(refs.Count);
        var lots = new Dictionary<(string, string), (Lot, Product)>();
        var locations = new Dictionary<string, long>();
        var checkedAt = new HashSet<(long, long)>();
        foreach (var (b, j, line) in refs)
        {
            var field = fieldOf(b, j);
            var sku = Text.RequiredCode(line.Product, $"{field}.product", 64);
            var code = Text.RequiredCode(line.Lot, $"{field}.lot", 64);
            var fromCode = Text.RequiredCode(line.From, $"{field}.from", 64);
            Quantities.RequirePositive(line.Quantity, $"{field}.quantity");
            if (!lots.TryGetValue((sku, code), out var found))
            {
                found = await Places.LotAndProductAsync(db, new LotRef(sku, code), field, ct);
                lots[(sku, code)] = found;
            }
            if (!locations.TryGetValue(fromCode, out var from))
            {
                from = (await db.Locations.FirstOrDefaultAsync(l => l.Code == fromCode, ct)
                    ?? throw DomainException.NotFound("location.not_found", $"No location with code '{fromCode}'.", $"{field}.from")).Id;
                locations[fromCode] = from;
            }
            if (checkedAt.Add((found.Item1.Id, from)))
            {
                await Availability.RequireLotAsync(db, found.Item1, found.Item2.Sku, from, field, "consumed", today, ct);
            }
            result.Add(new LotLine(b, j, line with { Product = sku }, found.Item1, found.Item2, from));
        }
        await InstructionGate.RequireAsync(db, InstructionProcesses.Produce, [], result.Select(l => (l.Lot, fieldOf(l.Build, l.Index))), ct);
        return result;
    }

    // Components must be in the bill of materials (when it has any), in the quantities it gives per output.
    async Task CheckBomAsync(ProduceRequest request, Product product, List<Build> builds, List<LoadedUnit> units, List<int> unitBuild, List<LotLine> lotLines,
        Func<int, string> unitField, Func<int, int, string> lotField, List<string> warnings, CancellationToken ct)
    {
        var bom = await db.BomLines.AsNoTracking().Where(b => b.AssemblyProductId == product.Id).ToDictionaryAsync(b => b.ComponentProductId, b => b.Quantity, ct);
        if (bom.Count == 0)
        {
            return;
        }
        for (var k = 0; k < units.Count; k++)
        {
            if (!bom.ContainsKey(units[k].ProductId))
            {
                throw DomainException.Rule("bom.not_a_component", $"{units[k].Sku} is not a component of '{product.Sku}' (unit {units[k].Name}).", unitField(k));
            }
        }
        foreach (var l in lotLines.Where(l => !bom.ContainsKey(l.Product.Id)))
        {
            throw DomainException.Rule("bom.not_a_component", $"{l.Product.Sku} is not a component of '{product.Sku}' (lot '{l.Lot.Code}').", lotField(l.Build, l.Index));
        }

        // Consumed quantity per build and component product, against the BOM quantity per output.
        var consumed = new Dictionary<(int, long), decimal>();
        for (var k = 0; k < units.Count; k++)
        {
            consumed[(unitBuild[k], units[k].ProductId)] = consumed.GetValueOrDefault((unitBuild[k], units[k].ProductId)) + 1;
        }
        foreach (var l in lotLines)
        {
            consumed[(l.Build, l.Product.Id)] = consumed.GetValueOrDefault((l.Build, l.Product.Id)) + l.Line.Quantity;
        }
        var perOutput = request.OutputQuantity ?? 1;
        var skus = await db.Products.AsNoTracking().Where(p => bom.Keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var deviations = 0;
        for (var b = 0; b < builds.Count; b++)
        {
            foreach (var (componentId, quantity) in bom)
            {
                var expected = quantity * perOutput;
                var got = consumed.GetValueOrDefault((b, componentId));
                if (got == expected)
                {
                    continue;
                }
                var what = builds.Count == 1 && request.OutputLot is not null ? $"Lot '{request.OutputLot}'" : $"Build {b + 1}{(builds[b].Serial is { } s ? $" ({s})" : "")}";
                var message = $"{what} consumes {got} of '{skus[componentId]}' where the bill of materials says {expected}.";
                if (!request.AllowBomDeviation)
                {
                    throw DomainException.Rule("bom.quantity_mismatch", message, request.OutputLot is null ? $"builds[{b}]" : "components");
                }
                if (++deviations <= MaxWarnings)
                {
                    warnings.Add(message);
                }
            }
        }
        if (deviations > MaxWarnings)
        {
            warnings.Add($"... and {deviations - MaxWarnings} more deviations from the bill of materials.");
        }
    }

    async Task<List<string>> OutputSerialsAsync(SqlSession sql, Product product, Location station, List<Build> builds, EventContext context, DateTimeOffset now, CancellationToken ct)
    {
        var serials = new string?[builds.Count];
        var given = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var b = 0; b < builds.Count; b++)
        {
            if (Text.Optional(builds[b].Serial, $"builds[{b}].serial", Serials.MaxLength) is { } s)
            {
                s = Text.RequiredCode(s, $"builds[{b}].serial", Serials.MaxLength);
                if (!seen.Add(s))
                {
                    throw DomainException.BadInput("serials.duplicate", $"builds[{b}].serial", $"Serial '{s}' appears twice in the request.");
                }
                serials[b] = s;
                given.Add(s);
            }
        }
        var numbers = new SerialNumbers(db, clock);
        var scheme = await numbers.SchemeOfAsync(product, ct);
        if (scheme is not null && given.Count > 0)
        {
            SerialNumbers.ValidateAll(scheme, given);
        }
        var missing = builds.Count - given.Count;
        if (missing > 0)
        {
            if (scheme is null)
            {
                var first = Array.IndexOf(serials, null);
                throw DomainException.Rule("product.no_scheme", $"Product '{product.Sku}' has no serial scheme to generate serials from: scan or type the output serial.", $"builds[{first}].serial");
            }
            var generated = await numbers.GenerateAsync(scheme, SerialNumbers.ContextFor(product, station.Code, context.EventTime ?? now), missing, ct);
            var g = 0;
            for (var b = 0; b < serials.Length; b++)
            {
                serials[b] ??= generated[g++];
            }
        }
        var all = serials.Select(s => s!).ToList();
        var existing = await Serials.FindExistingUnitsAsync(sql, product, all, ct);
        if (existing.Count > 0)
        {
            var at = all.IndexOf(existing[0]);
            throw DomainException.Conflict("unit.duplicate_serial",
                $"{existing.Count} output serial(s) of '{product.Sku}' already exist: {string.Join(", ", existing.Take(5))}{(existing.Count > 5 ? ", ..." : "")}.", $"builds[{at}].serial");
        }
        return all;
    }
}

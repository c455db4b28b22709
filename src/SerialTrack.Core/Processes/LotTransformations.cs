using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Processes;

// A lot quantity taken from a location; Uom, when given, is the unit the quantity is counted in (it is
// converted to the product's own unit of measure).
public sealed record LotInput(string Product, string Lot, string From, decimal Quantity, string? Uom = null);

// Part of a lot at a location becomes a new lot (placed at To, default the same location).
public sealed record SplitRequest(string Product, string Lot, string From, decimal Quantity, string NewLot, string? To = null, EventContext? Context = null);

// Lots of one product become one lot (new, or an existing lot that is not one of the inputs) at Location.
public sealed record MergeRequest(string Product, IReadOnlyList<LotInput> Inputs, string Into, string Location, EventContext? Context = null);

// Input lots become an output lot of another product (blending, cooking, repacking). Tolerance is the
// share by which outputs may exceed inputs before the mass balance warns (default 2%); Strict refuses.
public sealed record TransformRequest(
    IReadOnlyList<LotInput> Inputs,
    string OutputProduct,
    string OutputLot,
    decimal OutputQuantity,
    string Location,
    string? OutputUom = null,
    decimal? Tolerance = null,
    bool Strict = false,
    DateOnly? ExpiryDate = null,
    string? Order = null,
    EventContext? Context = null);

// Homogeneous goods: lots split, merged and transformed. Each is one event whose inputs leave inventory
// (role Input) and whose output enters it (role Output) through the LotLedger, with genealogy edges from
// every input lot to the output lot carrying the quantity taken.
public sealed class LotTransformations(SerialTrackDbContext db, TimeProvider clock)
{
    public const decimal DefaultTolerance = 0.02m;
    public const int MaxInputs = 1_000;

    sealed record Input(LotInput Line, Lot Lot, Product Product, Location From, decimal Quantity, string Field);

    // CBV "repackaging": the goods are the same, only how they are divided changes.
    public async Task<ProductionResult> SplitAsync(SplitRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.LotSplit, ct) is { } replay)
        {
            return new ProductionResult(replay, await Production.OutputsOfAsync(db, replay.EventId, ct), []);
        }
        var uoms = new UnitsOfMeasure(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var input = await InputAsync(new LotInput(request.Product, request.Lot, request.From, request.Quantity), "", uoms, ct);
        var newCode = Text.RequiredCode(request.NewLot, "newLot", 64);
        if (await db.Lots.AnyAsync(l => l.ProductId == input.Product.Id && l.Code == newCode, ct))
        {
            throw DomainException.Conflict("lot.exists", $"Lot '{newCode}' of '{input.Product.Sku}' already exists.", "newLot");
        }
        var to = Text.Optional(request.To, "to", 64) is { } toCode ? await LocationAsync(toCode, "to", ct) : input.From;
        var output = NewLotLike(input.Lot, newCode);
        db.Lots.Add(output);
        var result = await WriteAsync(EventType.LotSplit, "repackaging", [input], output, input.Product, input.Quantity, to, null, context, actor, [], ct);
        await tx.CommitAsync(ct);
        return result;
    }

    public async Task<ProductionResult> MergeAsync(MergeRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.LotsMerged, ct) is { } replay)
        {
            return new ProductionResult(replay, await Production.OutputsOfAsync(db, replay.EventId, ct), []);
        }
        var sku = Text.RequiredCode(request.Product, "product", 64);
        var list = request.Inputs ?? [];
        if (list.Count < 1 || list.Count > MaxInputs)
        {
            throw DomainException.BadInput("merge.inputs", "inputs", $"Merge 1 to {MaxInputs:N0} lot quantities.");
        }
        var uoms = new UnitsOfMeasure(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inputs = await InputsAsync(list, uoms, ct);
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Product.Sku != sku)
            {
                throw DomainException.Rule("merge.other_product", $"Lot '{inputs[i].Lot.Code}' is of '{inputs[i].Product.Sku}', not '{sku}': only lots of one product merge.", $"inputs[{i}].product");
            }
        }
        var product = inputs[0].Product;
        var intoCode = Text.RequiredCode(request.Into, "into", 64);
        if (inputs.Any(x => x.Lot.Code == intoCode))
        {
            throw DomainException.Rule("merge.into_input", $"Lot '{intoCode}' is one of the inputs: merge into a new lot or another existing one.", "into");
        }
        var location = await LocationAsync(request.Location, "location", ct);
        var output = await db.Lots.FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == intoCode, ct);
        if (output is null)
        {
            // The merged lot is as old as its oldest part: the earliest expiry and production date win.
            output = NewLotLike(inputs[0].Lot, intoCode);
            output.ExpiryDate = inputs.Select(x => x.Lot.ExpiryDate).Where(d => d is not null).Min();
            output.ProductionDate = inputs.Select(x => x.Lot.ProductionDate).Where(d => d is not null).Min();
            db.Lots.Add(output);
        }
        var result = await WriteAsync(EventType.LotsMerged, "repackaging", inputs, output, product, inputs.Sum(x => x.Quantity), location, null, context, actor, [], ct);
        await tx.CommitAsync(ct);
        return result;
    }

    // CBV has no step word for a transformation; the output lot comes into existence, so "commissioning",
    // and the EPCIS TransformationEvent shape (inputs and outputs) carries the rest.
    public async Task<ProductionResult> TransformAsync(TransformRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.LotsTransformed, ct) is { } replay)
        {
            return new ProductionResult(replay, await Production.OutputsOfAsync(db, replay.EventId, ct), []);
        }
        var list = request.Inputs ?? [];
        if (list.Count < 1 || list.Count > MaxInputs)
        {
            throw DomainException.BadInput("transform.inputs", "inputs", $"Transform 1 to {MaxInputs:N0} input lot quantities.");
        }
        var product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(request.OutputProduct, "outputProduct", 64), ct);
        if (product.Tracking != TrackingMode.Lot)
        {
            throw DomainException.Rule("product.not_lot_tracked", $"Product '{product.Sku}' is not tracked by lot.", "outputProduct");
        }
        if (product.Archived)
        {
            throw DomainException.Rule("product.archived", $"Product '{product.Sku}' is archived.", "outputProduct");
        }
        var tolerance = request.Tolerance ?? DefaultTolerance;
        if (tolerance is < 0 or > 10)
        {
            throw DomainException.BadInput("transform.tolerance", "tolerance", $"Tolerance is a share between 0 and 10 (0.02 = 2%), not {tolerance}.");
        }
        Quantities.RequirePositive(request.OutputQuantity, "outputQuantity");
        var uoms = new UnitsOfMeasure(db);
        var outputUom = Text.Optional(request.OutputUom, "outputUom", 16) ?? product.Uom;
        var outputQuantity = await uoms.ConvertAsync(request.OutputQuantity, outputUom, product.Uom, "outputUom", ct);
        Quantities.RequirePositive(outputQuantity, "outputQuantity");
        Order? order = Text.Optional(request.Order, "order", 64) is { } number ? await new OrderBook(db, clock).FindAsync(OrderKind.Production, number, ct) : null;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var inputs = await InputsAsync(list, uoms, ct);
        var location = await LocationAsync(request.Location, "location", ct);
        var warnings = await MassBalanceAsync(inputs, outputQuantity, product.Uom, tolerance, request.Strict, uoms, ct);

        var code = Text.RequiredCode(request.OutputLot, "outputLot", 64);
        var output = await db.Lots.FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == code, ct);
        if (output is not null && inputs.Any(x => x.Lot.Id == output.Id))
        {
            throw DomainException.Rule("transform.output_is_input", $"Lot '{code}' is one of the inputs.", "outputLot");
        }
        if (output is null)
        {
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            output = new Lot { ProductId = product.Id, Code = code, ExpiryDate = request.ExpiryDate, ProductionDate = today, Stage = Stage.FinishedGood, CreatedAt = clock.GetUtcNow() };
            db.Lots.Add(output);
        }
        var result = await WriteAsync(EventType.LotsTransformed, "commissioning", inputs, output, product, outputQuantity, location, order, context, actor, warnings, ct);
        await tx.CommitAsync(ct);
        return result;
    }

    // Inputs and output compared in the first input's unit of measure. Inputs that cannot be converted to
    // it, or an output that cannot, make the check impossible: that is a warning too, never a silent pass.
    async Task<List<string>> MassBalanceAsync(List<Input> inputs, decimal output, string outputUom, decimal tolerance, bool strict, UnitsOfMeasure uoms, CancellationToken ct)
    {
        var baseUom = inputs[0].Product.Uom;
        decimal total = 0;
        foreach (var x in inputs)
        {
            if (await uoms.TryFactorAsync(x.Product.Uom, baseUom, ct) is not { } f)
            {
                return [$"Mass balance not checked: input '{x.Product.Sku}' is counted in '{x.Product.Uom}', which does not convert to '{baseUom}'."];
            }
            total += x.Quantity * f;
        }
        if (await uoms.TryFactorAsync(outputUom, baseUom, ct) is not { } of)
        {
            return [$"Mass balance not checked: the output is counted in '{outputUom}', which does not convert to the inputs' '{baseUom}'."];
        }
        var outputInBase = output * of;
        if (outputInBase <= total * (1 + tolerance))
        {
            return [];
        }
        static string Show(decimal q) => decimal.Round(q, 6).ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
        var message = $"Mass balance: output {Show(outputInBase)} {baseUom} exceeds inputs {Show(total)} {baseUom} by more than {Show(tolerance * 100)}%.";
        if (strict)
        {
            throw DomainException.Rule("mass_balance.exceeded", message, "outputQuantity");
        }
        return [message];
    }

    async Task<ProductionResult> WriteAsync(EventType type, string bizStep, List<Input> inputs, Lot output, Product product, decimal quantity, Location location,
        Order? order, EventContext context, Actor actor, List<string> warnings, CancellationToken ct)
    {
        var ev = EventLog.New(type, EventAction.Add, bizStep, "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.OrderId = order?.Id;
        ev.BizTransaction = order?.Number;
        ev.ObjectCount = inputs.Count + 1;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var ledger = new LotLedger(db, clock);
        foreach (var x in inputs)
        {
            await ledger.TakeLooseAsync(ev.Id, x.Lot, x.Product.Sku, x.Quantity, new BalanceKey(x.From.Id, BalanceStatus.Available), null, ObjectRole.Input, x.Field, ct);
        }
        await ledger.TransferAsync(ev.Id, output, product.Sku, quantity, null, new BalanceKey(location.Id, BalanceStatus.Available), ObjectRole.Output, "quantity", ct);
        foreach (var x in inputs)
        {
            db.GenealogyEdges.Add(new GenealogyEdge { EventId = ev.Id, OutputLotId = output.Id, InputLotId = x.Lot.Id, Quantity = x.Quantity, OrderId = order?.Id });
        }
        if (order is not null)
        {
            order.DoneQuantity += quantity;
            OrderBook.UpdateStatus(order, await db.OrderLines.Where(l => l.OrderId == order.Id).ToListAsync(ct), clock.GetUtcNow());
        }
        await Production.SaveAsync(db, ct);
        return new ProductionResult(new ProcessResult(ev.Id, type, 0, inputs.Count + 1), [output.Code], warnings);
    }

    async Task<List<Input>> InputsAsync(IReadOnlyList<LotInput> list, UnitsOfMeasure uoms, CancellationToken ct)
    {
        var inputs = new List<Input>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var x = await InputAsync(list[i], $"inputs[{i}]", uoms, ct);
            if (inputs.Any(y => y.Lot.Id == x.Lot.Id && y.From.Id == x.From.Id))
            {
                throw DomainException.BadInput("lot.duplicate", $"inputs[{i}]", $"Lot '{x.Lot.Code}' at '{x.From.Code}' appears twice.");
            }
            inputs.Add(x);
        }
        return inputs;
    }

    async Task<Input> InputAsync(LotInput line, string field, UnitsOfMeasure uoms, CancellationToken ct)
    {
        string F(string name) => field.Length == 0 ? name : $"{field}.{name}";
        var (lot, product) = await Places.LotAndProductAsync(db, new LotRef(line.Product, line.Lot), field.Length == 0 ? "lot" : field, ct);
        var from = await LocationAsync(line.From, F("from"), ct);
        Quantities.RequirePositive(line.Quantity, F("quantity"));
        var uom = Text.Optional(line.Uom, F("uom"), 16) ?? product.Uom;
        var quantity = await uoms.ConvertAsync(line.Quantity, uom, product.Uom, F("uom"), ct);
        Quantities.RequirePositive(quantity, F("quantity"));
        await Availability.RequireLotAsync(db, lot, product.Sku, from.Id, field.Length == 0 ? "lot" : field, "used", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct);
        return new Input(line, lot, product, from, quantity, field.Length == 0 ? "lot" : field);
    }

    async Task<Location> LocationAsync(string? code, string field, CancellationToken ct)
    {
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(code, field, 64), field, ct);
        if (location.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{location.Code}' is archived.", field);
        }
        return location;
    }

    Lot NewLotLike(Lot source, string code) => new()
    {
        ProductId = source.ProductId,
        Code = code,
        ExpiryDate = source.ExpiryDate,
        ProductionDate = source.ProductionDate,
        SupplierLotCode = source.SupplierLotCode,
        Stage = source.Stage,
        CreatedAt = clock.GetUtcNow(),
    };
}

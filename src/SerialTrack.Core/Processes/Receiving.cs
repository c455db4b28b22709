using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Processes;

public sealed record ReceiveLotRequest(
    string Product,
    string Lot,
    decimal Quantity,
    string Location,
    DateOnly? ExpiryDate = null,
    DateOnly? ProductionDate = null,
    string? SupplierLotCode = null,
    string? Supplier = null,
    Stage Stage = Stage.RawMaterial,
    EventContext? Context = null);

// One line of a receipt. A serialized product comes with its scanned Serials, or Generate = N new serials
// from the product's scheme. A lot-tracked product comes with a Quantity and its Lot code (left out, one
// is generated from the product's scheme). OrderLine (the line number) picks the purchase order line
// when the product is on several.
public sealed record ReceiptLine(
    string Product,
    IReadOnlyList<string>? Serials = null,
    int? Generate = null,
    string? Lot = null,
    decimal? Quantity = null,
    string? SupplierLotCode = null,
    DateOnly? ExpiryDate = null,
    DateOnly? ProductionDate = null,
    int? OrderLine = null);

// A receipt against a purchase order (Order = its number) or without one. Supplier defaults to the
// order's. AllowExceptions accepts over-receipts, unexpected serials and another supplier lot than the
// order line's; the edges let only managers set it.
public sealed record ReceiveRequest(
    string Location,
    IReadOnlyList<ReceiptLine> Lines,
    string? Order = null,
    string? Supplier = null,
    Stage Stage = Stage.RawMaterial,
    bool AllowExceptions = false,
    EventContext? Context = null);

// A rule a receipt broke that a manager may allow: over-receipt, unexpected serial, supplier lot mismatch.
public sealed record ReceiptException(string Code, string Field, string Message);

// What one receipt line became. Serials lists the serials generated for the line (on a replay: every
// serial of the product in the receipt, so a retried generation gets its serials back).
public sealed record ReceivedLine(int Index, string Product, int? OrderLine, decimal Quantity, string? Lot, IReadOnlyList<string> Serials);

public sealed record ReceiptResult(
    long EventId, string? Order, bool WithoutOrder, OrderStatus? OrderStatus, int Units, int Lots,
    IReadOnlyList<ReceivedLine> Lines, bool ExceptionsAllowed, IReadOnlyList<ReceiptException> Exceptions, bool Replayed = false);

public sealed record ExpectedSerialView(long Id, int LineNo, string Product, string Serial, ExpectedStatus Status, long? UnitId);

// Goods arrive from a supplier (EPCIS ObjectEvent ADD, bizStep receiving): serialized units are created,
// lot quantities are added to their lot's balance at the receiving location, and the purchase order's
// lines count what arrived. One event for the whole receipt, one transaction for the event, the units,
// the lots and the order.
public sealed class Receiving(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxLines = 1_000;
    public const string ExceptionReasonCode = "receipt.exception";

    sealed class Plan(int index, Product product, SerialScheme? scheme)
    {
        public int Index { get; } = index;
        public string Field => $"lines[{Index}]";
        public Product Product { get; } = product;
        public SerialScheme? Scheme { get; } = scheme;
        public List<string>? Scanned { get; set; }
        public int? Generate { get; set; }
        public List<string> Serials { get; set; } = [];
        public string? LotCode { get; set; }
        public decimal Quantity { get; set; }
        public string? SupplierLotCode { get; set; }
        public DateOnly? ExpiryDate { get; set; }
        public DateOnly? ProductionDate { get; set; }
        public int? OrderLineNo { get; set; }
        public OrderLine? Target { get; set; }
        public bool IsSerial => Product.Tracking == TrackingMode.Serial;
        public string QuantityField => IsSerial ? (Generate is null ? $"{Field}.serials" : $"{Field}.generate") : $"{Field}.quantity";
    }

    public async Task<ReceiptResult> ReceiveAsync(ReceiveRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Received, ct) is { } replay)
        {
            return await ReplayAsync(replay, ct);
        }
        var lines = request.Lines ?? [];
        if (lines.Count == 0)
        {
            throw DomainException.BadInput("receipt.lines_required", "lines", "A receipt needs at least one line.");
        }
        if (lines.Count > MaxLines)
        {
            throw DomainException.BadInput("receipt.too_many_lines", "lines", $"A receipt has at most {MaxLines:N0} lines; send serials in batches of lines.");
        }
        if (!Enum.IsDefined(request.Stage))
        {
            throw DomainException.BadInput("unit.stage", "stage", $"Unknown stage '{request.Stage}'.");
        }
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(request.Location, "location", 64), "location", ct);
        if (location.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{location.Code}' is archived.", "location");
        }
        var orderNumber = Text.Optional(request.Order, "order", 64);
        var supplierCode = Text.Optional(request.Supplier, "supplier", 64);
        var plans = await PlanAsync(lines, ct);

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Read inside the transaction: on SQLite it holds the write lock, so the open quantities checked
        // are the ones written; on PostgreSQL the order's version catches a concurrent receipt.
        Order? order = null;
        List<OrderLine> orderLines = [];
        if (orderNumber is not null)
        {
            order = await new OrderBook(db, clock).FindAsync(OrderKind.Purchase, orderNumber, ct);
            if (order.Status is OrderStatus.Closed or OrderStatus.Cancelled or OrderStatus.Draft)
            {
                throw DomainException.Rule("receipt.order_not_open",
                    $"Purchase order '{order.Number}' is {order.Status.ToString().ToLowerInvariant()}: nothing can be received against it.", "order");
            }
            orderLines = await db.OrderLines.Where(l => l.OrderId == order.Id).OrderBy(l => l.LineNo).ToListAsync(ct);
        }
        var supplier = await SupplierAsync(order, supplierCode, ct);

        var when = context.EventTime ?? clock.GetUtcNow();
        var numbers = new SerialNumbers(db, clock);
        foreach (var plan in plans)
        {
            if (plan.Generate is { } n)
            {
                plan.Serials = await numbers.GenerateAsync(plan.Scheme!, SerialNumbers.ContextFor(plan.Product, location.Code, when), n, ct);
            }
            else if (!plan.IsSerial && plan.LotCode is null)
            {
                plan.LotCode = Text.RequiredCode((await numbers.GenerateAsync(plan.Scheme!, SerialNumbers.ContextFor(plan.Product, location.Code, when), 1, ct))[0], $"{plan.Field}.lot", 64);
            }
        }
        var arriving = await RefuseExistingSerialsAsync(sql, plans, ct);
        var exceptions = order is null ? [] : await CheckAgainstOrderAsync(sql, order, orderLines, plans, ct);
        if (exceptions.Count > 0 && !request.AllowExceptions)
        {
            var first = exceptions[0];
            var more = exceptions.Count > 1 ? $" ({exceptions.Count - 1} more exception(s) in this receipt.)" : "";
            throw DomainException.Rule(first.Code, first.Message + more + " A manager may allow it.", first.Field);
        }

        var ev = EventLog.New(EventType.Received, EventAction.Add, "receiving", "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.SourcePartyId = supplier?.Id;
        ev.OrderId = order?.Id;
        ev.BizTransaction = order?.Number;
        ev.ObjectCount = plans.Sum(p => p.IsSerial ? p.Serials.Count : 1);
        if (exceptions.Count > 0)
        {
            ev.ReasonCode = ExceptionReasonCode;
            var reason = "Allowed by a manager: " + string.Join(" ", exceptions.Select(e => e.Message));
            ev.Reason = reason.Length <= 2000 ? reason : reason[..1997] + "...";
        }
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await WriteUnitsAsync(sql, ev.Id, plans, arriving, request.Stage, location.Id, now, ct);
        var lots = new List<(Plan Plan, Lot Lot)>();
        foreach (var plan in plans.Where(p => !p.IsSerial))
        {
            lots.Add((plan, await FindOrCreateLotAsync(plan.Product, plan.LotCode!, plan.ExpiryDate, plan.ProductionDate, plan.SupplierLotCode, request.Stage, plan.Field + ".", ct)));
        }
        var ledger = new LotLedger(db, clock);
        foreach (var (plan, lot) in lots)
        {
            await ledger.TransferAsync(ev.Id, lot, plan.Product.Sku, plan.Quantity, null, new BalanceKey(location.Id, BalanceStatus.Available), ObjectRole.Subject, plan.Field, ct);
        }
        await ledger.SaveAsync(ct);
        if (order is not null)
        {
            foreach (var plan in plans)
            {
                plan.Target!.DoneQuantity += plan.Quantity;
                plan.Target.Version++;
            }
            OrderBook.UpdateStatus(order, orderLines, now);
            await SaveOrderAsync(ct);
        }
        await tx.CommitAsync(ct);

        return new ReceiptResult(ev.Id, order?.Number, order is null, order?.Status,
            plans.Where(p => p.IsSerial).Sum(p => p.Serials.Count), plans.Count(p => !p.IsSerial),
            plans.Select(p => new ReceivedLine(p.Index, p.Product.Sku, p.Target?.LineNo, p.Quantity, p.LotCode, p.Generate is null ? [] : p.Serials)).ToList(),
            exceptions.Count > 0, exceptions);
    }

    // Everything that can be checked without the database state that the receipt changes.
    async Task<List<Plan>> PlanAsync(IReadOnlyList<ReceiptLine> lines, CancellationToken ct)
    {
        var skus = lines.Select((l, i) => Text.RequiredCode(l?.Product, $"lines[{i}].product", 64)).ToList();
        var distinct = skus.Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => distinct.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        var numbers = new SerialNumbers(db, clock);
        var schemes = new Dictionary<long, SerialScheme?>();
        var seen = new HashSet<(long, string)>();
        var plans = new List<Plan>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var field = $"lines[{i}]";
            var line = lines[i] ?? throw DomainException.BadInput("field.required", field, $"{field} is empty.");
            if (!products.TryGetValue(skus[i], out var product))
            {
                throw DomainException.NotFound("product.not_found", $"No product with SKU '{skus[i]}'.", $"{field}.product");
            }
            if (product.Archived)
            {
                throw DomainException.Rule("product.archived", $"Product '{product.Sku}' is archived.", $"{field}.product");
            }
            if (!schemes.TryGetValue(product.Id, out var scheme))
            {
                schemes[product.Id] = scheme = await numbers.SchemeOfAsync(product, ct);
            }
            var plan = new Plan(i, product, scheme) { OrderLineNo = line.OrderLine };
            if (product.Tracking == TrackingMode.Serial)
            {
                PlanUnits(plan, line);
                foreach (var (serial, j) in plan.Serials.Select((s, j) => (s, j)))
                {
                    if (!seen.Add((product.Id, serial)))
                    {
                        throw DomainException.BadInput("serials.duplicate", $"{field}.serials[{j}]", $"Serial '{serial}' of '{product.Sku}' appears twice in the receipt.");
                    }
                }
            }
            else if (product.Tracking == TrackingMode.Lot)
            {
                PlanLot(plan, line);
            }
            else
            {
                throw DomainException.Rule("product.not_tracked", $"Product '{product.Sku}' is tracked neither by serial nor by lot: there is nothing to receive.", $"{field}.product");
            }
            plans.Add(plan);
        }
        return plans;
    }

    static void PlanUnits(Plan plan, ReceiptLine line)
    {
        var field = plan.Field;
        var sku = plan.Product.Sku;
        if (line.Lot is not null || line.ExpiryDate is not null || line.ProductionDate is not null || line.SupplierLotCode is not null)
        {
            throw DomainException.BadInput("receipt.lot_fields", $"{field}.lot", $"Product '{sku}' is serialized: give serials, not a lot.");
        }
        if (line.Generate is { } n)
        {
            if (line.Serials is { Count: > 0 })
            {
                throw DomainException.BadInput("receipt.serials_and_generate", $"{field}.generate", "Give serials or a number to generate, not both.");
            }
            if (n is < 1 or > Commissioning.MaxGenerate)
            {
                throw DomainException.BadInput("receipt.generate", $"{field}.generate", $"Generate between 1 and {Commissioning.MaxGenerate:N0} serials.");
            }
            if (plan.Scheme is null)
            {
                throw DomainException.Rule("product.no_scheme", $"Product '{sku}' has no serial scheme to generate serials from.", $"{field}.generate");
            }
            plan.Generate = n;
            plan.Quantity = n;
        }
        else
        {
            if (line.Serials is not { Count: > 0 })
            {
                throw DomainException.BadInput("serials.required", $"{field}.serials", $"Give the serials of '{sku}' received, or a number to generate.");
            }
            plan.Serials = WithField(field, () => Serials.Validate(line.Serials));
            if (plan.Scheme is { } scheme)
            {
                WithField(field, () =>
                {
                    SerialNumbers.ValidateAll(scheme, plan.Serials);
                    return 0;
                });
            }
            plan.Scanned = plan.Serials;
            plan.Quantity = plan.Serials.Count;
        }
        if (line.Quantity is { } q && q != plan.Quantity)
        {
            throw DomainException.BadInput("receipt.quantity_mismatch", $"{field}.quantity", $"Quantity {q} does not match the {plan.Quantity} serial(s) of the line.");
        }
    }

    static void PlanLot(Plan plan, ReceiptLine line)
    {
        var field = plan.Field;
        var sku = plan.Product.Sku;
        if (line.Serials is { Count: > 0 } || line.Generate is not null)
        {
            throw DomainException.BadInput("receipt.serials_for_lot", $"{field}.serials", $"Product '{sku}' is tracked by lot: give a lot and a quantity, not serials.");
        }
        if (line.Quantity is not { } quantity)
        {
            throw DomainException.BadInput("field.required", $"{field}.quantity", $"{field}.quantity is required for lot-tracked '{sku}'.");
        }
        Quantities.RequirePositive(quantity, $"{field}.quantity");
        plan.Quantity = quantity;
        plan.LotCode = Text.Optional(line.Lot, $"{field}.lot", 64) is { } code ? Text.RequiredCode(code, $"{field}.lot", 64) : null;
        if (plan.LotCode is null && plan.Scheme is null)
        {
            throw DomainException.BadInput("field.required", $"{field}.lot", $"Give the lot code: product '{sku}' has no scheme to generate one from.");
        }
        CheckDates(line.ExpiryDate, line.ProductionDate, $"{field}.expiryDate");
        plan.ExpiryDate = line.ExpiryDate;
        plan.ProductionDate = line.ProductionDate;
        plan.SupplierLotCode = Text.Optional(line.SupplierLotCode, $"{field}.supplierLotCode", 64);
    }

    // Shared validators name fields of their own request ("serials[3]"); here they sit under a line.
    static T WithField<T>(string prefix, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (DomainException e) when (e.Field is not null)
        {
            throw new DomainException(e.Code, e.Message, $"{prefix}.{e.Field}", e.Kind);
        }
    }

    static void CheckDates(DateOnly? expiry, DateOnly? produced, string field)
    {
        if (expiry is { } e && produced is { } p && e < p)
        {
            throw DomainException.BadInput("lot.dates", field, $"Expiry {e:yyyy-MM-dd} is before production {p:yyyy-MM-dd}.");
        }
    }

    async Task<Party?> SupplierAsync(Order? order, string? code, CancellationToken ct)
    {
        if (order is not null)
        {
            var party = order.PartyId is { } id ? await db.Parties.AsNoTracking().FirstAsync(p => p.Id == id, ct) : null;
            if (code is not null && party?.Code != code)
            {
                throw DomainException.Rule("receipt.supplier_mismatch", $"Purchase order '{order.Number}' is from '{party?.Code}', not '{code}'.", "supplier");
            }
            return party;
        }
        if (code is null)
        {
            return null;
        }
        var supplier = await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct)
            ?? throw DomainException.NotFound("party.not_found", $"No supplier with code '{code}'.", "supplier");
        if (!supplier.Role.HasFlag(PartyRole.Supplier))
        {
            throw DomainException.Rule("party.not_supplier", $"Party '{supplier.Code}' is not a supplier.", "supplier");
        }
        return supplier;
    }

    // A serial that exists is refused outright (the issue: "receive a serial that exists"), naming it, unless it is on
    // its way here: a supplier's shipping notice (EPCIS) announced it in transit to us, owned by nobody else and at no
    // place. Those are returned, to be received rather than created.
    static async Task<Dictionary<(long, string), LoadedUnit>> RefuseExistingSerialsAsync(SqlSession sql, List<Plan> plans, CancellationToken ct)
    {
        var arriving = new Dictionary<(long, string), LoadedUnit>();
        foreach (var group in plans.Where(p => p.IsSerial).GroupBy(p => p.Product.Id))
        {
            var product = group.First().Product;
            var all = group.SelectMany(p => p.Serials).ToList();
            var existing = await Serials.FindExistingUnitsAsync(sql, product, all, ct);
            if (existing.Count == 0)
            {
                continue;
            }
            var ids = await sql.StringsWhereInAsync("SELECT CAST(id AS TEXT) FROM units WHERE product_id = @p AND serial IN ({in})", existing, ct, ("p", product.Id));
            foreach (var unit in await UnitBatch.LoadByIdsAsync(sql, [.. ids.Select(long.Parse)], ct))
            {
                if (unit is { Status: UnitStatus.InTransit, OwnerPartyId: null, LocationId: null })
                {
                    arriving[(unit.ProductId, unit.Serial)] = unit;
                }
            }
            existing = [.. existing.Where(serial => !arriving.ContainsKey((product.Id, serial)))];
            if (existing.Count == 0)
            {
                continue;
            }
            var taken = existing.ToHashSet(StringComparer.Ordinal);
            var (plan, index) = group.SelectMany(p => p.Serials.Select((s, j) => (p, j))).First(x => taken.Contains(x.p.Serials[x.j]));
            var shown = string.Join(", ", existing.Take(5));
            throw DomainException.Conflict("unit.duplicate_serial",
                $"{existing.Count} serial(s) of '{product.Sku}' already exist: {shown}{(existing.Count > 5 ? ", ..." : "")}.",
                plan.Generate is null ? $"{plan.Field}.serials[{index}]" : $"{plan.Field}.generate");
        }
        return arriving;
    }

    // Matches each line to a line of the order and lists what a manager would have to allow.
    async Task<List<ReceiptException>> CheckAgainstOrderAsync(SqlSession sql, Order order, List<OrderLine> orderLines, List<Plan> plans, CancellationToken ct)
    {
        var lineIds = orderLines.Select(l => l.Id).ToList();
        var announced = await db.ExpectedSerials.AsNoTracking()
            .Where(e => e.OrderLineId != null && lineIds.Contains(e.OrderLineId.Value) && e.Status != ExpectedStatus.Cancelled)
            .GroupBy(e => e.OrderLineId!.Value).Select(g => new { Line = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Line, x => x.Count, ct);
        var exceptions = new List<ReceiptException>();
        var receiving = new Dictionary<long, decimal>();
        foreach (var plan in plans)
        {
            var sku = plan.Product.Sku;
            var candidates = orderLines.Where(l => l.ProductId == plan.Product.Id).ToList();
            if (plan.OrderLineNo is { } no)
            {
                var chosen = orderLines.FirstOrDefault(l => l.LineNo == no)
                    ?? throw DomainException.NotFound("order.line_not_found", $"Purchase order '{order.Number}' has no line {no}.", $"{plan.Field}.orderLine");
                if (chosen.ProductId != plan.Product.Id)
                {
                    throw DomainException.Rule("receipt.line_product_mismatch", $"Line {no} of purchase order '{order.Number}' is not for '{sku}'.", $"{plan.Field}.orderLine");
                }
                candidates = [chosen];
            }
            if (candidates.Count == 0)
            {
                throw DomainException.Rule("receipt.not_on_order", $"'{sku}' is not on purchase order '{order.Number}'.", $"{plan.Field}.product");
            }

            // The line that announced these serials, else the first line with quantity still open.
            HashSet<string>? matched = null;
            if (plan.Scanned is { } scanned)
            {
                foreach (var candidate in candidates.Where(c => announced.GetValueOrDefault(c.Id) > 0))
                {
                    var found = (await sql.StringsWhereInAsync("SELECT serial FROM expected_serials WHERE order_line_id = @l AND status = 1 AND serial IN ({in})",
                        scanned, ct, ("l", candidate.Id))).ToHashSet(StringComparer.Ordinal);
                    if (found.Count > 0 && (matched is null || found.Count > matched.Count))
                    {
                        (plan.Target, matched) = (candidate, found);
                    }
                }
            }
            plan.Target ??= candidates.FirstOrDefault(c => c.Quantity - c.DoneQuantity - receiving.GetValueOrDefault(c.Id) > 0) ?? candidates[0];
            var target = plan.Target;
            var lineName = $"line {target.LineNo} of purchase order '{order.Number}'";

            if (announced.GetValueOrDefault(target.Id) > 0)
            {
                if (plan.Scanned is { } serials)
                {
                    var unexpected = serials.Select((s, j) => (s, j)).Where(x => matched?.Contains(x.s) != true).ToList();
                    if (unexpected.Count > 0)
                    {
                        exceptions.Add(new ReceiptException("receipt.unexpected_serial", $"{plan.Field}.serials[{unexpected[0].j}]",
                            $"Unexpected serials: {unexpected.Count} serial(s) of '{sku}' were not announced on {lineName}: {string.Join(", ", unexpected.Take(5).Select(x => x.s))}{(unexpected.Count > 5 ? ", ..." : "")}."));
                    }
                }
                else
                {
                    exceptions.Add(new ReceiptException("receipt.unexpected_serial", $"{plan.Field}.generate",
                        $"Unexpected serials: {lineName} announced its serials; scan them rather than generating {plan.Quantity} new one(s)."));
                }
            }

            var before = target.DoneQuantity + receiving.GetValueOrDefault(target.Id);
            receiving[target.Id] = receiving.GetValueOrDefault(target.Id) + plan.Quantity;
            if (before + plan.Quantity > target.Quantity)
            {
                exceptions.Add(new ReceiptException("receipt.over_receipt", plan.QuantityField,
                    $"Over-receipt: {lineName} is for {Fmt(target.Quantity)} of '{sku}' with {Fmt(before)} received: {Fmt(plan.Quantity)} more would make {Fmt(before + plan.Quantity)}."));
            }

            if (target.SupplierLotCode is { } expectedLot && !plan.IsSerial)
            {
                if (plan.SupplierLotCode is null)
                {
                    plan.SupplierLotCode = expectedLot;
                }
                else if (plan.SupplierLotCode != expectedLot)
                {
                    exceptions.Add(new ReceiptException("receipt.supplier_lot_mismatch", $"{plan.Field}.supplierLotCode",
                        $"Supplier lot mismatch: {lineName} expects supplier lot '{expectedLot}', not '{plan.SupplierLotCode}'."));
                }
            }
        }
        return exceptions;
    }

    static string Fmt(decimal q) => q.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);

    static async Task WriteUnitsAsync(SqlSession sql, long eventId, List<Plan> plans, Dictionary<(long, string), LoadedUnit> arriving, Stage stage, long locationId,
        DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            foreach (var plan in plans.Where(p => p.IsSerial))
            {
                var fresh = plan.Serials.Where(serial => !arriving.ContainsKey((plan.Product.Id, serial))).ToList();
                await Commissioning.InsertUnitsAsync(sql, plan.Product.Id, fresh, UnitStatus.Available, stage, locationId, null, eventId, ObjectRole.Subject, now, ct);
            }
            // Announced units arrive: available here, out of the case they travelled in.
            await UnitBatch.ApplyAsync(sql, eventId, [.. arriving.Values.Select(u => new UnitChange(u, u.Now with { Status = UnitStatus.Available, LocationId = locationId, ContainerId = null }))],
                now, ct);
            foreach (var group in plans.Where(p => p.IsSerial).GroupBy(p => p.Product.Id))
            {
                await Commissioning.MarkExpectedArrivedAsync(sql, group.Key, group.SelectMany(p => p.Serials).ToList(), ct);
            }
        }
        catch (DbException e) when (SqlSession.IsUniqueViolation(e))
        {
            // Another receipt created one of these serials after this one checked: the loser of the race.
            throw DomainException.Conflict("unit.duplicate_serial", "A serial of this receipt was received by someone else at the same time; nothing was written.", "lines");
        }
    }

    // The order and its lines carry versions: a concurrent receipt makes the save fail, and the whole
    // receipt rolls back.
    async Task SaveOrderAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("order.changed", "The purchase order was changed by someone else at the same time; nothing was written. Try again.", "order");
        }
    }

    // A lot is created on its first receipt; a later receipt of the same lot adds to its balances.
    async Task<Lot> FindOrCreateLotAsync(Product product, string code, DateOnly? expiry, DateOnly? produced, string? supplierLot, Stage stage, string prefix, CancellationToken ct)
    {
        var lot = db.Lots.Local.FirstOrDefault(l => l.ProductId == product.Id && l.Code == code)
            ?? await db.Lots.FirstOrDefaultAsync(l => l.ProductId == product.Id && l.Code == code, ct);
        // More of a lot already known: its blocking receiving instructions must have been acknowledged. (New
        // units and lots have nothing to acknowledge for yet: their instructions show on the receiving screen.)
        await InstructionGate.RequireAsync(db, InstructionProcesses.Receive, [], lot is null ? [] : [(lot, prefix + "lot")], ct);
        if (lot is null)
        {
            lot = new Lot
            {
                ProductId = product.Id,
                Code = code,
                ExpiryDate = expiry,
                ProductionDate = produced,
                SupplierLotCode = supplierLot,
                Stage = stage,
                CreatedAt = clock.GetUtcNow(),
            };
            db.Lots.Add(lot);
            await db.SaveChangesAsync(ct);
        }
        else if (expiry is { } e && lot.ExpiryDate is { } known && e != known)
        {
            throw DomainException.Rule("lot.expiry_mismatch", $"Lot '{code}' of '{product.Sku}' expires {known:yyyy-MM-dd}, not {e:yyyy-MM-dd}.", prefix + "expiryDate");
        }
        return lot;
    }

    async Task<ReceiptResult> ReplayAsync(ProcessResult replay, CancellationToken ct)
    {
        var ev = await db.Events.AsNoTracking().FirstAsync(e => e.Id == replay.EventId, ct);
        var status = ev.OrderId is { } orderId ? await db.Orders.Where(o => o.Id == orderId).Select(o => (OrderStatus?)o.Status).FirstAsync(ct) : null;
        var units = await (from x in db.EventUnits
                           join u in db.Units on x.UnitId equals u.Id
                           join p in db.Products on u.ProductId equals p.Id
                           where x.EventId == ev.Id
                           orderby x.UnitId
                           select new { p.Sku, u.Serial }).ToListAsync(ct);
        var lots = await (from x in db.EventLots
                          join l in db.Lots on x.LotId equals l.Id
                          join p in db.Products on l.ProductId equals p.Id
                          where x.EventId == ev.Id
                          orderby x.Line
                          select new { p.Sku, l.Code, x.Quantity }).ToListAsync(ct);
        var lines = units.GroupBy(u => u.Sku).Select(g => (g.Key, (decimal)g.Count(), (string?)null, g.Select(u => u.Serial).ToList()))
            .Concat(lots.Select(l => (l.Sku, l.Quantity, (string?)l.Code, new List<string>())))
            .Select((l, i) => new ReceivedLine(i, l.Item1, null, l.Item2, l.Item3, l.Item4)).ToList();
        return new ReceiptResult(ev.Id, ev.BizTransaction, ev.OrderId is null, status, replay.Units, replay.Lots, lines,
            ev.ReasonCode == ExceptionReasonCode, [], Replayed: true);
    }

    // The serials a purchase order announced and whether each has arrived, in pages by id.
    public async Task<List<ExpectedSerialView>> ExpectedAsync(string orderNumber, long? afterId, int limit, CancellationToken ct)
    {
        var order = await new OrderBook(db, clock).FindAsync(OrderKind.Purchase, orderNumber, ct);
        var query = from e in db.ExpectedSerials.AsNoTracking()
                    join l in db.OrderLines on e.OrderLineId equals l.Id
                    join p in db.Products on e.ProductId equals p.Id
                    where l.OrderId == order.Id
                    select new { e, l.LineNo, p.Sku };
        if (afterId is { } after)
        {
            query = query.Where(x => x.e.Id > after);
        }
        return await query.OrderBy(x => x.e.Id).Take(limit)
            .Select(x => new ExpectedSerialView(x.e.Id, x.LineNo, x.Sku, x.e.Serial, x.e.Status, x.e.UnitId)).ToListAsync(ct);
    }

    public async Task<ProcessResult> ReceiveLotAsync(ReceiveLotRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.LotReceived, ct) is { } replay)
        {
            return replay;
        }

        var product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(request.Product, "product", 64), ct);
        if (product.Tracking != TrackingMode.Lot)
        {
            throw DomainException.Rule("product.not_lot_tracked", $"Product '{product.Sku}' is not tracked by lot.", "product");
        }
        var code = Text.RequiredCode(request.Lot, "lot", 64);
        Quantities.RequirePositive(request.Quantity, "quantity");
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(request.Location, "location", 64), "location", ct);
        CheckDates(request.ExpiryDate, request.ProductionDate, "expiryDate");
        var supplier = await SupplierAsync(null, Text.Optional(request.Supplier, "supplier", 64), ct);
        var supplierLot = Text.Optional(request.SupplierLotCode, "supplierLotCode", 64);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var lot = await FindOrCreateLotAsync(product, code, request.ExpiryDate, request.ProductionDate, supplierLot, request.Stage, "", ct);

        var ev = EventLog.New(EventType.LotReceived, EventAction.Add, "receiving", "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.SourcePartyId = supplier?.Id;
        ev.ObjectCount = 1;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var ledger = new LotLedger(db, clock);
        await ledger.TransferAsync(ev.Id, lot, product.Sku, request.Quantity, null, new BalanceKey(location.Id, BalanceStatus.Available), ObjectRole.Subject, "lot", ct);
        await ledger.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.LotReceived, 0, 1);
    }
}

public static class Quantities
{
    public static void RequirePositive(decimal quantity, string field)
    {
        if (quantity <= 0)
        {
            throw DomainException.BadInput("quantity.not_positive", field, $"Quantity must be greater than zero, not {quantity}.");
        }
        if (quantity > 1_000_000_000_000m || decimal.Round(quantity, 6) != quantity)
        {
            throw DomainException.BadInput("quantity.out_of_range", field, $"Quantity {quantity} is out of range (at most 10^12, 6 decimals).");
        }
    }
}

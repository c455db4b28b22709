using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Orders;

// A line as typed: product SKU and quantity; purchase lines may announce serials or a supplier lot code,
// return lines name the unit (serial) or lot that comes back and why.
public sealed record OrderLineInput(
    string Product,
    decimal Quantity,
    IReadOnlyList<string>? ExpectedSerials = null,
    string? SupplierLotCode = null,
    string? Serial = null,
    string? Lot = null,
    string? Reason = null,
    string? Notes = null);

// Party is the supplier (purchase), customer (sales, return); Product, Quantity and Location are the
// output and station of a production order. Number is optional: one is assigned (PO-000001, ...).
public sealed record OrderInput(
    OrderKind Kind,
    string? Party = null,
    IReadOnlyList<OrderLineInput>? Lines = null,
    string? Number = null,
    string? Product = null,
    decimal Quantity = 0,
    string? Location = null,
    DateOnly? DueDate = null,
    string? Reference = null,
    string? Notes = null);

public sealed record OrderLineView(
    long Id, int LineNo, string Product, string ProductName, string Uom, decimal Quantity, decimal DoneQuantity, decimal AllocatedQuantity,
    string? SupplierLotCode, string? Serial, string? Lot, string? Reason, ReturnDisposition? Disposition, int ExpectedSerials)
{
    public decimal Open => Math.Max(0, Quantity - DoneQuantity);
}

public sealed record OrderView(
    long Id, OrderKind Kind, string Number, OrderStatus Status, string? Party, string? PartyName, string? Product, decimal Quantity, decimal DoneQuantity,
    string? Location, DateOnly? DueDate, string? Reference, string? Notes, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version,
    IReadOnlyList<OrderLineView> Lines)
{
    // Share of the ordered quantity done, 0..1: lines for purchase, sales and returns, output for production.
    public double Progress
    {
        get
        {
            var (ordered, done) = Kind == OrderKind.Production ? (Quantity, DoneQuantity) : (Lines.Sum(l => l.Quantity), Lines.Sum(l => Math.Min(l.Quantity, l.DoneQuantity)));
            return ordered == 0 ? 0 : (double)Math.Min(1m, done / ordered);
        }
    }
}

// Purchase orders, sales orders, production orders and RMAs: created, read, closed and cancelled here;
// the processes (receiving, shipping, production, returns) move their progress.
public sealed class OrderBook(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxLines = 10_000;

    public static string Prefix(OrderKind kind) => kind switch
    {
        OrderKind.Purchase => "PO-",
        OrderKind.Sales => "SO-",
        OrderKind.Production => "MO-",
        OrderKind.Return => "RMA-",
        _ => throw DomainException.BadInput("order.kind", "kind", $"Unknown order kind '{kind}'."),
    };

    public async Task<OrderView> CreateAsync(OrderInput input, Actor actor, CancellationToken ct)
    {
        var prefix = Prefix(input.Kind);
        var lines = input.Lines ?? [];
        var order = new Order
        {
            Kind = input.Kind,
            Number = "",
            CreatedBy = actor.Name,
            CreatedAt = clock.GetUtcNow(),
            UpdatedAt = clock.GetUtcNow(),
            DueDate = input.DueDate,
            Reference = Text.Optional(input.Reference, "reference", 128),
            Notes = Text.Optional(input.Notes, "notes", 4000),
        };
        var number = Text.Optional(input.Number, "number", 64);
        if (number is not null)
        {
            order.Number = Text.RequiredCode(number, "number", 64);
        }
        if (input.Kind == OrderKind.Production)
        {
            var product = await ProductAsync(input.Product, "product", ct);
            Quantities.RequirePositive(input.Quantity, "quantity");
            if (product.Tracking == TrackingMode.Serial && decimal.Truncate(input.Quantity) != input.Quantity)
            {
                throw DomainException.BadInput("order.quantity_whole", "quantity", $"Product '{product.Sku}' is serialized: build a whole number of units, not {input.Quantity}.");
            }
            order.ProductId = product.Id;
            order.Quantity = input.Quantity;
            if (Text.Optional(input.Location, "location", 64) is { } station)
            {
                order.LocationId = (await db.Locations.FirstOrDefaultAsync(l => l.Code == station, ct)
                    ?? throw DomainException.NotFound("location.not_found", $"No location with code '{station}'.", "location")).Id;
            }
        }
        else
        {
            var wanted = input.Kind == OrderKind.Purchase ? PartyRole.Supplier : PartyRole.Customer;
            var code = Text.RequiredCode(input.Party, "party", 64);
            var party = await db.Parties.FirstOrDefaultAsync(p => p.Code == code, ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{code}'.", "party");
            if (!party.Role.HasFlag(wanted))
            {
                throw DomainException.Rule("party.wrong_role", $"Party '{party.Code}' is not a {wanted.ToString().ToLowerInvariant()}.", "party");
            }
            if (party.Archived)
            {
                throw DomainException.Rule("party.archived", $"Party '{party.Code}' is archived.", "party");
            }
            order.PartyId = party.Id;
            if (lines.Count == 0)
            {
                throw DomainException.BadInput("order.lines_required", "lines", "An order needs at least one line.");
            }
        }
        if (lines.Count > MaxLines)
        {
            throw DomainException.BadInput("order.too_many_lines", "lines", $"An order has at most {MaxLines:N0} lines.");
        }

        var rows = new List<(OrderLine Line, long ProductId, List<string> Expected)>();
        for (var i = 0; i < lines.Count; i++)
        {
            rows.Add(await LineAsync(input.Kind, lines[i], i + 1, $"lines[{i}]", ct));
        }
        var announced = rows.SelectMany((r, i) => r.Expected.Select(s => (r.ProductId, Serial: s, Index: i))).ToList();
        var duplicate = announced.GroupBy(a => (a.ProductId, a.Serial)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw DomainException.BadInput("serials.duplicate", $"lines[{duplicate.Last().Index}].expectedSerials", $"Serial '{duplicate.Key.Serial}' is announced twice.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sql = new SqlSession(db);
        foreach (var group in announced.GroupBy(a => a.ProductId))
        {
            var product = await db.Products.FirstAsync(p => p.Id == group.Key, ct);
            var serials = group.Select(a => a.Serial).ToList();
            var taken = await Processes.Serials.FindTakenAsync(sql, product, serials, ct);
            if (taken.Count > 0)
            {
                var first = group.First(a => a.Serial == taken[0]);
                throw DomainException.Conflict("serial.taken", $"Serial '{taken[0]}' of '{product.Sku}' already exists or was reserved.", $"lines[{first.Index}].expectedSerials");
            }
        }
        if (order.Number.Length == 0)
        {
            order.Number = prefix + (await Sequences.NextAsync(sql, "order." + prefix.TrimEnd('-').ToLowerInvariant(), ct)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }
        if (await db.Orders.AnyAsync(o => o.Kind == order.Kind && o.Number == order.Number, ct))
        {
            throw DomainException.Conflict("order.duplicate_number", $"Order number '{order.Number}' is already used.", "number");
        }
        db.Orders.Add(order);
        await db.SaveChangesAsync(ct);
        foreach (var (line, _, _) in rows)
        {
            line.OrderId = order.Id;
            db.OrderLines.Add(line);
        }
        await db.SaveChangesAsync(ct);
        var now = sql.Time(clock.GetUtcNow());
        var expectedRows = rows.SelectMany(r => r.Expected.Select(s => new object?[] { r.ProductId, s, r.Line.Id, 1, now })).ToList();
        await sql.InsertAsync("expected_serials", ["product_id", "serial", "order_line_id", "status", "created_at"], expectedRows, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(order.Kind, order.Number, ct);
    }

    async Task<(OrderLine, long, List<string>)> LineAsync(OrderKind kind, OrderLineInput input, int lineNo, string field, CancellationToken ct)
    {
        var product = await ProductAsync(input.Product, $"{field}.product", ct);
        Quantities.RequirePositive(input.Quantity, $"{field}.quantity");
        if (product.Tracking == TrackingMode.Serial && decimal.Truncate(input.Quantity) != input.Quantity)
        {
            throw DomainException.BadInput("order.quantity_whole", $"{field}.quantity", $"Product '{product.Sku}' is serialized: order a whole number of units, not {input.Quantity}.");
        }
        var line = new OrderLine
        {
            LineNo = lineNo,
            ProductId = product.Id,
            Quantity = input.Quantity,
            Notes = Text.Optional(input.Notes, $"{field}.notes", 1000),
        };
        var expected = new List<string>();
        if (input.ExpectedSerials is { Count: > 0 } announced)
        {
            if (kind != OrderKind.Purchase || product.Tracking != TrackingMode.Serial)
            {
                throw DomainException.BadInput("order.expected_serials", $"{field}.expectedSerials", "Expected serials belong on purchase lines of serialized products.");
            }
            expected = Processes.Serials.Validate(announced);
            if (expected.Count > input.Quantity)
            {
                throw DomainException.BadInput("order.expected_serials_count", $"{field}.expectedSerials", $"{expected.Count} serials announced for a quantity of {input.Quantity}.");
            }
        }
        if (Text.Optional(input.SupplierLotCode, $"{field}.supplierLotCode", 64) is { } supplierLot)
        {
            if (kind != OrderKind.Purchase || product.Tracking != TrackingMode.Lot)
            {
                throw DomainException.BadInput("order.supplier_lot", $"{field}.supplierLotCode", "A supplier lot code belongs on a purchase line of a lot-tracked product.");
            }
            line.SupplierLotCode = supplierLot;
        }
        if (kind == OrderKind.Return)
        {
            line.Reason = Text.Required(input.Reason, $"{field}.reason", 500);
            line.Disposition = ReturnDisposition.Pending;
            if (product.Tracking == TrackingMode.Serial)
            {
                var serial = Text.RequiredCode(input.Serial, $"{field}.serial", Processes.Serials.MaxLength);
                if (input.Quantity != 1)
                {
                    throw DomainException.BadInput("order.return_quantity", $"{field}.quantity", "A returned serialized unit has quantity 1: give one line per unit.");
                }
                line.UnitId = (await db.Units.Where(u => u.ProductId == product.Id && u.Serial == serial).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct))
                    ?? throw DomainException.NotFound("unit.not_found", $"No unit {product.Sku} {serial}.", $"{field}.serial");
            }
            else if (Text.Optional(input.Lot, $"{field}.lot", 64) is { } lotCode)
            {
                line.LotId = (await db.Lots.Where(l => l.ProductId == product.Id && l.Code == lotCode).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct))
                    ?? throw DomainException.NotFound("lot.not_found", $"No lot '{lotCode}' of '{product.Sku}'.", $"{field}.lot");
            }
        }
        else if (input.Serial is not null || input.Lot is not null || input.Reason is not null)
        {
            throw DomainException.BadInput("order.return_fields", $"{field}.serial", "Serial, lot and reason belong on return (RMA) lines.");
        }
        return (line, product.Id, expected);
    }

    async Task<Product> ProductAsync(string? sku, string field, CancellationToken ct)
    {
        var code = Text.RequiredCode(sku, field, 64);
        var product = await db.Products.FirstOrDefaultAsync(p => p.Sku == code, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{code}'.", field);
        if (product.Archived)
        {
            throw DomainException.Rule("product.archived", $"Product '{product.Sku}' is archived.", field);
        }
        return product;
    }

    public async Task<Order> FindAsync(OrderKind kind, string number, CancellationToken ct, string field = "order")
    {
        var code = Text.RequiredCode(number, field, 64);
        return await db.Orders.FirstOrDefaultAsync(o => o.Kind == kind && o.Number == code, ct)
            ?? throw DomainException.NotFound("order.not_found", $"No {Describe(kind)} '{code}'.", field);
    }

    public async Task<OrderView> GetAsync(OrderKind kind, string number, CancellationToken ct)
    {
        var order = await FindAsync(kind, number, ct);
        return await ViewAsync(order, ct);
    }

    public async Task<OrderView> ViewAsync(Order o, CancellationToken ct)
    {
        var party = o.PartyId is null ? null : await db.Parties.AsNoTracking().FirstAsync(p => p.Id == o.PartyId, ct);
        var product = o.ProductId is null ? null : await db.Products.AsNoTracking().Where(p => p.Id == o.ProductId).Select(p => p.Sku).FirstAsync(ct);
        var location = o.LocationId is null ? null : await db.Locations.AsNoTracking().Where(l => l.Id == o.LocationId).Select(l => l.Code).FirstAsync(ct);
        var lines = await (from l in db.OrderLines.AsNoTracking()
                           join p in db.Products on l.ProductId equals p.Id
                           where l.OrderId == o.Id
                           orderby l.LineNo
                           select new OrderLineView(l.Id, l.LineNo, p.Sku, p.Name, p.Uom, l.Quantity, l.DoneQuantity, l.AllocatedQuantity, l.SupplierLotCode,
                               db.Units.Where(u => u.Id == l.UnitId).Select(u => u.Serial).FirstOrDefault(),
                               db.Lots.Where(x => x.Id == l.LotId).Select(x => x.Code).FirstOrDefault(),
                               l.Reason, l.Disposition,
                               db.ExpectedSerials.Count(e => e.OrderLineId == l.Id))).ToListAsync(ct);
        return new OrderView(o.Id, o.Kind, o.Number, o.Status, party?.Code, party?.Name, product, o.Quantity, o.DoneQuantity, location, o.DueDate, o.Reference, o.Notes,
            o.CreatedBy, o.CreatedAt, o.UpdatedAt, o.Version, lines);
    }

    public sealed record OrderSummary(long Id, OrderKind Kind, string Number, OrderStatus Status, string? Party, DateOnly? DueDate, DateTimeOffset CreatedAt, decimal Ordered, decimal Done);

    public async Task<List<OrderSummary>> ListAsync(OrderKind kind, OrderStatus? status, string? party, long? afterId, int limit, CancellationToken ct)
    {
        var query = db.Orders.AsNoTracking().Where(o => o.Kind == kind);
        if (status is { } s)
        {
            query = query.Where(o => o.Status == s);
        }
        if (Text.Optional(party, "party", 64) is { } code)
        {
            query = query.Where(o => db.Parties.Any(p => p.Id == o.PartyId && p.Code == code));
        }
        if (afterId is { } after)
        {
            query = query.Where(o => o.Id < after);
        }
        return await query.OrderByDescending(o => o.Id).Take(limit)
            .Select(o => new OrderSummary(o.Id, o.Kind, o.Number, o.Status,
                db.Parties.Where(p => p.Id == o.PartyId).Select(p => p.Code).FirstOrDefault(), o.DueDate, o.CreatedAt,
                kind == OrderKind.Production ? o.Quantity : db.OrderLines.Where(l => l.OrderId == o.Id).Sum(l => l.Quantity),
                kind == OrderKind.Production ? o.DoneQuantity : db.OrderLines.Where(l => l.OrderId == o.Id).Sum(l => l.DoneQuantity < l.Quantity ? l.DoneQuantity : l.Quantity)))
            .ToListAsync(ct);
    }

    // Closing ends an order with open quantities (short shipment, partial receipt accepted); cancelling is
    // only for an order nothing has happened on yet.
    public async Task<OrderView> CloseAsync(OrderKind kind, string number, bool cancel, CancellationToken ct)
    {
        var order = await FindAsync(kind, number, ct);
        if (order.Status is OrderStatus.Closed or OrderStatus.Cancelled or OrderStatus.Completed)
        {
            throw DomainException.Rule("order.finished", $"{Describe(kind)} '{order.Number}' is already {order.Status.ToString().ToLowerInvariant()}.", "order");
        }
        if (cancel && (order.Status != OrderStatus.Open || await db.Events.AnyAsync(e => e.OrderId == order.Id, ct)
            || await db.Allocations.AnyAsync(a => db.OrderLines.Any(l => l.Id == a.OrderLineId && l.OrderId == order.Id) && a.Status != AllocationStatus.Released, ct)))
        {
            throw DomainException.Rule("order.started", $"{Describe(kind)} '{order.Number}' has started: close it instead of cancelling.", "order");
        }
        order.Status = cancel ? OrderStatus.Cancelled : OrderStatus.Closed;
        order.UpdatedAt = clock.GetUtcNow();
        order.Version++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        // Serials announced for lines that will not be received any more are no longer expected.
        await db.ExpectedSerials.Where(e => e.Status == ExpectedStatus.Expected && db.OrderLines.Any(l => l.Id == e.OrderLineId && l.OrderId == order.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, ExpectedStatus.Cancelled), ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(order, ct);
    }

    // Moves an order's status from its lines: processes call it after changing DoneQuantity.
    public static void UpdateStatus(Order order, IEnumerable<OrderLine> lines, DateTimeOffset now)
    {
        var all = lines.ToList();
        var done = order.Kind == OrderKind.Production ? order.DoneQuantity >= order.Quantity : all.Count > 0 && all.All(l => l.DoneQuantity >= l.Quantity);
        var started = order.Kind == OrderKind.Production ? order.DoneQuantity > 0 || all.Any(l => l.DoneQuantity > 0) : all.Any(l => l.DoneQuantity > 0 || l.AllocatedQuantity > 0);
        if (order.Status is OrderStatus.Open or OrderStatus.InProgress or OrderStatus.Draft)
        {
            order.Status = done ? OrderStatus.Completed : started ? OrderStatus.InProgress : order.Status;
        }
        order.UpdatedAt = now;
        order.Version++;
    }

    public static string Describe(OrderKind kind) => kind switch
    {
        OrderKind.Purchase => "Purchase order",
        OrderKind.Sales => "Sales order",
        OrderKind.Production => "Production order",
        _ => "Return (RMA)",
    };
}

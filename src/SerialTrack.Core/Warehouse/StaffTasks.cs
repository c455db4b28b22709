using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Orders;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// One request for every kind of task; each kind reads its own fields and refuses missing ones by name.
//   Move:    Target (a group, a filter or units) to To.
//   Pick:    Order (a sales order): its allocated units and lot quantities, from where they are, to To (staging).
//   Pack:    Units into Container (code or SSCC); the task remembers the container and accepts no other.
//   Count:   Location (a subtree) or Product: what the books say is there.
//   PutAway: Order (a purchase order): what it received still at the receiving location (From, or where
//            the receipt put it), to To.
// Assignee (a user) or Zone (a location subtree whose queue it lands in), or neither (anyone). Priority
// 0-9, higher is more urgent. Context.IdempotencyKey: a retry with the same key returns the first task.
public sealed record TaskRequest(
    TaskKind Kind,
    string? Title = null,
    string? Assignee = null,
    string? Zone = null,
    int Priority = 0,
    DateTimeOffset? DueAt = null,
    BulkTarget? Target = null,
    string? To = null,
    string? Order = null,
    IReadOnlyList<UnitRef>? Units = null,
    string? Container = null,
    string? Location = null,
    string? Product = null,
    string? From = null,
    EventContext? Context = null);

public sealed record TaskFilter(WarehouseTaskStatus? Status = null, string? Assignee = null, TaskKind? Kind = null, long? AfterId = null, int Limit = 100);

// A task in a list: progress is Done and Exceptions out of Lines; WorkedBy is everyone who scanned for it.
public sealed record TaskSummary(
    long Id, string Number, TaskKind Kind, WarehouseTaskStatus Status, string Title, string? Assignee, string? Zone, int Priority,
    DateTimeOffset? DueAt, string? Order, string CreatedBy, DateTimeOffset CreatedAt, TimeSpan Age, int Lines, int Done, int Exceptions,
    string? LastWorkedBy, IReadOnlyList<string> WorkedBy, int Version);

// Quantity and Serial are null on a count line in the counter's (blind) view. ToContainer: what a pack line packs into.
public sealed record TaskLineView(
    int LineNo, TaskLineStatus Status, string? Product, string? Serial, string? Lot, string? From, string? To, decimal? Quantity,
    decimal DoneQuantity, decimal? CountedQuantity, string? ExceptionReason, string? DoneBy, DateTimeOffset? DoneAt, long? EventId,
    IReadOnlyList<AppliedInstruction> Instructions, string? ToContainer = null);

public sealed record TaskScanView(long Id, int? LineNo, string? Product, string? Serial, string? Lot, string? Location, decimal Quantity, string ScannedBy, DateTimeOffset ScannedAt);

// Instructions: every instruction of the task's units, lots and products once, blocking first. Replayed: an
// earlier create with the same idempotency key made this task, and nothing new was written.
public sealed record TaskView(TaskSummary Task, IReadOnlyList<TaskLineView> Lines, IReadOnlyList<TaskScanView> Scans, IReadOnlyList<AppliedInstruction> Instructions,
    bool Replayed = false);

// Plans made in software become tasks for staff: creation of each kind, the staff queue, the managers'
// overview and cancelling. Creating writes only the task and its lines; inventory changes when staff
// confirm by scanning (TaskWork).
public sealed class StaffTasks(SerialTrackDbContext db, Groups groups, TimeProvider clock)
{
    public const int MaxPriority = 9;

    // Stock that a count expects to find: everything still in our hands at the location.
    static readonly UnitStatus[] Countable = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine];

    public async Task<TaskView> CreateAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        if (await ReplayAsync(request, ct) is { } replay)
        {
            return replay;
        }
        switch (request.Kind)
        {
            case TaskKind.Move:
                var target = request.Target ?? throw DomainException.BadInput("field.required", "target", "Name a group, a filter or units to move.");
                await Places.LocationAsync(db, request.To, "to", ct);
                var plan = await BulkActions.PlanMembersAsync(db, groups, BulkAction.Task, target, ct);
                if (plan.FirstRefused is { } refused)
                {
                    throw refused;
                }
                var groupId = target.Group is { } name ? await db.SavedGroups.Where(g => g.Name == name).Select(g => (long?)g.Id).FirstOrDefaultAsync(ct) : null;
                return await CreateMoveAsync(request, plan.Affected, groupId, actor, ct);
            case TaskKind.Pick:
                return await CreatePickAsync(request, actor, ct);
            case TaskKind.Pack:
                return await CreatePackAsync(request, actor, ct);
            case TaskKind.Count:
                return await CreateCountAsync(request, actor, ct);
            case TaskKind.PutAway:
                return await CreatePutAwayAsync(request, actor, ct);
            default:
                throw DomainException.BadInput("task.unknown_kind", "kind", $"Unknown task kind '{request.Kind}': move, pick, pack, count or put_away.");
        }
    }

    // Members already planned by the bulk preview: a confirm of "create tasks" does not read the group twice.
    internal async Task<TaskView> CreateMoveAsync(TaskRequest request, IReadOnlyList<GroupCandidate> members, long? groupId, Actor actor, CancellationToken ct)
    {
        var head = await HeadAsync(request, actor, ct);
        var to = await Places.LocationAsync(db, request.To, "to", ct);
        if (members.Count == 0)
        {
            throw DomainException.Rule("task.nothing_to_do", "None of these units can move: there is nothing to plan.", "target");
        }
        head.GroupId = groupId;
        head.Title = Text.Optional(request.Title, "title", 200) ?? $"Move {Plural(members.Count, "unit")} to {to.Code}";
        var lines = members.Select(c => NewLine(c.ProductId, c.Id, null, c.LocationId, to.Id, 1)).ToList();
        return await SaveAsync(head, lines, ct);
    }

    async Task<TaskView> CreatePickAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        var head = await HeadAsync(request, actor, ct);
        var order = await OrderAsync(request.Order, OrderKind.Sales, ct);
        var to = await Places.LocationAsync(db, request.To, "to", ct);
        var allocated = await (from a in db.Allocations.AsNoTracking()
                               join l in db.OrderLines on a.OrderLineId equals l.Id
                               where l.OrderId == order.Id && a.Status == AllocationStatus.Allocated
                               orderby l.LineNo, a.Id
                               select new { l.ProductId, a.UnitId, a.LotId, a.LocationId, a.Quantity }).ToListAsync(ct);
        var unitIds = allocated.Where(a => a.UnitId is not null).Select(a => a.UnitId!.Value).ToList();
        var unitPlaces = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.LocationId, ct);
        var lines = allocated.Select(a => a.UnitId is { } unit
            ? NewLine(a.ProductId, unit, null, unitPlaces.GetValueOrDefault(unit), to.Id, 1)
            : NewLine(a.ProductId, null, a.LotId, a.LocationId, to.Id, a.Quantity)).ToList();
        if (lines.Count == 0)
        {
            throw DomainException.Rule("task.nothing_allocated", $"Nothing is allocated (and not yet picked) for {order.Number}: allocate stock first.", "order");
        }
        head.OrderId = order.Id;
        head.Title = Text.Optional(request.Title, "title", 200) ?? $"Pick {order.Number} to {to.Code}";
        return await SaveAsync(head, lines, ct);
    }

    async Task<TaskView> CreatePackAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        var head = await HeadAsync(request, actor, ct);
        var container = await ContainerTree.FindAsync(db, Text.RequiredCode(request.Container, "container", 64), "container", ct);
        ContainerTree.RequireNotShipped(container, "container", "packed into");
        var at = container.LocationId ?? throw DomainException.Rule("container.nowhere", $"Container {container.Code} has no location.", "container");
        var refs = request.Units ?? [];
        if (refs.Count == 0)
        {
            throw DomainException.BadInput("field.required", "units", "Name the units to pack.");
        }
        var units = await UnitBatch.LoadAsync(db, new SqlSession(db), refs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i].Status != UnitStatus.Available)
            {
                throw DomainException.Rule("unit.not_available", $"Unit {units[i].Name} is {UnitBatch.Describe(units[i].Status)} and cannot be packed.", $"units[{i}]");
            }
            if (units[i].ContainerId is not null)
            {
                throw DomainException.Rule("unit.in_container", $"Unit {units[i].Name} is already packed in a container.", $"units[{i}]");
            }
        }
        head.Title = Text.Optional(request.Title, "title", 200) ?? $"Pack {Plural(units.Count, "unit")} into {container.Code}";
        return await SaveAsync(head, units.Select(u => NewLine(u.ProductId, u.Id, null, u.LocationId, at, 1, container.Id)).ToList(), ct);
    }

    async Task<TaskView> CreateCountAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        var head = await HeadAsync(request, actor, ct);
        var (code, sku) = (Text.Optional(request.Location, "location", 64), Text.Optional(request.Product, "product", 64));
        if ((code is null) == (sku is null))
        {
            throw DomainException.BadInput("task.count_scope", "location", "Count either a location (with everything below it) or a product.");
        }
        var units = db.Units.AsNoTracking().Where(u => Countable.Contains(u.Status) && u.LocationId != null);
        var balances = db.LotBalances.AsNoTracking().Where(b => b.Quantity > 0 && b.Status != BalanceStatus.Damaged);
        string what;
        if (code is not null)
        {
            var location = await Places.LocationAsync(db, code, "location", ct);
            var subtree = db.Locations.Where(l => l.Path.StartsWith(location.Path)).Select(l => l.Id);
            units = units.Where(u => subtree.Contains(u.LocationId!.Value));
            balances = balances.Where(b => subtree.Contains(b.LocationId));
            // The counted location is the count's zone: the counter may count every place below it, lines or not.
            head.ZoneLocationId ??= location.Id;
            what = location.Code;
        }
        else
        {
            var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct)
                ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", "product");
            units = units.Where(u => u.ProductId == product.Id);
            balances = balances.Where(b => db.Lots.Any(l => l.Id == b.LotId && l.ProductId == product.Id));
            what = product.Sku;
        }
        var unitLines = await units.OrderBy(u => u.LocationId).ThenBy(u => u.ProductId).ThenBy(u => u.Serial)
            .Select(u => new { u.ProductId, u.Id, u.LocationId }).ToListAsync(ct);
        var lotLines = await (from b in balances
                              join l in db.Lots on b.LotId equals l.Id
                              group b by new { b.LotId, l.ProductId, b.LocationId } into g
                              select new { g.Key.LotId, g.Key.ProductId, g.Key.LocationId, Quantity = g.Sum(b => b.Quantity) }).ToListAsync(ct);
        var lines = unitLines.Select(u => NewLine(u.ProductId, u.Id, null, u.LocationId, null, 1))
            .Concat(lotLines.OrderBy(l => l.LocationId).ThenBy(l => l.LotId).Select(l => NewLine(l.ProductId, null, l.LotId, l.LocationId, null, l.Quantity)))
            .ToList();
        if (lines.Count == 0 && sku is not null)
        {
            throw DomainException.Rule("task.nothing_to_count", $"The books hold no stock of '{sku}' anywhere: there is nothing to count.", "product");
        }
        head.Title = Text.Optional(request.Title, "title", 200) ?? $"Count {what}";
        return await SaveAsync(head, lines, ct);
    }

    async Task<TaskView> CreatePutAwayAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        var head = await HeadAsync(request, actor, ct);
        var order = await OrderAsync(request.Order, OrderKind.Purchase, ct);
        var to = await Places.LocationAsync(db, request.To, "to", ct);
        long? source = Text.Optional(request.From, "from", 64) is { } f ? (await Places.LocationAsync(db, f, "from", ct)).Id : null;
        var receipts = db.Events.AsNoTracking().Where(e => e.OrderId == order.Id && (e.Type == EventType.Received || e.Type == EventType.LotReceived));
        // Received units still where the receipt put them (or at From), in stock and loose.
        var units = await (from eu in db.EventUnits.AsNoTracking()
                           join e in receipts on eu.EventId equals e.Id
                           join u in db.Units on eu.UnitId equals u.Id
                           where u.Status == UnitStatus.Available && u.ContainerId == null && u.LocationId == (source ?? eu.LocationId) && u.LocationId != to.Id
                           orderby u.Id
                           select new { u.ProductId, u.Id, u.LocationId }).Distinct().ToListAsync(ct);
        var lotPlaces = await (from el in db.EventLots.AsNoTracking()
                               join e in receipts on el.EventId equals e.Id
                               where el.LocationId != null
                               select new { el.LotId, LocationId = el.LocationId!.Value }).Distinct().ToListAsync(ct);
        var lines = units.Select(u => NewLine(u.ProductId, u.Id, null, u.LocationId, to.Id, 1)).ToList();
        foreach (var place in lotPlaces.Select(p => p with { LocationId = source ?? p.LocationId }).Distinct().Where(p => p.LocationId != to.Id))
        {
            var here = await db.LotBalances.AsNoTracking()
                .Where(b => b.LotId == place.LotId && b.LocationId == place.LocationId && b.Status == BalanceStatus.Available).SumAsync(b => b.Quantity, ct);
            if (here > 0)
            {
                var productId = await db.Lots.Where(l => l.Id == place.LotId).Select(l => l.ProductId).FirstAsync(ct);
                lines.Add(NewLine(productId, null, place.LotId, place.LocationId, to.Id, here));
            }
        }
        if (lines.Count == 0)
        {
            throw DomainException.Rule("task.nothing_to_put_away", $"Nothing received on {order.Number} is still waiting at the receiving location.", "order");
        }
        head.OrderId = order.Id;
        head.Title = Text.Optional(request.Title, "title", 200) ?? $"Put away {order.Number} to {to.Code}";
        return await SaveAsync(head, lines, ct);
    }

    // Open and in-progress tasks a user may take: assigned to them, in a zone's queue (the zone given, or
    // any), or for anyone; most urgent first, then the earliest due.
    public async Task<List<TaskSummary>> QueueAsync(string user, string? zone, CancellationToken ct)
    {
        var q = db.WarehouseTasks.AsNoTracking().Where(t => t.Status == WarehouseTaskStatus.Open || t.Status == WarehouseTaskStatus.InProgress);
        if (Text.Optional(zone, "zone", 64) is { } z)
        {
            var path = (await Places.LocationAsync(db, z, "zone", ct)).Path;
            var zones = db.Locations.Where(l => l.Path.StartsWith(path)).Select(l => l.Id);
            q = q.Where(t => t.Assignee == user || (t.Assignee == null && (t.ZoneLocationId == null || zones.Contains(t.ZoneLocationId.Value))));
        }
        else
        {
            q = q.Where(t => t.Assignee == user || t.Assignee == null);
        }
        var tasks = await q.OrderByDescending(t => t.Priority).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id).Take(500).ToListAsync(ct);
        return await SummariesAsync(tasks, ct);
    }

    // The managers' overview, newest first, paged by id.
    public async Task<List<TaskSummary>> ListAsync(TaskFilter filter, CancellationToken ct)
    {
        var q = db.WarehouseTasks.AsNoTracking();
        if (filter.Status is { } status)
        {
            q = q.Where(t => t.Status == status);
        }
        if (Text.Optional(filter.Assignee, "assignee", 64) is { } assignee)
        {
            q = q.Where(t => t.Assignee == assignee);
        }
        if (filter.Kind is { } kind)
        {
            q = q.Where(t => t.Kind == kind);
        }
        if (filter.AfterId is { } after)
        {
            q = q.Where(t => t.Id < after);
        }
        var tasks = await q.OrderByDescending(t => t.Id).Take(Math.Clamp(filter.Limit, 1, 1000)).ToListAsync(ct);
        return await SummariesAsync(tasks, ct);
    }

    public async Task<TaskView> GetAsync(string number, CancellationToken ct, bool blind = false) =>
        await ViewAsync(await FindAsync(db, number, ct, tracked: false), blind, ct);

    // Undone lines become exceptions ("cancelled"); what was done stays done.
    public async Task<TaskView> CancelAsync(string number, Actor actor, CancellationToken ct)
    {
        var task = await FindAsync(db, number, ct);
        if (task.Status is WarehouseTaskStatus.Done or WarehouseTaskStatus.Cancelled)
        {
            throw DomainException.Rule("task.closed", $"Task {task.Number} is already {Text.Snake(task.Status)}.", "task");
        }
        var now = clock.GetUtcNow();
        await db.TaskLines.Where(l => l.TaskId == task.Id && l.Status == TaskLineStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, TaskLineStatus.Exception)
                .SetProperty(l => l.ExceptionReason, $"cancelled by {actor.Name}").SetProperty(l => l.DoneBy, actor.Name).SetProperty(l => l.DoneAt, now), ct);
        task.Status = WarehouseTaskStatus.Cancelled;
        task.CompletedAt = now;
        task.Version++;
        await Places.SaveAsync(db, ct);
        return await ViewAsync(task, false, ct);
    }

    public static async Task<WarehouseTask> FindAsync(SerialTrackDbContext db, string? number, CancellationToken ct, bool tracked = true)
    {
        var n = Text.RequiredCode(number, "task", 32).ToUpperInvariant();
        var q = tracked ? db.WarehouseTasks : db.WarehouseTasks.AsNoTracking();
        return await q.FirstOrDefaultAsync(t => t.Number == n, ct)
            ?? throw DomainException.NotFound("task.not_found", $"No task {n}.", "task");
    }

    async Task<WarehouseTask> HeadAsync(TaskRequest request, Actor actor, CancellationToken ct)
    {
        var assignee = Text.Optional(request.Assignee, "assignee", 64);
        var zone = Text.Optional(request.Zone, "zone", 64);
        if (assignee is not null && zone is not null)
        {
            throw DomainException.BadInput("task.assignee_and_zone", "zone", "A task is for a person or for a zone's queue, not both.");
        }
        if (assignee is not null && !await db.Users.AnyAsync(u => u.Name == assignee && !u.Disabled, ct))
        {
            throw DomainException.NotFound("user.not_found", $"No active user '{assignee}'.", "assignee");
        }
        if (request.Priority is < 0 or > MaxPriority)
        {
            throw DomainException.BadInput("task.priority", "priority", $"Priority is 0 (normal) to {MaxPriority} (most urgent), not {request.Priority}.");
        }
        return new WarehouseTask
        {
            Number = "",
            Kind = request.Kind,
            Status = WarehouseTaskStatus.Open,
            Title = "",
            Assignee = assignee,
            ZoneLocationId = zone is null ? null : (await Places.LocationAsync(db, zone, "zone", ct)).Id,
            Priority = request.Priority,
            DueAt = request.DueAt?.ToUniversalTime(),
            CreatedBy = actor.Name,
            CreatedAt = clock.GetUtcNow(),
            IdempotencyKey = KeyOf(request),
            RequestHash = Fingerprint(request),
        };
    }

    // A replenishment task: lines planned by Replenishment. Its fingerprint is the rule's product and place,
    // so two runs racing on the same key agree whatever quantities each found.
    internal async Task<TaskView> CreateReplenishmentAsync(long ruleId, string location, string sku, string title, List<TaskLine> lines, string key, Actor actor, CancellationToken ct)
    {
        var request = new TaskRequest(TaskKind.Move, To: location, Product: sku, Context: new EventContext(IdempotencyKey: key));
        if (await ReplayAsync(request, ct) is { } replay)
        {
            return replay;
        }
        var head = await HeadAsync(request, actor, ct);
        head.Title = title;
        head.ReplenishmentRuleId = ruleId;
        return await SaveAsync(head, lines, ct);
    }

    static string? KeyOf(TaskRequest request) => Text.Optional(request.Context?.IdempotencyKey, "idempotencyKey", 200);

    // What the request asked for, without its key: a retry hashes the same, another request with the key does not.
    static string Fingerprint(TaskRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request with { Context = null })));

    // A retry of a create that already ran returns its task; the key on a different request is a client bug.
    internal async Task<TaskView?> ReplayAsync(TaskRequest request, CancellationToken ct) =>
        KeyOf(request) is { } key ? await ReplayAsync(key, Fingerprint(request), ct) : null;

    async Task<TaskView?> ReplayAsync(string key, string? hash, CancellationToken ct)
    {
        var first = await db.WarehouseTasks.AsNoTracking().FirstOrDefaultAsync(t => t.IdempotencyKey == key, ct);
        if (first is null)
        {
            return null;
        }
        if (first.RequestHash != hash)
        {
            throw DomainException.Rule("idempotency.key_reused", $"Idempotency key '{key}' was already used for a different request.", "idempotencyKey");
        }
        return await ViewAsync(first, false, ct) with { Replayed = true };
    }

    async Task<Order> OrderAsync(string? number, OrderKind kind, CancellationToken ct)
    {
        var n = Text.RequiredCode(number, "order", 32);
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Number == n, ct)
            ?? throw DomainException.NotFound("order.not_found", $"No order {n}.", "order");
        if (order.Kind != kind)
        {
            throw DomainException.Rule("task.wrong_order_kind", $"{order.Number} is a {OrderBook.Describe(order.Kind)}, not a {OrderBook.Describe(kind)}.", "order");
        }
        if (order.Status is OrderStatus.Cancelled or OrderStatus.Closed)
        {
            throw DomainException.Rule("order.closed", $"{order.Number} is {Text.Snake(order.Status)}.", "order");
        }
        return order;
    }

    internal static TaskLine NewLine(long? productId, long? unitId, long? lotId, long? from, long? to, decimal quantity, long? toContainer = null) => new()
    {
        ProductId = productId,
        UnitId = unitId,
        LotId = lotId,
        FromLocationId = from,
        ToLocationId = to,
        ToContainerId = toContainer,
        Quantity = quantity,
        Status = TaskLineStatus.Open,
    };

    // The head through EF (it needs its id back); the lines, which may be a whole group, in batches.
    internal async Task<TaskView> SaveAsync(WarehouseTask task, List<TaskLine> lines, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            task.Number = $"TSK-{await Sequences.NextAsync(sql, "task", ct):000000}";
            db.WarehouseTasks.Add(task);
            await db.SaveChangesAsync(ct);
            await sql.InsertAsync("task_lines", LineColumns, lines.Select((l, i) => new object?[]
            {
                task.Id, i + 1, l.ProductId, l.UnitId, l.LotId, l.FromLocationId, l.ToLocationId, l.ToContainerId, sql.Quantity(l.Quantity), sql.Quantity(0m),
                (int)TaskLineStatus.Open,
            }).ToList(), ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (task.IdempotencyKey is { } key && e.InnerException is DbException inner && SqlSession.IsUniqueViolation(inner))
        {
            // A first attempt with the same key committed while this one ran: both answer with its task.
            db.Entry(task).State = EntityState.Detached;
            return await ReplayAsync(key, task.RequestHash, ct) ?? throw DomainException.Conflict("state.changed", "The task could not be saved; try again.");
        }
        return await ViewAsync(task, false, ct);
    }

    static readonly string[] LineColumns =
        ["task_id", "line_no", "product_id", "unit_id", "lot_id", "from_location_id", "to_location_id", "to_container_id", "quantity", "done_quantity", "status"];

    async Task<List<TaskSummary>> SummariesAsync(List<WarehouseTask> tasks, CancellationToken ct)
    {
        var ids = tasks.Select(t => t.Id).ToList();
        var progress = await db.TaskLines.AsNoTracking().Where(l => ids.Contains(l.TaskId))
            .GroupBy(l => new { l.TaskId, l.Status }).Select(g => new { g.Key.TaskId, g.Key.Status, Count = g.Count() }).ToListAsync(ct);
        var workers = await db.TaskScans.AsNoTracking().Where(s => ids.Contains(s.TaskId))
            .Select(s => new { s.TaskId, s.ScannedBy }).Distinct().ToListAsync(ct);
        var doers = await db.TaskLines.AsNoTracking().Where(l => ids.Contains(l.TaskId) && l.DoneBy != null)
            .Select(l => new { l.TaskId, ScannedBy = l.DoneBy! }).Distinct().ToListAsync(ct);
        var names = await NamesAsync(tasks.Where(t => t.ZoneLocationId is not null).Select(t => t.ZoneLocationId!.Value), ct);
        var orderIds = tasks.Where(t => t.OrderId is not null).Select(t => t.OrderId!.Value).Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Number, ct);
        var now = clock.GetUtcNow();
        return tasks.Select(t =>
        {
            int Count(TaskLineStatus s) => progress.Where(p => p.TaskId == t.Id && p.Status == s).Sum(p => p.Count);
            var worked = workers.Concat(doers).Where(w => w.TaskId == t.Id).Select(w => w.ScannedBy).Distinct().Order(StringComparer.Ordinal).ToList();
            return new TaskSummary(t.Id, t.Number, t.Kind, t.Status, t.Title, t.Assignee, t.ZoneLocationId is { } z ? names[z] : null, t.Priority, t.DueAt,
                t.OrderId is { } o ? orders[o] : null, t.CreatedBy, t.CreatedAt, now - t.CreatedAt,
                Count(TaskLineStatus.Open) + Count(TaskLineStatus.Done) + Count(TaskLineStatus.Exception), Count(TaskLineStatus.Done), Count(TaskLineStatus.Exception),
                t.LastWorkedBy, worked, t.Version);
        }).ToList();
    }

    internal async Task<TaskSummary> SummaryAsync(WarehouseTask task, CancellationToken ct) => (await SummariesAsync([task], ct))[0];

    async Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> locationIds, CancellationToken ct)
    {
        var ids = locationIds.Distinct().ToList();
        return await db.Locations.AsNoTracking().Where(l => ids.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
    }

    internal async Task<TaskView> ViewAsync(WarehouseTask task, bool blind, CancellationToken ct)
    {
        var lines = await db.TaskLines.AsNoTracking().Where(l => l.TaskId == task.Id).OrderBy(l => l.LineNo).ToListAsync(ct);
        var scans = await db.TaskScans.AsNoTracking().Where(s => s.TaskId == task.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var unitIds = lines.Where(l => l.UnitId is not null).Select(l => l.UnitId!.Value).Concat(scans.Where(s => s.UnitId is not null).Select(s => s.UnitId!.Value)).Distinct().ToList();
        var lotIds = lines.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).Concat(scans.Where(s => s.LotId is not null).Select(s => s.LotId!.Value)).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new { u.Id, u.ProductId, u.LotId, u.Serial }).ToDictionaryAsync(u => u.Id, ct);
        var lots = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var productIds = lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Concat(units.Values.Select(u => u.ProductId)).Concat(lots.Values.Select(l => l.ProductId)).Distinct().ToList();
        var skus = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Sku, ct);
        var places = await NamesAsync(lines.SelectMany(l => new[] { l.FromLocationId, l.ToLocationId }).Concat(scans.Select(s => s.LocationId))
            .Where(id => id is not null).Select(id => id!.Value), ct);
        var containerIds = lines.Where(l => l.ToContainerId is not null).Select(l => l.ToContainerId!.Value).Distinct().ToList();
        var containers = await db.Containers.AsNoTracking().Where(c => containerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        // Units and lots are looked up apart: a unit and a lot may share an id.
        var forUnits = await Instructions.ApplyingAsync(db, units.Values.Select(u => new Instructions.Handled(u.Id, u.ProductId, u.LotId)).ToList(), [], ct);
        var forLots = await Instructions.ApplyingAsync(db, [], lots.Values.Select(l => new Instructions.Handled(l.Id, l.ProductId, l.Id)).ToList(), ct);
        var count = task.Kind == TaskKind.Count;

        IReadOnlyList<AppliedInstruction> Of(long? unitId, long? lotId) =>
            unitId is { } u && forUnits.TryGetValue(u, out var a) ? a : lotId is { } l && forLots.TryGetValue(l, out var b) ? b : [];

        var lineViews = lines.Select(l => new TaskLineView(l.LineNo, l.Status,
            l.ProductId is { } p ? skus.GetValueOrDefault(p) : null,
            l.UnitId is { } u && !(blind && count) ? units[u].Serial : null,
            l.LotId is { } lot ? lots[lot].Code : null,
            l.FromLocationId is { } f ? places[f] : null, l.ToLocationId is { } t ? places[t] : null,
            blind && count ? null : l.Quantity, l.DoneQuantity, l.CountedQuantity, l.ExceptionReason, l.DoneBy, l.DoneAt, l.EventId,
            Of(l.UnitId, l.LotId), l.ToContainerId is { } box ? containers[box] : null)).ToList();
        var lineNos = lines.ToDictionary(l => l.Id, l => l.LineNo);
        var scanViews = scans.Select(s => new TaskScanView(s.Id, s.TaskLineId is { } id ? lineNos.GetValueOrDefault(id) : null,
            s.UnitId is { } u ? skus.GetValueOrDefault(units[u].ProductId) : s.LotId is { } lp ? skus.GetValueOrDefault(lots[lp].ProductId) : null,
            s.UnitId is { } su ? units[su].Serial : null, s.LotId is { } sl ? lots[sl].Code : null,
            s.LocationId is { } loc ? places[loc] : null, s.Quantity, s.ScannedBy, s.ScannedAt)).ToList();
        var all = forUnits.Values.Concat(forLots.Values).SelectMany(a => a).DistinctBy(a => a.Id).OrderByDescending(a => a.Severity).ThenBy(a => a.Id).ToList();
        return new TaskView(await SummaryAsync(task, ct), lineViews, scanViews, all);
    }

    static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

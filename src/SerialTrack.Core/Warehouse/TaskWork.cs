using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// What the worker scans next. Item also accepts the destination once something was taken.
public enum TaskStep
{
    Source = 1,
    Item = 2,
    Destination = 3,
    Done = 4,
}

// The worker's trip so far: the source scanned and the items taken (by task line, with quantity). The client
// keeps it and sends it back with every scan, so nothing is written before the destination confirms it.
public sealed record TaskTrip(string? From = null, IReadOnlyList<TripItem>? Items = null);

public sealed record TripItem(int LineNo, decimal Quantity);

// Code is the scanned text: a location, a serial, GS1 data, a container code or SSCC, anything the Scanner
// knows. Quantity: lot quantities taken or counted.
public sealed record TaskScanRequest(string Task, string? Code, TaskTrip? Trip = null, decimal? Quantity = null, EventContext? Context = null);

// Confirmed: the lines this scan finished; EventId: the inventory event it wrote (destination scans).
public sealed record TaskScanAnswer(
    TaskStep Next, TaskTrip Trip, string Message, IReadOnlyList<int> Confirmed, long? EventId,
    IReadOnlyList<AppliedInstruction> Instructions, TaskSummary Task, bool Replayed = false);

public sealed record LineExceptionRequest(string Task, int LineNo, string? Reason);

// What finishing a count wrote: one event per kind of difference (none when the count matched the books).
public sealed record ReconcileResult(TaskSummary Task, IReadOnlyList<long> EventIds, int Lost, int Found, int Moved, int LotCorrections, bool Replayed = false);

// Executing tasks by scanning: source location, item(s), destination. A wrong item, a wrong place or a scan
// out of order is refused on the spot and writes nothing; the destination scan runs the real process
// (Moving, Shipping.PickAsync, Packing) with the task number as business transaction, in one transaction
// with the task's own lines and scans. Count tasks record what was found and reconcile at the end.
public sealed class TaskWork(SerialTrackDbContext db, TimeProvider clock, StaffTasks tasks, Scanner scanner,
    Moving moving, Packing packing, Shipping shipping, Adjustments adjustments)
{
    public async Task<TaskScanAnswer> ScanAsync(TaskScanRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        var task = await StaffTasks.FindAsync(db, request.Task, ct, tracked: false);
        if (await ReplayAsync(task, context, ct) is { } replay)
        {
            return replay;
        }
        if (task.Status is WarehouseTaskStatus.Done or WarehouseTaskStatus.Cancelled)
        {
            throw DomainException.Conflict("task.closed", $"Task {task.Number} is {Text.Snake(task.Status)}: there is nothing left to scan.", "task");
        }
        var trip = request.Trip ?? new TaskTrip();
        var scan = await scanner.ScanAsync(request.Code, ct);
        if (scan.Matches.Count == 0)
        {
            throw DomainException.NotFound("scan.unknown", scan.Message ?? $"'{request.Code}' is nothing known.", "code");
        }
        return task.Kind == TaskKind.Count
            ? await CountScanAsync(task, trip, scan, request.Quantity, actor, ct)
            : await TripScanAsync(task, trip, scan, request.Quantity, actor, context, ct);
    }

    async Task<TaskScanAnswer> TripScanAsync(WarehouseTask task, TaskTrip trip, ScanResult scan, decimal? quantity, Actor actor, EventContext context, CancellationToken ct)
    {
        var items = trip.Items ?? [];
        var location = Match(scan, ScanKind.Location);
        var container = Match(scan, ScanKind.Container);
        var item = scan.Matches.Where(m => m.Kind is ScanKind.Unit or ScanKind.Lot).ToList();
        // A container is a destination only for packing; elsewhere it is scanned where an item is expected.
        var destination = task.Kind == TaskKind.Pack ? container : location;
        if (trip.From is null || (location is not null && items.Count == 0))
        {
            if (location is null)
            {
                throw DomainException.Rule("task.scan_order", $"Scan the source location first: {await SourcesAsync(task, ct)}.", "code");
            }
            var open = await db.TaskLines.CountAsync(l => l.TaskId == task.Id && l.Status == TaskLineStatus.Open && l.FromLocationId == location.Id, ct);
            if (open == 0)
            {
                throw DomainException.Rule("task.wrong_location", $"Task {task.Number} takes nothing from {CodeOf(location)}: go to {await SourcesAsync(task, ct)}.", "code");
            }
            await StartAsync(task, actor, ct);
            return await AnswerAsync(task, TaskStep.Item, new TaskTrip(CodeOf(location), []), $"At {CodeOf(location)}: scan the items ({Plural(open, "line")} to take here).", [], null, scan.Instructions, ct);
        }
        var source = await Places.LocationAsync(db, trip.From, "trip.from", ct);
        if (destination is not null && items.Count > 0)
        {
            return await ConfirmAsync(task, source, items, destination, actor, context, ct);
        }
        if (item.Count == 0)
        {
            throw DomainException.Rule("task.scan_order", items.Count == 0
                ? $"Scan an item to take from {source.Code}."
                : $"Scan another item to take from {source.Code}, or the destination {await DestinationOfAsync(task, items[0].LineNo, ct)}.", "code");
        }
        var unitIds = item.Where(m => m.Kind == ScanKind.Unit).Select(m => m.Id).ToList();
        var lotIds = item.Where(m => m.Kind == ScanKind.Lot).Select(m => m.Id).ToList();
        var candidates = await db.TaskLines.AsNoTracking()
            .Where(l => l.TaskId == task.Id && ((l.UnitId != null && unitIds.Contains(l.UnitId.Value)) || (l.LotId != null && lotIds.Contains(l.LotId.Value))))
            .OrderBy(l => l.Status).ThenBy(l => l.FromLocationId == source.Id ? 0 : 1).ThenBy(l => l.LineNo).ToListAsync(ct);
        var line = candidates.FirstOrDefault() ?? throw DomainException.Rule("task.wrong_item", $"{item[0].Label} is not on task {task.Number}.", "code");
        var what = item.First(m => m.Kind == (line.UnitId is not null ? ScanKind.Unit : ScanKind.Lot));
        if (line.Status != TaskLineStatus.Open)
        {
            throw DomainException.Conflict("task.line_done", $"{what.Label} (line {line.LineNo}) is already {Text.Snake(line.Status)}{(line.DoneBy is null ? "" : $" by {line.DoneBy}")}.", "code");
        }
        if (line.FromLocationId != source.Id)
        {
            throw DomainException.Rule("task.item_not_here", $"{what.Label} is to be taken from {await CodeAsync(line.FromLocationId, ct)}, not {source.Code}.", "code");
        }
        if (what.Unit is { } u && u.Location != source.Code)
        {
            throw DomainException.Rule("task.item_not_here", $"{what.Label} is at {u.Location ?? "no location"} according to the books, not {source.Code}: report the line as an exception if it is missing.", "code");
        }
        if (items.Any(i => i.LineNo == line.LineNo))
        {
            throw DomainException.BadInput("task.already_scanned", "code", $"{what.Label} was already scanned on this trip.");
        }
        if (items.Count > 0 && await DestinationOfAsync(task, items[0].LineNo, ct) is var first && first != await DestinationAsync(line, ct))
        {
            throw DomainException.Rule("task.other_destination", $"{what.Label} goes elsewhere than the items already taken: take those to {first} first.", "code");
        }
        var take = line.Quantity - line.DoneQuantity;
        if (line.LotId is not null && quantity is { } q)
        {
            if (q <= 0 || q > take)
            {
                throw DomainException.BadInput("quantity.out_of_range", "quantity", $"Take more than 0 and at most {take} of {what.Label}, not {q}.");
            }
            take = q;
        }
        await RequireAcknowledgedAsync(task.Kind, line, ct);
        var taken = items.Append(new TripItem(line.LineNo, take)).ToList();
        return await AnswerAsync(task, TaskStep.Item, trip with { Items = taken },
            $"Took {what.Label}{(line.LotId is null ? "" : $" ({take})")}: scan more items or the destination {await DestinationAsync(line, ct)}.", [], null, scan.Instructions, ct);
    }

    // The destination confirms the trip: the real process and the task's bookkeeping in one transaction.
    async Task<TaskScanAnswer> ConfirmAsync(WarehouseTask task, Locations.Location source, IReadOnlyList<TripItem> items, ScanMatch destination, Actor actor, EventContext context, CancellationToken ct)
    {
        var numbers = items.Select(i => i.LineNo).ToList();
        var lines = await db.TaskLines.AsNoTracking().Where(l => l.TaskId == task.Id && numbers.Contains(l.LineNo)).ToListAsync(ct);
        if (lines.Count != numbers.Distinct().Count())
        {
            throw DomainException.BadInput("task.trip_unknown_line", "trip.items", $"The trip names lines that task {task.Number} does not have.");
        }
        if (lines.FirstOrDefault(l => l.Status != TaskLineStatus.Open) is { } done)
        {
            throw DomainException.Conflict("task.line_done", $"Line {done.LineNo} was already {Text.Snake(done.Status)}{(done.DoneBy is null ? "" : $" by {done.DoneBy}")}: nothing was done.", "code");
        }
        long? at = destination.Kind == ScanKind.Container ? await db.Containers.Where(c => c.Id == destination.Id).Select(c => c.LocationId).FirstAsync(ct) : destination.Id;
        // A pack line names its container: another one is wrong even where it stands, and the line's own
        // container is right wherever it has been moved since.
        if (lines.FirstOrDefault(l => l.ToContainerId is { } box && box != destination.Id) is { } otherBox)
        {
            throw DomainException.Rule("task.wrong_container", $"Pack into {await DestinationAsync(otherBox, ct)}, not {destination.Label}.", "code");
        }
        if (lines.FirstOrDefault(l => l.ToContainerId is null && l.ToLocationId != at) is { } wrong)
        {
            var expected = await CodeAsync(wrong.ToLocationId, ct);
            throw DomainException.Rule("task.wrong_destination", task.Kind == TaskKind.Pack
                ? $"Pack into the container at {expected}, not {destination.Label}."
                : $"Take these to {expected}, not {CodeOf(destination)}.", "code");
        }
        var unitIds = lines.Where(l => l.UnitId is not null).Select(l => l.UnitId!.Value).ToList();
        var unitRefs = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Join(db.Products, u => u.ProductId, p => p.Id, (u, p) => new { u.Id, p.Sku, u.Serial })
            .ToDictionaryAsync(u => u.Id, u => new UnitRef(u.Sku, u.Serial), ct);
        var lotIds = lines.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).ToList();
        var lotRefs = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.Id, p.Sku, l.Code })
            .ToDictionaryAsync(l => l.Id, ct);
        var units = lines.Where(l => l.UnitId is not null).Select(l => unitRefs[l.UnitId!.Value]).ToList();
        var lots = lines.Where(l => l.LotId is not null)
            .Select(l => new LotQuantity(lotRefs[l.LotId!.Value].Sku, lotRefs[l.LotId!.Value].Code, items.First(i => i.LineNo == l.LineNo).Quantity, source.Code)).ToList();
        var forTask = context with { BizTransaction = task.Number };
        var to = destination.Kind == ScanKind.Container ? await CodeAsync(at, ct) : CodeOf(destination);
        var into = destination.Kind == ScanKind.Container ? await db.Containers.Where(c => c.Id == destination.Id).Select(c => c.Code).FirstAsync(ct) : null;
        var now = clock.GetUtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = task.Kind switch
        {
            TaskKind.Pack => await packing.PackAsync(new PackRequest(into!, units, lots, Context: forTask), actor, ct),
            TaskKind.Pick => await PickAsync(task, units, lots, source.Code, to, forTask, actor, ct),
            _ => await moving.MoveAsync(new MoveRequest(to, units, lots, From: source.Code, Context: forTask), actor, ct),
        };
        foreach (var line in lines)
        {
            var q = items.First(i => i.LineNo == line.LineNo).Quantity;
            var finished = line.DoneQuantity + q >= line.Quantity;
            // Only a line still as it was read: a second worker confirming the same line gets a conflict.
            var changed = await db.TaskLines.Where(l => l.Id == line.Id && l.Status == TaskLineStatus.Open && l.DoneQuantity == line.DoneQuantity)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.DoneQuantity, line.DoneQuantity + q)
                    .SetProperty(l => l.Status, finished ? TaskLineStatus.Done : TaskLineStatus.Open)
                    .SetProperty(l => l.DoneBy, actor.Name).SetProperty(l => l.DoneAt, now).SetProperty(l => l.EventId, result.EventId), ct);
            if (changed != 1)
            {
                throw DomainException.Conflict("task.line_done", $"Line {line.LineNo} was done by someone else meanwhile: nothing was done.", "code");
            }
            db.TaskScans.Add(new TaskScan
            {
                TaskId = task.Id,
                TaskLineId = line.Id,
                UnitId = line.UnitId,
                LotId = line.LotId,
                LocationId = at,
                Quantity = q,
                ScannedBy = actor.Name,
                ScannedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        var finishedTask = await FinishIfDoneAsync(task, actor, now, ct);
        await tx.CommitAsync(ct);
        var confirmed = lines.Where(l => l.DoneQuantity + items.First(i => i.LineNo == l.LineNo).Quantity >= l.Quantity).Select(l => l.LineNo).ToList();
        return await AnswerAsync(task, finishedTask ? TaskStep.Done : TaskStep.Source, new TaskTrip(),
            $"Confirmed {Plural(lines.Count, "line")} at {into ?? to}." + (finishedTask ? $" Task {task.Number} is done." : $" Next: {await SourcesAsync(task, ct)}."),
            confirmed, result.EventId, [], ct);
    }

    // Picked for the order where it lies, then taken to the staging location: the Picked event carries the
    // order, the Moved event the task number.
    async Task<ProcessResult> PickAsync(WarehouseTask task, List<UnitRef> units, List<LotQuantity> lots, string from, string to, EventContext context, Actor actor, CancellationToken ct)
    {
        var order = await db.Orders.Where(o => o.Id == task.OrderId).Select(o => o.Number).FirstAsync(ct);
        var picked = await shipping.PickAsync(new PickRequest(order, units, lots, Context: context), actor, ct);
        if (from != to)
        {
            var key = context.IdempotencyKey is { Length: > 0 } k ? k + ":move" : null;
            await moving.MoveAsync(new MoveRequest(to, units, lots, From: from, Context: context with { IdempotencyKey = key }), actor, ct);
        }
        return picked;
    }

    async Task<TaskScanAnswer> CountScanAsync(WarehouseTask task, TaskTrip trip, ScanResult scan, decimal? quantity, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (Match(scan, ScanKind.Location) is { } location)
        {
            if (!await InCountAsync(task, location.Id, ct))
            {
                throw DomainException.Rule("task.wrong_location", $"{CodeOf(location)} is not part of count {task.Number}: count {await SourcesAsync(task, ct)}.", "code");
            }
            await StartAsync(task, actor, ct);
            // The visit itself is recorded: a location visited and found empty is counted as empty.
            db.TaskScans.Add(new TaskScan { TaskId = task.Id, LocationId = location.Id, ScannedBy = actor.Name, ScannedAt = now });
            await db.SaveChangesAsync(ct);
            return await AnswerAsync(task, TaskStep.Item, new TaskTrip(CodeOf(location), []), $"Counting {CodeOf(location)}: scan every unit, and each lot with its quantity.", [], null, [], ct);
        }
        if (trip.From is null)
        {
            throw DomainException.Rule("task.scan_order", $"Scan the location you count first: {await SourcesAsync(task, ct)}.", "code");
        }
        var here = await Places.LocationAsync(db, trip.From, "trip.from", ct);
        var product = await CountedProductAsync(task, ct);
        var unit = scan.Matches.Where(m => m.Kind == ScanKind.Unit).ToList();
        var lot = Match(scan, ScanKind.Lot);
        TaskLine? line;
        if (unit.Count > 0)
        {
            var ids = unit.Select(m => m.Id).ToList();
            var u = await db.Units.AsNoTracking().Where(x => ids.Contains(x.Id)).OrderBy(x => x.ProductId == product ? 0 : 1).FirstAsync(ct);
            var label = unit.First(m => m.Id == u.Id).Label;
            if (product is { } p && u.ProductId != p)
            {
                throw DomainException.Rule("task.wrong_item", $"{label} is another product than this count's.", "code");
            }
            if (await db.TaskScans.Where(s => s.TaskId == task.Id && s.UnitId == u.Id).Select(s => s.LocationId).FirstOrDefaultAsync(ct) is { } seen)
            {
                throw DomainException.BadInput("task.already_counted", "code", $"{label} was already counted at {await CodeAsync(seen, ct)}.");
            }
            line = await db.TaskLines.FirstOrDefaultAsync(l => l.TaskId == task.Id && l.UnitId == u.Id && l.FromLocationId == here.Id, ct);
            await RequireAcknowledgedAsync(TaskKind.Count, new TaskLine { UnitId = u.Id }, ct);
            line?.CountedQuantity = 1;
            db.TaskScans.Add(new TaskScan { TaskId = task.Id, TaskLineId = line?.Id, UnitId = u.Id, LocationId = here.Id, Quantity = 1, ScannedBy = actor.Name, ScannedAt = now });
            await db.SaveChangesAsync(ct);
            return await AnswerAsync(task, TaskStep.Item, trip, $"Counted {label} at {here.Code}.", [], null, scan.Instructions, ct);
        }
        if (lot is null)
        {
            throw DomainException.Rule("task.wrong_item", $"Scan units or lots to count, or the next location ({scan.Matches[0].Label} is neither).", "code");
        }
        var counted = quantity ?? throw DomainException.BadInput("field.required", "quantity", $"Say how much of {lot.Label} is at {here.Code}.");
        if (counted < 0)
        {
            throw DomainException.BadInput("quantity.negative", "quantity", $"A counted quantity cannot be negative ({counted}).");
        }
        var lotRow = await db.Lots.AsNoTracking().FirstAsync(l => l.Id == lot.Id, ct);
        if (product is { } wanted && lotRow.ProductId != wanted)
        {
            throw DomainException.Rule("task.wrong_item", $"{lot.Label} is another product than this count's.", "code");
        }
        line = await db.TaskLines.FirstOrDefaultAsync(l => l.TaskId == task.Id && l.LotId == lot.Id && l.FromLocationId == here.Id, ct);
        await RequireAcknowledgedAsync(TaskKind.Count, new TaskLine { LotId = lot.Id }, ct);
        // Counting a lot again replaces what was counted before: the last count is the one that holds.
        line?.CountedQuantity = counted;
        db.TaskScans.Add(new TaskScan { TaskId = task.Id, TaskLineId = line?.Id, LotId = lot.Id, LocationId = here.Id, Quantity = counted, ScannedBy = actor.Name, ScannedAt = now });
        await db.SaveChangesAsync(ct);
        return await AnswerAsync(task, TaskStep.Item, trip, $"Counted {counted} of {lot.Label} at {here.Code}.", [], null, scan.Instructions, ct);
    }

    // A missing item (or any line that cannot be done as planned) is closed as an exception with the reason.
    public async Task<TaskView> ReportExceptionAsync(LineExceptionRequest request, Actor actor, CancellationToken ct)
    {
        var task = await StaffTasks.FindAsync(db, request.Task, ct, tracked: false);
        var reason = Text.Required(request.Reason, "reason", 500);
        if (task.Status is WarehouseTaskStatus.Done or WarehouseTaskStatus.Cancelled)
        {
            throw DomainException.Conflict("task.closed", $"Task {task.Number} is {Text.Snake(task.Status)}.", "task");
        }
        var line = await db.TaskLines.AsNoTracking().FirstOrDefaultAsync(l => l.TaskId == task.Id && l.LineNo == request.LineNo, ct)
            ?? throw DomainException.NotFound("task.line_not_found", $"Task {task.Number} has no line {request.LineNo}.", "lineNo");
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var changed = await db.TaskLines.Where(l => l.Id == line.Id && l.Status == TaskLineStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, TaskLineStatus.Exception).SetProperty(l => l.ExceptionReason, reason)
                .SetProperty(l => l.DoneBy, actor.Name).SetProperty(l => l.DoneAt, now), ct);
        if (changed != 1)
        {
            throw DomainException.Conflict("task.line_done", $"Line {line.LineNo} is already {Text.Snake(line.Status)}.", "lineNo");
        }
        await FinishIfDoneAsync(task, actor, now, ct);
        await tx.CommitAsync(ct);
        return await tasks.GetAsync(task.Number, ct);
    }

    // Finishing a count: units expected but not found are lost, units found that the books had elsewhere are
    // moved here (or found, if they were lost), lot quantities get a count correction by the difference.
    // Lines at locations nobody visited become exceptions: not counted is not missing.
    public async Task<ReconcileResult> ReconcileAsync(string task, Actor actor, CancellationToken ct, EventContext? context = null)
    {
        context ??= new EventContext();
        var t = await StaffTasks.FindAsync(db, task, ct, tracked: false);
        if (t.Kind != TaskKind.Count)
        {
            throw DomainException.Rule("task.not_a_count", $"Task {t.Number} is a {Text.Snake(t.Kind)} task: only counts are reconciled.", "task");
        }
        if (t.Status == WarehouseTaskStatus.Done && !string.IsNullOrWhiteSpace(context.IdempotencyKey))
        {
            var eventIds = await db.TaskLines.Where(l => l.TaskId == t.Id && l.EventId != null).Select(l => l.EventId!.Value).Distinct().ToListAsync(ct);
            return new ReconcileResult(await tasks.SummaryAsync(t, ct), eventIds, 0, 0, 0, 0, Replayed: true);
        }
        if (t.Status is WarehouseTaskStatus.Done or WarehouseTaskStatus.Cancelled)
        {
            throw DomainException.Conflict("task.closed", $"Task {t.Number} is {Text.Snake(t.Status)}.", "task");
        }
        var lines = await db.TaskLines.AsNoTracking().Where(l => l.TaskId == t.Id && l.Status == TaskLineStatus.Open).ToListAsync(ct);
        var scans = await db.TaskScans.AsNoTracking().Where(s => s.TaskId == t.Id).OrderBy(s => s.Id).ToListAsync(ct);
        var visited = scans.Where(s => s.LocationId is not null).Select(s => s.LocationId!.Value).ToHashSet();
        var unitScans = scans.Where(s => s.UnitId is not null).ToDictionary(s => s.UnitId!.Value, s => s.LocationId!.Value);
        // The last count of each lot at each place holds.
        var lotScans = scans.Where(s => s.LotId is not null).GroupBy(s => (Lot: s.LotId!.Value, At: s.LocationId!.Value)).ToDictionary(g => g.Key, g => g.Last().Quantity);

        var unitIds = lines.Where(l => l.UnitId is not null).Select(l => l.UnitId!.Value).Concat(unitScans.Keys).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Join(db.Products, u => u.ProductId, p => p.Id, (u, p) => new { u.Id, p.Sku, u.Serial, u.Status, u.LocationId, u.ContainerId })
            .ToDictionaryAsync(u => u.Id, ct);
        var lotIds = lines.Where(l => l.LotId is not null).Select(l => l.LotId!.Value).Concat(lotScans.Keys.Select(k => k.Lot)).Distinct().ToList();
        var lots = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => new { l.Id, p.Sku, l.Code }).ToDictionaryAsync(l => l.Id, ct);
        var places = await db.Locations.AsNoTracking().Where(l => visited.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
        var books = await db.LotBalances.AsNoTracking().Where(b => lotIds.Contains(b.LotId) && visited.Contains(b.LocationId) && b.Status != BalanceStatus.Damaged)
            .GroupBy(b => new { b.LotId, b.LocationId }).Select(g => new { g.Key.LotId, g.Key.LocationId, Quantity = g.Sum(b => b.Quantity) }).ToListAsync(ct);

        var lost = new List<(TaskLine Line, UnitRef Unit)>();
        var unchanged = new List<TaskLine>();
        var notCounted = new List<TaskLine>();
        foreach (var line in lines.Where(l => l.UnitId is not null))
        {
            var u = units[line.UnitId!.Value];
            if (!visited.Contains(line.FromLocationId!.Value))
            {
                notCounted.Add(line);
            }
            else if (unitScans.ContainsKey(u.Id) || u.LocationId != line.FromLocationId || u.Status is UnitStatus.Lost)
            {
                // Found (here or elsewhere: the moves below take care of that), or gone since the count was planned.
                unchanged.Add(line);
            }
            else
            {
                lost.Add((line, new UnitRef(u.Sku, u.Serial)));
            }
        }
        var found = new Dictionary<long, List<UnitRef>>();
        var moved = new Dictionary<long, List<UnitRef>>();
        foreach (var (unitId, at) in unitScans)
        {
            var u = units[unitId];
            if (u.Status == UnitStatus.Lost)
            {
                Add(found, at, new UnitRef(u.Sku, u.Serial));
            }
            else if (u.LocationId != at && u.ContainerId is null && Moving.Movable.Contains(u.Status))
            {
                Add(moved, at, new UnitRef(u.Sku, u.Serial));
            }
        }
        var corrections = new List<LotAdjustment>();
        var lotLines = new Dictionary<(long, long), TaskLine>();
        foreach (var line in lines.Where(l => l.LotId is not null))
        {
            if (!visited.Contains(line.FromLocationId!.Value))
            {
                notCounted.Add(line);
                continue;
            }
            lotLines[(line.LotId!.Value, line.FromLocationId!.Value)] = line;
            unchanged.Add(line);
        }
        foreach (var key in lotLines.Keys.Concat(lotScans.Keys).Distinct())
        {
            var counted = lotScans.GetValueOrDefault(key);
            var book = books.Where(b => b.LotId == key.Item1 && b.LocationId == key.Item2).Sum(b => b.Quantity);
            if (counted != book)
            {
                corrections.Add(new LotAdjustment(lots[key.Item1].Sku, lots[key.Item1].Code, places[key.Item2], counted - book));
            }
        }

        var now = clock.GetUtcNow();
        var note = $"Count {t.Number}";
        var events = new List<long>();
        string? Key(string part) => string.IsNullOrWhiteSpace(context.IdempotencyKey) ? null : $"{context.IdempotencyKey.Trim()}:{part}";
        EventContext Ctx(string part) => context with { IdempotencyKey = Key(part), BizTransaction = t.Number };

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        long? lostEvent = null;
        if (lost.Count > 0)
        {
            lostEvent = (await adjustments.AdjustAsync(new AdjustRequest(Adjustments.Lost, note, lost.Select(x => x.Unit).ToList(), Context: Ctx("lost")), actor, ct)).EventId;
            events.Add(lostEvent.Value);
        }
        foreach (var (at, refs) in found)
        {
            events.Add((await adjustments.AdjustAsync(new AdjustRequest(Adjustments.Found, note, refs, Location: places[at], Context: Ctx($"found:{at}")), actor, ct)).EventId);
        }
        foreach (var (at, refs) in moved)
        {
            events.Add((await moving.MoveAsync(new MoveRequest(places[at], refs, Context: Ctx($"move:{at}")), actor, ct)).EventId);
        }
        long? lotEvent = null;
        if (corrections.Count > 0)
        {
            lotEvent = (await adjustments.AdjustAsync(new AdjustRequest(Adjustments.CountCorrection, note, Lots: corrections, Context: Ctx("lots")), actor, ct)).EventId;
            events.Add(lotEvent.Value);
        }
        var closing = lost.Select(x => (x.Line.Id, new LineClose(TaskLineStatus.Done, null, 0, lostEvent)))
            .Concat(unchanged.Select(line =>
            {
                var counted = line.UnitId is not null ? (unitScans.ContainsKey(line.UnitId.Value) ? 1 : 0) : lotScans.GetValueOrDefault((line.LotId!.Value, line.FromLocationId!.Value));
                return (line.Id, new LineClose(TaskLineStatus.Done, null, counted, line.LotId is not null && counted != line.Quantity ? lotEvent : null));
            }))
            .Concat(notCounted.Select(line => (line.Id, new LineClose(TaskLineStatus.Exception, "location not counted", 0, null))));
        foreach (var group in closing.GroupBy(x => x.Item2))
        {
            foreach (var chunk in group.Select(x => x.Id).Chunk(500))
            {
                await CloseLinesAsync(chunk, group.Key, actor, now, ct);
            }
        }
        await FinishIfDoneAsync(t, actor, now, ct);
        await tx.CommitAsync(ct);
        var after = await StaffTasks.FindAsync(db, t.Number, ct, tracked: false);
        return new ReconcileResult(await tasks.SummaryAsync(after, ct), events, lost.Count, found.Values.Sum(v => v.Count), moved.Values.Sum(v => v.Count), corrections.Count);
    }

    sealed record LineClose(TaskLineStatus Status, string? Reason, decimal Counted, long? EventId);

    async Task CloseLinesAsync(long[] ids, LineClose close, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var changed = await db.TaskLines.Where(l => ids.Contains(l.Id) && l.Status == TaskLineStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Status, close.Status).SetProperty(l => l.ExceptionReason, close.Reason).SetProperty(l => l.CountedQuantity, close.Counted)
                .SetProperty(l => l.DoneQuantity, close.Counted).SetProperty(l => l.DoneBy, actor.Name).SetProperty(l => l.DoneAt, now).SetProperty(l => l.EventId, close.EventId), ct);
        if (changed != ids.Length)
        {
            throw DomainException.Conflict("task.changed", "The count was finished by someone else meanwhile: nothing was done.", "task");
        }
    }

    static void Add(Dictionary<long, List<UnitRef>> map, long key, UnitRef unit)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }
        list.Add(unit);
    }

    // A retried confirming scan answers as the first time: the lines its event finished.
    async Task<TaskScanAnswer?> ReplayAsync(WarehouseTask task, EventContext context, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(context.IdempotencyKey))
        {
            return null;
        }
        var key = context.IdempotencyKey.Trim();
        var eventId = await db.Events.Where(e => e.IdempotencyKey == key).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
        if (eventId is null)
        {
            return null;
        }
        var confirmed = await db.TaskLines.Where(l => l.TaskId == task.Id && l.EventId == eventId).OrderBy(l => l.LineNo).Select(l => l.LineNo).ToListAsync(ct);
        if (confirmed.Count == 0)
        {
            throw DomainException.Rule("idempotency.key_reused", $"Idempotency key '{key}' was already used for a different operation.", "idempotencyKey");
        }
        var done = task.Status == WarehouseTaskStatus.Done;
        return await AnswerAsync(task, done ? TaskStep.Done : TaskStep.Source, new TaskTrip(), $"Already confirmed: {Plural(confirmed.Count, "line")}.", confirmed, eventId, [], ct) with { Replayed = true };
    }

    // A blocking instruction stops the line until the operator acknowledged it (Instructions.AcknowledgeAsync).
    async Task RequireAcknowledgedAsync(TaskKind kind, TaskLine line, CancellationToken ct)
    {
        var process = kind switch
        {
            TaskKind.Pick => InstructionProcesses.Pick,
            TaskKind.Pack => InstructionProcesses.Pack,
            TaskKind.Count => InstructionProcesses.Count,
            _ => InstructionProcesses.Move,
        };
        var units = line.UnitId is { } id ? await UnitBatch.LoadByIdsAsync(new SqlSession(db), [id], ct) : [];
        var lots = line.LotId is { } lotId ? await db.Lots.AsNoTracking().Where(l => l.Id == lotId).ToListAsync(ct) : [];
        await InstructionGate.RequireAsync(db, process, units.Select(u => (u, "code")), lots.Select(l => (l, "code")), ct);
    }

    // Open becomes in progress on the first accepted scan; whoever scans is the last to have worked on it.
    // Set-based, without the version check: two workers on different lines are not a conflict.
    async Task StartAsync(WarehouseTask task, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.WarehouseTasks.Where(t => t.Id == task.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, t => t.Status == WarehouseTaskStatus.Open ? WarehouseTaskStatus.InProgress : t.Status)
                .SetProperty(t => t.StartedAt, t => t.StartedAt ?? now).SetProperty(t => t.LastWorkedBy, actor.Name).SetProperty(t => t.Version, t => t.Version + 1), ct);
    }

    async Task<bool> FinishIfDoneAsync(WarehouseTask task, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.WarehouseTasks.Where(t => t.Id == task.Id && !db.TaskLines.Any(l => l.TaskId == t.Id && l.Status == TaskLineStatus.Open))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, WarehouseTaskStatus.Done).SetProperty(t => t.CompletedAt, now)
                .SetProperty(t => t.StartedAt, t => t.StartedAt ?? now).SetProperty(t => t.LastWorkedBy, actor.Name).SetProperty(t => t.Version, t => t.Version + 1), ct);
        if (rows == 0)
        {
            await StartAsync(task, actor, ct);
        }
        return rows > 0;
    }

    async Task<TaskScanAnswer> AnswerAsync(WarehouseTask task, TaskStep next, TaskTrip trip, string message, IReadOnlyList<int> confirmed, long? eventId,
        IReadOnlyList<AppliedInstruction> instructions, CancellationToken ct)
    {
        var fresh = await StaffTasks.FindAsync(db, task.Number, ct, tracked: false);
        return new TaskScanAnswer(next, trip, message, confirmed, eventId, instructions, await tasks.SummaryAsync(fresh, ct));
    }

    // Where the open lines are to be taken from (or counted), the first few.
    async Task<string> SourcesAsync(WarehouseTask task, CancellationToken ct)
    {
        var ids = await db.TaskLines.Where(l => l.TaskId == task.Id && l.Status == TaskLineStatus.Open && l.FromLocationId != null)
            .Select(l => l.FromLocationId!.Value).Distinct().Take(6).ToListAsync(ct);
        if (ids.Count == 0)
        {
            return task.ZoneLocationId is { } zone ? $"any location in {await CodeAsync(zone, ct)}" : "no location left";
        }
        var codes = await db.Locations.Where(l => ids.Contains(l.Id)).Select(l => l.Code).OrderBy(c => c).ToListAsync(ct);
        return string.Join(", ", codes.Take(5)) + (codes.Count > 5 ? ", ..." : "");
    }

    async Task<string> DestinationOfAsync(WarehouseTask task, int lineNo, CancellationToken ct) =>
        await DestinationAsync(await db.TaskLines.AsNoTracking().FirstAsync(l => l.TaskId == task.Id && l.LineNo == lineNo, ct), ct);

    // What the worker scans to finish a line: its container (pack tasks), else its location.
    async Task<string> DestinationAsync(TaskLine line, CancellationToken ct) => line.ToContainerId is { } box
        ? await db.Containers.Where(c => c.Id == box).Select(c => c.Code).FirstAsync(ct)
        : await CodeAsync(line.ToLocationId, ct);

    async Task<string> CodeAsync(long? locationId, CancellationToken ct) =>
        locationId is { } id ? await db.Locations.Where(l => l.Id == id).Select(l => l.Code).FirstAsync(ct) : "nowhere";

    // A count covers the places of its lines and, for a location count, everything below that location.
    async Task<bool> InCountAsync(WarehouseTask task, long locationId, CancellationToken ct)
    {
        if (await db.TaskLines.AnyAsync(l => l.TaskId == task.Id && l.FromLocationId == locationId, ct))
        {
            return true;
        }
        if (task.ZoneLocationId is not { } zone)
        {
            return false;
        }
        var path = await db.Locations.Where(l => l.Id == zone).Select(l => l.Path).FirstAsync(ct);
        return await db.Locations.AnyAsync(l => l.Id == locationId && l.Path.StartsWith(path), ct);
    }

    // A product count has lines of one product only; a location count has no product of its own.
    async Task<long?> CountedProductAsync(WarehouseTask task, CancellationToken ct)
    {
        if (task.ZoneLocationId is not null)
        {
            return null;
        }
        var products = await db.TaskLines.Where(l => l.TaskId == task.Id).Select(l => l.ProductId).Distinct().Take(2).ToListAsync(ct);
        return products.Count == 1 ? products[0] : null;
    }

    static string CodeOf(ScanMatch location) => location.Location?.Code ?? location.Label;

    static ScanMatch? Match(ScanResult scan, ScanKind kind) => scan.Matches.FirstOrDefault(m => m.Kind == kind);

    static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Trace;

namespace SerialTrack.Core.Quality;

// Where a recall starts. Code is the lot code (ComponentLot), supplier lot code (SupplierLot), production
// order number (ProductionOrder), station location code (StationWindow), supplier party code (Supplier) or
// serial (Unit); Product narrows a lot or unit to one SKU and is the SKU of a SerialRange; First and Last
// bound a SerialRange; From and To bound a StationWindow (required) or a Supplier (optional).
public sealed record RecallRoot(
    RecallRootKind Kind,
    string? Code = null,
    string? Product = null,
    string? First = null,
    string? Last = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

// Root, or Complaint alone: the complaint's root cause becomes the recall's root, and both are linked.
public sealed record OpenRecallRequest(string? Title, RecallRoot? Root = null, string? Reason = null, string? Complaint = null);

// Fate for the recall's items named by scanned code (serial, "SKU serial", lot code, GS1 string), for
// every in-scope item at one customer, or for every item still open.
public sealed record RecallFateRequest(RecallFate Fate, IReadOnlyList<string>? Items = null, string? Customer = null, bool AllOpen = false, string? Note = null);

public sealed record ScopeCount(string Key, string Label, int Units, int Lots);

// What a root reaches before anything is frozen: the wizard's preview.
public sealed record ScopePreview(string Root, int Units, int Lots, int InStock, int AtCustomers,
    IReadOnlyList<ScopeCount> ByProduct, IReadOnlyList<ScopeCount> ByStatus, IReadOnlyList<ScopeCount> ByCustomer);

public sealed record ScopeChange(long? UnitId, long? LotId, string Label, string? Customer, bool InStock);

// A recomputed scope against the frozen one: what the trace reaches now that the recall does not hold,
// and what the recall holds that the trace no longer reaches. Back lists items marked out of scope that
// the trace reaches again.
public sealed record ScopeDiff(string Recall, IReadOnlyList<ScopeChange> Added, IReadOnlyList<ScopeChange> NoLongerAffected, IReadOnlyList<ScopeChange> Back)
{
    public bool IsEmpty => Added.Count == 0 && NoLongerAffected.Count == 0 && Back.Count == 0;
}

public sealed record RecallProgress(int Total, int Resolved, IReadOnlyDictionary<RecallFate, int> ByFate)
{
    public double Percent => Total == 0 ? 100 : Math.Round(100.0 * Resolved / Total, 1);
}

public sealed record RecallView(long Id, string Number, string Title, string? Reason, RecallStatus Status, RecallRootKind RootKind, string Root, RecallRoot Parameters,
    long? ComplaintId, string? Complaint, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ScopedAt, DateTimeOffset? ActivatedAt, DateTimeOffset? ClosedAt,
    int Version, RecallProgress Progress, int OutOfScope);

public sealed record RecallSummary(long Id, string Number, string Title, RecallStatus Status, RecallRootKind RootKind, string Root, DateTimeOffset CreatedAt);

// One frozen item with where it is now: Status and Customer are read from the unit (or, for a lot, the
// customers its shipments went to) when the list is asked for, not when it was scoped.
public sealed record RecallItemRow(long Id, long? UnitId, long? LotId, string Product, string? Serial, string? Lot, decimal? Quantity, string Uom,
    UnitStatus? Status, bool InStock, long? CustomerId, string? Customer, RecallFate Fate, DateTimeOffset? FateAt, string? FateBy, string? FateNote, bool OutOfScope)
{
    public string Label => Serial is not null ? $"{Product} {Serial}" : $"{Product} lot {Lot}";
}

public sealed record NoticeUnit(string Product, string Serial, RecallFate Fate);

public sealed record NoticeLot(string Product, string Lot, decimal Quantity, string Uom, RecallFate Fate);

// One customer to notify: contact data and what of the recall they hold.
public sealed record CustomerNotice(long PartyId, string Code, string Name, string? ContactName, string? Email, string? Phone, string? Address,
    IReadOnlyList<NoticeUnit> Units, IReadOnlyList<NoticeLot> Lots);

public sealed record ActivateResult(string Recall, RecallStatus Status, int UnitsHeld, int LotsHeld, long? HoldEventId);

public sealed record FateResult(string Recall, RecallFate Fate, int Items, RecallProgress Progress);

// Recall campaigns: a root cause, its affected set found by forward trace and frozen as recall_items,
// affected stock held in one action, customers listed for notification, each item's fate tracked until
// every one is resolved.
public sealed class Recalls(SerialTrackDbContext db, Tracing tracing, Holds holds, Scanner scanner, TimeProvider clock)
{
    // A fate that ends an item's story. Notified and Returned are steps on the way (the customer knows;
    // the unit is back in our hands, not yet dealt with); NotFound is still being sought and must be
    // written off, with a note saying why, to count.
    public static readonly RecallFate[] Resolved = [RecallFate.Repaired, RecallFate.Replaced, RecallFate.Destroyed, RecallFate.WrittenOff];

    static readonly UnitStatus[] InStockStatuses = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine, UnitStatus.InTransit];

    // The statuses Holds accepts; units already on hold stay as they are.
    static readonly UnitStatus[] Holdable = [UnitStatus.Available, UnitStatus.Quarantine, UnitStatus.InTransit];

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    sealed record ScopeItem(long? UnitId, long? LotId, string Label, string Product, string? Status, decimal? Quantity, long? CustomerId, bool InStock);

    sealed record Scope(string Root, List<ScopeItem> Items, IReadOnlyList<TracedParty> Customers);

    public async Task<ScopePreview> PreviewAsync(RecallRoot? root, CancellationToken ct)
    {
        var scope = await ScopeAsync(root ?? throw DomainException.BadInput("field.required", "root", "root is required."), ct);
        var names = scope.Customers.ToDictionary(c => c.Id);
        return new ScopePreview(scope.Root,
            scope.Items.Count(i => i.UnitId is not null), scope.Items.Count(i => i.LotId is not null),
            scope.Items.Count(i => i.InStock), scope.Items.Count(i => i.CustomerId is not null),
            Counts(scope.Items, i => i.Product, i => i.Product),
            Counts(scope.Items, i => i.Status ?? "lot", i => i.Status ?? "lot"),
            Counts(scope.Items.Where(i => i.CustomerId is not null), i => names.TryGetValue(i.CustomerId!.Value, out var p) ? p.Code : $"party {i.CustomerId}",
                i => names.TryGetValue(i.CustomerId!.Value, out var p) ? p.Name : ""));
    }

    static List<ScopeCount> Counts(IEnumerable<ScopeItem> items, Func<ScopeItem, string> key, Func<ScopeItem, string> label) =>
        items.GroupBy(key).Select(g => new ScopeCount(g.Key, label(g.First()), g.Count(i => i.UnitId is not null), g.Count(i => i.LotId is not null)))
            .OrderByDescending(c => c.Units + c.Lots).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

    public async Task<RecallView> OpenAsync(OpenRecallRequest request, Actor actor, CancellationToken ct)
    {
        var title = Text.Required(request.Title, "title", 200);
        var reason = Text.Optional(request.Reason, "reason", 4000);
        Complaint? complaint = null;
        if (Text.Optional(request.Complaint, "complaint", 32) is { } number)
        {
            complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Number == number, ct)
                ?? throw DomainException.NotFound("complaint.not_found", $"No complaint {number}.", "complaint");
            if (complaint.RecallId is not null)
            {
                throw DomainException.Rule("complaint.has_recall", $"Complaint {complaint.Number} already led to a recall.", "complaint");
            }
        }
        var root = request.Root ?? (complaint is null
            ? throw DomainException.BadInput("field.required", "root", "root is required: give the root cause, or a complaint that has one.")
            : await RootOfAsync(complaint, ct));
        var scope = await ScopeAsync(root, ct);

        var now = clock.GetUtcNow();
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var seq = await Sequences.NextAsync(sql, "recall", ct);
        var recall = new Recall
        {
            Number = $"RCL-{seq:000000}",
            Title = title,
            Reason = reason,
            Status = RecallStatus.Draft,
            RootKind = root.Kind,
            Root = scope.Root.Length > 500 ? scope.Root[..500] : scope.Root,
            RootParameters = JsonSerializer.Serialize(root, Json),
            ComplaintId = complaint?.Id,
            CreatedBy = actor.Name,
            CreatedAt = now,
            ScopedAt = now,
        };
        db.Recalls.Add(recall);
        await db.SaveChangesAsync(ct);
        if (complaint is not null)
        {
            Complaints.LinkRecall(complaint, recall, now);
        }
        await InsertItemsAsync(sql, recall.Id, scope.Items, ct);
        await Places.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(recall.Number, ct);
    }

    async Task InsertItemsAsync(SqlSession sql, long recallId, IEnumerable<ScopeItem> items, CancellationToken ct)
    {
        var list = items.ToList();
        // Units may run to 100,000: multi-row inserts. Lots are few and carry a decimal, which EF writes
        // the way each provider stores it.
        await sql.InsertAsync("recall_items", ["recall_id", "unit_id", "customer_party_id", "in_stock", "fate", "out_of_scope"],
            list.Where(i => i.UnitId is not null).Select(i => new object?[] { recallId, i.UnitId, i.CustomerId, i.InStock, (int)RecallFate.Open, false }).ToList(), ct);
        db.RecallItems.AddRange(list.Where(i => i.LotId is not null).Select(i => new RecallItem
        {
            RecallId = recallId,
            LotId = i.LotId,
            Quantity = i.Quantity,
            CustomerPartyId = i.CustomerId,
            InStock = i.InStock,
        }));
    }

    async Task<RecallRoot> RootOfAsync(Complaint c, CancellationToken ct) =>
        await RootCauseOfAsync(c, ct) ?? throw DomainException.BadInput("recall.complaint_without_root", "root",
            $"Complaint {c.Number} names no component lot, unit or supplier as root cause: give the root (a station needs its time window).");

    // The recall root a complaint's root cause names, if it names a component lot, a unit or a supplier:
    // what the new-recall form starts from.
    public async Task<RecallRoot?> RootCauseOfAsync(string complaintNumber, CancellationToken ct) =>
        await RootCauseOfAsync(await db.Complaints.AsNoTracking().FirstOrDefaultAsync(c => c.Number == complaintNumber, ct)
            ?? throw DomainException.NotFound("complaint.not_found", $"No complaint {complaintNumber}.", "complaint"), ct);

    async Task<RecallRoot?> RootCauseOfAsync(Complaint c, CancellationToken ct)
    {
        if (c.RootCauseLotId is { } lotId)
        {
            var lot = await (from l in db.Lots join p in db.Products on l.ProductId equals p.Id where l.Id == lotId select new { l.Code, p.Sku }).SingleAsync(ct);
            return new RecallRoot(RecallRootKind.ComponentLot, lot.Code, lot.Sku);
        }
        if (c.RootCauseUnitId is { } unitId)
        {
            var unit = await (from u in db.Units join p in db.Products on u.ProductId equals p.Id where u.Id == unitId select new { u.Serial, p.Sku }).SingleAsync(ct);
            return new RecallRoot(RecallRootKind.Unit, unit.Serial, unit.Sku);
        }
        if (c.RootCauseSupplierId is { } supplierId)
        {
            return new RecallRoot(RecallRootKind.Supplier, await db.Parties.Where(p => p.Id == supplierId).Select(p => p.Code).SingleAsync(ct));
        }
        return null;
    }

    async Task<(TraceRoots Roots, string Display)> ResolveAsync(RecallRoot root, CancellationToken ct)
    {
        if (!Enum.IsDefined(root.Kind))
        {
            throw DomainException.BadInput("recall.bad_root_kind", "root.kind", $"'{root.Kind}' is not a kind of root.");
        }
        var sku = Text.Optional(root.Product, "root.product", 64);
        switch (root.Kind)
        {
            case RecallRootKind.ComponentLot:
                {
                    var code = Text.RequiredCode(root.Code, "root.code", 64);
                    var lots = await (from l in db.Lots
                                      join p in db.Products on l.ProductId equals p.Id
                                      where l.Code == code && (sku == null || p.Sku == sku)
                                      select new { l.Id, p.Sku }).Take(20).ToListAsync(ct);
                    if (lots.Count == 0)
                    {
                        throw DomainException.NotFound("lot.not_found", $"No lot '{code}'{(sku is null ? "" : $" of '{sku}'")}.", "root.code");
                    }
                    var display = lots.Count == 1 ? $"{lots[0].Sku} lot {code}" : $"lot {code} ({string.Join(", ", lots.Select(l => l.Sku))})";
                    return (new TraceRoots([], lots.Select(l => l.Id).ToList(), [], display), display);
                }
            case RecallRootKind.SupplierLot:
                {
                    var code = Text.RequiredCode(root.Code, "root.code", 64);
                    return (await tracing.SupplierLotAsync(code, ct), $"supplier lot {code}");
                }
            case RecallRootKind.SerialRange:
                {
                    var product = Text.RequiredCode(root.Product, "root.product", 64);
                    var first = Text.RequiredCode(root.First, "root.first", Processes.Serials.MaxLength);
                    var last = Text.RequiredCode(root.Last, "root.last", Processes.Serials.MaxLength);
                    return (await tracing.SerialRangeAsync(product, first, last, ct), $"{product} {first}..{last}");
                }
            case RecallRootKind.ProductionOrder:
                {
                    var code = Text.RequiredCode(root.Code, "root.code", 64);
                    return (await tracing.ProductionOrderAsync(code, ct), $"production order {code}");
                }
            case RecallRootKind.StationWindow:
                {
                    var code = Text.RequiredCode(root.Code, "root.code", 64);
                    var from = root.From ?? throw DomainException.BadInput("field.required", "root.from", "root.from is required for a station window.");
                    var to = root.To ?? throw DomainException.BadInput("field.required", "root.to", "root.to is required for a station window.");
                    CheckWindow(from, to);
                    return (await tracing.StationWindowAsync(code, from, to, ct), $"station {code} {Window(from, to)}");
                }
            case RecallRootKind.Supplier:
                {
                    var code = Text.RequiredCode(root.Code, "root.code", 64);
                    if (root.From is { } f && root.To is { } t)
                    {
                        CheckWindow(f, t);
                    }
                    return (await tracing.SupplierAsync(code, root.From, root.To, ct),
                        $"supplier {code}{(root.From is null && root.To is null ? "" : " " + Window(root.From, root.To))}");
                }
            default:
                {
                    var serial = Text.RequiredCode(root.Code, "root.code", Processes.Serials.MaxLength);
                    var units = await (from u in db.Units
                                       join p in db.Products on u.ProductId equals p.Id
                                       where u.Serial == serial && (sku == null || p.Sku == sku)
                                       select new { u.Id, p.Sku }).Take(20).ToListAsync(ct);
                    if (units.Count == 0)
                    {
                        // Not a plain serial: a GS1 string, Digital Link or EPC URI names it.
                        var roots = await tracing.ResolveAsync(serial, ct);
                        return (roots with { LotIds = [], ContainerIds = [] }, roots.Description);
                    }
                    if (units.Count > 1)
                    {
                        throw DomainException.BadInput("unit.ambiguous", "root.product", $"Serial {serial} exists for {string.Join(", ", units.Select(u => u.Sku))}: give the product.");
                    }
                    return (new TraceRoots([units[0].Id], [], [], $"{units[0].Sku} {serial}"), $"{units[0].Sku} {serial}");
                }
        }
    }

    static void CheckWindow(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw DomainException.BadInput("recall.bad_window", "root.to", $"root.to ({to:u}) must be after root.from ({from:u}).");
        }
    }

    static string Window(DateTimeOffset? from, DateTimeOffset? to) =>
        $"{from?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "…"}..{to?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "…"}";

    // The affected set: every unit the forward trace reaches that still exists as itself (consumed units
    // live on inside an assembly that is in the set; scrapped ones are gone; forward trace leaves out
    // what only a component a repair removed leads to), and every lot reached that still has stock or
    // went to a customer.
    async Task<Scope> ScopeAsync(RecallRoot root, CancellationToken ct)
    {
        var (roots, display) = await ResolveAsync(root, ct);
        if (roots.IsEmpty)
        {
            throw DomainException.NotFound("recall.root_empty", $"Nothing is known for {display}.", "root.code");
        }
        var result = await tracing.TraceAsync(roots, TraceDirection.Forward, ct);
        var items = new List<ScopeItem>();
        foreach (var u in result.Units)
        {
            if (u.Status is UnitStatus.Consumed or UnitStatus.Scrapped)
            {
                continue;
            }
            // On its way to a customer (a partner's shipment in transit, owned by the customer) is the customer's, not stock.
            var customers = u.Status == UnitStatus.AtCustomer || u.Status == UnitStatus.InTransit && u.CustomerId is not null;
            items.Add(new ScopeItem(u.Id, null, $"{u.Product} {u.Serial}", u.Product, UnitBatch.Describe(u.Status),
                null, customers ? u.CustomerId : null, !customers && InStockStatuses.Contains(u.Status)));
        }
        var lastCustomer = result.Shipments.Where(s => s.LotId is not null && s.CustomerId is not null)
            .GroupBy(s => s.LotId!.Value).ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.At).First().CustomerId);
        foreach (var l in result.Lots)
        {
            var customer = lastCustomer.GetValueOrDefault(l.Id);
            if (l.OnHand > 0 || customer is not null)
            {
                items.Add(new ScopeItem(null, l.Id, $"{l.Product} lot {l.Lot}", l.Product, null, l.Quantity, customer, l.OnHand > 0));
            }
        }
        return new Scope(display, items, result.Customers);
    }

    public async Task<ScopeDiff> RecomputePreviewAsync(string number, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        var (diff, _, _) = await DiffAsync(recall, ct);
        return diff;
    }

    // Adds what the trace reaches now, marks what it no longer reaches out of scope (never deletes: its
    // fate and history stay), and brings back items that are reached again.
    public async Task<ScopeDiff> RecomputeApplyAsync(string number, int? version, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        CheckVersion(recall, version);
        if (recall.Status == RecallStatus.Closed)
        {
            throw DomainException.Rule("recall.closed", $"Recall {recall.Number} is closed: its scope is final.", "number");
        }
        var (diff, added, existing) = await DiffAsync(recall, ct);
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await InsertItemsAsync(sql, recall.Id, added, ct);
        var gone = diff.NoLongerAffected.Select(c => existing[(c.UnitId, c.LotId)]).ToList();
        var back = diff.Back.Select(c => existing[(c.UnitId, c.LotId)]).ToList();
        foreach (var (ids, outOfScope) in new[] { (gone, true), (back, false) })
        {
            foreach (var chunk in ids.Chunk(50_000))
            {
                await using var cmd = sql.IdsCommand("UPDATE recall_items SET out_of_scope = @o WHERE id IN ({ids})", chunk, ("o", outOfScope));
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
        recall.ScopedAt = clock.GetUtcNow();
        recall.Version++;
        await SaveAsync(recall, ct);
        await tx.CommitAsync(ct);
        return diff;
    }

    async Task<(ScopeDiff Diff, List<ScopeItem> Added, Dictionary<(long?, long?), long> Existing)> DiffAsync(Recall recall, CancellationToken ct)
    {
        var root = JsonSerializer.Deserialize<RecallRoot>(recall.RootParameters, Json)
            ?? throw new InvalidOperationException($"Recall {recall.Number} has no root parameters.");
        var scope = await ScopeAsync(root, ct);
        var current = await db.RecallItems.AsNoTracking().Where(i => i.RecallId == recall.Id)
            .Select(i => new { i.Id, i.UnitId, i.LotId, i.OutOfScope }).ToListAsync(ct);
        var existing = current.ToDictionary(i => (i.UnitId, i.LotId), i => i.Id);
        var outOfScope = current.Where(i => i.OutOfScope).Select(i => (i.UnitId, i.LotId)).ToHashSet();
        var now = scope.Items.ToDictionary(i => (i.UnitId, i.LotId));
        var customers = scope.Customers.ToDictionary(c => c.Id, c => c.Code);
        ScopeChange Change(ScopeItem i) => new(i.UnitId, i.LotId, i.Label, i.CustomerId is { } c ? customers.GetValueOrDefault(c) : null, i.InStock);
        var added = scope.Items.Where(i => !existing.ContainsKey((i.UnitId, i.LotId))).ToList();
        var back = scope.Items.Where(i => outOfScope.Contains((i.UnitId, i.LotId))).Select(Change).ToList();
        var goneKeys = current.Where(i => !i.OutOfScope && !now.ContainsKey((i.UnitId, i.LotId))).ToList();
        var labels = await LabelsAsync(goneKeys.Select(i => i.Id).ToList(), ct);
        var gone = goneKeys.Select(i => new ScopeChange(i.UnitId, i.LotId, labels.GetValueOrDefault(i.Id, "?"), null, false)).ToList();
        return (new ScopeDiff(recall.Number, added.Select(Change).ToList(), gone, back), added, existing);
    }

    async Task<Dictionary<long, string>> LabelsAsync(List<long> itemIds, CancellationToken ct)
    {
        if (itemIds.Count == 0)
        {
            return [];
        }
        var rows = await (from i in db.RecallItems
                          where itemIds.Contains(i.Id)
                          join u in db.Units on i.UnitId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          join l in db.Lots on i.LotId equals l.Id into ls
                          from l in ls.DefaultIfEmpty()
                          join p in db.Products on u != null ? u.ProductId : l!.ProductId equals p.Id
                          select new { i.Id, p.Sku, Serial = u == null ? null : u.Serial, Lot = l == null ? null : l.Code }).ToListAsync(ct);
        return rows.ToDictionary(r => r.Id, r => r.Serial is not null ? $"{r.Sku} {r.Serial}" : $"{r.Sku} lot {r.Lot}");
    }

    // "Hold" in one action: every in-scope unit and lot still in our stock or WIP goes on hold through
    // Holds (one Held event); items already held stay as they are, so it can be run again after a
    // recompute. The holds and the status change are two transactions (Holds owns its own): a failure
    // between them leaves stock held and the recall in draft, and running it again finishes the job.
    public async Task<ActivateResult> ActivateAsync(string number, int? version, Actor actor, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        CheckVersion(recall, version);
        if (recall.Status == RecallStatus.Closed)
        {
            throw DomainException.Rule("recall.closed", $"Recall {recall.Number} is closed.", "number");
        }
        var units = await (from i in db.RecallItems
                           where i.RecallId == recall.Id && !i.OutOfScope && i.UnitId != null
                           join u in db.Units on i.UnitId equals u.Id
                           join p in db.Products on u.ProductId equals p.Id
                           where Holdable.Contains(u.Status) && !(u.Status == UnitStatus.InTransit && u.OwnerPartyId != null)
                           select new UnitRef(p.Sku, u.Serial)).ToListAsync(ct);
        var lotCandidates = await (from i in db.RecallItems
                                   where i.RecallId == recall.Id && !i.OutOfScope && i.LotId != null
                                   join l in db.Lots on i.LotId equals l.Id
                                   join p in db.Products on l.ProductId equals p.Id
                                   where !l.OnHold
                                   select new { l.Id, p.Sku, l.Code }).ToListAsync(ct);
        var candidateIds = lotCandidates.Select(l => l.Id).ToList();
        var stocked = (await db.LotBalances.AsNoTracking().Where(b => candidateIds.Contains(b.LotId)).Select(b => new { b.LotId, b.Quantity }).ToListAsync(ct))
            .Where(b => b.Quantity > 0).Select(b => b.LotId).ToHashSet();
        var lots = lotCandidates.Where(l => stocked.Contains(l.Id)).Select(l => new LotRef(l.Sku, l.Code)).ToList();

        long? eventId = null;
        if (units.Count + lots.Count > 0)
        {
            var reason = $"Recall {recall.Number}: {recall.Title}";
            var result = await holds.HoldAsync(new HoldRequest(reason.Length > 500 ? reason[..500] : reason, units, lots), actor, ct);
            eventId = result.EventId;
        }
        db.ChangeTracker.Clear();
        recall = await FindAsync(number, ct);
        if (recall.Status == RecallStatus.Draft)
        {
            recall.Status = RecallStatus.Active;
            recall.ActivatedAt = clock.GetUtcNow();
            recall.Version++;
            await SaveAsync(recall, ct);
        }
        return new ActivateResult(recall.Number, recall.Status, units.Count, lots.Count, eventId);
    }

    public async Task<FateResult> SetFateAsync(string number, RecallFateRequest request, Actor actor, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Fate) || request.Fate == RecallFate.Open)
        {
            throw DomainException.BadInput("recall.bad_fate", "fate", $"'{request.Fate}' is not a fate to set: use Notified, Returned, Repaired, Replaced, Destroyed, NotFound or WrittenOff.");
        }
        var note = Text.Optional(request.Note, "note", 2000);
        if (request.Fate == RecallFate.WrittenOff && note is null)
        {
            throw DomainException.BadInput("recall.write_off_needs_note", "note", "Writing an item off needs a note saying why.");
        }
        var codes = request.Items ?? [];
        var customer = Text.Optional(request.Customer, "customer", 64);
        if (codes.Count == 0 && customer is null && !request.AllOpen)
        {
            throw DomainException.BadInput("recall.fate_empty", "items", "Name the items: scan serials or lots, give a customer, or choose all open items.");
        }
        var recall = await FindAsync(number, ct);
        if (recall.Status != RecallStatus.Active)
        {
            throw DomainException.Rule("recall.not_active", $"Recall {recall.Number} is {recall.Status}: fates are tracked while it is active.", "number");
        }

        var chosen = new HashSet<long>();
        if (codes.Count > 0)
        {
            // Codes are matched against every item (out of scope too, to say so); a customer or "all open"
            // reads only its own items.
            var items = await RowsAsync(recall.Id, null, null, includeOutOfScope: true, null, int.MaxValue, ct);
            var byCode = new Dictionary<string, List<RecallItemRow>>(StringComparer.Ordinal);
            foreach (var i in items)
            {
                foreach (var key in i.Serial is not null ? new[] { i.Serial, $"{i.Product} {i.Serial}" } : [i.Lot!, $"{i.Product} {i.Lot}"])
                {
                    (byCode.TryGetValue(key, out var list) ? list : byCode[key] = []).Add(i);
                }
            }
            for (var n = 0; n < codes.Count; n++)
            {
                var field = $"items[{n}]";
                var code = Text.Required(codes[n], field, 1000);
                if (!byCode.TryGetValue(code, out var hits))
                {
                    hits = await ScannedAsync(code, items, ct);
                }
                var item = hits.Count switch
                {
                    0 => throw DomainException.NotFound("recall.item_not_found", $"'{code}' is not in recall {recall.Number}.", field),
                    1 => hits[0],
                    _ => throw DomainException.BadInput("recall.item_ambiguous", field, $"'{code}' matches {string.Join(", ", hits.Select(h => h.Label))}: give the product too."),
                };
                if (item.OutOfScope)
                {
                    throw DomainException.Rule("recall.item_out_of_scope", $"{item.Label} is no longer in the scope of recall {recall.Number}.", field);
                }
                chosen.Add(item.Id);
            }
        }
        if (customer is not null)
        {
            var party = await Places.PartyAsync(db, customer, Parties.PartyRole.Customer, "customer", ct);
            chosen.UnionWith((await RowsAsync(recall.Id, null, party.Id, includeOutOfScope: false, null, int.MaxValue, ct)).Select(i => i.Id));
        }
        if (request.AllOpen)
        {
            chosen.UnionWith((await RowsAsync(recall.Id, RecallFate.Open, null, includeOutOfScope: false, null, int.MaxValue, ct)).Select(i => i.Id));
        }
        if (chosen.Count == 0)
        {
            throw DomainException.Rule("recall.fate_nothing", $"No item of recall {recall.Number} matches.", customer is not null ? "customer" : "items");
        }

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var chunk in chosen.Chunk(50_000))
        {
            await using var cmd = sql.IdsCommand("UPDATE recall_items SET fate = @f, fate_at = @t, fate_by = @b, fate_note = @n WHERE id IN ({ids})", chunk,
                ("f", (int)request.Fate), ("t", sql.Time(clock.GetUtcNow())), ("b", actor.Name), ("n", note));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // Every fate bumps the recall's version: two people closing and setting fates at once cannot both win.
        recall.Version++;
        await SaveAsync(recall, ct);
        await tx.CommitAsync(ct);
        return new FateResult(recall.Number, request.Fate, chosen.Count, await ProgressAsync(recall.Id, ct));
    }

    // A GS1 string, Digital Link or another identifier of a unit: the scanner names the unit or lot.
    async Task<List<RecallItemRow>> ScannedAsync(string code, List<RecallItemRow> items, CancellationToken ct)
    {
        ScanResult scan;
        try
        {
            scan = await scanner.ScanAsync(code, ct);
        }
        catch (DomainException)
        {
            return [];
        }
        var units = scan.Matches.Where(m => m.Kind == ScanKind.Unit).Select(m => m.Id).ToHashSet();
        var lots = scan.Matches.Where(m => m.Kind == ScanKind.Lot).Select(m => m.Id).ToHashSet();
        return items.Where(i => (i.UnitId is { } u && units.Contains(u)) || (i.LotId is { } l && lots.Contains(l))).ToList();
    }

    public async Task<RecallView> CloseAsync(string number, int? version, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        CheckVersion(recall, version);
        if (recall.Status != RecallStatus.Active)
        {
            throw DomainException.Rule("recall.not_active", $"Recall {recall.Number} is {recall.Status}: only an active recall closes.", "number");
        }
        var open = await (from i in db.RecallItems
                          where i.RecallId == recall.Id && !i.OutOfScope && !Resolved.Contains(i.Fate)
                          orderby i.Id
                          select i.Id).ToListAsync(ct);
        if (open.Count > 0)
        {
            var labels = await LabelsAsync(open.Take(20).ToList(), ct);
            var list = string.Join(", ", open.Take(20).Select(id => labels[id]));
            throw DomainException.Rule("recall.open_items",
                $"Recall {recall.Number} has {open.Count} unresolved item(s): {list}{(open.Count > 20 ? $" and {open.Count - 20} more" : "")}. Set their fates (or write them off with a note).", "items");
        }
        recall.Status = RecallStatus.Closed;
        recall.ClosedAt = clock.GetUtcNow();
        recall.Version++;
        await SaveAsync(recall, ct);
        return await GetAsync(recall.Number, ct);
    }

    public async Task<RecallProgress> ProgressAsync(long recallId, CancellationToken ct)
    {
        var counts = await db.RecallItems.AsNoTracking().Where(i => i.RecallId == recallId && !i.OutOfScope)
            .GroupBy(i => i.Fate).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byFate = Enum.GetValues<RecallFate>().ToDictionary(f => f, f => counts.FirstOrDefault(c => c.Key == f)?.Count ?? 0);
        return new RecallProgress(byFate.Values.Sum(), byFate.Where(kv => Resolved.Contains(kv.Key)).Sum(kv => kv.Value), byFate);
    }

    public async Task<RecallView> GetAsync(string number, CancellationToken ct)
    {
        var r = await FindAsync(number, ct);
        var complaint = r.ComplaintId is null ? null : await db.Complaints.Where(c => c.Id == r.ComplaintId).Select(c => c.Number).SingleAsync(ct);
        var outOfScope = await db.RecallItems.CountAsync(i => i.RecallId == r.Id && i.OutOfScope, ct);
        return new RecallView(r.Id, r.Number, r.Title, r.Reason, r.Status, r.RootKind, r.Root, JsonSerializer.Deserialize<RecallRoot>(r.RootParameters, Json)!,
            r.ComplaintId, complaint, r.CreatedBy, r.CreatedAt, r.ScopedAt, r.ActivatedAt, r.ClosedAt, r.Version, await ProgressAsync(r.Id, ct), outOfScope);
    }

    public Task<List<RecallSummary>> ListAsync(RecallStatus? status, long? afterId, int limit, CancellationToken ct) =>
        db.Recalls.AsNoTracking()
            .Where(r => status == null || r.Status == status)
            .Where(r => afterId == null || r.Id < afterId)
            .OrderByDescending(r => r.Id).Take(limit)
            .Select(r => new RecallSummary(r.Id, r.Number, r.Title, r.Status, r.RootKind, r.Root, r.CreatedAt)).ToListAsync(ct);

    public async Task<List<RecallItemRow>> ItemsAsync(string number, RecallFate? fate, string? customer, long? afterId, int limit, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        long? customerId = null;
        if (Text.Optional(customer, "customer", 64) is { } code)
        {
            customerId = await db.Parties.Where(p => p.Code == code).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{code}'.", "customer");
        }
        return await RowsAsync(recall.Id, fate, customerId, includeOutOfScope: true, afterId, limit, ct);
    }

    // A unit's customer is read from the unit now (its owner while at a customer); a lot's is the customer
    // its last shipment went to, frozen when scoped.
    async Task<List<RecallItemRow>> RowsAsync(long recallId, RecallFate? fate, long? customerId, bool includeOutOfScope, long? afterId, int limit, CancellationToken ct)
    {
        var q = from i in db.RecallItems.AsNoTracking()
                where i.RecallId == recallId && (includeOutOfScope || !i.OutOfScope)
                join u in db.Units on i.UnitId equals u.Id into us
                from u in us.DefaultIfEmpty()
                join l in db.Lots on i.LotId equals l.Id into ls
                from l in ls.DefaultIfEmpty()
                join p in db.Products on u != null ? u.ProductId : l!.ProductId equals p.Id
                let customer = u != null ? (u.Status == UnitStatus.AtCustomer || u.Status == UnitStatus.InTransit ? u.OwnerPartyId : null) : i.CustomerPartyId
                select new { i, u, l, p.Sku, p.Uom, Customer = customer };
        if (fate is { } f)
        {
            q = q.Where(x => x.i.Fate == f);
        }
        if (customerId is { } c)
        {
            q = q.Where(x => x.Customer == c);
        }
        if (afterId is { } after)
        {
            q = q.Where(x => x.i.Id > after);
        }
        var rows = await q.OrderBy(x => x.i.Id).Take(limit)
            .Select(x => new
            {
                x.i.Id,
                x.i.UnitId,
                x.i.LotId,
                x.Sku,
                Serial = x.u == null ? null : x.u.Serial,
                Lot = x.l == null ? null : x.l.Code,
                x.i.Quantity,
                x.Uom,
                Status = x.u == null ? (UnitStatus?)null : x.u.Status,
                x.i.InStock,
                x.Customer,
                x.i.Fate,
                x.i.FateAt,
                x.i.FateBy,
                x.i.FateNote,
                x.i.OutOfScope,
            }).ToListAsync(ct);
        var partyIds = rows.Where(r => r.Customer is not null).Select(r => r.Customer!.Value).Distinct().ToList();
        var parties = await db.Parties.AsNoTracking().Where(p => partyIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Code, ct);
        return rows.Select(r => new RecallItemRow(r.Id, r.UnitId, r.LotId, r.Sku, r.Serial, r.Lot, r.Quantity, r.Uom, r.Status, r.InStock,
            r.Customer, r.Customer is { } c ? parties.GetValueOrDefault(c) : null, r.Fate, r.FateAt, r.FateBy, r.FateNote, r.OutOfScope)).ToList();
    }

    // Customers holding affected goods now: units at a customer (their owner), and every customer a
    // shipment of an affected lot went to, with the quantity shipped.
    public async Task<List<CustomerNotice>> NotificationsAsync(string number, CancellationToken ct)
    {
        var recall = await FindAsync(number, ct);
        var units = await (from i in db.RecallItems.AsNoTracking()
                           where i.RecallId == recall.Id && !i.OutOfScope && i.UnitId != null
                           join u in db.Units on i.UnitId equals u.Id
                           where (u.Status == UnitStatus.AtCustomer || u.Status == UnitStatus.InTransit) && u.OwnerPartyId != null
                           join p in db.Products on u.ProductId equals p.Id
                           orderby p.Sku, u.Serial
                           select new { Party = u.OwnerPartyId!.Value, p.Sku, u.Serial, i.Fate }).ToListAsync(ct);
        var lotItems = await (from i in db.RecallItems.AsNoTracking()
                              where i.RecallId == recall.Id && !i.OutOfScope && i.LotId != null
                              join l in db.Lots on i.LotId equals l.Id
                              join p in db.Products on l.ProductId equals p.Id
                              select new { l.Id, p.Sku, l.Code, p.Uom, i.Fate }).ToListAsync(ct);
        var lotIds = lotItems.Select(l => l.Id).ToList();
        var shipped = await (from el in db.EventLots.AsNoTracking()
                             where lotIds.Contains(el.LotId)
                             join e in db.Events on el.EventId equals e.Id
                             where e.Type == Events.EventType.Shipped && e.DestinationPartyId != null
                             select new { Party = e.DestinationPartyId!.Value, el.LotId, el.Quantity }).ToListAsync(ct);
        var lotsById = lotItems.ToDictionary(l => l.Id);
        var partyIds = units.Select(u => u.Party).Concat(shipped.Select(s => s.Party)).Distinct().ToList();
        var parties = await db.Parties.AsNoTracking().Where(p => partyIds.Contains(p.Id)).ToListAsync(ct);
        return parties.OrderBy(p => p.Code, StringComparer.Ordinal).Select(p => new CustomerNotice(p.Id, p.Code, p.Name, p.ContactName, p.Email, p.Phone, p.Address,
            units.Where(u => u.Party == p.Id).Select(u => new NoticeUnit(u.Sku, u.Serial, u.Fate)).ToList(),
            shipped.Where(s => s.Party == p.Id).GroupBy(s => s.LotId)
                .Select(g => new NoticeLot(lotsById[g.Key].Sku, lotsById[g.Key].Code, g.Sum(s => s.Quantity), lotsById[g.Key].Uom, lotsById[g.Key].Fate))
                .OrderBy(l => l.Product, StringComparer.Ordinal).ThenBy(l => l.Lot, StringComparer.Ordinal).ToList())).ToList();
    }

    // One row per unit or lot shipment, customer columns repeated, for mail merges and spreadsheets.
    public static string NotificationsCsv(IEnumerable<CustomerNotice> notices)
    {
        var sb = new StringBuilder("customer,customer_name,contact,email,phone,address,product,serial,lot,quantity,uom,fate\n");
        foreach (var n in notices)
        {
            var who = string.Join(',', new[] { n.Code, n.Name, n.ContactName, n.Email, n.Phone, n.Address }.Select(Csv));
            foreach (var u in n.Units)
            {
                sb.Append(who).Append(',').AppendJoin(',', new[] { u.Product, u.Serial, "", "1", "", u.Fate.ToString() }.Select(Csv)).Append('\n');
            }
            foreach (var l in n.Lots)
            {
                sb.Append(who).Append(',').AppendJoin(',', new[] { l.Product, "", l.Lot, l.Quantity.ToString(CultureInfo.InvariantCulture), l.Uom, l.Fate.ToString() }.Select(Csv)).Append('\n');
            }
        }
        return sb.ToString();
    }

    // RFC 4180 quoting; a leading =, +, - or @ is prefixed so that a spreadsheet does not run it as a formula.
    static string Csv(string? value)
    {
        var v = value ?? "";
        if (v.Length > 0 && v[0] is '=' or '+' or '-' or '@')
        {
            v = "'" + v;
        }
        return v.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : v;
    }

    public async Task<Recall> FindAsync(string number, CancellationToken ct)
    {
        var n = Text.RequiredCode(number, "number", 32);
        return await db.Recalls.FirstOrDefaultAsync(r => r.Number == n, ct)
            ?? throw DomainException.NotFound("recall.not_found", $"No recall {n}.", "number");
    }

    static void CheckVersion(Recall recall, int? version)
    {
        if (version is { } v && v != recall.Version)
        {
            throw DomainException.Conflict("recall.changed", $"Recall {recall.Number} was changed by someone else (version {recall.Version}, you saw {v}): reload it.", "version");
        }
    }

    async Task SaveAsync(Recall recall, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("recall.changed", $"Recall {recall.Number} was changed by someone else at the same time; nothing was done. Reload it.", "version");
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Epcis;

// Captured events feed the inventory: each becomes one native event whose units and lots take the state the EPCIS
// event says, written as the native processes write them (the same event, unit and lot rows, the unit batch's
// version-checked update, the lot ledger), so history, trace and recalls see partner data as their own. A captured event is an observation of the world: it is never refused. Where it contradicts the books
// (an EPC of our own never commissioned here, a DELETE of an unknown EPC, a unit seen where we thought it was not, a
// destroyed unit seen again) the projection follows the event and the contradiction is kept for review. First news of
// another company's unit is not a contradiction: a partner's shipment is how a distributor learns of its units, so
// they are created and counted in the capture result, not queued for review one by one. What the catalogue does not know (a GTIN, a place, a
// party, an SSCC) is created rather than dropped, and the capture result says so.
internal sealed class EpcisProjection(SerialTrackDbContext db, SqlSession sql, TimeProvider clock, Actor actor)
{
    // Steps that mean the object is moving: a different place is the news, not a contradiction.
    static readonly HashSet<string> MovingSteps = new[]
    {
        "accepting", "arriving", "departing", "loading", "picking", "receiving", "shipping", "staging_outbound", "stocking", "storing",
        "transporting", "unloading", "commissioning", "packing", "unpacking", "installing", "removing", "collecting",
    }.Select(w => Cbv.WebBase + "BizStep-" + w).ToHashSet(StringComparer.Ordinal);

    public const string PlaceholderSku = "EPCIS-UNKNOWN";

    readonly Dictionary<string, long> products = new(StringComparer.Ordinal);
    // Each product's catalogue unit, which lot quantities are counted in.
    readonly Dictionary<long, string> units = [];
    readonly Dictionary<string, long> places = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> parties = new(StringComparer.Ordinal);
    // Whether a party identifier names this installation (IsUsAsync), once per identifier and document.
    readonly Dictionary<string, bool> us = new(StringComparer.Ordinal);
    readonly Dictionary<(long, string), Lot> lots = [];
    readonly List<EpcisCaptureNote> notes = [];
    readonly CapturedContainers containers = new(sql);
    readonly List<object?[]> reviews = [];
    // The time of the latest event each unit of the document has had, in the books or earlier in the document.
    readonly Dictionary<long, DateTimeOffset> latest = [];
    // The document's units under an active hold placed here.
    readonly HashSet<long> heldHere = [];
    static readonly HashSet<EventType> StatusOnly =
        [EventType.Held, EventType.Released, EventType.Tested, EventType.StageChanged, EventType.IdentifiersAssigned, EventType.InstructionAcknowledged, EventType.Allocated];
    // The recorded states (event_units rows, in event time order) of the document's units.
    readonly Dictionary<long, List<(DateTimeOffset At, UnitTarget State)>> pasts = [];

    // A unit as it stood at a moment before its latest event: its last recorded state at or before then.
    LoadedUnit StateAt(LoadedUnit unit, DateTimeOffset at) =>
        pasts.GetValueOrDefault(unit.Id)?.LastOrDefault(p => p.At <= at).State is { } s
            ? unit with { Status = s.Status, Stage = s.Stage, LocationId = s.LocationId, ContainerId = s.ContainerId, OwnerPartyId = s.OwnerPartyId }
            : unit;
    Ownership? ownership;
    bool lotsCreated;

    public IReadOnlyList<EpcisCaptureNote> Notes => notes;

    // A stored event to project: its place in the document and its row in the repository.
    public sealed record Item(int Index, long StoredId, EpcisEvent Event);

    // A unit named by an EPC: the product it belongs to and its serial. Ours when this installation would have
    // commissioned it itself (its company prefix, or its own base URI), so first news of it is a contradiction.
    sealed record UnitKey(long ProductId, string Serial, string Epc, bool Ours = false);

    // What marks an identifier as this installation's own: its GS1 company prefix and its configured EPCIS base URI.
    sealed record Ownership(string? CompanyPrefix, Uri? BaseUri)
    {
        // A GTIN-8 (six leading zeros in the 14-digit form) carries no company prefix.
        public bool OwnsGtin(string gtin14) =>
            CompanyPrefix is { } prefix && !gtin14.StartsWith("000000", StringComparison.Ordinal) && gtin14.AsSpan(1).StartsWith(prefix, StringComparison.Ordinal);

        // Scheme and host as URIs compare them (any case), the path exactly.
        public bool OwnsUri(string uri) =>
            BaseUri is { } b && Uri.TryCreate(uri, UriKind.Absolute, out var u) && Uri.Compare(u, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && u.AbsolutePath.StartsWith(b.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);
    }

    // An event with everything it names found or created in the catalogue; the containers it names (an aggregation's
    // parent and child containers, an object event's containers) are found or created for the whole document at once.
    sealed record Resolved(Item Item, Event Native, long? Location, string? Parent, bool Inbound, List<UnitKey> Subjects, List<UnitKey> Inputs, List<UnitKey> Outputs,
        List<LotLine> Quantities, List<LotLine> InputQuantities, List<LotLine> OutputQuantities, List<string> ChildContainers, List<string> Named)
    {
        public List<long> InputUnits { get; } = [];
        public List<long> OutputUnits { get; } = [];
    }

    // A quantity of a lot an event names (quantityList and its input, output and child forms).
    sealed record LotLine(Lot Lot, string Sku, string EpcClass, decimal Quantity);

    sealed record Contradiction(UnitKey Key, string Code, string Message);

    // The rows a document's projection writes, gathered while its events are followed in order in memory and
    // written with a few multi-row statements at the end: a document costs a handful of round trips, not a few per event.
    sealed class Writes
    {
        public readonly List<object?[]> Events = [];
        public readonly List<object?[]> EventUnits = [];
        public readonly List<object?[]> Edges = [];
        public readonly List<object?[]> Containers = [];
        public readonly Dictionary<(long, string), long> LastEvent = [];
        public readonly HashSet<long> Created = [];
    }

    // Projects a document's events in order and returns their native event ids (by position). Units are read once for
    // the whole document; each event sees the state the events before it left.
    public async Task<long[]> ProjectAsync(IReadOnlyList<Item> items, CancellationToken ct)
    {
        var resolved = new List<Resolved>(items.Count);
        foreach (var item in items)
        {
            resolved.Add(await ResolveAsync(item, ct));
        }
        foreach (var (index, code, epc) in await containers.ResolveAsync(ct))
        {
            notes.Add(new(index, null, "epcis.container_created", $"Container {code} was created for {epc}."));
        }
        if (lotsCreated)
        {
            await db.SaveChangesAsync(ct);
        }
        var state = await LoadAsync(resolved, ct);
        var read = new Dictionary<(long, string), LoadedUnit>(state);
        var eventIds = await sql.ReserveIdsAsync("events", items.Count, ct);
        // One new unit for each object the document names that is not loaded (a container's contents always are).
        var unknown = resolved.SelectMany(r => r.Subjects.Concat(r.Inputs).Concat(r.Outputs)).Select(k => (k.ProductId, k.Serial)).Distinct().Count(k => !state.ContainsKey(k));
        var unitIds = new Queue<long>(await sql.ReserveIdsAsync("units", unknown, ct));
        var writes = new Writes();
        var holdings = new Holdings(state);
        for (var i = 0; i < resolved.Count; i++)
        {
            resolved[i].Native.Id = eventIds[i];
            Follow(resolved[i], state, holdings, unitIds, writes);
        }
        await WriteAsync(state, read, writes, ct);
        await LotsAsync(resolved, ct);
        return eventIds;
    }

    // Contradictions point at stored events, so they are written once those are.
    public Task SaveReviewsAsync(CancellationToken ct) =>
        sql.InsertAsync("epcis_review_items", ["stored_event_id", "unit_id", "epc", "code", "message", "created_at"], reviews, ct);

    async Task<Resolved> ResolveAsync(Item item, CancellationToken ct)
    {
        var (index, e) = (item.Index, item.Event);
        var ev = EventLog.New(NativeType(e), NativeAction(e.Action), Word(e.BizStep) ?? "other", Word(e.Disposition), actor,
            new EventContext(EventTime: e.EventTime, BizTransaction: e.BizTransactionList.FirstOrDefault()?.Value is { } bt ? Truncate(bt, 200) : null), clock);
        ev.EventTimeZoneOffset = e.EventTimeZoneOffset ?? ev.EventTimeZoneOffset;
        ev.ReadPointId = e.ReadPoint is { } r ? await PlaceAsync(index, r.Id, ct) : null;
        var location = e.BizLocation is { } biz ? await PlaceAsync(index, biz.Id, ct) : ev.ReadPointId;
        ev.BizLocationId = location;
        var destination = e.DestinationList.FirstOrDefault(d => d.Type?.EndsWith("owning_party", StringComparison.Ordinal) == true)
            ?? e.DestinationList.FirstOrDefault();
        // A supplier's shipment to this installation is on its way here, not gone to a customer: in transit, nowhere yet.
        // Only a shipment is on its way: a receiving event naming us as its destination (as CBV suggests) puts the goods
        // where it took place. Either way no party is made of ourselves.
        var toUs = destination is not null && await IsUsAsync(destination.Value, ct);
        ev.DestinationPartyId = destination is null || toUs ? null : await PartyAsync(index, destination.Value, PartyRole.Customer, ct);
        var inbound = toUs && ev.Type == EventType.Shipped;
        if (inbound)
        {
            ev.Type = EventType.Observed;
            location = ev.BizLocationId = null;
            notes.Add(new(index, e.EventId, "epcis.inbound", $"{destination!.Value} is this installation, so the shipment is on its way here: its goods are in transit to you."));
        }
        var source = e.SourceList.FirstOrDefault();
        ev.SourcePartyId = source is null || await IsUsAsync(source.Value, ct) ? null : await PartyAsync(index, source.Value, PartyRole.Supplier, ct);
        // Any aggregation's parent is a container (an SSCC, or a returnable asset or kit named by another key).
        var parent = e.Type is EpcisEventType.AggregationEvent ? e.ParentId : null;
        List<string> children = e.Type is EpcisEventType.AggregationEvent ? [.. (e.ChildEpcs ?? []).Where(CapturedContainers.IsContainer)] : [];
        // Decommissioning an SSCC changes nothing SerialTrack keeps about the container.
        List<string> named = e is { Type: EpcisEventType.ObjectEvent, Action: not EpcisAction.Delete } ? [.. (e.EpcList ?? []).Where(CapturedContainers.IsContainer)] : [];
        foreach (var epc in named.Concat(children).Prepend(parent).OfType<string>())
        {
            containers.Want(epc, index, location);
        }
        return new(item, ev, location, parent, inbound,
            await KeysAsync(index, e.EpcList ?? e.ChildEpcs ?? [], ct), await KeysAsync(index, e.InputEpcList ?? [], ct), await KeysAsync(index, e.OutputEpcList ?? [], ct),
            await LotLinesAsync(index, e.QuantityList ?? e.ChildQuantityList ?? [], ct), await LotLinesAsync(index, e.InputQuantityList ?? [], ct),
            await LotLinesAsync(index, e.OutputQuantityList ?? [], ct), children, named);
    }

    void Follow(Resolved r, Dictionary<(long, string), LoadedUnit> state, Holdings holdings, Queue<long> unitIds, Writes writes)
    {
        var (e, ev, location) = (r.Item.Event, r.Native, r.Location);
        // By id: the same SSCC may be spelled as a URN and as a Digital Link.
        var containerId = r.Parent is { } parent ? containers.IdOf(parent) : (long?)null;
        var children = r.ChildContainers.Select(containers.IdOf).Distinct().Where(id => id != containerId).ToList();
        var named = r.Named.Select(containers.IdOf).ToHashSet();
        var unpacksAll = e.Action == EpcisAction.Delete && r.Subjects.Count == 0 && children.Count == 0 && (e.ChildQuantityList?.Count ?? 0) == 0;
        // The containers an event moves, with everything nested in them: what an aggregation packs, what an object event
        // observes or ships. Commissioning an SSCC only places the container.
        var tree = e.Type switch
        {
            EpcisEventType.AggregationEvent when e.Action != EpcisAction.Delete && containerId is { } packing => containers.Tree([packing, .. children]),
            EpcisEventType.ObjectEvent when e.Action == EpcisAction.Add => named.Select(id => containers[id]).ToList(),
            EpcisEventType.ObjectEvent => containers.Tree(named),
            _ => [],
        };
        var inTree = tree.Select(c => c.Id).ToHashSet();
        // A container moves with everything in it: an event older than the latest of any container it moves (a shipping
        // notice for a pallet already received) changes none of them, nor what they hold. Packing into a container whose
        // later events are known puts the contents where the container now is, as those events would have carried them.
        var treeLate = e.Type == EpcisEventType.ObjectEvent && tree.Any(c => c.IsLateFor(ev.EventTime));
        var into = containerId is { } pid && e.Action != EpcisAction.Delete && containers[pid].IsLateFor(ev.EventTime) ? containers[pid] : null;
        var touched = new List<(long UnitId, ObjectRole Role)>();
        var firstNews = new List<string>();
        // The containers something left in this event without the event naming them (a unit or case seen elsewhere,
        // packed into another, shipped or consumed on its own).
        var left = new HashSet<long>();
        var late = new List<string>();
        var rowsBefore = writes.Containers.Count;

        void Apply(List<UnitKey> keys, ObjectRole role, Func<LoadedUnit?, UnitTarget> target)
        {
            foreach (var key in keys)
            {
                state.TryGetValue((key.ProductId, key.Serial), out var unit);
                var next = target(unit);
                // Scrapped by this event (a DELETE, or a disposition such as destroyed): out of the inventory, as a native
                // scrapping leaves it, so no longer in a place or a case.
                if (next.Status == UnitStatus.Scrapped && unit?.Status != UnitStatus.Scrapped)
                {
                    next = next with { LocationId = null, ContainerId = null, OwnerPartyId = null };
                }
                var id = unit?.Id ?? unitIds.Dequeue();
                // An event older than one the unit already had (an advance shipping notice after the receipt) is in its
                // history, but its current state stays that of the later event.
                if (unit is not null && (latest.TryGetValue(id, out var after) && after > ev.EventTime || treeLate && unit.ContainerId is { } held && inTree.Contains(held)))
                {
                    late.Add(key.Epc);
                    // Its row says what the unit was after this event, at its time: what the event gives, and the rest as
                    // the unit stood then (its last row before), not as it stands now.
                    var then = StateAt(unit, ev.EventTime);
                    var stood = target(then);
                    writes.EventUnits.Add([ev.Id, id, (int)role, then.LocationId, (int)stood.Status, (int)stood.Stage, stood.LocationId, stood.ContainerId, stood.OwnerPartyId]);
                    touched.Add((id, role));
                    continue;
                }
                latest[id] = ev.EventTime;
                var contradiction = Contradicts(e, key, unit, next, role, heldHere.Contains(id));
                if (contradiction?.Code == "epcis.held")
                {
                    next = next with { Status = UnitStatus.OnHold };
                }
                if (contradiction is { } c)
                {
                    Review(r, id, key.Epc, c.Code, c.Message);
                }
                else if (unit is null && !Commissions(e, role))
                {
                    firstNews.Add(key.Epc);
                }
                if (unit is null)
                {
                    writes.Created.Add(id);
                }
                holdings.Moved((key.ProductId, key.Serial), unit?.ContainerId, next.ContainerId);
                if (unit?.ContainerId is { } was && was != next.ContainerId)
                {
                    left.Add(was);
                }
                state[(key.ProductId, key.Serial)] = (unit ?? new LoadedUnit(id, key.ProductId, "", key.Serial, next.Status, next.Stage, null, null, null, null, false, null, 0)) with
                {
                    Status = next.Status,
                    Stage = next.Stage,
                    LocationId = next.LocationId,
                    ContainerId = next.ContainerId,
                    OwnerPartyId = next.OwnerPartyId,
                    ShippedAt = unit?.ShippedAt ?? next.ShippedAt,
                };
                writes.LastEvent[(key.ProductId, key.Serial)] = ev.Id;
                writes.EventUnits.Add([ev.Id, id, (int)role, unit?.LocationId, (int)next.Status, (int)next.Stage, next.LocationId, next.ContainerId, next.OwnerPartyId]);
                touched.Add((id, role));
            }
        }

        var status = Status(e.Disposition);
        var shipped = ev.Type == EventType.Shipped;
        switch (e.Type)
        {
            case EpcisEventType.TransformationEvent:
                Apply(r.Inputs, ObjectRole.Input, u => new UnitTarget(UnitStatus.Consumed, u?.Stage ?? Stage.RawMaterial, null, null, u?.OwnerPartyId));
                Apply(r.Outputs, ObjectRole.Output, u => new UnitTarget(status ?? UnitStatus.Available, Stage.FinishedGood, location ?? u?.LocationId, null, u?.OwnerPartyId));
                break;
            case EpcisEventType.AggregationEvent when e.Action == EpcisAction.Delete:
                // An unpack that names no children takes out everything the container holds directly.
                Apply(unpacksAll && containerId is { } emptied ? [.. holdings.In([emptied]).Select(k => Key(state[k]))] : r.Subjects,
                    ObjectRole.Child,
                    u => new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, location ?? u?.LocationId, null, u?.OwnerPartyId));
                break;
            case EpcisEventType.AggregationEvent:
                Apply(r.Subjects, ObjectRole.Child,
                    u => new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, into is null ? location ?? u?.LocationId : into.LocationId,
                        containerId, u?.OwnerPartyId));
                // Containers packed somewhere other than where the books had them bring what they hold along.
                if ((into is null ? location : into.LocationId) is { } packedAt)
                {
                    Apply([.. holdings.In(inTree).Where(k => state[k].LocationId != packedAt).Select(k => Key(state[k]))], ObjectRole.Child,
                        u => new UnitTarget(u!.Status, u.Stage, packedAt, u.ContainerId, u.OwnerPartyId));
                }
                break;
            case EpcisEventType.ObjectEvent when e.Action == EpcisAction.Delete:
                Apply(r.Subjects, ObjectRole.Subject, u => new UnitTarget(UnitStatus.Scrapped, u?.Stage ?? Stage.FinishedGood, null, null, u?.OwnerPartyId));
                break;
            default:
                // A container observed or shipped carries what it holds, and they stay in it.
                var contents = e.Action == EpcisAction.Add ? [] : holdings.In(inTree).Select(k => Key(state[k]));
                Apply([.. r.Subjects.UnionBy(contents, k => (k.ProductId, k.Serial))], ObjectRole.Subject, u => shipped
                    ? new UnitTarget(status is UnitStatus.InTransit && !FromSerialTrack(e) ? UnitStatus.InTransit : UnitStatus.AtCustomer, u?.Stage ?? Stage.FinishedGood,
                        null, u?.ContainerId is { } held && inTree.Contains(held) ? held : null, ev.DestinationPartyId, ShippedAt: e.EventTime)
                    : r.Inbound ? new UnitTarget(status ?? UnitStatus.InTransit, u?.Stage ?? Stage.FinishedGood, null, u?.ContainerId, u?.OwnerPartyId)
                    : new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, location ?? u?.LocationId,
                        location is null || location == u?.LocationId || u?.ContainerId is { } moved && inTree.Contains(moved) ? u?.ContainerId : null, u?.OwnerPartyId));
                break;
        }

        if (late.Count > 0)
        {
            notes.Add(new(r.Item.Index, e.EventId, "epcis.late_event", late.Count == 1
                ? $"{late[0]} already had a later event, so this one was added to its history and its current state was kept."
                : $"{late.Count} units ({late[0]} and {late.Count - 1} more) already had later events, so this one was added to their history and their current state was kept."));
        }
        if (firstNews.Count > 0)
        {
            notes.Add(new(r.Item.Index, e.EventId, "epcis.units_created", firstNews.Count == 1
                ? $"{firstNews[0]} was seen here for the first time, so the unit was created as the event says."
                : $"{firstNews.Count} units were seen here for the first time ({firstNews[0]} and {firstNews.Count - 1} more), so they were created as the event says."));
        }
        r.InputUnits.AddRange(touched.Where(t => t.Role == ObjectRole.Input).Select(t => t.UnitId));
        r.OutputUnits.AddRange(touched.Where(t => t.Role == ObjectRole.Output).Select(t => t.UnitId));
        // A transformation's outputs are each made of all its inputs (EPCIS 2.0 §7.4.6): the edges trace walks.
        foreach (var output in r.OutputUnits)
        {
            writes.Edges.AddRange(r.InputUnits.Select(input => new object?[] { ev.Id, output, null, input, null, sql.Quantity(1m), null }));
        }
        if (containerId is { } packed)
        {
            FollowPacking(r, containers[packed], children, unpacksAll, tree, holdings, left, writes, into is not null);
        }
        else
        {
            FollowMoving(r, named, tree, inTree, shipped, left, writes, treeLate);
        }
        var containerRows = writes.Containers.Skip(rowsBefore).ToList();
        LeftBehind(ev, left, [.. containerRows.Select(row => (long)row[1]!)], holdings, writes);
        // As the native processes count: units, lot quantities and the containers the event names (not the parent it packs).
        ev.ObjectCount = touched.Count + r.Quantities.Count + r.InputQuantities.Count + r.OutputQuantities.Count
            + (containerId is null ? named.Count : unpacksAll ? containerRows.Count(row => (int)row[2]! == (int)ObjectRole.Child) : children.Count);
        writes.Events.Add(EventLog.Row(sql, ev));
    }

    static UnitKey Key(LoadedUnit u) => new(u.ProductId, u.Serial, u.Name);

    // An aggregation puts its child containers into its parent (ADD, OBSERVE) or takes them out (DELETE), where the event
    // took place; what it packs comes along with what it holds. The parent is open while it holds anything; an unpack
    // that leaves it holding nothing (units, containers, lot quantities packed natively) empties it.
    void FollowPacking(Resolved r, CapturedContainers.ContainerState parent, List<long> children, bool unpacksAll, List<CapturedContainers.ContainerState> tree,
        Holdings holdings, HashSet<long> left, Writes writes, bool intoLater)
    {
        var (e, ev, location) = (r.Item.Event, r.Native, r.Location);
        // Packed into a container whose later events are known: its contents go where it now is.
        location = intoLater ? parent.LocationId : location;
        var unpack = e.Action == EpcisAction.Delete;
        var rows = new Dictionary<long, (ObjectRole Role, long? From)>();
        bool Late(CapturedContainers.ContainerState c) => c.IsLateFor(ev.EventTime);
        void Place(CapturedContainers.ContainerState c, ObjectRole role)
        {
            rows.TryAdd(c.Id, (role, c.LocationId));
            c.LocationId = Late(c) ? c.LocationId : location ?? c.LocationId;
        }
        Place(parent, ObjectRole.Parent);
        foreach (var child in (unpacksAll ? [.. containers.ChildrenOf(parent.Id)] : children).Select(id => containers[id]))
        {
            var outer = child.ParentId;
            if (Late(child) || unpack && Late(parent))
            {
                rows.TryAdd(child.Id, (ObjectRole.Child, child.LocationId));
                continue;
            }
            if (!containers.Nest(child, unpack ? null : parent.Id))
            {
                var epc = r.ChildContainers.First(x => containers.IdOf(x) == child.Id);
                Review(r, null, epc, "epcis.container_cycle", $"{epc} holds {r.Parent}, so it was not packed into it.");
                continue;
            }
            Place(child, ObjectRole.Child);
            child.Status = child.Status == ContainerStatus.Shipped ? ContainerStatus.Open : child.Status;
            if (outer is { } was && was != child.ParentId)
            {
                left.Add(was);
            }
        }
        foreach (var nested in tree.Where(c => location is { } at && c.LocationId != at))
        {
            Place(nested, ObjectRole.Child);
        }
        parent.Status = Late(parent) ? parent.Status
            : !unpack ? parent.Status is ContainerStatus.Emptied or ContainerStatus.Shipped ? ContainerStatus.Open : parent.Status
            : holdings.In([parent.Id]).Any() || containers.ChildrenOf(parent.Id).Count > 0 || parent.HoldsLots ? parent.Status
            : ContainerStatus.Emptied;
        foreach (var (id, (role, from)) in rows)
        {
            if (!Late(containers[id]))
            {
                containers[id].Touch(ev.Id, ev.EventTime);
            }
            writes.Containers.Add(CapturedContainers.Row(ev.Id, containers[id], role, from));
        }
    }

    // Containers an object event names go where it says with everything nested in them: shipped (to the destination
    // party) or seen at a place. One named without its outer container leaves that container when it goes elsewhere.
    void FollowMoving(Resolved r, IReadOnlyCollection<long> named, List<CapturedContainers.ContainerState> tree, HashSet<long> inTree, bool shipped,
        HashSet<long> left, Writes writes, bool treeLate)
    {
        var (ev, location) = (r.Native, r.Location);
        foreach (var container in tree)
        {
            var was = container.LocationId;
            var role = named.Contains(container.Id) ? ObjectRole.Subject : ObjectRole.Child;
            if (treeLate)
            {
                writes.Containers.Add(CapturedContainers.Row(ev.Id, container, role, was));
                continue;
            }
            var leaves = named.Contains(container.Id) && container.ParentId is { } outer && !inTree.Contains(outer);
            if (shipped)
            {
                container.Status = ContainerStatus.Shipped;
                container.LocationId = null;
                container.OwnerPartyId = ev.DestinationPartyId ?? container.OwnerPartyId;
            }
            else if (location is { } at)
            {
                leaves &= at != container.LocationId;
                container.LocationId = at;
                container.Status = container.Status == ContainerStatus.Shipped ? ContainerStatus.Open : container.Status;
            }
            else
            {
                // On its way here (inbound): nowhere until it is received.
                container.LocationId = r.Inbound ? null : container.LocationId;
                leaves = false;
            }
            if (leaves)
            {
                left.Add(container.ParentId!.Value);
                containers.Nest(container, null);
            }
            container.Touch(ev.Id, ev.EventTime);
            writes.Containers.Add(CapturedContainers.Row(ev.Id, container, role, was));
        }
    }

    // A container something left without the event naming it is in the event's history too, as the parent it was taken
    // out of, and is emptied when nothing is left in it, as a native unpack would leave it.
    void LeftBehind(Event ev, HashSet<long> left, HashSet<long> rowed, Holdings holdings, Writes writes)
    {
        foreach (var container in left.Where(id => !rowed.Contains(id)).Select(id => containers[id]))
        {
            if (!container.IsLateFor(ev.EventTime))
            {
                if (!holdings.In([container.Id]).Any() && containers.ChildrenOf(container.Id).Count == 0 && !container.HoldsLots)
                {
                    container.Status = ContainerStatus.Emptied;
                }
                container.Touch(ev.Id, ev.EventTime);
            }
            writes.Containers.Add(CapturedContainers.Row(ev.Id, container, ObjectRole.Parent, container.LocationId));
        }
    }

    // The units of a document's state by the container that holds them, kept up as its events are followed, so that an
    // event naming or emptying a container finds the contents without looking through every unit of the document (a
    // look per event made a document quadratic in its events). Contents come in the order the state first held them.
    sealed class Holdings
    {
        readonly Contents<(long, string)> byContainer = new();
        readonly Dictionary<(long, string), int> order = [];

        public Holdings(Dictionary<(long, string), LoadedUnit> state)
        {
            foreach (var (key, unit) in state)
            {
                Moved(key, null, unit.ContainerId);
            }
        }

        public void Moved((long, string) key, long? from, long? to)
        {
            order.TryAdd(key, order.Count);
            byContainer.Move(key, from, to);
        }

        public IEnumerable<(long, string)> In(IEnumerable<long> containers) =>
            containers.Distinct().SelectMany(byContainer.Of).OrderBy(k => order[k]);
    }

    // New units are inserted in the state the document leaves them in; known ones are updated to it once, from the
    // state they were read in (and checked against its version).
    async Task WriteAsync(Dictionary<(long, string), LoadedUnit> state, Dictionary<(long, string), LoadedUnit> read, Writes writes, CancellationToken ct)
    {
        var now = sql.Time(clock.GetUtcNow());
        await sql.InsertAsync("events", EventLog.Columns, writes.Events, ct);
        await containers.WriteAsync(now, ct);
        var units = writes.LastEvent.Select(kv => (Unit: state[kv.Key], LastEvent: kv.Value)).ToList();
        await sql.InsertAsync("units", Commissioning.UnitColumns, [.. units.Where(u => writes.Created.Contains(u.Unit.Id)).Select(x => new object?[]
        {
            x.Unit.Id, x.Unit.ProductId, x.Unit.Serial, (int)x.Unit.Status, (int)x.Unit.Stage, x.Unit.LocationId, x.Unit.ContainerId, x.Unit.OwnerPartyId, null,
            x.LastEvent, now, now, false, 0, false, x.Unit.ShippedAt is { } shippedAt ? sql.Time(shippedAt) : null,
        })], ct);
        foreach (var group in units.Where(u => !writes.Created.Contains(u.Unit.Id)).GroupBy(u => (Target: u.Unit.Now with { ShippedAt = u.Unit.ShippedAt }, u.LastEvent)))
        {
            await UnitBatch.UpdateAsync(sql, group.Key.LastEvent, group.Key.Target, [.. group.Select(u => read[(u.Unit.ProductId, u.Unit.Serial)])], clock.GetUtcNow(), ct);
        }
        await sql.InsertAsync("event_units", UnitBatch.EventUnitColumns, writes.EventUnits, ct);
        await sql.InsertAsync("genealogy_edges", Production.EdgeColumns, writes.Edges, ct);
        await sql.InsertAsync("event_containers", CapturedContainers.EventColumns, writes.Containers, ct);
    }

    // held: the unit is under a hold placed here (Holds), not only on hold because a partner's disposition said so.
    static Contradiction? Contradicts(EpcisEvent e, UnitKey key, LoadedUnit? unit, UnitTarget next, ObjectRole role, bool held)
    {
        if (unit is null)
        {
            return Commissions(e, role) ? null
                : e is { Type: EpcisEventType.ObjectEvent, Action: EpcisAction.Delete } ? new(key, "epcis.unknown_epc", $"{key.Epc} was decommissioned, but it was never known here; the unit was recorded as scrapped.")
                : key.Ours ? new(key, "epcis.unknown_epc",
                    $"{key.Epc} is this installation's own, but it was never commissioned here: this event is the first news of it, so the unit was created as the event says.")
                : null;
        }
        if (e.Type == EpcisEventType.ObjectEvent && e.Action == EpcisAction.Add && unit.Status is not UnitStatus.Scrapped)
        {
            return new(key, "epcis.already_commissioned", $"{key.Epc} was commissioned again, but it already existed here ({UnitBatch.Describe(unit.Status)}).");
        }
        // A hold placed here stays until someone releases it (Holds): an event that ships a held unit is followed, and said.
        if (held && unit.Status == UnitStatus.OnHold && next.Status != UnitStatus.OnHold)
        {
            return next.Status is UnitStatus.Scrapped or UnitStatus.Consumed ? null
                : NativeType(e) == EventType.Shipped
                    ? new(key, "epcis.held_shipped", $"{key.Epc} is on hold here, and this event ships it; release or follow up the hold under Holds.")
                    : new(key, "epcis.held", $"{key.Epc} is on hold here; the event would make it {UnitBatch.Describe(next.Status)}, so it stays on hold until the hold is released under Holds.");
        }
        // Any later event about a unit at its end of life, a plain observation included, is news of it after its end;
        // decommissioning one already destroyed is how CBV ends its life (destroying, then decommissioning).
        if (unit.Status == UnitStatus.Scrapped && e is { Type: EpcisEventType.ObjectEvent, Action: EpcisAction.Delete })
        {
            return null;
        }
        if (unit.Status is UnitStatus.Scrapped or UnitStatus.Consumed)
        {
            return new(key, "epcis.after_end_of_life", $"{key.Epc} was {UnitBatch.Describe(unit.Status)} here, and this event observes it again.");
        }
        if (unit.LocationId is not null && next.LocationId is not null && unit.LocationId != next.LocationId && !MovingSteps.Contains(e.BizStep ?? ""))
        {
            return new(key, "epcis.location_mismatch", $"{key.Epc} was observed where the books did not place it; it now stands where the event saw it.");
        }
        return null;
    }

    // What brings units into being (commissioning, a transformation's outputs): an unknown unit there is expected, not news.
    static bool Commissions(EpcisEvent e, ObjectRole role) =>
        e is { Type: EpcisEventType.ObjectEvent, Action: EpcisAction.Add } || role == ObjectRole.Output;

    static EventType NativeType(EpcisEvent e) => e switch
    {
        // A receipt from a named source is a receipt as native receiving records it, so that trace and recalls find the
        // supplier the goods came from.
        { Type: EpcisEventType.ObjectEvent, Action: not EpcisAction.Delete } when Word(e.BizStep) == "receiving" && e.SourceList.Count > 0 => EventType.Received,
        { Type: EpcisEventType.ObjectEvent, Action: EpcisAction.Add } => EventType.Commissioned,
        { Type: EpcisEventType.ObjectEvent, Action: EpcisAction.Delete } => EventType.Scrapped,
        { Type: EpcisEventType.ObjectEvent } when Word(e.BizStep) is "shipping" or "departing" && e.DestinationList.Count > 0 => EventType.Shipped,
        { Type: EpcisEventType.AggregationEvent, Action: EpcisAction.Add } => EventType.Packed,
        { Type: EpcisEventType.AggregationEvent, Action: EpcisAction.Delete } => EventType.Unpacked,
        { Type: EpcisEventType.TransformationEvent } => EventType.Produced,
        _ => EventType.Observed,
    };

    static EventAction NativeAction(EpcisAction? action) => action switch
    {
        EpcisAction.Add => EventAction.Add,
        EpcisAction.Delete => EventAction.Delete,
        _ => EventAction.Observe,
    };

    // The native log keeps the CBV bare word for a standard value and the URI for any other.
    static string? Word(string? cbv) =>
        cbv is null ? null
        : cbv.StartsWith(Cbv.WebBase, StringComparison.Ordinal) && cbv.IndexOf('-') is var dash and > 0 ? cbv[(dash + 1)..]
        : Truncate(cbv, 64);

    static UnitStatus? Status(string? disposition) => Word(disposition) switch
    {
        "destroyed" or "disposed" => UnitStatus.Scrapped,
        "damaged" or "non_conformant" => UnitStatus.Quarantine,
        "recalled" or "non_sellable_other" or "expired" or "needs_replacement" or "unavailable" => UnitStatus.OnHold,
        "in_transit" => UnitStatus.InTransit,
        "stolen" => UnitStatus.Lost,
        "retail_sold" or "dispensed" => UnitStatus.AtCustomer,
        "active" or "available" or "sellable_accessible" or "sellable_not_accessible" or "in_progress" or "encoded" or "conformant" or "returned" => UnitStatus.Available,
        _ => null,
    };

    static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    // The code an installation's own URI carries, or a short stable code for any other identifier that is not a GS1 key
    // (the catalogue's codes are at most 64 characters).
    internal static string PrivateCode(string id, PrivateKind kind) =>
        EpcisUris.ReadPrivate(id) is { } own && own.Kind == kind && own.Value.Length <= 64 ? own.Value
        : "EPCIS-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(EpcisIdentifiers.Canonical(id))))[..12];

    // Lot quantities follow the events through the lot ledger, as a native process moves them: commissioning (ADD)
    // puts the quantity at the event's place, DELETE and shipping take it out of the books, a transformation consumes
    // its inputs and makes its outputs, and any other observation says that much of the lot is at the event's place
    // (what is missing there is moved from the lot's other places). Where the books hold less than an event takes, or
    // than it saw, the event is followed as far as the books allow and the rest is kept for review.
    // The document's lots and their balances are read once, followed in memory by the ledger, and saved once: EF looks
    // for changes only then (looking at every save and every look through its tracked entities made a document naming
    // thousands of lots quadratic).
    async Task LotsAsync(List<Resolved> resolved, CancellationToken ct)
    {
        var moving = resolved.Where(r => r.Quantities.Count + r.InputQuantities.Count + r.OutputQuantities.Count > 0).ToList();
        if (moving.Count == 0)
        {
            return;
        }
        var ledger = new LotLedger(db, clock);
        var lotIds = moving.SelectMany(r => r.Quantities.Concat(r.InputQuantities).Concat(r.OutputQuantities)).Select(l => l.Lot.Id).Distinct().ToList();
        await ledger.LoadAsync(lotIds, ct);
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await FollowLotsAsync(moving, ledger, ct);
            db.ChangeTracker.DetectChanges();
            await ledger.SaveAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }

    async Task FollowLotsAsync(List<Resolved> moving, LotLedger ledger, CancellationToken ct)
    {
        foreach (var r in moving)
        {
            var (e, eventId, place) = (r.Item.Event, r.Native.Id, r.Location);
            switch (e.Type)
            {
                case EpcisEventType.TransformationEvent:
                    foreach (var line in r.InputQuantities)
                    {
                        await TakeAsync(ledger, r, line, null, ObjectRole.Input, ct);
                    }
                    foreach (var line in r.OutputQuantities)
                    {
                        await PutAsync(ledger, r, line, ObjectRole.Output, ct);
                    }
                    await sql.InsertAsync("genealogy_edges", Production.EdgeColumns, [
                        .. r.OutputQuantities.SelectMany(o => r.InputQuantities.Select(i => new object?[] { eventId, null, o.Lot.Id, null, i.Lot.Id, sql.Quantity(i.Quantity), null })),
                        .. r.OutputQuantities.SelectMany(o => r.InputUnits.Select(i => new object?[] { eventId, null, o.Lot.Id, i, null, sql.Quantity(1m), null })),
                        .. r.OutputUnits.SelectMany(o => r.InputQuantities.Select(i => new object?[] { eventId, o, null, null, i.Lot.Id, sql.Quantity(i.Quantity), null })),
                    ], ct);
                    break;
                case EpcisEventType.AggregationEvent:
                    foreach (var line in r.Quantities)
                    {
                        Review(r, null, line.EpcClass, "epcis.quantity_not_followed", $"{line.EpcClass}: lot quantities packed into or out of containers are stored but do not change the lot's balances.");
                    }
                    break;
                case EpcisEventType.ObjectEvent when e.Action == EpcisAction.Add:
                    foreach (var line in r.Quantities)
                    {
                        await PutAsync(ledger, r, line, ObjectRole.Subject, ct);
                    }
                    break;
                case EpcisEventType.ObjectEvent when e.Action == EpcisAction.Delete || r.Native.Type == EventType.Shipped:
                    foreach (var line in r.Quantities)
                    {
                        await TakeAsync(ledger, r, line, null, ObjectRole.Subject, ct);
                    }
                    break;
                default:
                    foreach (var line in r.Quantities)
                    {
                        if (place is not { } at)
                        {
                            NoPlace(r, line);
                            continue;
                        }
                        var here = new BalanceKey(at, BalanceStatus.Available);
                        var there = Available(ledger, line.Lot.Id).FirstOrDefault(b => b.LocationId == here.LocationId)?.Quantity ?? 0;
                        if (there > 0)
                        {
                            // Seen where it was: the event still belongs to the lot's history.
                            await ledger.TransferAsync(eventId, line.Lot, line.Sku, Math.Min(there, line.Quantity), here, here, ObjectRole.Subject, "quantityList", ct);
                        }
                        if (line.Quantity > there)
                        {
                            await TakeAsync(ledger, r, line with { Quantity = line.Quantity - there }, here, ObjectRole.Subject, ct);
                        }
                    }
                    break;
            }
        }
    }

    // Takes a quantity from the lot's available balances (the event's place first, then the largest) to a balance, or
    // out of the books when to is null. Taking into the event's place what no balance holds puts it there from outside.
    async Task TakeAsync(LotLedger ledger, Resolved r, LotLine line, BalanceKey? to, ObjectRole role, CancellationToken ct)
    {
        var left = line.Quantity;
        var balances = Available(ledger, line.Lot.Id)
            .Where(b => b.LocationId != to?.LocationId)
            .OrderBy(b => b.LocationId == r.Location ? 0 : 1).ThenByDescending(b => b.Quantity).ThenBy(b => b.LocationId).ToList();
        foreach (var b in balances.TakeWhile(_ => left > 0))
        {
            var take = Math.Min(left, b.Quantity);
            await ledger.TransferAsync(r.Native.Id, line.Lot, line.Sku, take, new BalanceKey(b.LocationId, BalanceStatus.Available), to, role, "quantityList", ct);
            left -= take;
        }
        if (left > 0)
        {
            if (to is not null)
            {
                await ledger.TransferAsync(r.Native.Id, line.Lot, line.Sku, left, null, to, role, "quantityList", ct);
            }
            Review(r, null, line.EpcClass, "epcis.lot_short",
                $"{line.EpcClass}: the event has {EpcisTime.Canonical(line.Quantity)} but the books held {EpcisTime.Canonical(line.Quantity - left)}; " +
                (to is null ? "the rest was not in the books." : "the rest was added where the event saw it."));
        }
    }

    async Task PutAsync(LotLedger ledger, Resolved r, LotLine line, ObjectRole role, CancellationToken ct)
    {
        if (r.Location is not { } place)
        {
            NoPlace(r, line);
            return;
        }
        await ledger.TransferAsync(r.Native.Id, line.Lot, line.Sku, line.Quantity, null, new BalanceKey(place, BalanceStatus.Available), role, "quantityList", ct);
    }

    // The balances as the ledger holds them after the events before this one.
    static IEnumerable<LotBalance> Available(LotLedger ledger, long lotId) =>
        ledger.BalancesOf(lotId).Where(b => b.Status == BalanceStatus.Available && b.Quantity > 0);

    void NoPlace(Resolved r, LotLine line) =>
        Review(r, null, line.EpcClass, "epcis.quantity_not_followed", $"{line.EpcClass}: the event names no place, so the lot's balances are unchanged.");

    void Review(Resolved r, long? unitId, string epc, string code, string message)
    {
        notes.Add(new(r.Item.Index, r.Item.Event.EventId, code, message));
        reviews.Add([r.Item.StoredId, unitId, Truncate(epc, 500), code, message, sql.Time(r.Native.RecordTime)]);
    }

    // A lot is a class with a GTIN and a lot number (LGTIN), or a lot under an installation's own URI. A class without a
    // lot (a GTIN alone, a pattern) counts nothing SerialTrack keeps: stored, noted, not followed.
    async Task<List<LotLine>> LotLinesAsync(int index, IReadOnlyList<EpcisQuantity> quantities, CancellationToken ct)
    {
        var lines = new List<LotLine>(quantities.Count);
        foreach (var q in quantities)
        {
            var elements = EpcisIdentifiers.ElementsOf(q.EpcClass);
            var own = elements is null ? EpcisUris.ReadPrivate(q.EpcClass) : null;
            var (gtin, sku, code) = elements?.Gtin is { } g && elements["10"] is { } lot ? (g.Value, null, lot)
                : own is { Kind: PrivateKind.Lot } ? (null, own.Sku, own.Value)
                : ((string?)null, (string?)null, (string?)null);
            if (code is null || q.Quantity is not { } quantity || quantity <= 0)
            {
                notes.Add(new(index, null, "epcis.quantity_not_followed", code is null
                    ? $"{q.EpcClass} names no lot: its quantity is stored but counts toward no lot."
                    : $"{q.EpcClass} has no quantity: the lot's balances are unchanged."));
                continue;
            }
            var productId = await ProductAsync(index, gtin, sku, TrackingMode.Lot, ct, EpcisUnits.CatalogueUnit(q.Uom));
            var counted = EpcisUnits.Convert(quantity, q.Uom, units[productId]);
            // A product still in the catalogue's default unit (ea) was most likely never given one (captures before units
            // were read made such products): its quantities are counted as sent, as they always were, and the job says so.
            if (counted is null && units[productId] == "ea")
            {
                counted = quantity;
                notes.Add(new(index, null, "epcis.unit_not_set",
                    $"{q.EpcClass}: {quantity} {q.Uom} was counted as {quantity} ea, the product's unit; set the product's unit ({EpcisUnits.CatalogueUnit(q.Uom)}) so that quantities in other units are converted."));
            }
            if (counted is null)
            {
                notes.Add(new(index, null, "epcis.quantity_not_followed",
                    $"{q.EpcClass}: {quantity} {q.Uom} cannot be counted in the product's unit ({units[productId]}): the quantity is stored, but the lot's balances are unchanged."));
                continue;
            }
            lines.Add(new(await LotAsync(index, productId, code, q.EpcClass, ct), sku ?? "GTIN-" + gtin, q.EpcClass, counted.Value));
        }
        return lines;
    }

    async Task<Lot> LotAsync(int index, long productId, string lotNumber, string epcClass, CancellationToken ct)
    {
        // Looked up by the code it is stored under, or a lot number longer than a code would be created again each time.
        var code = Truncate(lotNumber, 64);
        if (lots.TryGetValue((productId, code), out var known))
        {
            return known;
        }
        // Only its id and code are needed from here on: an existing lot is not tracked, and new ones are saved together
        // before the lots are followed (a save each made every later one look through all of them).
        var lot = await db.Lots.AsNoTracking().FirstOrDefaultAsync(l => l.ProductId == productId && l.Code == code, ct);
        if (lot is null)
        {
            lot = new Lot { ProductId = productId, Code = code, Stage = Stage.FinishedGood, CreatedAt = clock.GetUtcNow() };
            db.Lots.Add(lot);
            lotsCreated = true;
            notes.Add(new(index, null, "epcis.lot_created", $"Lot {lot.Code} was created for {epcClass}."));
        }
        lots[(productId, code)] = lot;
        return lot;
    }

    // SerialTrack writes its native event type beside the EPCIS one (NativeEpcis): its shipments leave the goods with the
    // customer, whatever disposition CBV gave the shipping step.
    static bool FromSerialTrack(EpcisEvent e) =>
        e.Extensions.Any(x => x.Namespace == NativeEpcis.Namespace && x.Name == "eventType" && x.Value == nameof(EventType.Shipped));

    // Serialised instances (SGTIN) become units of the product with that GTIN; any other object identifier that is
    // not a container (GRAI, GIAI, a private URI) becomes a unit of the placeholder product, its serial the identifier.
    async Task<List<UnitKey>> KeysAsync(int index, IReadOnlyList<string> epcs, CancellationToken ct)
    {
        var keys = new List<UnitKey>(epcs.Count);
        var owner = ownership ??= await OwnershipAsync(ct);
        foreach (var epc in epcs)
        {
            var elements = EpcisIdentifiers.ElementsOf(epc);
            var own = elements is null ? EpcisUris.ReadPrivate(epc) : null;
            if (CapturedContainers.IsContainer(elements, own))
            {
                continue;
            }
            keys.Add(elements?.Gtin is { } gtin && elements.Serial is { } serial
                ? new(await ProductAsync(index, gtin.Value, null, TrackingMode.Serial, ct), serial, epc, owner.OwnsGtin(gtin.Value))
                : own is { Kind: PrivateKind.Unit }
                ? new(await ProductAsync(index, null, own.Sku, TrackingMode.Serial, ct), Truncate(own.Value, Processes.Serials.MaxLength), epc, owner.OwnsUri(epc))
                : new(await ProductAsync(index, null, null, TrackingMode.Serial, ct), Truncate(EpcisIdentifiers.Canonical(epc), Processes.Serials.MaxLength), epc));
        }
        return [.. keys.DistinctBy(k => (k.ProductId, k.Serial))];
    }

    // The company prefix, and the base URI unless it is still the shared default (every installation that never set
    // one writes it, so it tells nobody apart).
    async Task<Ownership> OwnershipAsync(CancellationToken ct)
    {
        var prefix = (await new InstallationSettings(db, clock).GetAsync(Settings.CompanyPrefix, ct))?.Trim();
        var uris = await EpcisUris.LoadAsync(db, ct);
        return new(prefix is { Length: >= 6 and <= 12 } && prefix.All(char.IsAsciiDigit) ? prefix : null,
            uris.Base != EpcisUris.DefaultBase && Uri.TryCreate(uris.Base, UriKind.Absolute, out var b) ? b : null);
    }

    // By GTIN, or by SKU for an installation's own URI, or the placeholder for any other identifier.
    // unit: the catalogue unit of a product created here (a lot's first quantity says what it is counted in).
    async Task<long> ProductAsync(int index, string? gtin, string? sku, TrackingMode tracking, CancellationToken ct, string? unit = null)
    {
        var key = gtin ?? (sku is null ? "" : "sku:" + sku);
        if (products.TryGetValue(key, out var id))
        {
            return id;
        }
        var product = gtin is not null
            ? await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Gtin == gtin, ct)
            : await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == (sku ?? PlaceholderSku), ct);
        if (product is null)
        {
            product = await new ProductCatalog(db, clock).CreateAsync(
                gtin is not null ? new ProductInput("GTIN-" + gtin, $"Product {gtin} (created by an EPCIS capture)", Gtin: gtin, Tracking: tracking, Uom: unit)
                : sku is not null ? new ProductInput(sku, $"Product {sku} (created by an EPCIS capture)", Tracking: tracking, Uom: unit)
                : new ProductInput(PlaceholderSku, "Objects reported by partners without a GTIN"), ct);
            notes.Add(new(index, null, "epcis.product_created",
                gtin is not null ? $"Product GTIN-{gtin} was created: no product had GTIN {gtin}."
                : sku is not null ? $"Product {sku} was created: no product had that SKU."
                : $"Product {PlaceholderSku} was created for identifiers with no GTIN."));
        }
        products[key] = product.Id;
        units[product.Id] = product.Uom;
        return product.Id;
    }

    Task<long> PlaceAsync(int index, string id, CancellationToken ct) => FindOrCreateAsync(places, id, index, "Location", async () =>
    {
        var elements = EpcisIdentifiers.ElementsOf(id);
        var gln = elements?["414"];
        var plain = elements?["254"] is null or "0";
        var code = gln is null ? PrivateCode(id, PrivateKind.Location) : plain ? gln : $"{gln}.{elements!["254"]}";
        var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == code, ct)
            ?? (gln is not null && plain ? await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Gln == gln, ct) : null);
        return location is not null ? (location.Id, null)
            : ((await new LocationCatalog(db, clock).CreateAsync(new LocationInput(code, Truncate(id, 200), LocationKind.Site, Gln: plain ? gln : null), ct)).Id, code);
    });

    // role: what a party first heard of here is to us (a destination a customer, a source a supplier).
    Task<long> PartyAsync(int index, string id, PartyRole role, CancellationToken ct) => FindOrCreateAsync(parties, id, index, "Party", async () =>
    {
        var (gln, code) = PartyKey(id);
        var party = await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code || (gln != null && p.Gln == gln), ct);
        return party is not null ? (party.Id, null)
            : ((await new PartyCatalog(db, clock).CreateAsync(new PartyInput(code, Truncate(id, 200), role, Gln: gln), ct)).Id, code);
    });

    static (string? Gln, string Code) PartyKey(string id)
    {
        var elements = EpcisIdentifiers.ElementsOf(id);
        var gln = elements?["417"] ?? elements?["414"];
        return (gln, gln ?? PrivateCode(id, PrivateKind.Party));
    }

    // A party or place identifier that names this installation: not a party in the catalogue, and a GLN with its company
    // prefix. (Not "the GLN of one of its locations": capture creates a location for every partner's place it hears of.)
    async Task<bool> IsUsAsync(string id, CancellationToken ct)
    {
        if (us.TryGetValue(id, out var known))
        {
            return known;
        }
        var (gln, code) = PartyKey(id);
        var owner = ownership ??= await OwnershipAsync(ct);
        return us[id] = gln is not null && !parties.ContainsKey(id)
            && !await db.Parties.AsNoTracking().AnyAsync(p => p.Code == code || p.Gln == gln, ct)
            && owner.CompanyPrefix is { } prefix && gln.StartsWith(prefix, StringComparison.Ordinal);
    }

    // The catalogue is asked once per identifier and document; what it does not know is created (find returns the code
    // it created under) and the job's notes say so.
    async Task<long> FindOrCreateAsync(Dictionary<string, long> cache, string id, int index, string noun, Func<Task<(long Id, string? Created)>> find)
    {
        if (cache.TryGetValue(id, out var known))
        {
            return known;
        }
        var (found, created) = await find();
        if (created is not null)
        {
            notes.Add(new(index, null, $"epcis.{noun.ToLowerInvariant()}_created", $"{noun} {created} was created for {id}."));
        }
        return cache[id] = found;
    }

    // Every unit the document names, and what the containers it names (and those nested in them) already hold.
    async Task<Dictionary<(long, string), LoadedUnit>> LoadAsync(List<Resolved> resolved, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var group in resolved.SelectMany(r => r.Subjects.Concat(r.Inputs).Concat(r.Outputs)).DistinctBy(k => (k.ProductId, k.Serial)).GroupBy(k => k.ProductId))
        {
            var found = await sql.StringsWhereInAsync("SELECT CAST(id AS TEXT) FROM units WHERE product_id = @p AND serial IN ({in})",
                [.. group.Select(k => k.Serial)], ct, ("p", group.Key));
            ids.AddRange(found.Select(long.Parse));
        }
        var state = (await UnitBatch.LoadByIdsAsync(sql, ids, ct)).ToDictionary(u => (u.ProductId, u.Serial));
        await containers.LoadHoldersAsync(state.Values.Select(u => u.ContainerId).OfType<long>(), ct);
        foreach (var unit in await UnitBatch.LoadInContainersAsync(sql, [.. containers.Existing], ct))
        {
            state.TryAdd((unit.ProductId, unit.Serial), unit);
        }
        // The history of the units the document names: the time of each one's latest event, and how it stood after each,
        // for the events that arrive late. Events that only change a status (a hold, a test, an acknowledged
        // instruction) say nothing of where a unit is, so a partner's report of an earlier move is not late for them.
        await sql.ReadWhereInAsync("""
            SELECT eu.unit_id, e.event_time, e.type, eu.status, eu.stage, eu.location_id, eu.container_id, eu.owner_party_id
            FROM event_units eu JOIN events e ON e.id = eu.event_id WHERE eu.unit_id IN ({ids}) ORDER BY eu.unit_id, e.event_time, e.id
            """, [.. state.Values.Select(u => u.Id)], r =>
        {
            var (id, at) = (r.GetInt64(0), sql.ReadTime(r, 1));
            if (!StatusOnly.Contains((EventType)r.GetInt32(2)))
            {
                latest[id] = at;
            }
            if (!pasts.TryGetValue(id, out var past))
            {
                pasts[id] = past = [];
            }
            past.Add((at, new UnitTarget((UnitStatus)r.GetInt32(3), (Stage)r.GetInt32(4), SqlSession.ReadOptionalLong(r, 5), SqlSession.ReadOptionalLong(r, 6),
                SqlSession.ReadOptionalLong(r, 7))));
        }, ct);
        await sql.ReadWhereInAsync("SELECT DISTINCT unit_id FROM holds WHERE released_event_id IS NULL AND unit_id IN ({ids})",
            [.. state.Values.Where(u => u.Status == UnitStatus.OnHold).Select(u => u.Id)], r => heldHere.Add(r.GetInt64(0)), ct);
        return state;
    }
}

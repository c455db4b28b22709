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

// Captured events feed the inventory: each becomes one native event whose units take the state the EPCIS event
// says, through the same unit batch the native processes write with, so history, trace and recalls see partner data
// as their own. A captured event is an observation of the world: it is never refused. Where it contradicts the books
// (an unknown EPC observed, a unit seen where we thought it was not, a destroyed unit seen again) the projection
// follows the event and the contradiction is kept for review. What the catalogue does not know (a GTIN, a place, a
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
    readonly Dictionary<string, long> places = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> parties = new(StringComparer.Ordinal);
    readonly Dictionary<string, long> containers = new(StringComparer.Ordinal);
    readonly List<EpcisCaptureNote> notes = [];

    public IReadOnlyList<EpcisCaptureNote> Notes => notes;

    // A unit named by an EPC: the product it belongs to and its serial.
    sealed record UnitKey(long ProductId, string Serial, string Epc);

    sealed record Contradiction(UnitKey Key, long? UnitId, string Code, string Message);

    public async Task ProjectAsync(int index, long storedId, EpcisEvent e, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var ev = EventLog.New(NativeType(e), NativeAction(e.Action), Word(e.BizStep) ?? "other", Word(e.Disposition), actor,
            new EventContext(EventTime: e.EventTime, BizTransaction: e.BizTransactionList.FirstOrDefault()?.Value is { } bt ? Truncate(bt, 200) : null), clock);
        ev.EventTimeZoneOffset = e.EventTimeZoneOffset ?? ev.EventTimeZoneOffset;
        ev.ReadPointId = e.ReadPoint is { } r ? await PlaceAsync(index, r.Id, ct) : null;
        var location = e.BizLocation is { } biz ? await PlaceAsync(index, biz.Id, ct) : ev.ReadPointId;
        ev.BizLocationId = location;
        var destination = e.DestinationList.FirstOrDefault(d => d.Type?.EndsWith("owning_party", StringComparison.Ordinal) == true)
            ?? e.DestinationList.FirstOrDefault();
        ev.DestinationPartyId = destination is null ? null : await PartyAsync(index, destination.Value, ct);
        var source = e.SourceList.FirstOrDefault();
        ev.SourcePartyId = source is null ? null : await PartyAsync(index, source.Value, ct);

        long? containerId = null;
        if (e.ParentId is { } parent && e.Type is EpcisEventType.AggregationEvent)
        {
            containerId = await ContainerAsync(index, parent, location, ct);
        }
        var subjects = await KeysAsync(index, e.EpcList ?? e.ChildEpcs ?? [], ct);
        var inputs = await KeysAsync(index, e.InputEpcList ?? [], ct);
        var outputs = await KeysAsync(index, e.OutputEpcList ?? [], ct);

        var changes = new List<UnitChange>();
        var created = new List<(UnitKey Key, UnitTarget Target, ObjectRole Role)>();
        var contradictions = new List<Contradiction>();

        async Task FollowAsync(List<UnitKey> keys, ObjectRole role, Func<LoadedUnit?, UnitTarget> target)
        {
            var known = await LoadAsync(keys, ct);
            foreach (var key in keys)
            {
                known.TryGetValue((key.ProductId, key.Serial), out var unit);
                var next = target(unit);
                if (unit is null)
                {
                    created.Add((key, next, role));
                }
                else
                {
                    changes.Add(new UnitChange(unit, next, role));
                }
                if (Contradicts(e, key, unit, next, role) is { } c)
                {
                    contradictions.Add(c);
                }
            }
        }

        var status = Status(e.Disposition);
        var shipped = ev.Type == EventType.Shipped;
        switch (e.Type)
        {
            case EpcisEventType.TransformationEvent:
                await FollowAsync(inputs, ObjectRole.Input, u => new UnitTarget(UnitStatus.Consumed, u?.Stage ?? Stage.RawMaterial, null, null, u?.OwnerPartyId));
                await FollowAsync(outputs, ObjectRole.Output, u => new UnitTarget(status ?? UnitStatus.Available, Stage.FinishedGood, location ?? u?.LocationId, null, u?.OwnerPartyId));
                break;
            case EpcisEventType.AggregationEvent when e.Action == EpcisAction.Delete:
                await FollowAsync(subjects.Count > 0 ? subjects : await PackedInAsync(containerId, ct), ObjectRole.Child,
                    u => new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, location ?? u?.LocationId, null, u?.OwnerPartyId));
                break;
            case EpcisEventType.AggregationEvent:
                await FollowAsync(subjects, ObjectRole.Child,
                    u => new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, location ?? u?.LocationId, containerId, u?.OwnerPartyId));
                break;
            case EpcisEventType.ObjectEvent when e.Action == EpcisAction.Delete:
                await FollowAsync(subjects, ObjectRole.Subject, u => new UnitTarget(UnitStatus.Scrapped, u?.Stage ?? Stage.FinishedGood, null, null, u?.OwnerPartyId));
                break;
            default:
                await FollowAsync(subjects, ObjectRole.Subject, u => shipped
                    ? new UnitTarget(status is UnitStatus.InTransit ? UnitStatus.InTransit : UnitStatus.AtCustomer, u?.Stage ?? Stage.FinishedGood, null, null,
                        ev.DestinationPartyId, ShippedAt: e.EventTime)
                    : new UnitTarget(status ?? u?.Status ?? UnitStatus.Available, u?.Stage ?? Stage.FinishedGood, location ?? u?.LocationId,
                        location is null || location == u?.LocationId ? u?.ContainerId : null, u?.OwnerPartyId));
                break;
        }

        ev.ObjectCount = changes.Count + created.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        await using (var link = sql.Command("UPDATE epcis_stored_events SET native_event_id = @e WHERE id = @id", ("e", ev.Id), ("id", storedId)))
        {
            await link.ExecuteNonQueryAsync(ct);
        }

        await UnitBatch.ApplyAsync(sql, ev.Id, changes, now, ct);
        var newIds = new Dictionary<UnitKey, long>();
        foreach (var group in created.GroupBy(c => (c.Key.ProductId, c.Target, c.Role)))
        {
            var keys = group.Select(c => c.Key).ToList();
            var t = group.Key.Target;
            var ids = await Commissioning.InsertUnitsAsync(sql, group.Key.ProductId, [.. keys.Select(k => k.Serial)], t.Status, t.Stage, t.LocationId, null, ev.Id,
                group.Key.Role, now, ct, t.ContainerId, t.OwnerPartyId);
            for (var i = 0; i < ids.Length; i++)
            {
                newIds[keys[i]] = ids[i];
            }
        }
        await GenealogyAsync(ev.Id, changes, created, newIds, ct);
        if (containerId is not null)
        {
            db.EventContainers.Add(new EventContainer
            {
                EventId = ev.Id,
                ContainerId = containerId.Value,
                Role = ObjectRole.Parent,
                LocationId = location,
                Status = e.Action == EpcisAction.Delete ? ContainerStatus.Emptied : ContainerStatus.Open,
            });
        }
        foreach (var c in contradictions)
        {
            notes.Add(new(index, e.EventId, c.Code, c.Message));
            db.EpcisReviewItems.Add(new EpcisReviewItem
            {
                StoredEventId = storedId,
                UnitId = c.UnitId ?? newIds.GetValueOrDefault(c.Key),
                Epc = Truncate(c.Key.Epc, 500),
                Code = c.Code,
                Message = c.Message,
                CreatedAt = now,
            });
        }
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    // A transformation's outputs are each made of all its inputs (EPCIS 2.0 §7.4.6): the edges trace walks.
    async Task GenealogyAsync(long eventId, List<UnitChange> changes, List<(UnitKey Key, UnitTarget Target, ObjectRole Role)> created,
        Dictionary<UnitKey, long> newIds, CancellationToken ct)
    {
        List<long> Ids(ObjectRole role) =>
            [.. changes.Where(c => c.Role == role).Select(c => c.Unit.Id).Concat(created.Where(c => c.Role == role).Select(c => newIds[c.Key]))];
        var inputs = Ids(ObjectRole.Input);
        var outputs = Ids(ObjectRole.Output);
        var edges = outputs.SelectMany(o => inputs.Select(i => new object?[] { eventId, o, null, i, null, sql.Quantity(1m), null })).ToList();
        await sql.InsertAsync("genealogy_edges", Production.EdgeColumns, edges, ct);
    }

    static Contradiction? Contradicts(EpcisEvent e, UnitKey key, LoadedUnit? unit, UnitTarget next, ObjectRole role)
    {
        if (unit is null)
        {
            var expected = e.Action == EpcisAction.Add && e.Type != EpcisEventType.TransformationEvent || role == ObjectRole.Output;
            return expected ? null : new(key, null, "epcis.unknown_epc",
                $"{key.Epc} was not known here: this event is the first news of it, so the unit was created as the event says.");
        }
        if (e.Type == EpcisEventType.ObjectEvent && e.Action == EpcisAction.Add && unit.Status is not UnitStatus.Scrapped)
        {
            return new(key, unit.Id, "epcis.already_commissioned", $"{key.Epc} was commissioned again, but it already existed here ({UnitBatch.Describe(unit.Status)}).");
        }
        if (unit.Status is UnitStatus.Scrapped or UnitStatus.Consumed && next.Status is not UnitStatus.Scrapped and not UnitStatus.Consumed)
        {
            return new(key, unit.Id, "epcis.after_end_of_life", $"{key.Epc} was {UnitBatch.Describe(unit.Status)} here, and this event observes it again.");
        }
        if (unit.LocationId is not null && next.LocationId is not null && unit.LocationId != next.LocationId && !MovingSteps.Contains(e.BizStep ?? ""))
        {
            return new(key, unit.Id, "epcis.location_mismatch", $"{key.Epc} was observed where the books did not place it; it now stands where the event saw it.");
        }
        return null;
    }

    static EventType NativeType(EpcisEvent e) => e switch
    {
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

    // A short stable code for an identifier that is not a GS1 key: the catalogue's codes are at most 64 characters.
    static string CodeOf(string id) => "EPCIS-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..12];

    // Serialised instances (SGTIN) become units of the product with that GTIN; any other object identifier that is
    // not a container (GRAI, GIAI, a private URI) becomes a unit of the placeholder product, its serial the identifier.
    async Task<List<UnitKey>> KeysAsync(int index, IReadOnlyList<string> epcs, CancellationToken ct)
    {
        var keys = new List<UnitKey>(epcs.Count);
        foreach (var epc in epcs)
        {
            var elements = EpcisIdentifiers.ElementsOf(epc);
            if (elements?.Sscc is not null)
            {
                continue;
            }
            keys.Add(elements?.Gtin is { } gtin && elements.Serial is { } serial
                ? new(await ProductAsync(index, gtin.Value, ct), serial, epc)
                : new(await ProductAsync(index, null, ct), Truncate(EpcisIdentifiers.Canonical(epc), Processes.Serials.MaxLength), epc));
        }
        return [.. keys.DistinctBy(k => (k.ProductId, k.Serial))];
    }

    async Task<long> ProductAsync(int index, string? gtin, CancellationToken ct)
    {
        var key = gtin ?? "";
        if (products.TryGetValue(key, out var id))
        {
            return id;
        }
        var product = gtin is null
            ? await db.Products.FirstOrDefaultAsync(p => p.Sku == PlaceholderSku, ct)
            : await db.Products.FirstOrDefaultAsync(p => p.Gtin == gtin, ct);
        if (product is null)
        {
            product = await new ProductCatalog(db, clock).CreateAsync(gtin is null
                ? new ProductInput(PlaceholderSku, "Objects reported by partners without a GTIN")
                : new ProductInput("GTIN-" + gtin, $"Product {gtin} (created by an EPCIS capture)", Gtin: gtin), ct);
            notes.Add(new(index, null, "epcis.product_created", gtin is null
                ? $"Product {PlaceholderSku} was created for identifiers with no GTIN."
                : $"Product GTIN-{gtin} was created: no product had GTIN {gtin}."));
        }
        products[key] = product.Id;
        return product.Id;
    }

    async Task<long> PlaceAsync(int index, string id, CancellationToken ct)
    {
        if (places.TryGetValue(id, out var known))
        {
            return known;
        }
        var elements = EpcisIdentifiers.ElementsOf(id);
        var gln = elements?["414"];
        var plain = elements?["254"] is null or "0";
        var code = gln is null ? CodeOf(EpcisIdentifiers.Canonical(id)) : plain ? gln : $"{gln}.{elements!["254"]}";
        var location = await db.Locations.FirstOrDefaultAsync(l => l.Code == code, ct)
            ?? (gln is not null && plain ? await db.Locations.FirstOrDefaultAsync(l => l.Gln == gln, ct) : null);
        if (location is null)
        {
            location = await new LocationCatalog(db, clock).CreateAsync(new LocationInput(code, Truncate(id, 200), LocationKind.Site, Gln: plain ? gln : null), ct);
            notes.Add(new(index, null, "epcis.location_created", $"Location {code} was created for {id}."));
        }
        places[id] = location.Id;
        return location.Id;
    }

    async Task<long> PartyAsync(int index, string id, CancellationToken ct)
    {
        if (parties.TryGetValue(id, out var known))
        {
            return known;
        }
        var elements = EpcisIdentifiers.ElementsOf(id);
        var gln = elements?["417"] ?? elements?["414"];
        var code = gln ?? CodeOf(EpcisIdentifiers.Canonical(id));
        var party = await db.Parties.FirstOrDefaultAsync(p => p.Code == code || (gln != null && p.Gln == gln), ct);
        if (party is null)
        {
            party = await new PartyCatalog(db, clock).CreateAsync(new PartyInput(code, Truncate(id, 200), PartyRole.Customer, Gln: gln), ct);
            notes.Add(new(index, null, "epcis.party_created", $"Party {code} was created for {id}."));
        }
        parties[id] = party.Id;
        return party.Id;
    }

    async Task<long> ContainerAsync(int index, string id, long? location, CancellationToken ct)
    {
        if (containers.TryGetValue(id, out var known))
        {
            return known;
        }
        var sscc = EpcisIdentifiers.ElementsOf(id)?.Sscc?.Value;
        var code = sscc ?? CodeOf(EpcisIdentifiers.Canonical(id));
        var container = await db.Containers.FirstOrDefaultAsync(c => c.Code == code || (sscc != null && c.Sscc == sscc), ct);
        if (container is null)
        {
            var now = clock.GetUtcNow();
            container = new Container { Code = code, Sscc = sscc, Kind = "pallet", LocationId = location, CreatedAt = now, UpdatedAt = now };
            db.Containers.Add(container);
            await db.SaveChangesAsync(ct);
            notes.Add(new(index, null, "epcis.container_created", $"Container {code} was created for {id}."));
        }
        containers[id] = container.Id;
        return container.Id;
    }

    async Task<Dictionary<(long, string), LoadedUnit>> LoadAsync(List<UnitKey> keys, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var group in keys.GroupBy(k => k.ProductId))
        {
            var found = await sql.StringsWhereInAsync("SELECT CAST(id AS TEXT) FROM units WHERE product_id = @p AND serial IN ({in})",
                [.. group.Select(k => k.Serial)], ct, ("p", group.Key));
            ids.AddRange(found.Select(long.Parse));
        }
        return (await UnitBatch.LoadByIdsAsync(sql, ids, ct)).ToDictionary(u => (u.ProductId, u.Serial));
    }

    async Task<List<UnitKey>> PackedInAsync(long? containerId, CancellationToken ct) =>
        containerId is null ? [] : [.. (await UnitBatch.LoadInContainersAsync(sql, [containerId.Value], ct)).Select(u => new UnitKey(u.ProductId, u.Serial, u.Name))];
}

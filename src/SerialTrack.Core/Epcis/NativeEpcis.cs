using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Orders;

namespace SerialTrack.Core.Epcis;

// The EPCIS form of SerialTrack's own events (issue 8: "every native process also emits its EPCIS form"). A batch
// of event ids is loaded in a fixed number of queries (events, their units, lots and containers with what they
// are, then the places, parties, orders and products they name), never one query per event. docs/epcis.md has the
// table of which native event becomes which EPCIS event.
public sealed class NativeEpcis(SerialTrackDbContext db)
{
    // SerialTrack's own user extensions: what CBV cannot say, and the native event id so a round trip knows it.
    public const string Namespace = "urn:serialtrack:epcis:";

    private static readonly HashSet<EventType> Transformations =
        [EventType.Produced, EventType.LotsTransformed, EventType.LotSplit, EventType.LotsMerged, EventType.ComponentsReplaced];

    // Native business steps that are not CBV words, and the CBV word written in their place (the native word goes
    // along as st:bizStep).
    private static readonly Dictionary<string, string> StepsOutsideCbv = new(StringComparer.Ordinal)
    {
        ["relocating"] = "storing",
    };

    public async Task<IReadOnlyList<EpcisEvent>> ForEventsAsync(IReadOnlyCollection<long> eventIds, CancellationToken ct)
    {
        if (eventIds.Count == 0)
        {
            return [];
        }

        var ids = eventIds.Distinct().ToList();
        var uris = await EpcisUris.LoadAsync(db, ct);
        var events = await db.Events.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var units = await (from x in db.EventUnits.AsNoTracking()
                           join u in db.Units.AsNoTracking() on x.UnitId equals u.Id
                           where ids.Contains(x.EventId)
                           orderby x.EventId, x.UnitId
                           select new { x.EventId, x.Role, x.LocationId, x.ContainerId, x.Stage, u.ProductId, u.Serial }).ToListAsync(ct);
        var lots = await (from x in db.EventLots.AsNoTracking()
                          join l in db.Lots.AsNoTracking() on x.LotId equals l.Id
                          where ids.Contains(x.EventId)
                          orderby x.EventId, x.Line
                          select new { x.EventId, x.Role, x.LotId, x.Quantity, x.LocationId, l.ProductId, l.Code }).ToListAsync(ct);
        var containers = await (from x in db.EventContainers.AsNoTracking()
                                join c in db.Containers.AsNoTracking() on x.ContainerId equals c.Id
                                where ids.Contains(x.EventId)
                                orderby x.EventId, x.ContainerId
                                select new { x.EventId, x.ContainerId, x.Role, x.LocationId, c.Code, c.Sscc }).ToListAsync(ct);

        var productIds = units.Select(u => u.ProductId).Concat(lots.Select(l => l.ProductId)).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Sku, p.Gtin, p.Uom }).ToDictionaryAsync(p => p.Id, ct);
        var locationIds = events.SelectMany(e => new[] { e.ReadPointId, e.BizLocationId })
            .Concat(units.Select(u => u.LocationId)).Concat(lots.Select(l => l.LocationId)).Concat(containers.Select(c => c.LocationId))
            .OfType<long>().Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id))
            .ToDictionaryAsync(l => l.Id, l => uris.Location(l.Gln, l.Code), ct);
        var orderIds = events.Select(e => e.OrderId).OfType<long>().Distinct().ToList();
        var orders = await db.Orders.AsNoTracking().Where(o => orderIds.Contains(o.Id))
            .Select(o => new { o.Id, o.Kind, o.Number, o.PartyId }).ToDictionaryAsync(o => o.Id, ct);
        var partyIds = events.SelectMany(e => new[] { e.SourcePartyId, e.DestinationPartyId })
            .Concat(orders.Values.Select(o => o.PartyId)).OfType<long>().Distinct().ToList();
        var parties = await db.Parties.AsNoTracking().Where(p => partyIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => uris.Party(p.Gln, p.Code), ct);

        var unitsOf = units.ToLookup(u => u.EventId);
        var lotsOf = lots.ToLookup(l => l.EventId);
        var containersOf = containers.ToLookup(c => c.EventId);
        var byId = events.ToDictionary(e => e.Id);
        var result = new List<EpcisEvent>(ids.Count);
        foreach (var id in ids)
        {
            if (!byId.TryGetValue(id, out var ev))
            {
                continue;
            }

            var eventUnits = unitsOf[id].ToList();
            var eventLots = lotsOf[id].ToList();
            var eventContainers = containersOf[id].ToList();

            string UnitUri(long productId, string serial)
            {
                var p = products[productId];
                return uris.Unit(p.Gtin, p.Sku, serial);
            }

            List<string> Units(params ObjectRole[] roles) => [.. eventUnits.Where(u => roles.Contains(u.Role)).Select(u => UnitUri(u.ProductId, u.Serial))];

            List<string> Containers(params ObjectRole[] roles) =>
                [.. eventContainers.Where(c => roles.Contains(c.Role)).Select(c => uris.Container(c.Sscc, c.Code))];

            // A lot taking part from two places is one quantity element: what moved, not from where.
            List<EpcisQuantity> Quantities(params ObjectRole[] roles) =>
            [
                .. eventLots.Where(l => roles.Contains(l.Role))
                    .GroupBy(l => l.LotId)
                    .Select(g =>
                    {
                        var first = g.First();
                        var p = products[first.ProductId];
                        return new EpcisQuantity(uris.Lot(p.Gtin, p.Sku, first.Code), EpcisTime.Canonical(g.Sum(l => Math.Abs(l.Quantity))), EpcisUnits.Rec20(p.Uom), []);
                    }),
            ];

            var order = ev.OrderId is { } orderId ? orders.GetValueOrDefault(orderId) : null;
            var after = eventUnits.Select(u => u.LocationId).Concat(eventContainers.Select(c => c.LocationId))
                .Concat(eventLots.Select(l => l.LocationId)).FirstOrDefault(l => l is not null);
            var offset = ParseOffset(ev.EventTimeZoneOffset);
            var bizStep = ev.BizStep is null ? null : StepsOutsideCbv.GetValueOrDefault(ev.BizStep, ev.BizStep);

            var e = new EpcisEvent
            {
                Type = EpcisEventType.ObjectEvent,
                EventTime = ev.EventTime.ToOffset(offset),
                EventTimeZoneOffset = ev.EventTimeZoneOffset,
                RecordTime = ev.RecordTime.ToUniversalTime(),
                BizStep = bizStep is null ? null : Cbv.Normalise(CbvVocabulary.BizStep, bizStep, out _),
                Disposition = ev.Disposition is null ? null : Cbv.Normalise(CbvVocabulary.Disposition, ev.Disposition, out _),
                ReadPoint = Place(locations, ev.ReadPointId),
                BizLocation = Place(locations, ev.BizLocationId ?? (ev.Type == EventType.Shipped ? null : after)),
                BizTransactionList = order is null
                    ? ev.BizTransaction is { } document && Uri.TryCreate(document, UriKind.Absolute, out _) ? [new EpcisTypedValue(null, document)] : []
                    : [new EpcisTypedValue(TransactionType(order.Kind), uris.Order(order.Kind, order.Number))],
                SourceList = Parties(parties, ev.SourcePartyId ?? (order?.Kind is OrderKind.Purchase or OrderKind.Return ? order.PartyId : null)),
                DestinationList = Parties(parties, ev.DestinationPartyId ?? (order?.Kind == OrderKind.Sales && ev.Type == EventType.Shipped ? order.PartyId : null)),
                Extensions = Extensions(ev, ev.BizStep != bizStep, eventUnits.Select(u => (Inventory.Stage?)u.Stage).FirstOrDefault()),
            };

            if (Transformations.Contains(ev.Type))
            {
                var inputs = Units(ObjectRole.Input);
                var outputs = Units(ObjectRole.Output, ObjectRole.Subject);
                var inputLots = Quantities(ObjectRole.Input);
                var outputLots = Quantities(ObjectRole.Output, ObjectRole.Subject);
                e = e with
                {
                    Type = EpcisEventType.TransformationEvent,
                    InputEpcList = inputs.Count > 0 ? inputs : null,
                    OutputEpcList = outputs.Count > 0 ? outputs : null,
                    InputQuantityList = inputLots.Count > 0 ? inputLots : null,
                    OutputQuantityList = outputLots.Count > 0 ? outputLots : null,

                    // CBV 2.0 §8.6: one transformationID links the events of one production order; an event with
                    // only inputs or only outputs needs one to be a valid TransformationEvent at all.
                    TransformationId = order?.Kind == OrderKind.Production
                        ? uris.Order(order.Kind, order.Number)
                        : inputs.Count + inputLots.Count == 0 || outputs.Count + outputLots.Count == 0 ? uris.Transformation(ev.Id) : null,
                };
            }
            else if (ev.Type is EventType.Packed or EventType.Unpacked && Containers(ObjectRole.Parent) is [var parent, ..])
            {
                var children = Units(ObjectRole.Child, ObjectRole.Subject).Concat(Containers(ObjectRole.Child)).ToList();
                var childLots = Quantities(ObjectRole.Child, ObjectRole.Subject);
                e = e with
                {
                    Type = EpcisEventType.AggregationEvent,
                    Action = ev.Type == EventType.Packed ? EpcisAction.Add : EpcisAction.Delete,
                    ParentId = parent,
                    ChildEpcs = children,
                    ChildQuantityList = childLots.Count > 0 ? childLots : null,
                };
            }
            else
            {
                // What an ObjectEvent is about: its subjects. Units and lots inside a moved or shipped container are
                // implied by the container's SSCC (EPCIS aggregation), unless nothing was a subject at all.
                var inEvent = eventContainers.Select(c => c.ContainerId).ToHashSet();
                List<string> epcs =
                [
                    .. eventUnits.Where(u => u.Role == ObjectRole.Subject && !(u.ContainerId is { } c && inEvent.Contains(c))).Select(u => UnitUri(u.ProductId, u.Serial)),
                    .. Containers(ObjectRole.Subject),
                ];
                var quantities = Quantities(ObjectRole.Subject);
                if (epcs.Count == 0 && quantities.Count == 0)
                {
                    epcs = [.. Units(Enum.GetValues<ObjectRole>()), .. Containers(ObjectRole.Parent)];
                    quantities = Quantities(Enum.GetValues<ObjectRole>());
                }

                e = e with
                {
                    Action = ev.Action switch { EventAction.Add => EpcisAction.Add, EventAction.Delete => EpcisAction.Delete, _ => EpcisAction.Observe },
                    EpcList = epcs,
                    QuantityList = quantities.Count > 0 ? quantities : null,
                };
            }

            result.Add(e with { EventId = EpcisEventHash.Compute(e) });
        }

        return result;
    }

    private static TimeSpan ParseOffset(string offset) =>
        TimeSpan.TryParseExact(offset.TrimStart('+', '-'), @"hh\:mm", CultureInfo.InvariantCulture, out var span)
            ? (offset.StartsWith('-') ? -span : span)
            : TimeSpan.Zero;

    private static EpcisPlace? Place(Dictionary<long, string> locations, long? id) =>
        id is { } l && locations.TryGetValue(l, out var uri) ? new EpcisPlace(uri, []) : null;

    // CBV 2.0 §7.4: the owning party is who the goods belong to on that side; possession goes with it here.
    private static List<EpcisTypedValue> Parties(Dictionary<long, string> parties, long? id) =>
        id is { } p && parties.TryGetValue(p, out var uri)
            ? [new EpcisTypedValue(Cbv.WebBase + "SDT-owning_party", uri), new EpcisTypedValue(Cbv.WebBase + "SDT-possessing_party", uri)]
            : [];

    // CBV 2.0 §7.3: purchase order, production order, return authorisation; a sales order has no CBV type.
    private static string? TransactionType(OrderKind kind) => kind switch
    {
        OrderKind.Purchase => Cbv.WebBase + "BTT-po",
        OrderKind.Production => Cbv.WebBase + "BTT-prodorder",
        OrderKind.Return => Cbv.WebBase + "BTT-rma",
        _ => null,
    };

    private static List<EpcisExtension> Extensions(Event ev, bool stepOutsideCbv, Inventory.Stage? stage)
    {
        EpcisExtension Field(string name, string value) => new(Namespace, name, value, []);

        var extensions = new List<EpcisExtension>
        {
            Field("eventId", ev.Id.ToString(CultureInfo.InvariantCulture)),
            Field("eventType", ev.Type.ToString()),
        };
        if (stepOutsideCbv && ev.BizStep is { } step)
        {
            extensions.Add(Field("bizStep", step));
        }

        if (ev.Reason is { } reason)
        {
            extensions.Add(Field("reason", reason));
        }

        if (ev.ReasonCode is { } code)
        {
            extensions.Add(Field("reasonCode", code));
        }

        if (ev.Type is EventType.StageChanged or EventType.StepStarted or EventType.StepFinished && stage is { } s)
        {
            extensions.Add(Field("stage", Text.Snake(s)));
        }

        return extensions;
    }
}

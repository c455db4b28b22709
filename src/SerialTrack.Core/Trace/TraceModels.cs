using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Trace;

public enum TraceDirection
{
    Backward = 1,
    Forward = 2,
}

// Where a trace starts: units, lots and containers by id. The resolvers on Tracing turn a scanned code, a
// supplier lot, a production order, a supplier, a serial range or a station's time window into one.
public sealed record TraceRoots(IReadOnlyList<long> UnitIds, IReadOnlyList<long> LotIds, IReadOnlyList<long> ContainerIds, string Description)
{
    public bool IsEmpty => UnitIds.Count == 0 && LotIds.Count == 0 && ContainerIds.Count == 0;
}

// Node keys used by edges: "unit:12", "lot:5", "container:3", "party:7".
public static class TraceKeys
{
    public static string Unit(long id) => $"unit:{id}";
    public static string Lot(long id) => $"lot:{id}";
    public static string Container(long id) => $"container:{id}";
    public static string Party(long id) => $"party:{id}";
}

// A unit the trace reached, with where it is now. Depth 0 is a root; 1 is one genealogy step away.
// Removed is true when the path to it only runs through a component taken out by a repair.
public sealed record TracedUnit(long Id, string Product, string Serial, string? Epc, UnitStatus Status, Stage Stage, string? Location,
    long? ContainerId, long? CustomerId, string? Customer, DateTimeOffset Since, int Depth, bool Root, bool Removed);

// A lot the trace reached. Quantity: forward, how much of it may contain the roots (the output of the
// events on the traced paths); backward, how much of it went into the roots. OnHand is what is in stock
// now, across locations and statuses.
public sealed record TracedLot(long Id, string Product, string Lot, string? EpcClass, string? SupplierLot, decimal Quantity, string Uom,
    decimal OnHand, int Depth, bool Root);

public sealed record TracedContainer(long Id, string Code, string? Sscc, string Kind, string Status, string? Location, long? ParentContainerId);

public sealed record TracedParty(long Id, string Code, string Name, string? ContactName, string? Email, string? Phone);

public sealed record TracedOrder(long Id, string Number, string Kind, long? PartyId);

// A production step on a traced unit or lot: where (station), who, when.
public sealed record TracedStep(long? UnitId, long? LotId, string Operation, string? Station, string Operator, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

// A shipment that carried traced units, lots or containers to a customer: one row per object shipped.
public sealed record TracedShipment(long EventId, DateTimeOffset At, long? CustomerId, string? Order, long? UnitId, long? LotId, long? ContainerId, decimal Quantity);

public sealed record TracedTest(long? UnitId, long? LotId, string Test, bool Passed, DateTimeOffset RecordedAt);

// Kinds: "consumed" (input -> output through production or transformation), "removed" (a component a
// repair took out), "packed" (unit or lot or container -> the container it travelled in),
// "received" (supplier -> unit or lot), "shipped" (unit or lot or container -> customer).
// Edges always point the way material flowed, whatever the trace's direction.
public sealed record TraceEdge(string From, string To, string Kind, decimal? Quantity);

public sealed record TraceResult(
    TraceDirection Direction,
    TraceRoots Roots,
    IReadOnlyList<TracedUnit> Units,
    IReadOnlyList<TracedLot> Lots,
    IReadOnlyList<TracedContainer> Containers,
    IReadOnlyList<TracedParty> Customers,
    IReadOnlyList<TracedParty> Suppliers,
    IReadOnlyList<TracedOrder> Orders,
    IReadOnlyList<TracedStep> Steps,
    IReadOnlyList<TracedTest> Tests,
    IReadOnlyList<TracedShipment> Shipments,
    IReadOnlyList<TraceEdge> Edges);

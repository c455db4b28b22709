namespace SerialTrack.Core.Orders;

// Stored as integers; never renumber.
public enum OrderKind
{
    Purchase = 1,
    Sales = 2,
    Production = 3,
    Return = 4,
}

public enum OrderStatus
{
    Draft = 0,
    Open = 1,
    InProgress = 2,
    Completed = 3,
    Closed = 4,
    Cancelled = 5,
}

// One table for the four business transactions (purchase order, sales order, production order, RMA):
// they share number, party, status, lines and progress, and events point at them the same way.
public sealed class Order
{
    public long Id { get; set; }
    public OrderKind Kind { get; set; }
    public required string Number { get; set; }
    public long? PartyId { get; set; }

    // Production orders: the assembly or output product, how many, and the station that builds it.
    public long? ProductId { get; set; }
    public decimal Quantity { get; set; }
    public decimal DoneQuantity { get; set; }
    public long? LocationId { get; set; }
    public OrderStatus Status { get; set; } = OrderStatus.Open;
    public DateOnly? DueDate { get; set; }
    public string? Reference { get; set; }
    public string? Notes { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

// Stored; never renumber. What inspection decided for a returned unit or lot quantity.
public enum ReturnDisposition
{
    Pending = 0,
    Restock = 1,
    Repair = 2,
    ReturnToSupplier = 3,
    Scrap = 4,
}

public sealed class OrderLine
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public int LineNo { get; set; }
    public long ProductId { get; set; }
    public decimal Quantity { get; set; }

    // Received (purchase), shipped (sales), consumed (production components), returned (RMA).
    public decimal DoneQuantity { get; set; }
    public decimal AllocatedQuantity { get; set; }
    public string? SupplierLotCode { get; set; }

    // Returns: the unit or lot that came back, why, and what inspection decided.
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public string? Reason { get; set; }
    public ReturnDisposition? Disposition { get; set; }
    public string? Notes { get; set; }
    public int Version { get; set; }
}

public enum AllocationStatus
{
    Allocated = 1,
    Picked = 2,
    Shipped = 3,
    Released = 4,
}

// A specific unit, or a lot quantity at a location, promised to a sales order line. A unit has at most
// one live (allocated or picked) allocation: the database says so with a filtered unique index.
public sealed class Allocation
{
    public long Id { get; set; }
    public long OrderLineId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? LocationId { get; set; }
    public decimal Quantity { get; set; }
    public AllocationStatus Status { get; set; } = AllocationStatus.Allocated;
    public long? ContainerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

namespace SerialTrack.Core.Serials;

// A named serial-number template ("{SKU}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}"), assigned to
// products directly or through their category.
public sealed class SerialScheme
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Template { get; set; }
    public string? Description { get; set; }
    public bool Archived { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class CategoryScheme
{
    public required string Category { get; set; }
    public long SchemeId { get; set; }
}

// The next sequence value of one scheme in one scope (e.g. "SKU=A100|YY=26"). Reserved in blocks
// inside the transaction that uses them, so a rolled-back transaction gives its numbers back.
public sealed class SerialCounter
{
    public long Id { get; set; }
    public long SchemeId { get; set; }
    public required string ScopeKey { get; set; }
    public long NextValue { get; set; }
}

// Numbers taken from a counter that were never used (a cancelled reservation): kept so an auditor
// can tell a gap from a lost unit.
public sealed class SerialGap
{
    public long Id { get; set; }
    public long SchemeId { get; set; }
    public required string ScopeKey { get; set; }
    public required string Serial { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class SerialReservation
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public long? SchemeId { get; set; }
    public int Count { get; set; }
    public string? Reference { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

// Stored; never renumber.
public enum ExpectedStatus
{
    Expected = 1,
    Received = 2,
    Cancelled = 3,
}

// A serial reserved ahead of production or purchase (pre-printed labels, engraving): receipt and
// production check scanned serials against this list.
public sealed class ExpectedSerial
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public required string Serial { get; set; }
    public long? ReservationId { get; set; }

    // Serials a supplier announced for a purchase order line (advance ship notice).
    public long? OrderLineId { get; set; }
    public ExpectedStatus Status { get; set; }
    public long? UnitId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

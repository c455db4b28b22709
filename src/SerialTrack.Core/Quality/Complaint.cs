namespace SerialTrack.Core.Quality;

// Stored as integers; never renumber.
public enum ComplaintStatus
{
    Open = 1,
    Investigating = 2,
    Closed = 3,
    Rejected = 4,
}

// A customer's complaint about one unit (or one lot): what they saw, when, and what the investigation
// found. The root cause points at what the fault came from, and a recall opened from it is linked back.
public sealed class Complaint
{
    public long Id { get; set; }

    // CMP-000001, from the "complaint" sequence.
    public required string Number { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long? CustomerPartyId { get; set; }
    public required string Symptom { get; set; }

    // When the customer reported it and when the fault happened, as they said.
    public DateOnly ReportedOn { get; set; }
    public DateOnly? FailedOn { get; set; }
    public ComplaintStatus Status { get; set; }

    // Root cause once found: a component lot, a station, a supplier, and what was wrong.
    public long? RootCauseLotId { get; set; }
    public long? RootCauseUnitId { get; set; }
    public long? RootCauseStationId { get; set; }
    public long? RootCauseSupplierId { get; set; }
    public string? RootCause { get; set; }
    public long? RecallId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int Version { get; set; }
}

// An investigation note on a complaint, in the order written.
public sealed class ComplaintNote
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public required string Author { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}

// A file attached to a complaint (photo, customer report). Kept in the database so a backup holds it.
public sealed class ComplaintAttachment
{
    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string AddedBy { get; set; }
    public DateTimeOffset AddedAt { get; set; }
}

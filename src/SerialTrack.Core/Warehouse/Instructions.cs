namespace SerialTrack.Core.Warehouse;

// Stored as integers; never renumber.
public enum InstructionSeverity
{
    Info = 1,
    Warning = 2,

    // Must be acknowledged (an InstructionAcknowledged event) before the processes it names go on.
    Blocking = 3,
}

// Which processes an instruction concerns. Stored as integers (flags); never renumber.
[Flags]
public enum InstructionProcesses
{
    None = 0,
    Receive = 1,
    Move = 2,
    Pick = 4,
    Pack = 8,
    Ship = 16,
    Produce = 32,
    Count = 64,
    All = Receive | Move | Pick | Pack | Ship | Produce | Count,
}

// A handling instruction on a product, a category, a lot or one unit. Exactly one target is set.
public sealed class HandlingInstruction
{
    public long Id { get; set; }
    public long? ProductId { get; set; }
    public string? Category { get; set; }
    public long? LotId { get; set; }
    public long? UnitId { get; set; }
    public required string Text { get; set; }
    public InstructionSeverity Severity { get; set; }
    public InstructionProcesses Processes { get; set; }
    public bool Active { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// That an operator acknowledged a blocking instruction for one unit or lot, with the event that records it.
public sealed class InstructionAcknowledgement
{
    public long Id { get; set; }
    public long InstructionId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long EventId { get; set; }
    public required string AcknowledgedBy { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}

namespace SerialTrack.Core.Epcis;

// The EPCIS repository: every event in its EPCIS form, whether captured from a partner or published from a native
// process, with the identifiers it names indexed for the standard queries.
public sealed class EpcisStoredEvent
{
    public long Id { get; set; }

    // As sent; an event captured without one gets its hash, so that every stored event can be named.
    public required string EventId { get; set; }

    // CBV 2.0 event hash (ni:///sha-256;...?ver=CBV2.0): two captures of the same event have the same hash.
    public required string EventHash { get; set; }
    public EpcisEventType Type { get; set; }
    public EpcisAction? Action { get; set; }
    public DateTimeOffset EventTime { get; set; }
    public required string EventTimeZoneOffset { get; set; }
    public DateTimeOffset RecordTime { get; set; }

    // CBV values in their canonical https://ref.gs1.org/cbv/... form, so that any of the three forms matches.
    public string? BizStep { get; set; }
    public string? Disposition { get; set; }

    // Identifiers in their canonical form (EpcisIdentifiers.Canonical), like the EPCs.
    public string? ReadPoint { get; set; }
    public string? BizLocation { get; set; }

    // The capture job that stored it; null for a native event published into the repository.
    public long? CaptureId { get; set; }

    // The native event behind it: the one a captured event was projected into, or the one published.
    public long? NativeEventId { get; set; }

    // The event as one EPCIS 2.0 JSON-LD object, user extensions included, returned as sent.
    public required string Json { get; set; }

    // An error declaration (EPCIS 2.0 §7.4.1.2): the sender repeats an event it got wrong, with the same eventID and
    // so the same hash, and adds errorDeclaration. It is stored beside the event it declares, once; it changes no
    // inventory, and each unit of the declared event gets a review item.
    public bool DeclaresError { get; set; }
}

// Which list of the event an identifier came from, for MATCH_epc, MATCH_parentID, MATCH_inputEPC and the rest.
public enum EpcisEpcRole
{
    // epcList of object and transaction events, childEPCs of aggregation and association events.
    Epc = 1,
    Parent = 2,
    Input = 3,
    Output = 4,

    // epcClass of quantityList and childQuantityList.
    Class = 5,
    InputClass = 6,
    OutputClass = 7,
}

// One identifier of a stored event, in the constrained canonical Digital Link form (EpcisIdentifiers.Canonical), so
// an EPC URN query finds an event sent with Digital Links and the other way round.
public sealed class EpcisEventEpc
{
    public long EventId { get; set; }
    public required string Epc { get; set; }
    public EpcisEpcRole Role { get; set; }
}

public enum EpcisCaptureStatus
{
    Running = 1,
    Succeeded = 2,
    Failed = 3,
}

public enum EpcisErrorBehaviour
{
    // All or nothing: one invalid event and none is stored.
    Rollback = 1,

    // The valid events are stored, the invalid ones reported.
    Proceed = 2,
}

// A capture job (GS1 EPCIS REST binding: POST /capture answers 202 and names the job).
public sealed class EpcisCapture
{
    public long Id { get; set; }

    // The public name in Location: /epcis/capture/{captureID}.
    public required string CaptureId { get; set; }
    public EpcisCaptureStatus Status { get; set; }
    public EpcisErrorBehaviour ErrorBehaviour { get; set; }
    public required string Actor { get; set; }
    public long? UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public int EventCount { get; set; }
    public int StoredCount { get; set; }
    public int DuplicateCount { get; set; }

    // JSON arrays: the errors (event index, eventID, field, code, reason) and the notes (duplicates, created products,
    // contradictions) of the outcome.
    public string? Errors { get; set; }
    public string? Notes { get; set; }
}

// A captured event that contradicts the state the inventory had (a unit observed where we thought it was not, a
// DELETE of an unknown EPC): stored and projected all the same, and kept here for someone to review.
public sealed class EpcisReviewItem
{
    public long Id { get; set; }
    public long StoredEventId { get; set; }
    public long? UnitId { get; set; }
    public string? Epc { get; set; }
    public required string Code { get; set; }
    public required string Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
}

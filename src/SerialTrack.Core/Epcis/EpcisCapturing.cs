using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Epcis;

public enum EpcisBinding
{
    Json,
    Xml,
}

// What a capture did with one event that is not an error: stored, or skipped as a duplicate.
public sealed record EpcisCaptureNote(int EventIndex, string? EventId, string Code, string Message);

// A capture job in a list: its counts, not its errors and notes.
public sealed record EpcisCaptureRow(long Id, string CaptureId, EpcisCaptureStatus Status, string Actor, DateTimeOffset CreatedAt, int EventCount, int StoredCount,
    int DuplicateCount)
{
    // Events neither stored nor already there: the invalid ones, or all of them when the document was refused as a whole.
    public int NotStored => EventCount - StoredCount - DuplicateCount;

    public static EpcisCaptureRow Of(EpcisCapture c) => new(c.Id, c.CaptureId, c.Status, c.Actor, c.CreatedAt, c.EventCount, c.StoredCount, c.DuplicateCount);
}

public sealed record EpcisCaptureResult(EpcisCapture Job, IReadOnlyList<EpcisError> Errors, IReadOnlyList<EpcisCaptureNote> Notes)
{
    public bool Succeeded => Job.Status == EpcisCaptureStatus.Succeeded;
}

// Captures EPCIS 2.0 documents into the repository (GS1 EPCIS REST binding, capture interface). A document is read,
// validated as a whole, then its events are stored and projected onto the inventory (EpcisProjection) in one
// transaction with the job that reports the outcome: under
// rollback one invalid event stores nothing, under proceed the valid ones are stored and the others reported. An
// event whose eventID or event hash is already stored is a duplicate: reported, not stored twice.
public sealed class EpcisCapturing(SerialTrackDbContext db, TimeProvider clock)
{
    // Announced by OPTIONS /epcis/capture (GS1-EPCIS-Capture-Limit, GS1-EPCIS-Capture-File-Size-Limit).
    public const int MaxEvents = 10_000;
    // Below Kestrel's default request body limit (30,000,000 bytes), so the limit announced is the one enforced.
    public const int MaxDocumentBytes = 20 * 1024 * 1024;

    static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public Task<EpcisCaptureResult> CaptureAsync(string body, EpcisBinding binding, EpcisErrorBehaviour behaviour, Actor actor, CancellationToken ct) =>
        CaptureAsync(Read(body, binding), behaviour, actor, ct);

    // POST /epcis/events: one event, stored or refused as a whole (409 when it is already stored).
    public async Task<EpcisStoredEvent> CaptureEventAsync(string body, EpcisBinding binding, Actor actor, CancellationToken ct)
    {
        var reading = Read(body, binding);
        if (reading.Document.Events.Count != 1)
        {
            throw DomainException.BadInput("epcis.single_event", "event", $"POST /epcis/events takes exactly one event; this body holds {reading.Document.Events.Count}.");
        }
        var result = await CaptureAsync(reading, EpcisErrorBehaviour.Rollback, actor, ct);
        if (result.Errors.Count > 0)
        {
            // Every problem, named as fields of the one event sent (there is no event list in the request).
            static string Own(string text) => text.Replace("eventList[0].", "", StringComparison.Ordinal).Replace("eventList[0]", "event", StringComparison.Ordinal);
            var first = result.Errors[0];
            throw DomainException.BadInput(first.Code, Own(first.Field), string.Join(" ", result.Errors.Select(e => Own(e.Message))));
        }
        if (result.Job.StoredCount == 0)
        {
            var note = result.Notes[0];
            throw DomainException.Conflict("epcis.duplicate", note.Message, "eventID");
        }
        var eventId = result.Notes[0].EventId;
        // The newest with that eventID: an error declaration shares it with the event it declares.
        return await db.EpcisEvents.AsNoTracking().Where(e => e.EventId == eventId).OrderByDescending(e => e.Id).FirstAsync(ct);
    }

    public async Task<EpcisCapture> FindAsync(string captureId, CancellationToken ct) =>
        await db.EpcisCaptures.AsNoTracking().FirstOrDefaultAsync(c => c.CaptureId == captureId, ct)
            ?? throw DomainException.NotFound("epcis.capture_not_found", $"No capture job '{captureId}'.", "captureID");

    // SerialTrack's own events join the repository in their EPCIS form (NativeEpcis) when it is read, in batches, so
    // the query interface answers for the native history as for partners' events. Those that came from a capture are
    // there already (native_event_id). How far publication has come is a setting written with each batch: every query
    // pays one key lookup and one primary-key range, not a scan of the repository. On PostgreSQL an event may commit
    // after one with a higher id, so the last PublishRecheck ids before the mark are looked at again.
    public async Task PublishNativeAsync(CancellationToken ct)
    {
        var sql = new SqlSession(db);
        while (true)
        {
            var mark = await db.Settings.AsNoTracking().Where(x => x.Key == Settings.EpcisPublishedThrough).Select(x => x.Value).FirstOrDefaultAsync(ct);
            var through = mark is null ? 0 : long.Parse(mark, System.Globalization.CultureInfo.InvariantCulture);
            var after = sql.IsSqlite ? through : Math.Max(0, through - PublishRecheck);
            var ids = await db.Events.AsNoTracking().Where(e => e.Id > after).OrderBy(e => e.Id).Select(e => e.Id).Take(PublishBatch).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return;
            }
            var (first, last) = (ids[0], ids[^1]);
            var inRepository = (await db.EpcisEvents.AsNoTracking().Where(s => s.NativeEventId >= first && s.NativeEventId <= last)
                .Select(s => s.NativeEventId!.Value).ToListAsync(ct)).ToHashSet();
            var missing = ids.Where(id => !inRepository.Contains(id)).ToList();
            if (missing.Count == 0 && last <= through)
            {
                return;
            }
            var events = await new NativeEpcis(db).ForEventsAsync(missing, ct);
            var candidates = events.Select((e, i) => EpcisEventHash.Compute(e) is var hash ? new Candidate(i, e, e.EventId ?? hash, hash) { NativeId = NativeIdOf(e) } : null!).ToList();
            try
            {
                await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
                {
                    await using var tx = await db.Database.BeginTransactionAsync(ct);
                    await sql.LockWritersAsync("epcis_stored_events", ct);
                    await ReserveIdsAsync(sql, candidates, ct);
                    await InsertAsync(sql, candidates, null, clock.GetUtcNow(), ct);
                    await MarkPublishedAsync(mark, Math.Max(through, last), ct);
                    await tx.CommitAsync(ct);
                });
            }
            catch (Exception e) when (e is DbException d && SqlSession.IsUniqueViolation(d)
                                       || e is DbUpdateException { InnerException: DbException inner } && SqlSession.IsUniqueViolation(inner))
            {
                // Another reader published this batch at the same moment.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            if (ids.Count < PublishBatch)
            {
                return;
            }
        }
    }

    async Task MarkPublishedAsync(string? previous, long through, CancellationToken ct)
    {
        var value = through.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (previous is null)
        {
            db.Settings.Add(new Setting { Key = Settings.EpcisPublishedThrough, Value = value, UpdatedAt = clock.GetUtcNow() });
            await db.SaveChangesAsync(ct);
            return;
        }
        // Moved only from the value this reader saw: a concurrent reader that got there first makes this a no-op.
        await db.Settings.Where(x => x.Key == Settings.EpcisPublishedThrough && x.Value == previous)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.Value, value).SetProperty(x => x.UpdatedAt, clock.GetUtcNow()), ct);
    }

    const int PublishBatch = 1000;
    const int PublishRecheck = 200;

    static long NativeIdOf(EpcisEvent e) =>
        long.Parse(e.Extensions.First(x => x.Namespace == NativeEpcis.Namespace && x.Name == "eventId").Value!, System.Globalization.CultureInfo.InvariantCulture);

    public async Task<List<EpcisCapture>> RecentAsync(int limit, CancellationToken ct) =>
        await db.EpcisCaptures.AsNoTracking().OrderByDescending(c => c.Id).Take(limit).ToListAsync(ct);

    // The list of jobs a person pages through, newest first (before: the last id of the page before), without the
    // errors and notes that a job of 10,000 events may carry.
    public async Task<List<EpcisCaptureRow>> ListAsync(int limit, long? before, CancellationToken ct)
    {
        var jobs = db.EpcisCaptures.AsNoTracking();
        if (before is { } b)
        {
            jobs = jobs.Where(c => c.Id < b);
        }
        return await jobs.OrderByDescending(c => c.Id).Take(limit)
            .Select(c => new EpcisCaptureRow(c.Id, c.CaptureId, c.Status, c.Actor, c.CreatedAt, c.EventCount, c.StoredCount, c.DuplicateCount))
            .ToListAsync(ct);
    }

    public static IReadOnlyList<EpcisError> ErrorsOf(EpcisCapture job) =>
        job.Errors is null ? [] : JsonSerializer.Deserialize<List<EpcisError>>(job.Errors, JsonOptions) ?? [];

    public static IReadOnlyList<EpcisCaptureNote> NotesOf(EpcisCapture job) =>
        job.Notes is null ? [] : JsonSerializer.Deserialize<List<EpcisCaptureNote>>(job.Notes, JsonOptions) ?? [];

    // A body that cannot be read as EPCIS at all (not JSON or XML, no event list) is refused before any job exists.
    static EpcisReading Read(string body, EpcisBinding binding)
    {
        var reading = binding == EpcisBinding.Json ? EpcisJsonReader.Read(body) : EpcisXmlReader.Read(body);
        var fatal = reading.Errors.FirstOrDefault(e => e.EventIndex is null
            && (e.Code == EpcisErrorCodes.Structure || e.Field.EndsWith("eventList", StringComparison.OrdinalIgnoreCase)));
        if (fatal is not null)
        {
            throw DomainException.BadInput(fatal.Code, fatal.Field, fatal.Message);
        }
        if (reading.Document.Events.Count > MaxEvents)
        {
            throw DomainException.BadInput("epcis.capture_limit", "eventList", $"A capture takes at most {MaxEvents} events; this document holds {reading.Document.Events.Count}.");
        }
        return reading;
    }

    async Task<EpcisCaptureResult> CaptureAsync(EpcisReading reading, EpcisErrorBehaviour behaviour, Actor actor, CancellationToken ct)
    {
        using var identifiers = EpcisIdentifiers.Remember();
        var now = clock.GetUtcNow();
        var errors = EpcisValidator.Validate(reading);
        var events = reading.Document.Events;
        var documentErrors = errors.Where(e => e.EventIndex is null).ToList();
        var invalid = errors.Where(e => e.EventIndex is not null).Select(e => e.EventIndex!.Value).ToHashSet();

        var candidates = new List<Candidate>(events.Count);
        if (documentErrors.Count == 0 && (behaviour == EpcisErrorBehaviour.Proceed || invalid.Count == 0))
        {
            for (var i = 0; i < events.Count; i++)
            {
                if (!invalid.Contains(i))
                {
                    var hash = EpcisEventHash.Compute(events[i], reading.Document.HashIgnoredFields);
                    candidates.Add(new(i, events[i], events[i].EventId ?? hash, hash));
                }
            }
        }

        var sql = new SqlSession(db);
        var strategy = db.Database.CreateExecutionStrategy();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await strategy.ExecuteAsync(() => StoreAsync(sql, reading, errors, candidates, behaviour, actor, now, ct));
            }
            catch (DbException e) when (SqlSession.IsUniqueViolation(e) && attempt == 1)
            {
                // A concurrent capture stored one of these events after this one looked: look again, it is now a duplicate.
                db.ChangeTracker.Clear();
            }
        }
    }

    async Task<EpcisCaptureResult> StoreAsync(
        SqlSession sql, EpcisReading reading, IReadOnlyList<EpcisError> errors, List<Candidate> candidates, EpcisErrorBehaviour behaviour, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var events = reading.Document.Events;
        var job = new EpcisCapture
        {
            CaptureId = Guid.NewGuid().ToString("n"),
            ErrorBehaviour = behaviour,
            Actor = actor.Name,
            UserId = actor.UserId,
            CreatedAt = now,
            FinishedAt = now,
            EventCount = events.Count,
        };
        var notes = new List<EpcisCaptureNote>();
        var documentErrors = errors.Where(e => e.EventIndex is null).ToList();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await sql.LockWritersAsync("epcis_stored_events", ct);
        job.Status = EpcisCaptureStatus.Running;
        db.EpcisCaptures.Add(job);
        await db.SaveChangesAsync(ct);
        var taken = await TakenAsync(sql, candidates, ct);
        var allErrors = errors.ToList();
        var fresh = new List<Candidate>(candidates.Count);
        // An event and the error declaration that repeats it share eventID and hash: each is unique among its own kind.
        var seenIds = new HashSet<(string, bool)>();
        var seenHashes = new HashSet<(string, bool)>();
        foreach (var c in candidates)
        {
            var declares = c.Event.ErrorDeclaration is not null;
            if (taken.Hashes.Contains((c.Hash, declares)) || seenHashes.Contains((c.Hash, declares)))
            {
                notes.Add(new(c.Index, c.EventId, "epcis.duplicate", declares
                    ? $"Event {c.Index} ({c.EventId}) declares an error that is already stored: same event hash {c.Hash}."
                    : $"Event {c.Index} ({c.EventId}) is already stored: same event hash {c.Hash}."));
            }
            else if (taken.EventIds.Contains((c.EventId, declares)) || seenIds.Contains((c.EventId, declares)))
            {
                // Same name, other content: an event is never rewritten; a correction is an error declaration (the event
                // repeated, with errorDeclaration) and corrective events.
                allErrors.Add(new(c.Index, c.EventId, $"eventList[{c.Index}].eventID", "epcis.event_id_taken", declares
                    ? $"eventID '{c.EventId}' already has an error declaration with different content; an event is declared erroneous once."
                    : $"eventID '{c.EventId}' is already stored with different content; to correct it, send it again unchanged with an errorDeclaration, and the corrected event under a new eventID."));
            }
            else
            {
                fresh.Add(c);
            }
            seenIds.Add((c.EventId, declares));
            seenHashes.Add((c.Hash, declares));
        }

        var failed = documentErrors.Count > 0 || (behaviour == EpcisErrorBehaviour.Rollback && allErrors.Count > 0);
        if (failed)
        {
            fresh.Clear();
            notes.Clear();
        }
        else
        {
            await ReserveIdsAsync(sql, fresh, ct);
            var projection = new EpcisProjection(db, sql, clock, actor);
            // An error declaration says an event did not happen as told: it is stored, not followed.
            var occurrences = fresh.Where(c => c.Event.ErrorDeclaration is null).ToList();
            var native = await projection.ProjectAsync([.. occurrences.Select(c => new EpcisProjection.Item(c.Index, c.Id, c.Event with { EventId = c.EventId }))], ct);
            for (var i = 0; i < occurrences.Count; i++)
            {
                occurrences[i].NativeId = native[i];
            }
            await InsertAsync(sql, fresh, job, now, ct);
            await projection.SaveReviewsAsync(ct);
            notes.AddRange(fresh.Select(c => new EpcisCaptureNote(c.Index, c.EventId, "epcis.stored", $"Event {c.Index} stored as {c.EventId}.")));
            notes.AddRange(projection.Notes);
            notes.AddRange(await ErrorDeclarations.ReviewAsync(sql, [.. fresh.Where(c => c.Event.ErrorDeclaration is not null)
                .Select(c => new ErrorDeclarations.Declared(c.Index, c.Id, c.EventId, c.Hash, c.Event.ErrorDeclaration!))], now, ct));
            notes.AddRange(await ErrorDeclarations.ReviewDeclaredEarlierAsync(sql, job.Id,
                [.. occurrences.Select(c => new ErrorDeclarations.Arrived(c.Index, c.EventId, c.Hash, c.NativeId!.Value))], now, ct));
        }

        job.Status = failed ? EpcisCaptureStatus.Failed : EpcisCaptureStatus.Succeeded;
        job.StoredCount = fresh.Count;
        job.DuplicateCount = failed ? 0 : candidates.Count - fresh.Count - allErrors.Count(e => e.Code == "epcis.event_id_taken");
        notes = [.. notes.OrderBy(n => n.EventIndex)];
        allErrors.Sort((a, b) => (a.EventIndex ?? -1).CompareTo(b.EventIndex ?? -1));
        job.Errors = allErrors.Count == 0 ? null : JsonSerializer.Serialize(allErrors, JsonOptions);
        // A large capture keeps its counts; per-event notes are for documents a person reads.
        db.EpcisCaptures.Update(job);
        job.Notes = notes.Count == 0 ? null : JsonSerializer.Serialize(notes.Where(n => n.Code != "epcis.stored" || fresh.Count <= 1000), JsonOptions);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return new EpcisCaptureResult(job, allErrors, notes);
    }

    sealed record Candidate(int Index, EpcisEvent Event, string EventId, string Hash)
    {
        public long Id { get; set; }

        // The native event it is (a published one) or became (a captured one).
        public long? NativeId { get; set; }
    }

    // Stored eventIDs and hashes, each with whether it is an error declaration's.
    sealed record Taken(HashSet<(string, bool)> EventIds, HashSet<(string, bool)> Hashes);

    static async Task<Taken> TakenAsync(SqlSession sql, List<Candidate> candidates, CancellationToken ct)
    {
        if (candidates.Count == 0)
        {
            return new([], []);
        }
        const string declares = "CASE WHEN declares_error THEN 'D' ELSE 'E' END";
        var ids = await sql.StringsWhereInAsync($"SELECT {declares} || event_id FROM epcis_stored_events WHERE event_id IN ({{in}})", [.. candidates.Select(c => c.EventId)], ct);
        var hashes = await sql.StringsWhereInAsync($"SELECT {declares} || event_hash FROM epcis_stored_events WHERE event_hash IN ({{in}})", [.. candidates.Select(c => c.Hash)], ct);
        static (string, bool) Read(string text) => (text[1..], text[0] == 'D');
        return new([.. ids.Select(Read)], [.. hashes.Select(Read)]);
    }

    static readonly string[] EventColumns =
    [
        "id", "event_id", "event_hash", "type", "action", "event_time", "event_time_zone_offset", "record_time", "biz_step",
        "disposition", "read_point", "biz_location", "capture_id", "native_event_id", "json", "declares_error",
    ];

    static readonly string[] EpcColumns = ["epc", "role", "event_id"];

    static async Task ReserveIdsAsync(SqlSession sql, List<Candidate> fresh, CancellationToken ct)
    {
        var ids = await sql.ReserveIdsAsync("epcis_stored_events", fresh.Count, ct);
        for (var i = 0; i < fresh.Count; i++)
        {
            fresh[i].Id = ids[i];
        }
    }

    // A captured event is recorded now; a published native event keeps the record time it has in the log.
    static async Task InsertAsync(SqlSession sql, List<Candidate> fresh, EpcisCapture? job, DateTimeOffset now, CancellationToken ct)
    {
        if (fresh.Count == 0)
        {
            return;
        }
        var rows = new List<object?[]>(fresh.Count);
        var epcs = new List<object?[]>(fresh.Count * 10);
        foreach (var c in fresh)
        {
            var e = c.Event with { EventId = c.EventId, RecordTime = job is null ? c.Event.RecordTime ?? now : now };
            rows.Add(
            [
                c.Id, c.EventId, c.Hash, (int)e.Type, e.Action is { } a ? (int)a : null, sql.Time(e.EventTime!.Value),
                e.EventTimeZoneOffset ?? "+00:00", sql.Time(e.RecordTime!.Value), e.BizStep, e.Disposition, Place(e.ReadPoint), Place(e.BizLocation),
                job?.Id, c.NativeId, EpcisJsonWriter.WriteEvent(e), e.ErrorDeclaration is not null,
            ]);
            foreach (var (epc, role) in Identifiers(e))
            {
                epcs.Add([epc, (int)role, c.Id]);
            }
        }
        await sql.InsertAsync("epcis_stored_events", EventColumns, rows, ct);
        await sql.InsertAsync("epcis_event_epcs", EpcColumns, epcs, ct);
    }

    // Canonical like the identifiers, so that EQ_readPoint and EQ_bizLocation find an SGLN URN sent as a Digital Link.
    static string? Place(EpcisPlace? place) => place is null ? null : EpcisIdentifiers.Canonical(place.Id);

    // Every identifier of the event once per role, canonical, for the MATCH_ queries.
    internal static IEnumerable<(string Epc, EpcisEpcRole Role)> Identifiers(EpcisEvent e)
    {
        var seen = new HashSet<(string, EpcisEpcRole)>();
        IEnumerable<(string, EpcisEpcRole)> Of(IEnumerable<string>? values, EpcisEpcRole role) =>
            (values ?? []).Select(v => (EpcisIdentifiers.Canonical(v), role));
        IEnumerable<(string, EpcisEpcRole)> Classes(IEnumerable<EpcisQuantity>? values, EpcisEpcRole role) =>
            (values ?? []).Select(q => (EpcisIdentifiers.Canonical(q.EpcClass), role));

        var all = Of(e.EpcList, EpcisEpcRole.Epc)
            .Concat(Of(e.ChildEpcs, EpcisEpcRole.Epc))
            .Concat(Of(e.ParentId is null ? null : [e.ParentId], EpcisEpcRole.Parent))
            .Concat(Of(e.InputEpcList, EpcisEpcRole.Input))
            .Concat(Of(e.OutputEpcList, EpcisEpcRole.Output))
            .Concat(Classes(e.QuantityList, EpcisEpcRole.Class))
            .Concat(Classes(e.ChildQuantityList, EpcisEpcRole.Class))
            .Concat(Classes(e.InputQuantityList, EpcisEpcRole.InputClass))
            .Concat(Classes(e.OutputQuantityList, EpcisEpcRole.OutputClass));
        foreach (var item in all)
        {
            if (seen.Add(item))
            {
                yield return item;
            }
        }
    }
}

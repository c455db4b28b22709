using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Parties;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Trace;

namespace SerialTrack.Core.Quality;

// What was complained about: Item is anything the scan understands (serial, GS1 string, Digital Link,
// lot code); Product picks one when the code matches several things. Customer defaults to the unit's
// owner, or the customer of its last shipment.
public sealed record ComplaintInput(
    string? Item,
    string? Symptom,
    string? Product = null,
    string? Customer = null,
    DateOnly? ReportedOn = null,
    DateOnly? FailedOn = null);

// Root cause as found: a component lot (code, optionally its SKU), a component unit, a station (location
// code), a supplier (party code) and what was wrong. Version, when given, must be the one the user saw.
public sealed record RootCauseInput(
    string? Lot = null,
    string? LotProduct = null,
    string? Unit = null,
    string? UnitProduct = null,
    string? Station = null,
    string? Supplier = null,
    string? Text = null,
    int? Version = null);

public enum WarrantyState
{
    NoWarranty = 0,
    NotShipped = 1,
    InWarranty = 2,
    Expired = 3,
}

// Warranty runs from the first shipment (Unit.ShippedAt) for the product's WarrantyMonths, judged on a day.
public sealed record Warranty(WarrantyState State, DateTimeOffset? ShippedAt, int? Months, DateOnly? Until, DateOnly On)
{
    public string Describe() => State switch
    {
        WarrantyState.NoWarranty => "No warranty: the product has no warranty period.",
        WarrantyState.NotShipped => "Not shipped: the warranty has not started.",
        WarrantyState.InWarranty => $"In warranty until {Until:yyyy-MM-dd}.",
        _ => $"Warranty expired on {Until:yyyy-MM-dd}.",
    };

    public static Warranty Of(DateTimeOffset? shippedAt, int? months, DateOnly on)
    {
        if (months is not > 0)
        {
            return new Warranty(WarrantyState.NoWarranty, shippedAt, months, null, on);
        }
        if (shippedAt is not { } shipped)
        {
            return new Warranty(WarrantyState.NotShipped, null, months, null, on);
        }
        var until = DateOnly.FromDateTime(shipped.UtcDateTime).AddMonths(months.Value);
        return new Warranty(on <= until ? WarrantyState.InWarranty : WarrantyState.Expired, shipped, months, until, on);
    }
}

public sealed record ComplaintNoteView(long Id, string Author, string Text, DateTimeOffset At);

public sealed record ComplaintAttachmentView(long Id, string FileName, string ContentType, long Size, string Sha256, string AddedBy, DateTimeOffset AddedAt);

public sealed record ComplaintView(
    long Id, string Number, ComplaintStatus Status,
    long? UnitId, string? Product, string? ProductName, string? Serial, long? LotId, string? Lot, string? HandlingInstructions,
    long? CustomerId, string? Customer, string? CustomerName,
    string Symptom, DateOnly ReportedOn, DateOnly? FailedOn, Warranty? Warranty,
    long? RootCauseLotId, string? RootCauseLot, long? RootCauseUnitId, string? RootCauseUnit, string? RootCauseStation, string? RootCauseSupplier, string? RootCause,
    long? RecallId, string? Recall,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ClosedAt, int Version,
    IReadOnlyList<ComplaintNoteView> Notes, IReadOnlyList<ComplaintAttachmentView> Attachments);

public sealed record ComplaintSummary(long Id, string Number, ComplaintStatus Status, string? Item, string? Customer, string Symptom, DateOnly ReportedOn, string? Recall);

// What a scanned item is before a complaint is recorded: the page shows it and its warranty at once.
public sealed record ComplaintSubject(long? UnitId, long? LotId, string Product, string? Serial, string? Lot, long? CustomerId, string? Customer,
    Warranty? Warranty, string? HandlingInstructions);

// The backward trace of a complaint's unit or lot, reduced to what an investigation reads first.
public sealed record ComplaintTrace(IReadOnlyList<TracedUnit> Units, IReadOnlyList<TracedLot> Lots, IReadOnlyList<TracedParty> Suppliers, IReadOnlyList<TracedStep> Steps,
    IReadOnlyList<TraceEdge> Edges)
{
    public static ComplaintTrace Of(TraceResult result) =>
        new(result.Units.Where(x => !x.Root).ToList(), result.Lots.Where(x => !x.Root).ToList(), result.Suppliers, result.Steps, result.Edges);
}

// One event in the complained-about unit's or lot's history.
public sealed record ComplaintEvent(long EventId, EventType Type, DateTimeOffset Time, string? BizStep, string? Location, string? Party, string? Order, string Actor, string? Reason);

public sealed record ComplaintAttachmentFile(string FileName, string ContentType, byte[] Content, string Sha256);

// Customer complaints against a unit or lot: recorded, investigated with notes and files, given a root
// cause, then closed or rejected. Complaints are records about the product, not events on it: they write
// no event and change no unit.
public sealed partial class Complaints(SerialTrackDbContext db, Scanner scanner, Tracing tracing, TimeProvider clock)
{
    public const long MaxAttachmentBytes = 10 * 1024 * 1024;

    // Which status may follow which. Closing needs a root cause, rejecting a note saying why; a closed or
    // rejected complaint may be reopened for investigation when new facts arrive.
    static readonly Dictionary<ComplaintStatus, ComplaintStatus[]> Next = new()
    {
        [ComplaintStatus.Open] = [ComplaintStatus.Investigating, ComplaintStatus.Rejected],
        [ComplaintStatus.Investigating] = [ComplaintStatus.Closed, ComplaintStatus.Rejected],
        [ComplaintStatus.Closed] = [ComplaintStatus.Investigating],
        [ComplaintStatus.Rejected] = [ComplaintStatus.Investigating],
    };

    // RFC 6838 type/subtype, optionally with parameters.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(\s*;.*)?$")]
    private static partial System.Text.RegularExpressions.Regex ContentType();

    public async Task<ComplaintSubject> SubjectAsync(string? item, string? product, DateOnly? on, CancellationToken ct, string field = "item")
    {
        var code = Text.Required(item, field, 1000);
        var sku = Text.Optional(product, "product", 64);
        var scan = await scanner.ScanAsync(code, ct);
        var matches = scan.Matches.Where(m => m.Kind is ScanKind.Unit or ScanKind.Lot)
            .Where(m => sku is null || (m.Unit?.Product ?? m.Lot?.Product) == sku).ToList();
        if (matches.Count == 0)
        {
            throw DomainException.NotFound("complaint.item_not_found", scan.Message is { } why && scan.Kind == ScanKind.Unknown ? why : $"'{code}' is not a unit or lot.", field);
        }
        if (matches.Count > 1)
        {
            throw DomainException.BadInput("complaint.item_ambiguous", field,
                $"'{code}' matches {string.Join(", ", matches.Select(m => m.Label))}: give the product too.");
        }
        var match = matches[0];
        var day = on ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (match.Kind == ScanKind.Unit)
        {
            var u = await (from x in db.Units.AsNoTracking()
                           join p in db.Products on x.ProductId equals p.Id
                           where x.Id == match.Id
                           select new { x.Id, p.Sku, x.Serial, x.OwnerPartyId, x.ShippedAt, p.WarrantyMonths, p.HandlingInstructions }).SingleAsync(ct);
            var customerId = u.OwnerPartyId ?? await LastCustomerOfUnitAsync(u.Id, ct);
            var customer = customerId is null ? null : await db.Parties.AsNoTracking().Where(p => p.Id == customerId).Select(p => p.Code).FirstOrDefaultAsync(ct);
            return new ComplaintSubject(u.Id, null, u.Sku, u.Serial, null, customerId, customer, Warranty.Of(u.ShippedAt, u.WarrantyMonths, day), u.HandlingInstructions);
        }
        var lot = await (from l in db.Lots.AsNoTracking()
                         join p in db.Products on l.ProductId equals p.Id
                         where l.Id == match.Id
                         select new { l.Id, p.Sku, l.Code, p.HandlingInstructions }).SingleAsync(ct);
        var lotCustomerId = await LastCustomerOfLotAsync(lot.Id, ct);
        var lotCustomer = lotCustomerId is null ? null : await db.Parties.AsNoTracking().Where(p => p.Id == lotCustomerId).Select(p => p.Code).FirstOrDefaultAsync(ct);
        // A lot has no single ship date: its warranty is not judged here.
        return new ComplaintSubject(null, lot.Id, lot.Sku, null, lot.Code, lotCustomerId, lotCustomer, null, lot.HandlingInstructions);
    }

    Task<long?> LastCustomerOfUnitAsync(long unitId, CancellationToken ct) =>
        (from eu in db.EventUnits
         join e in db.Events on eu.EventId equals e.Id
         where eu.UnitId == unitId && e.Type == EventType.Shipped && e.DestinationPartyId != null
         orderby e.Id descending
         select e.DestinationPartyId).FirstOrDefaultAsync(ct);

    Task<long?> LastCustomerOfLotAsync(long lotId, CancellationToken ct) =>
        (from el in db.EventLots
         join e in db.Events on el.EventId equals e.Id
         where el.LotId == lotId && e.Type == EventType.Shipped && e.DestinationPartyId != null
         orderby e.Id descending
         select e.DestinationPartyId).FirstOrDefaultAsync(ct);

    public async Task<ComplaintView> CreateAsync(ComplaintInput input, Actor actor, CancellationToken ct)
    {
        var symptom = Text.Required(input.Symptom, "symptom", 4000);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var reported = input.ReportedOn ?? today;
        if (reported > today)
        {
            throw DomainException.BadInput("complaint.reported_in_future", "reportedOn", $"reportedOn {reported:yyyy-MM-dd} is in the future.");
        }
        if (input.FailedOn is { } failed && failed > reported)
        {
            throw DomainException.BadInput("complaint.failed_after_reported", "failedOn", $"failedOn {failed:yyyy-MM-dd} is after the day it was reported ({reported:yyyy-MM-dd}).");
        }
        var subject = await SubjectAsync(input.Item, input.Product, null, ct);
        var customerId = subject.CustomerId;
        if (Text.Optional(input.Customer, "customer", 64) is { } code)
        {
            customerId = (await Places.PartyAsync(db, code, PartyRole.Customer, "customer", ct)).Id;
        }

        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var number = await Sequences.NextAsync(new SqlSession(db), "complaint", ct);
        var complaint = new Complaint
        {
            Number = $"CMP-{number:000000}",
            UnitId = subject.UnitId,
            LotId = subject.LotId,
            CustomerPartyId = customerId,
            Symptom = symptom,
            ReportedOn = reported,
            FailedOn = input.FailedOn,
            Status = ComplaintStatus.Open,
            CreatedBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Complaints.Add(complaint);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(complaint.Number, ct);
    }

    public async Task<ComplaintView> AddNoteAsync(string number, string? text, Actor actor, CancellationToken ct)
    {
        var note = Text.Required(text, "text", 8000);
        var complaint = await FindAsync(number, ct);
        db.ComplaintNotes.Add(new ComplaintNote { ComplaintId = complaint.Id, Author = actor.Name, Text = note, At = clock.GetUtcNow() });
        await Touch(complaint, ct);
        return await GetAsync(complaint.Number, ct);
    }

    public async Task<ComplaintAttachmentView> AttachAsync(string number, string? fileName, string? contentType, byte[] content, Actor actor, CancellationToken ct)
    {
        var name = Path.GetFileName(Text.Required(fileName, "file", 255).Replace('\\', '/'));
        if (name.Length == 0 || name is "." or "..")
        {
            throw DomainException.BadInput("attachment.bad_name", "file", "The file needs a name.");
        }
        var type = Text.Optional(contentType, "contentType", 128) ?? "application/octet-stream";
        if (!ContentType().IsMatch(type))
        {
            throw DomainException.BadInput("attachment.bad_content_type", "contentType", $"'{type}' is not a content type such as image/jpeg.");
        }
        if (content.Length == 0)
        {
            throw DomainException.BadInput("attachment.empty", "file", $"{name} is empty.");
        }
        if (content.Length > MaxAttachmentBytes)
        {
            throw DomainException.BadInput("attachment.too_large", "file", $"{name} is {content.Length:N0} bytes; at most {MaxAttachmentBytes:N0} are allowed.");
        }
        var complaint = await FindAsync(number, ct);
        var attachment = new ComplaintAttachment
        {
            ComplaintId = complaint.Id,
            FileName = name,
            ContentType = type,
            Size = content.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
            Content = content,
            AddedBy = actor.Name,
            AddedAt = clock.GetUtcNow(),
        };
        db.ComplaintAttachments.Add(attachment);
        await Touch(complaint, ct);
        return new ComplaintAttachmentView(attachment.Id, attachment.FileName, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.AddedBy, attachment.AddedAt);
    }

    public async Task<ComplaintAttachmentFile> AttachmentAsync(string number, long id, CancellationToken ct)
    {
        var complaint = await FindAsync(number, ct);
        var a = await db.ComplaintAttachments.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id && x.ComplaintId == complaint.Id, ct)
            ?? throw DomainException.NotFound("attachment.not_found", $"Complaint {complaint.Number} has no attachment {id}.", "id");
        return new ComplaintAttachmentFile(a.FileName, a.ContentType, a.Content, a.Sha256);
    }

    public async Task<ComplaintView> SetStatusAsync(string number, ComplaintStatus status, string? note, int? version, Actor actor, CancellationToken ct)
    {
        if (!Enum.IsDefined(status))
        {
            throw DomainException.BadInput("complaint.bad_status", "status", $"'{status}' is not a complaint status.");
        }
        var text = Text.Optional(note, "note", 8000);
        var complaint = await FindAsync(number, ct);
        CheckVersion(complaint, version);
        if (!Next[complaint.Status].Contains(status))
        {
            throw DomainException.Rule("complaint.bad_transition",
                $"Complaint {complaint.Number} is {complaint.Status}: it can go to {string.Join(" or ", Next[complaint.Status])}, not {status}.", "status");
        }
        if (status == ComplaintStatus.Closed && complaint.RootCause is null && complaint.RootCauseLotId is null && complaint.RootCauseUnitId is null
            && complaint.RootCauseStationId is null && complaint.RootCauseSupplierId is null)
        {
            throw DomainException.Rule("complaint.no_root_cause", $"Complaint {complaint.Number} has no root cause: record it before closing (or reject the complaint).", "status");
        }
        if (status == ComplaintStatus.Rejected && text is null)
        {
            throw DomainException.BadInput("complaint.reject_needs_note", "note", "Say in the note why the complaint is rejected.");
        }
        complaint.Status = status;
        complaint.ClosedAt = status is ComplaintStatus.Closed or ComplaintStatus.Rejected ? clock.GetUtcNow() : null;
        if (text is not null)
        {
            db.ComplaintNotes.Add(new ComplaintNote { ComplaintId = complaint.Id, Author = actor.Name, Text = $"{status}: {text}", At = clock.GetUtcNow() });
        }
        await Touch(complaint, ct);
        return await GetAsync(complaint.Number, ct);
    }

    public async Task<ComplaintView> SetRootCauseAsync(string number, RootCauseInput input, CancellationToken ct)
    {
        var text = Text.Optional(input.Text, "text", 4000);
        long? lotId = null, unitId = null, stationId = null, supplierId = null;
        if (Text.Optional(input.Lot, "lot", 64) is { } lotCode)
        {
            var sku = Text.Optional(input.LotProduct, "lotProduct", 64);
            var lots = await (from l in db.Lots
                              join p in db.Products on l.ProductId equals p.Id
                              where l.Code == lotCode && (sku == null || p.Sku == sku)
                              select new { l.Id, p.Sku }).Take(10).ToListAsync(ct);
            lotId = lots.Count switch
            {
                0 => throw DomainException.NotFound("lot.not_found", $"No lot '{lotCode}'{(sku is null ? "" : $" of '{sku}'")}.", "lot"),
                1 => lots[0].Id,
                _ => throw DomainException.BadInput("lot.ambiguous", "lotProduct", $"Lot '{lotCode}' exists for {string.Join(", ", lots.Select(l => l.Sku))}: give its product."),
            };
        }
        if (Text.Optional(input.Unit, "unit", 1000) is { } unitCode)
        {
            var subject = await SubjectAsync(unitCode, input.UnitProduct, null, ct, "unit");
            unitId = subject.UnitId ?? throw DomainException.BadInput("complaint.not_a_unit", "unit", $"'{unitCode}' is a lot, not a unit: give it as the lot.");
        }
        if (Text.Optional(input.Station, "station", 64) is { } station)
        {
            stationId = (await Places.LocationAsync(db, station, "station", ct)).Id;
        }
        if (Text.Optional(input.Supplier, "supplier", 64) is { } supplier)
        {
            supplierId = (await Places.PartyAsync(db, supplier, PartyRole.Supplier, "supplier", ct)).Id;
        }
        if (text is null && lotId is null && unitId is null && stationId is null && supplierId is null)
        {
            throw DomainException.BadInput("complaint.root_cause_empty", "text", "Give the root cause: a component lot, unit, station, supplier or a description.");
        }
        var complaint = await FindAsync(number, ct);
        CheckVersion(complaint, input.Version);
        if (complaint.Status is ComplaintStatus.Closed or ComplaintStatus.Rejected)
        {
            throw DomainException.Rule("complaint.closed", $"Complaint {complaint.Number} is {complaint.Status}: reopen it to change the root cause.", "status");
        }
        (complaint.RootCauseLotId, complaint.RootCauseUnitId, complaint.RootCauseStationId, complaint.RootCauseSupplierId, complaint.RootCause) =
            (lotId, unitId, stationId, supplierId, text);
        // Finding the cause is investigating, whatever the status said.
        complaint.Status = ComplaintStatus.Investigating;
        await Touch(complaint, ct);
        return await GetAsync(complaint.Number, ct);
    }

    // Recalls link themselves here when opened from a complaint, in the recall's transaction.
    internal static void LinkRecall(Complaint complaint, Recall recall, DateTimeOffset now)
    {
        if (complaint.RecallId is not null && complaint.RecallId != recall.Id)
        {
            throw DomainException.Rule("complaint.has_recall", $"Complaint {complaint.Number} already led to a recall.", "complaint");
        }
        complaint.RecallId = recall.Id;
        complaint.UpdatedAt = now;
        complaint.Version++;
    }

    static void CheckVersion(Complaint complaint, int? version)
    {
        if (version is { } v && v != complaint.Version)
        {
            throw DomainException.Conflict("complaint.changed", $"Complaint {complaint.Number} was changed by someone else (version {complaint.Version}, you saw {v}): reload it.", "version");
        }
    }

    async Task Touch(Complaint complaint, CancellationToken ct)
    {
        complaint.UpdatedAt = clock.GetUtcNow();
        complaint.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("complaint.changed", $"Complaint {complaint.Number} was changed by someone else at the same time; nothing was done. Reload it.", "version");
        }
    }

    public async Task<Complaint> FindAsync(string number, CancellationToken ct)
    {
        var n = Text.RequiredCode(number, "number", 32);
        return await db.Complaints.FirstOrDefaultAsync(c => c.Number == n, ct)
            ?? throw DomainException.NotFound("complaint.not_found", $"No complaint {n}.", "number");
    }

    public async Task<ComplaintView> GetAsync(string number, CancellationToken ct)
    {
        var n = Text.RequiredCode(number, "number", 32);
        var c = await db.Complaints.AsNoTracking().FirstOrDefaultAsync(x => x.Number == n, ct)
            ?? throw DomainException.NotFound("complaint.not_found", $"No complaint {n}.", "number");
        var unit = c.UnitId is null ? null : await (from u in db.Units
                                                    join p in db.Products on u.ProductId equals p.Id
                                                    where u.Id == c.UnitId
                                                    select new { p.Sku, p.Name, u.Serial, u.ShippedAt, p.WarrantyMonths, p.HandlingInstructions }).SingleAsync(ct);
        var lot = c.LotId is null ? null : await (from l in db.Lots
                                                  join p in db.Products on l.ProductId equals p.Id
                                                  where l.Id == c.LotId
                                                  select new { p.Sku, p.Name, l.Code, p.HandlingInstructions }).SingleAsync(ct);
        var customer = c.CustomerPartyId is null ? null : await db.Parties.AsNoTracking().SingleAsync(p => p.Id == c.CustomerPartyId, ct);
        var rootLot = c.RootCauseLotId is null ? null : await (from l in db.Lots join p in db.Products on l.ProductId equals p.Id where l.Id == c.RootCauseLotId select p.Sku + " lot " + l.Code).SingleAsync(ct);
        var rootUnit = c.RootCauseUnitId is null ? null : await (from u in db.Units join p in db.Products on u.ProductId equals p.Id where u.Id == c.RootCauseUnitId select p.Sku + " " + u.Serial).SingleAsync(ct);
        var station = c.RootCauseStationId is null ? null : await db.Locations.Where(l => l.Id == c.RootCauseStationId).Select(l => l.Code).SingleAsync(ct);
        var supplier = c.RootCauseSupplierId is null ? null : await db.Parties.Where(p => p.Id == c.RootCauseSupplierId).Select(p => p.Code).SingleAsync(ct);
        var recall = c.RecallId is null ? null : await db.Recalls.Where(r => r.Id == c.RecallId).Select(r => r.Number).SingleAsync(ct);
        var notes = await db.ComplaintNotes.AsNoTracking().Where(x => x.ComplaintId == c.Id).OrderBy(x => x.Id)
            .Select(x => new ComplaintNoteView(x.Id, x.Author, x.Text, x.At)).ToListAsync(ct);
        var files = await db.ComplaintAttachments.AsNoTracking().Where(x => x.ComplaintId == c.Id).OrderBy(x => x.Id)
            .Select(x => new ComplaintAttachmentView(x.Id, x.FileName, x.ContentType, x.Size, x.Sha256, x.AddedBy, x.AddedAt)).ToListAsync(ct);
        // The warranty question is whether the unit failed inside its warranty: judged on the failure day when known.
        var warranty = unit is null ? null : Warranty.Of(unit.ShippedAt, unit.WarrantyMonths, c.FailedOn ?? c.ReportedOn);
        return new ComplaintView(c.Id, c.Number, c.Status, c.UnitId, unit?.Sku ?? lot?.Sku, unit?.Name ?? lot?.Name, unit?.Serial, c.LotId, lot?.Code,
            unit?.HandlingInstructions ?? lot?.HandlingInstructions,
            c.CustomerPartyId, customer?.Code, customer?.Name, c.Symptom, c.ReportedOn, c.FailedOn, warranty,
            c.RootCauseLotId, rootLot, c.RootCauseUnitId, rootUnit, station, supplier, c.RootCause, c.RecallId, recall,
            c.CreatedBy, c.CreatedAt, c.UpdatedAt, c.ClosedAt, c.Version, notes, files);
    }

    public async Task<List<ComplaintSummary>> ListAsync(ComplaintStatus? status, string? customer, string? text, long? afterId, int limit, CancellationToken ct)
    {
        var q = db.Complaints.AsNoTracking().AsQueryable();
        if (status is { } s)
        {
            q = q.Where(c => c.Status == s);
        }
        if (Text.Optional(customer, "customer", 64) is { } code)
        {
            q = q.Where(c => db.Parties.Any(p => p.Id == c.CustomerPartyId && p.Code == code));
        }
        if (Text.Optional(text, "q", 200) is { } t)
        {
            // Number, serial or lot code exactly; the symptom by substring.
            q = q.Where(c => c.Number == t || c.Symptom.Contains(t) || db.Units.Any(u => u.Id == c.UnitId && u.Serial == t) || db.Lots.Any(l => l.Id == c.LotId && l.Code == t));
        }
        if (afterId is { } after)
        {
            q = q.Where(c => c.Id < after);
        }
        return await (from c in q
                      orderby c.Id descending
                      select new ComplaintSummary(c.Id, c.Number, c.Status,
                          db.Units.Where(u => u.Id == c.UnitId).Join(db.Products, u => u.ProductId, p => p.Id, (u, p) => p.Sku + " " + u.Serial).FirstOrDefault()
                            ?? db.Lots.Where(l => l.Id == c.LotId).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => p.Sku + " lot " + l.Code).FirstOrDefault(),
                          db.Parties.Where(p => p.Id == c.CustomerPartyId).Select(p => p.Code).FirstOrDefault(),
                          c.Symptom, c.ReportedOn,
                          db.Recalls.Where(r => r.Id == c.RecallId).Select(r => r.Number).FirstOrDefault())).Take(limit).ToListAsync(ct);
    }

    // The unit's or lot's events, newest first.
    public async Task<List<ComplaintEvent>> HistoryAsync(ComplaintView c, int limit, CancellationToken ct)
    {
        var ids = c.UnitId is { } u
            ? db.EventUnits.Where(x => x.UnitId == u).Select(x => x.EventId)
            : db.EventLots.Where(x => x.LotId == c.LotId).Select(x => x.EventId);
        return await (from e in db.Events.AsNoTracking()
                      where ids.Contains(e.Id)
                      orderby e.Id descending
                      select new ComplaintEvent(e.Id, e.Type, e.EventTime, e.BizStep,
                          db.Locations.Where(l => l.Id == e.BizLocationId).Select(l => l.Code).FirstOrDefault(),
                          db.Parties.Where(p => p.Id == (e.DestinationPartyId ?? e.SourcePartyId)).Select(p => p.Code).FirstOrDefault(),
                          e.BizTransaction, e.Actor, e.Reason)).Take(limit).ToListAsync(ct);
    }

    // Everything that went into the complained-about unit or lot: component units and lots, their
    // suppliers, and the production steps (stations, operators). The whole result, so that a page can draw
    // it as well as list it (ComplaintTrace.Of) without tracing twice.
    public Task<TraceResult> BackwardTraceAsync(ComplaintView c, CancellationToken ct) =>
        tracing.TraceAsync(new TraceRoots(c.UnitId is { } u ? [u] : [], c.LotId is { } l ? [l] : [], [], c.Number), TraceDirection.Backward, ct);
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Processes;

// Serials given, or Generate = N from the product's scheme. ExpectedOnly refuses serials that were not
// reserved ahead; Identifiers, when given, holds each unit's further identifiers (same order as Serials).
public sealed record CommissionRequest(
    string Product,
    IReadOnlyList<string> Serials,
    string Location,
    Stage Stage = Stage.FinishedGood,
    EventContext? Context = null,
    int? Generate = null,
    bool ExpectedOnly = false,
    IReadOnlyList<IReadOnlyList<IdentifierInput>>? Identifiers = null);

// Commissioning brings serialized units into existence at a location (EPCIS ObjectEvent ADD,
// bizStep commissioning). One event for the whole list; one transaction for event and units.
public sealed class Commissioning(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxGenerate = 1_000_000;

    public async Task<ProcessResult> CommissionAsync(CommissionRequest request, Actor actor, CancellationToken ct) =>
        (await CommissionWithSerialsAsync(request, actor, ct)).Result;

    public async Task<(ProcessResult Result, IReadOnlyList<string> Serials)> CommissionWithSerialsAsync(CommissionRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Commissioned, ct) is { } replay)
        {
            var replayed = await db.EventUnits.Where(x => x.EventId == replay.EventId).Join(db.Units, x => x.UnitId, u => u.Id, (x, u) => u.Serial).ToListAsync(ct);
            return (replay, replayed);
        }

        var product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(request.Product, "product", 64), ct);
        if (product.Tracking != TrackingMode.Serial)
        {
            throw DomainException.Rule("product.not_serialized", $"Product '{product.Sku}' is tracked by {product.Tracking.ToString().ToLowerInvariant()}, not by serial number.", "product");
        }
        if (product.Archived)
        {
            throw DomainException.Rule("product.archived", $"Product '{product.Sku}' is archived.", "product");
        }
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(request.Location, "location", 64), "location", ct);
        if (location.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{location.Code}' is archived.", "location");
        }
        if (!Enum.IsDefined(request.Stage))
        {
            throw DomainException.BadInput("unit.stage", "stage", $"Unknown stage '{request.Stage}'.");
        }
        var numbers = new SerialNumbers(db, clock);
        var scheme = await numbers.SchemeOfAsync(product, ct);
        List<string>? serials = null;
        if (request.Generate is { } n)
        {
            if (request.Serials.Count > 0)
            {
                throw DomainException.BadInput("commission.serials_and_generate", "generate", "Give serials or a number to generate, not both.");
            }
            if (n is < 1 or > MaxGenerate)
            {
                throw DomainException.BadInput("commission.generate", "generate", $"Generate between 1 and {MaxGenerate:N0} serials.");
            }
            if (scheme is null)
            {
                throw DomainException.Rule("product.no_scheme", $"Product '{product.Sku}' has no serial scheme to generate serials from.", "generate");
            }
        }
        else
        {
            serials = Serials.Validate(request.Serials);
            if (scheme is not null)
            {
                SerialNumbers.ValidateAll(scheme, serials);
            }
        }
        var count = serials?.Count ?? request.Generate!.Value;
        if (request.Identifiers is { } given && given.Count != count)
        {
            throw DomainException.BadInput("commission.identifiers", "identifiers", $"Identifiers must list one entry per serial ({count}), not {given.Count}.");
        }
        var identifierRows = request.Identifiers is null ? null : await new Identifiers(db, clock).CheckManyAsync(request.Identifiers, ct);

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        serials ??= await numbers.GenerateAsync(scheme!, SerialNumbers.ContextFor(product, location.Code, context.EventTime ?? clock.GetUtcNow()), count, ct);

        var existing = await Serials.FindExistingUnitsAsync(sql, product, serials, ct);
        if (existing.Count > 0)
        {
            var shown = string.Join(", ", existing.Take(5));
            throw DomainException.Conflict("unit.duplicate_serial",
                $"{existing.Count} serial(s) of '{product.Sku}' already exist: {shown}{(existing.Count > 5 ? ", ..." : "")}.", "serials");
        }
        if (request.ExpectedOnly)
        {
            var expected = (await sql.StringsWhereInAsync("SELECT serial FROM expected_serials WHERE product_id = @p AND status = 1 AND serial IN ({in})", serials, ct, ("p", product.Id))).ToHashSet(StringComparer.Ordinal);
            var unexpected = serials.Select((s, i) => (s, i)).Where(x => !expected.Contains(x.s)).ToList();
            if (unexpected.Count > 0)
            {
                throw DomainException.Rule("serial.unexpected", $"{unexpected.Count} serial(s) were not expected for '{product.Sku}': {string.Join(", ", unexpected.Take(5).Select(x => x.s))}.", $"serials[{unexpected[0].i}]");
            }
        }

        var ev = EventLog.New(EventType.Commissioned, EventAction.Add, "commissioning", "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.ObjectCount = serials.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var ids = await InsertUnitsAsync(sql, product.Id, serials, UnitStatus.Available, request.Stage, location.Id, null, ev.Id, ObjectRole.Subject, clock.GetUtcNow(), ct);
        if (identifierRows is not null)
        {
            var now = sql.Time(clock.GetUtcNow());
            var rows = identifierRows.SelectMany((list, i) => list.Select(x => new object?[] { ids[i], x.Kind, x.Issuer, x.Value, now })).ToList();
            await sql.InsertAsync("unit_identifiers", ["unit_id", "kind", "issuer", "value", "created_at"], rows, ct);
        }
        await MarkExpectedArrivedAsync(sql, product.Id, serials, ct);
        await tx.CommitAsync(ct);
        return (new ProcessResult(ev.Id, EventType.Commissioned, serials.Count, 0), serials);
    }

    public static readonly string[] UnitColumns =
        ["id", "product_id", "serial", "status", "stage", "location_id", "container_id", "owner_party_id", "lot_id", "last_event_id", "created_at", "updated_at", "archived", "version", "test_failed", "shipped_at"];

    // Creates units inside the caller's transaction and event (commissioning, receipt, production output),
    // with their event_units rows. The caller has checked the serials are new. Returns the new ids in order.
    public static async Task<long[]> InsertUnitsAsync(SqlSession sql, long productId, IReadOnlyList<string> serials, UnitStatus status, Stage stage,
        long? locationId, long? lotId, long eventId, ObjectRole role, DateTimeOffset at, CancellationToken ct, long? containerId = null, long? ownerPartyId = null)
    {
        var ids = await sql.ReserveIdsAsync("units", serials.Count, ct);
        var now = sql.Time(at);
        var units = new object?[serials.Count][];
        var links = new object?[serials.Count][];
        for (var i = 0; i < serials.Count; i++)
        {
            units[i] = [ids[i], productId, serials[i], (int)status, (int)stage, locationId, containerId, ownerPartyId, lotId, eventId, now, now, false, 0, false, null];
            links[i] = [eventId, ids[i], (int)role, null, (int)status, (int)stage, locationId, containerId, ownerPartyId];
        }
        await sql.InsertAsync("units", UnitColumns, units, ct);
        await sql.InsertAsync("event_units", UnitBatch.EventUnitColumns, links, ct);
        return ids;
    }

    // Reserved or announced serials that arrive are no longer expected: they point at their unit.
    public static Task MarkExpectedArrivedAsync(SqlSession sql, long productId, IReadOnlyList<string> serials, CancellationToken ct) =>
        sql.ExecuteWhereInAsync("""
            UPDATE expected_serials SET status = 2,
                unit_id = (SELECT u.id FROM units u WHERE u.product_id = expected_serials.product_id AND u.serial = expected_serials.serial)
            WHERE product_id = @p AND status = 1 AND serial IN ({in})
            """, serials, ct, ("p", productId));
}


public static class Serials
{
    public const int MaxLength = 128;

    // A serial is typed or scanned: trimmed, no spaces or control characters, unique in the request.
    public static List<string> Validate(IReadOnlyList<string>? serials)
    {
        if (serials is null || serials.Count == 0)
        {
            throw DomainException.BadInput("serials.required", "serials", "At least one serial number is required.");
        }
        var seen = new HashSet<string>(serials.Count, StringComparer.Ordinal);
        var result = new List<string>(serials.Count);
        for (var i = 0; i < serials.Count; i++)
        {
            var field = $"serials[{i}]";
            var s = Text.RequiredCode(serials[i], field, MaxLength);
            if (!seen.Add(s))
            {
                throw DomainException.BadInput("serials.duplicate", field, $"Serial '{s}' appears twice in the request.");
            }
            result.Add(s);
        }
        return result;
    }

    // Units that already carry one of these serials where it counts: within the product, or across all
    // products when this product (or the other unit's product) demands uniqueness across products.
    public static Task<List<string>> FindExistingUnitsAsync(SqlSession sql, Product product, List<string> serials, CancellationToken ct) =>
        sql.StringsWhereInAsync("""
            SELECT u.serial FROM units u JOIN products p ON p.id = u.product_id
            WHERE u.serial IN ({in}) AND (u.product_id = @p OR @global = 1 OR p.serial_uniqueness = 1)
            """, serials, ct, ("p", product.Id), ("global", product.SerialUniqueness == SerialUniqueness.AcrossProducts ? 1 : 0));

    // For reservations: a serial is taken by a unit, or by any earlier reservation of the product
    // (cancelled ones too: a cancelled serial is never handed out again).
    // One statement per chunk for both tables: the serials are bound once.
    public static Task<List<string>> FindTakenAsync(SqlSession sql, Product product, List<string> serials, CancellationToken ct) =>
        sql.StringsWhereInAsync("""
            SELECT u.serial FROM units u JOIN products p ON p.id = u.product_id
            WHERE u.serial IN ({in}) AND (u.product_id = @p OR @global = 1 OR p.serial_uniqueness = 1)
            UNION ALL SELECT serial FROM expected_serials WHERE product_id = @p AND serial IN ({in})
            """, serials, ct, ("p", product.Id), ("global", product.SerialUniqueness == SerialUniqueness.AcrossProducts ? 1 : 0));
}

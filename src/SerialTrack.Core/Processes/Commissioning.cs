using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;

namespace SerialTrack.Core.Processes;

public sealed record CommissionRequest(string Product, IReadOnlyList<string> Serials, string Location, Stage Stage = Stage.FinishedGood, EventContext? Context = null);

// Commissioning brings serialized units into existence at a location (EPCIS ObjectEvent ADD,
// bizStep commissioning). One event for the whole list; one transaction for event and units.
public sealed class Commissioning(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<ProcessResult> CommissionAsync(CommissionRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Commissioned, ct) is { } replay)
        {
            return replay;
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
        var serials = Serials.Validate(request.Serials);

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var existing = await Serials.FindExistingAsync(sql, product.Id, serials, ct);
        if (existing.Count > 0)
        {
            var shown = string.Join(", ", existing.Take(5));
            throw DomainException.Conflict("unit.duplicate_serial",
                $"{existing.Count} serial(s) of '{product.Sku}' already exist: {shown}{(existing.Count > 5 ? ", ..." : "")}.", "serials");
        }

        var ev = EventLog.New(EventType.Commissioned, EventAction.Add, "commissioning", "active", actor, context, clock);
        ev.ReadPointId = location.Id;
        ev.BizLocationId = location.Id;
        ev.ObjectCount = serials.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var ids = await sql.ReserveIdsAsync("units", serials.Count, ct);
        var now = sql.Time(clock.GetUtcNow());
        var units = new object?[serials.Count][];
        var links = new object?[serials.Count][];
        for (var i = 0; i < serials.Count; i++)
        {
            units[i] = [ids[i], product.Id, serials[i], (int)UnitStatus.Available, (int)request.Stage, location.Id, ev.Id, now, now, false, 0];
            links[i] = [ev.Id, ids[i], (int)ObjectRole.Subject, null];
        }
        await sql.InsertAsync("units", Columns.Units, units, ct);
        await sql.InsertAsync("event_units", Columns.EventUnits, links, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Commissioned, serials.Count, 0);
    }
}

static class Columns
{
    public static readonly string[] Units = ["id", "product_id", "serial", "status", "stage", "location_id", "last_event_id", "created_at", "updated_at", "archived", "version"];
    public static readonly string[] EventUnits = ["event_id", "unit_id", "role", "from_location_id"];
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

    public static async Task<List<string>> FindExistingAsync(SqlSession sql, long productId, List<string> serials, CancellationToken ct)
    {
        var found = new List<string>();
        foreach (var chunk in serials.Chunk(sql.RowsPerStatement))
        {
            var names = string.Join(", ", chunk.Select((_, i) => "@s" + i));
            await using var cmd = sql.Command($"SELECT serial FROM units WHERE product_id = @p AND serial IN ({names})", ("p", productId));
            for (var i = 0; i < chunk.Length; i++)
            {
                var p = cmd.CreateParameter();
                p.ParameterName = "@s" + i;
                p.Value = chunk[i];
                cmd.Parameters.Add(p);
            }
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                found.Add(reader.GetString(0));
            }
        }
        return found;
    }
}

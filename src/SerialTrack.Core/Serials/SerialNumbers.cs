using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Serials;

public sealed record SchemeInput(string? Name, string? Template, string? Description = null, bool Archived = false);

public sealed record SchemePreview(string Template, IReadOnlyList<string> Next, DecodedSerial? Decoded, string ScopeKey);

public sealed record DecodeAnswer(string Scheme, string Template, DecodedSerial Decoded, string? Product, string? Location);

public sealed record Reservation(long Id, string Product, int Count, string? Reference, IReadOnlyList<string> Serials);

// Serial schemes: define, preview, generate (counters reserved in blocks inside the caller's
// transaction, so a rollback gives the numbers back and two writers never get the same one),
// validate what is typed against the scheme it claims, decode, and reserve serials ahead of time.
public sealed class SerialNumbers(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxReservation = 1_000_000;

    public async Task<SerialScheme> CreateSchemeAsync(SchemeInput input, CancellationToken ct)
    {
        var scheme = new SerialScheme { Name = "", Template = "", CreatedAt = clock.GetUtcNow() };
        await ApplyAsync(scheme, input, ct);
        db.SerialSchemes.Add(scheme);
        await db.SaveChangesAsync(ct);
        return scheme;
    }

    public async Task<SerialScheme> UpdateSchemeAsync(long id, SchemeInput input, CancellationToken ct)
    {
        var scheme = await db.SerialSchemes.FindAsync([id], ct)
            ?? throw DomainException.NotFound("scheme.not_found", $"No serial scheme with id {id}.");
        await ApplyAsync(scheme, input, ct);
        await db.SaveChangesAsync(ct);
        return scheme;
    }

    async Task ApplyAsync(SerialScheme scheme, SchemeInput input, CancellationToken ct)
    {
        scheme.Name = Text.RequiredCode(input.Name, "name", 64);
        scheme.Template = SerialTemplate.Parse(Text.Required(input.Template, "template", 500)).Text;
        scheme.Description = Text.Optional(input.Description, "description", 1000);
        scheme.Archived = input.Archived;
        if (await db.SerialSchemes.AnyAsync(s => s.Name == scheme.Name && s.Id != scheme.Id, ct))
        {
            throw DomainException.Conflict("scheme.duplicate", $"A serial scheme named '{scheme.Name}' exists.", "name");
        }
    }

    public async Task<SerialScheme> FindSchemeAsync(string name, string field, CancellationToken ct) =>
        await db.SerialSchemes.FirstOrDefaultAsync(s => s.Name == name, ct)
        ?? throw DomainException.NotFound("scheme.not_found", $"No serial scheme named '{name}'.", field);

    // Products with no scheme of their own use their category's.
    public async Task<SerialScheme?> SchemeOfAsync(Product product, CancellationToken ct)
    {
        if (product.SerialSchemeId is { } id)
        {
            return await db.SerialSchemes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        }
        if (product.Category is null)
        {
            return null;
        }
        return await (from c in db.CategorySchemes
                      join s in db.SerialSchemes on c.SchemeId equals s.Id
                      where c.Category == product.Category
                      select s).AsNoTracking().FirstOrDefaultAsync(ct);
    }

    public async Task AssignCategoryAsync(string? category, string? schemeName, CancellationToken ct)
    {
        var cat = Text.Required(category, "category", 100);
        var existing = await db.CategorySchemes.FirstOrDefaultAsync(c => c.Category == cat, ct);
        if (Text.Optional(schemeName, "scheme", 64) is not { } name)
        {
            if (existing is not null)
            {
                db.CategorySchemes.Remove(existing);
            }
        }
        else
        {
            var scheme = await FindSchemeAsync(name, "scheme", ct);
            if (existing is null)
            {
                db.CategorySchemes.Add(new CategoryScheme { Category = cat, SchemeId = scheme.Id });
            }
            else
            {
                existing.SchemeId = scheme.Id;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    public static SchemePreview Preview(string? template, SerialContext context, int count = 5)
    {
        var t = SerialTemplate.Parse(Text.Required(template, "template", 500));
        var next = t.Preview(context, t.Sequence?.Start ?? 1, count);
        return new SchemePreview(t.Text, next, next.Count > 0 && t.TryDecode(next[0], out var decoded) ? decoded : null, t.ScopeKey(context));
    }

    public static SerialContext ContextFor(Product product, string? location, DateTimeOffset when) =>
        new(product.Sku, when) { Category = product.Category, Attributes = product.Attributes, Location = location };

    // Takes `count` sequence values of the template's scope for this context and formats the serials.
    // Must run inside the caller's transaction: the counter row stays locked (PostgreSQL) or the
    // database stays write-locked (SQLite) until it commits, and a rollback undoes the reservation.
    public async Task<List<string>> GenerateAsync(SerialScheme scheme, SerialContext context, int count, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Serials are generated inside the transaction that stores them.");
        }
        var template = SerialTemplate.Parse(scheme.Template);
        var serials = new List<string>(count);
        if (template.Sequence is not { } seq)
        {
            for (var i = 0; i < count; i++)
            {
                serials.Add(template.Format(context, 0));
            }
            return serials;
        }
        var scope = template.ScopeKey(context);
        var sql = new SqlSession(db);
        // Upsert with RETURNING: one statement, atomic on SQLite (3.35+) and PostgreSQL alike.
        var next = await sql.ScalarLongAsync("""
            INSERT INTO serial_counters (scheme_id, scope_key, next_value) VALUES (@s, @k, @start + @n)
            ON CONFLICT (scheme_id, scope_key) DO UPDATE SET next_value = serial_counters.next_value + @n
            RETURNING next_value
            """, ct, ("s", scheme.Id), ("k", scope), ("start", seq.Start), ("n", (long)count));
        var first = next - count;
        if (next - 1 > seq.MaxValue)
        {
            throw DomainException.Rule("serial.sequence_exhausted",
                $"Scheme '{scheme.Name}' has {Math.Max(0, seq.MaxValue - first + 1)} sequence numbers left in scope '{(scope.Length == 0 ? "scheme" : scope)}'; {count} were asked for.", "count");
        }
        for (var i = 0; i < count; i++)
        {
            serials.Add(template.Format(context, first + i));
        }
        return serials;
    }

    // Every typed or scanned serial that claims a scheme is checked against it: a typo is refused
    // here ("check character wrong"), never stored.
    public static void ValidateAll(SerialScheme scheme, IReadOnlyList<string> serials)
    {
        var template = SerialTemplate.Parse(scheme.Template);
        for (var i = 0; i < serials.Count; i++)
        {
            try
            {
                template.Validate(serials[i]);
            }
            catch (DomainException e)
            {
                throw DomainException.BadInput(e.Code, $"serials[{i}]", e.Message);
            }
        }
    }

    public async Task<List<DecodeAnswer>> DecodeAsync(string? serial, string? sku, CancellationToken ct)
    {
        var s = Text.Required(serial, "serial", 128);
        List<SerialScheme> schemes;
        if (Text.Optional(sku, "product", 64) is { } code)
        {
            var product = await new ProductCatalog(db, clock).FindAsync(code, ct);
            schemes = await SchemeOfAsync(product, ct) is { } own ? [own] : [];
        }
        else
        {
            schemes = await db.SerialSchemes.AsNoTracking().Where(x => !x.Archived).OrderBy(x => x.Name).ToListAsync(ct);
        }
        var answers = new List<DecodeAnswer>();
        foreach (var scheme in schemes)
        {
            if (!SerialTemplate.Parse(scheme.Template).TryDecode(s, out var decoded))
            {
                continue;
            }
            var productSku = decoded.Part("SKU")?.Text;
            var locationCode = decoded.Part("LOC")?.Text;
            var product = productSku is null ? null : await db.Products.AsNoTracking().Where(p => p.Sku == productSku).Select(p => p.Sku + " — " + p.Name).FirstOrDefaultAsync(ct);
            var location = locationCode is null ? null : await db.Locations.AsNoTracking().Where(l => l.Code == locationCode).Select(l => l.Code + " — " + l.Name).FirstOrDefaultAsync(ct);
            answers.Add(new DecodeAnswer(scheme.Name, scheme.Template, decoded, product, location));
        }
        return answers;
    }

    // Reserves serials ahead of production or purchase as expected serials: generated from the product's
    // scheme, or given (pre-printed labels from a supplier).
    public async Task<Reservation> ReserveAsync(string? sku, int? count, IReadOnlyList<string>? given, string? location, string? reference, Actor actor, CancellationToken ct)
    {
        var product = await new ProductCatalog(db, clock).FindAsync(Text.RequiredCode(sku, "product", 64), ct);
        if (product.Tracking != TrackingMode.Serial)
        {
            throw DomainException.Rule("product.not_serialized", $"Product '{product.Sku}' is not tracked by serial number.", "product");
        }
        var scheme = await SchemeOfAsync(product, ct);
        List<string>? serials = null;
        if (given is { Count: > 0 })
        {
            serials = Processes.Serials.Validate(given);
            if (scheme is not null)
            {
                ValidateAll(scheme, serials);
            }
        }
        else if (count is not { } n || n < 1 || n > MaxReservation)
        {
            throw DomainException.BadInput("reservation.count", "count", $"Count must be between 1 and {MaxReservation:N0}.");
        }
        else if (scheme is null)
        {
            throw DomainException.Rule("product.no_scheme", $"Product '{product.Sku}' has no serial scheme to generate serials from; give the serials instead.", "count");
        }
        var loc = Text.Optional(location, "location", 64);
        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        serials ??= await GenerateAsync(scheme!, ContextFor(product, loc, clock.GetUtcNow()), count!.Value, ct);

        var taken = await Processes.Serials.FindTakenAsync(sql, product, serials, ct);
        if (taken.Count > 0)
        {
            throw DomainException.Conflict("serial.duplicate", $"{taken.Count} serial(s) already exist or are reserved: {string.Join(", ", taken.Take(5))}.", "serials");
        }
        var reservation = new SerialReservation
        {
            ProductId = product.Id,
            SchemeId = scheme?.Id,
            Count = serials.Count,
            Reference = Text.Optional(reference, "reference", 100),
            Actor = actor.Name,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SerialReservations.Add(reservation);
        await db.SaveChangesAsync(ct);
        var now = sql.Time(clock.GetUtcNow());
        var rows = new object?[serials.Count][];
        for (var i = 0; i < serials.Count; i++)
        {
            rows[i] = [product.Id, serials[i], reservation.Id, (int)ExpectedStatus.Expected, now];
        }
        await sql.InsertAsync("expected_serials", ["product_id", "serial", "reservation_id", "status", "created_at"], rows, ct);
        await tx.CommitAsync(ct);
        return new Reservation(reservation.Id, product.Sku, serials.Count, reservation.Reference, serials);
    }

    // Cancelling frees nothing for reuse: the serials stay reserved as cancelled, and when they came
    // from a counter the numbers are recorded as gaps so an auditor can tell them from lost units.
    public async Task<int> CancelReservationAsync(long id, string? reason, CancellationToken ct)
    {
        var reservation = await db.SerialReservations.FindAsync([id], ct)
            ?? throw DomainException.NotFound("reservation.not_found", $"No reservation {id}.");
        var why = Text.Optional(reason, "reason", 500) ?? "reservation cancelled";
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var open = await db.ExpectedSerials.Where(e => e.ReservationId == id && e.Status == ExpectedStatus.Expected).ToListAsync(ct);
        foreach (var e in open)
        {
            e.Status = ExpectedStatus.Cancelled;
            if (reservation.SchemeId is { } schemeId)
            {
                db.SerialGaps.Add(new SerialGap { SchemeId = schemeId, ScopeKey = "", Serial = e.Serial, Reason = why, CreatedAt = clock.GetUtcNow() });
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return open.Count;
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Serials;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Inventory;

public enum ScanKind
{
    Unknown = 0,
    Unit = 1,
    Lot = 2,
    Location = 3,
    Product = 4,
    Container = 5,
    Expected = 6,
    Ambiguous = 9,
}

public sealed record UnitState(string Product, string Serial, UnitStatus Status, Stage Stage, string? Location, long? ContainerId, int Version,
    IReadOnlyList<string> Identifiers);

public sealed record LotState(string Product, string Lot, DateOnly? ExpiryDate, IReadOnlyList<LotPlace> Balances);

public sealed record LotPlace(string Location, BalanceStatus Status, decimal Quantity);

public sealed record LocationState(string Code, string Name, string Kind, int Units);

public sealed record ProductState(string Sku, string Name, string? Gtin, string Tracking);

public sealed record ExpectedState(string Product, string Serial, ExpectedStatus Status, long? ReservationId);

// One thing the scanned text may be, with its current state so the screen needs no second call.
public sealed record ScanMatch(ScanKind Kind, long Id, string Label, string Link)
{
    public UnitState? Unit { get; init; }
    public LotState? Lot { get; init; }
    public LocationState? Location { get; init; }
    public ProductState? Product { get; init; }
    public ExpectedState? Expected { get; init; }
}

public sealed record ScanGs1(string ElementString, string? Symbology, IReadOnlyList<Gs1Element> Ais);

// What a scanned or typed code is. A code that matches several things lists every match; nothing known
// returns Unknown with the reason (e.g. a GS1 check digit that is wrong).
public sealed record ScanResult(string Text, ScanKind Kind, IReadOnlyList<ScanMatch> Matches, string? Message, IReadOnlyList<string> HandlingInstructions, ScanGs1? Gs1 = null)
{
    // The structured handling instructions (with severity) of what was scanned; HandlingInstructions keeps
    // the products' free text.
    public IReadOnlyList<AppliedInstruction> Instructions { get; init; } = [];
}

public sealed class Scanner(SerialTrackDbContext db)
{
    // One connection for the whole scan: opening a pooled SQLite connection runs the connection pragmas
    // again, and a scan makes several queries.
    public Task<ScanResult> ScanAsync(string? text, CancellationToken ct) =>
        new SqlSession(db).OnOpenConnectionAsync(() => ScanOpenAsync(text, ct), ct);

    async Task<ScanResult> ScanOpenAsync(string? text, CancellationToken ct)
    {
        var t = (text ?? "").Trim(' ', '\t', '\r', '\n');
        if (t.Length == 0)
        {
            throw DomainException.BadInput("field.required", "text", "text is required.");
        }
        if (t.Length > 1000)
        {
            throw DomainException.BadInput("field.too_long", "text", "text is longer than 1000 characters.");
        }

        ScanGs1? gs1 = null;
        string? gs1Error = null;
        List<(ScanKind Kind, long Id)> hits;
        if (LooksLikeGs1(t))
        {
            if (Gs1Parser.TryParseAny(t, out var es, out var error))
            {
                gs1 = new ScanGs1(es.ToBracketed(), AimIdentifier(es.Symbology), es.Elements);
                hits = await FindGs1Async(es, ct);
            }
            else
            {
                gs1Error = error.Message;
                hits = await FindCodeAsync(t, ct);
            }
        }
        else
        {
            hits = await FindCodeAsync(t, ct);
        }

        var matches = new List<ScanMatch>(hits.Count);
        var handling = new List<string>();
        foreach (var (kind, id) in hits.Distinct())
        {
            var (match, instructions) = await DescribeAsync(kind, id, ct);
            if (match is not null)
            {
                matches.Add(match);
                if (instructions is { Length: > 0 } && !handling.Contains(instructions))
                {
                    handling.Add(instructions);
                }
            }
        }

        var result = matches.Count switch
        {
            0 => new ScanResult(t, ScanKind.Unknown, matches, gs1Error is not null ? $"Not valid GS1 data: {gs1Error}." : Explain(t, gs1), handling, gs1),
            1 => new ScanResult(t, matches[0].Kind, matches, null, handling, gs1),
            _ => new ScanResult(t, ScanKind.Ambiguous, matches, $"'{t}' matches {matches.Count} things; choose one.", handling, gs1),
        };
        return result with { Instructions = await InstructionsOfAsync(matches, ct) };
    }

    async Task<IReadOnlyList<AppliedInstruction>> InstructionsOfAsync(List<ScanMatch> matches, CancellationToken ct)
    {
        if (matches.Count == 0 || !await db.HandlingInstructions.AnyAsync(i => i.Active, ct))
        {
            return [];
        }
        List<long> Ids(ScanKind kind) => matches.Where(m => m.Kind == kind).Select(m => m.Id).ToList();
        var unitIds = Ids(ScanKind.Unit);
        var containers = Ids(ScanKind.Container);
        var lotIds = Ids(ScanKind.Lot);
        var units = unitIds.Count == 0 ? [] : await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id))
            .Select(u => new Instructions.Handled(u.Id, u.ProductId, u.LotId)).ToListAsync(ct);
        // A container answers with the instructions of the units packed in it.
        if (containers.Count > 0)
        {
            units.AddRange(await db.Units.AsNoTracking().Where(u => u.ContainerId != null && containers.Contains(u.ContainerId.Value))
                .Select(u => new Instructions.Handled(u.Id, u.ProductId, u.LotId)).Take(10_000).ToListAsync(ct));
        }
        var lots = lotIds.Count == 0 ? [] : await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id))
            .Select(l => new Instructions.Handled(l.Id, l.ProductId, l.Id)).ToListAsync(ct);
        var products = Ids(ScanKind.Product).Select(id => new Instructions.Handled(id, id, null)).ToList();
        // Three calls: each answer is keyed by a bare id, and a unit may share its id with a lot or a product.
        var found = (await Instructions.ApplyingAsync(db, units, [], ct)).Values
            .Concat((await Instructions.ApplyingAsync(db, [], lots, ct)).Values)
            .Concat((await Instructions.ApplyingAsync(db, [], [], ct, products)).Values);
        return found.SelectMany(l => l).DistinctBy(a => a.Id).OrderByDescending(a => a.Severity).ThenBy(a => a.From).ThenBy(a => a.Id).ToList();
    }

    static bool LooksLikeGs1(string t) =>
        t[0] is '(' or ']'
        || t.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || t.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || t.StartsWith("urn:epc:", StringComparison.OrdinalIgnoreCase)
        || t.Contains(ElementString.GroupSeparator, StringComparison.Ordinal)
        || (t.Length >= 16 && t.All(c => char.IsAsciiDigit(c) || c == '^') && t[..2] is "00" or "01" or "02");

    // One round trip: every table that holds a code, each branch on its own index.
    async Task<List<(ScanKind, long)>> FindCodeAsync(string t, CancellationToken ct)
    {
        var gtin = t.Length is 8 or 12 or 13 or 14 && t.All(char.IsAsciiDigit) ? t.PadLeft(14, '0') : "";
        // Identifiers are stored normalized: a MAC scanned as 00-1a-2b-3c-4d-5e is stored as 00:1A:2B:3C:4D:5E.
        var mac = AsMac(t) ?? t;
        const string sql = """
            SELECT 1, id FROM units WHERE serial = @t
            UNION ALL SELECT 1, unit_id FROM unit_identifiers WHERE value IN (@t, @m)
            UNION ALL SELECT 3, id FROM locations WHERE code = @t OR gln = @t
            UNION ALL SELECT 4, id FROM products WHERE sku = @t OR gtin = @g
            UNION ALL SELECT 2, id FROM lots WHERE code = @t
            UNION ALL SELECT 5, id FROM containers WHERE code = @t OR sscc = @t
            UNION ALL SELECT 6, id FROM expected_serials WHERE serial = @t AND status = 1
            """;
        return await QueryAsync(sql, ct, ("t", t), ("g", gtin), ("m", mac));
    }

    static readonly IdentifierKind MacKind = new() { Code = "mac", Name = "MAC address", Format = IdentifierFormat.Mac };

    static string? AsMac(string t)
    {
        if (t.Length is < 12 or > 17 || t.Count(char.IsAsciiHexDigit) != 12)
        {
            return null;
        }
        try
        {
            return IdentifierValues.Normalize(MacKind, t, "text");
        }
        catch (DomainException)
        {
            return null;
        }
    }

    async Task<List<(ScanKind, long)>> FindGs1Async(ElementString es, CancellationToken ct)
    {
        if (es.Sscc is { } sscc)
        {
            return await QueryAsync("SELECT 5, id FROM containers WHERE sscc = @s", ct, ("s", sscc.Value));
        }
        if (es.Get("414") is { } gln)
        {
            return await QueryAsync("SELECT 3, id FROM locations WHERE gln = @g", ct, ("g", gln));
        }
        if (es.Gtin is not { } gtin)
        {
            return [];
        }
        if (es.Serial is { } serial)
        {
            var units = await QueryAsync("""
                SELECT 1, u.id FROM units u JOIN products p ON p.id = u.product_id WHERE p.gtin = @g AND u.serial = @s
                UNION ALL SELECT 6, e.id FROM expected_serials e JOIN products p ON p.id = e.product_id WHERE p.gtin = @g AND e.serial = @s AND e.status = 1
                """, ct, ("g", gtin.Value), ("s", serial));
            return units;
        }
        if (es.Batch is { } batch)
        {
            return await QueryAsync("SELECT 2, l.id FROM lots l JOIN products p ON p.id = l.product_id WHERE p.gtin = @g AND l.code = @b", ct, ("g", gtin.Value), ("b", batch));
        }
        return await QueryAsync("SELECT 4, id FROM products WHERE gtin = @g", ct, ("g", gtin.Value));
    }

    // Runs inside ScanAsync's open connection.
    async Task<List<(ScanKind, long)>> QueryAsync(string sql, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var cmd = new SqlSession(db).Command(sql, parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var result = new List<(ScanKind, long)>();
        while (await r.ReadAsync(ct))
        {
            result.Add(((ScanKind)r.GetInt32(0), r.GetInt64(1)));
        }
        return result;
    }

    async Task<(ScanMatch?, string?)> DescribeAsync(ScanKind kind, long id, CancellationToken ct)
    {
        switch (kind)
        {
            case ScanKind.Unit:
                var u = await (from x in db.Units.AsNoTracking()
                               join p in db.Products on x.ProductId equals p.Id
                               join l in db.Locations on x.LocationId equals l.Id into ls
                               from l in ls.DefaultIfEmpty()
                               where x.Id == id
                               select new { x, p.Sku, p.Name, p.HandlingInstructions, Location = l == null ? null : l.Code }).FirstOrDefaultAsync(ct);
                if (u is null)
                {
                    return (null, null);
                }
                var ids = await db.UnitIdentifiers.AsNoTracking().Where(i => i.UnitId == id).OrderBy(i => i.Id)
                    .Select(i => i.Kind + ":" + i.Value).ToListAsync(ct);
                return (new ScanMatch(kind, id, $"{u.Sku} {u.x.Serial} — {u.Name}", $"/units/{id}")
                {
                    Unit = new UnitState(u.Sku, u.x.Serial, u.x.Status, u.x.Stage, u.Location, u.x.ContainerId, u.x.Version, ids),
                }, u.HandlingInstructions);
            case ScanKind.Lot:
                var lot = await (from l in db.Lots.AsNoTracking() join p in db.Products on l.ProductId equals p.Id where l.Id == id select new { l, p.Sku, p.HandlingInstructions }).FirstOrDefaultAsync(ct);
                if (lot is null)
                {
                    return (null, null);
                }
                var places = await (from b in db.LotBalances.AsNoTracking()
                                    join l in db.Locations on b.LocationId equals l.Id
                                    where b.LotId == id && b.Quantity != 0
                                    select new LotPlace(l.Code, b.Status, b.Quantity)).ToListAsync(ct);
                return (new ScanMatch(kind, id, $"{lot.Sku} lot {lot.l.Code}", $"/lots/{id}")
                {
                    Lot = new LotState(lot.Sku, lot.l.Code, lot.l.ExpiryDate, places),
                }, lot.HandlingInstructions);
            case ScanKind.Location:
                var loc = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
                if (loc is null)
                {
                    return (null, null);
                }
                var here = await db.Units.CountAsync(x => x.LocationId == id && x.Status != UnitStatus.AtCustomer && x.Status != UnitStatus.Consumed && x.Status != UnitStatus.Scrapped, ct);
                return (new ScanMatch(kind, id, $"{loc.Code} — {loc.Name}", $"/locations/{id}")
                {
                    Location = new LocationState(loc.Code, loc.Name, loc.Kind.ToString(), here),
                }, null);
            case ScanKind.Product:
                var p2 = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
                return p2 is null ? (null, null) : (new ScanMatch(kind, id, $"{p2.Sku} — {p2.Name}", $"/products/{id}")
                {
                    Product = new ProductState(p2.Sku, p2.Name, p2.Gtin, p2.Tracking.ToString().ToLowerInvariant()),
                }, p2.HandlingInstructions);
            case ScanKind.Container:
                var c = await db.Containers.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
                return c is null ? (null, null) : (new ScanMatch(kind, id, $"{c.Kind} {c.Sscc ?? c.Code}", $"/containers/{id}"), null);
            case ScanKind.Expected:
                var e = await (from x in db.ExpectedSerials.AsNoTracking() join p in db.Products on x.ProductId equals p.Id where x.Id == id select new { x, p.Sku, p.Name }).FirstOrDefaultAsync(ct);
                return e is null ? (null, null) : (new ScanMatch(kind, id, $"{e.Sku} {e.x.Serial} — expected, not yet received", $"/products/{e.x.ProductId}")
                {
                    Expected = new ExpectedState(e.Sku, e.x.Serial, e.x.Status, e.x.ReservationId),
                }, null);
            default:
                return (null, null);
        }
    }

    static string Explain(string t, ScanGs1? gs1)
    {
        if (gs1 is not null)
        {
            return $"GS1 data {gs1.ElementString} is valid, but nothing known matches it.";
        }
        if (t.Length is 8 or 12 or 13 or 14 && t.All(char.IsAsciiDigit) && !Gtin.TryParse(t, out _, out var error))
        {
            return $"'{t}' looks like a GTIN, but: {error.Message}.";
        }
        return $"Nothing known has the code '{t}'.";
    }

    // AIM symbology identifiers (ISO/IEC 15424) of the GS1 symbologies, as a scanner prefixes them.
    public static string? AimIdentifier(Gs1Symbology symbology) => symbology switch
    {
        Gs1Symbology.Gs1_128 => "]C1",
        Gs1Symbology.Gs1DataMatrix => "]d2",
        Gs1Symbology.Gs1QrCode => "]Q3",
        Gs1Symbology.Gs1DataBar => "]e0",
        Gs1Symbology.Gs1DotCode => "]J1",
        Gs1Symbology.Ean13 => "]E0",
        Gs1Symbology.Ean8 => "]E4",
        _ => null,
    };
}

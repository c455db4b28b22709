using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Gs1;

namespace SerialTrack.Core.Inventory;

public enum ScanKind
{
    Unknown = 0,
    Unit = 1,
    Lot = 2,
    Location = 3,
    Product = 4,
    Container = 5,
    Ambiguous = 9,
}

public sealed record ScanMatch(ScanKind Kind, long Id, string Label, string Link);

// What a scanned or typed code is. A serial that exists for several products is ambiguous and
// lists every match; nothing known returns Unknown with the reason.
public sealed record ScanResult(string Text, ScanKind Kind, IReadOnlyList<ScanMatch> Matches, string? Message, string? HandlingInstructions = null);

public sealed class Scanner(SerialTrackDbContext db, UnitLookup units)
{
    public async Task<ScanResult> ScanAsync(string? text, CancellationToken ct)
    {
        var t = Text.Required(text, "text", 500);
        var matches = new List<ScanMatch>();
        string? handling = null;

        foreach (var u in await units.FindBySerialAsync(t, null, ct))
        {
            matches.Add(new ScanMatch(ScanKind.Unit, u.Id, $"{u.Sku} {u.Serial} — {u.ProductName}", $"/units/{u.Id}"));
            handling ??= await db.Products.Where(p => p.Id == u.ProductId).Select(p => p.HandlingInstructions).FirstOrDefaultAsync(ct);
        }
        foreach (var l in await db.Locations.AsNoTracking().Where(l => l.Code == t || l.Gln == t).ToListAsync(ct))
        {
            matches.Add(new ScanMatch(ScanKind.Location, l.Id, $"{l.Code} — {l.Name}", $"/locations/{l.Id}"));
        }
        var gtin = t.Length is 8 or 12 or 13 or 14 && t.All(char.IsAsciiDigit) ? t.PadLeft(14, '0') : null;
        foreach (var p in await db.Products.AsNoTracking().Where(p => p.Sku == t || (gtin != null && p.Gtin == gtin)).ToListAsync(ct))
        {
            matches.Add(new ScanMatch(ScanKind.Product, p.Id, $"{p.Sku} — {p.Name}", $"/products/{p.Id}"));
            handling ??= p.HandlingInstructions;
        }
        var lots = await (from l in db.Lots.AsNoTracking()
                          join p in db.Products on l.ProductId equals p.Id
                          where l.Code == t
                          select new { l.Id, l.Code, p.Sku, p.HandlingInstructions }).ToListAsync(ct);
        foreach (var l in lots)
        {
            matches.Add(new ScanMatch(ScanKind.Lot, l.Id, $"{l.Sku} lot {l.Code}", $"/lots/{l.Id}"));
            handling ??= l.HandlingInstructions;
        }
        foreach (var c in await db.Containers.AsNoTracking().Where(c => c.Code == t || c.Sscc == t).ToListAsync(ct))
        {
            matches.Add(new ScanMatch(ScanKind.Container, c.Id, $"{c.Kind} {c.Code}", $"/containers/{c.Id}"));
        }

        return matches.Count switch
        {
            0 => new ScanResult(t, ScanKind.Unknown, matches, Explain(t)),
            1 => new ScanResult(t, matches[0].Kind, matches, null, handling),
            _ => new ScanResult(t, ScanKind.Ambiguous, matches, $"'{t}' matches {matches.Count} things; choose one.", handling),
        };
    }

    static string Explain(string t)
    {
        if (t.Length is 8 or 12 or 13 or 14 && t.All(char.IsAsciiDigit) && !Gtin.TryParse(t, out _, out var error))
        {
            return $"'{t}' looks like a GTIN, but: {error.Message}.";
        }
        return $"Nothing known has the code '{t}'.";
    }
}

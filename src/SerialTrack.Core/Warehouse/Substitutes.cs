using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

public sealed record SubstituteInput(string? Substitute, bool BothWays = false, string? Note = null, string? Conditions = null);

// A product that can stand in for the one asked about. DeclaredOn is the product the relation was declared
// on: the other one when a both-ways relation is seen from its far side.
public sealed record SubstituteView(long Id, string Product, string Substitute, string SubstituteName, bool BothWays, string? Note, string? Conditions, string DeclaredOn);

public enum ReplacementRelation
{
    SameProduct = 1,
    Substitute = 2,
}

// Available stock of one product at one location: units counted, lot quantities summed.
public sealed record ReplacementLine(
    string Product, string Name, ReplacementRelation Relation, string? Note, string? Conditions,
    string Location, string LocationName, string? Site, bool SameSite, decimal Quantity, string Uom, bool Serialized);

public sealed record ReplacementAnswer(string Product, string ProductName, string? Unit, string? Near, string? Site, IReadOnlyList<ReplacementLine> Lines, string? Message);

// Substitute products, and "find a replacement": available stock of a product and of its substitutes,
// nearest first. A relation is declared on a product (A can be replaced by B); BothWays makes B
// replaceable by A too, without a second row.
public sealed class Substitutes(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<List<SubstituteView>> ListAsync(string sku, CancellationToken ct)
    {
        var product = await ProductAsync(sku, "product", ct);
        return await ViewsAsync(product, ct);
    }

    // Declares B as a substitute of A, or changes the note, conditions or direction of that declaration.
    public async Task<SubstituteView> DeclareAsync(string sku, SubstituteInput input, CancellationToken ct)
    {
        var product = await ProductAsync(sku, "product", ct);
        var substitute = await ProductAsync(Text.RequiredCode(input.Substitute, "substitute", 64), "substitute", ct);
        if (substitute.Id == product.Id)
        {
            throw DomainException.BadInput("substitute.self", "substitute", $"'{product.Sku}' cannot be a substitute of itself.");
        }
        var note = Text.Optional(input.Note, "note", 1000);
        var conditions = Text.Optional(input.Conditions, "conditions", 1000);
        // The far side's declaration already says this when it goes both ways; a both-ways one here would say it twice.
        if (await db.ProductSubstitutes.FirstOrDefaultAsync(s => s.ProductId == substitute.Id && s.SubstituteProductId == product.Id, ct) is { } reverse
            && (reverse.BothWays || input.BothWays))
        {
            throw DomainException.Conflict("substitute.duplicate", reverse.BothWays
                ? $"'{substitute.Sku}' and '{product.Sku}' already stand in for each other (declared on '{substitute.Sku}')."
                : $"'{product.Sku}' is already declared a substitute of '{substitute.Sku}': make that declaration both ways instead.", "substitute");
        }
        var row = await db.ProductSubstitutes.FirstOrDefaultAsync(s => s.ProductId == product.Id && s.SubstituteProductId == substitute.Id, ct);
        if (row is null)
        {
            row = new ProductSubstitute { ProductId = product.Id, SubstituteProductId = substitute.Id, CreatedAt = clock.GetUtcNow() };
            db.ProductSubstitutes.Add(row);
        }
        row.BothWays = input.BothWays;
        row.Note = note;
        row.Conditions = conditions;
        await db.SaveChangesAsync(ct);
        return (await ViewsAsync(product, ct)).First(v => v.Id == row.Id);
    }

    // Ends the relation between the two, whichever side declared it.
    public async Task RemoveAsync(string sku, string? substituteSku, CancellationToken ct)
    {
        var product = await ProductAsync(sku, "product", ct);
        var substitute = await ProductAsync(Text.RequiredCode(substituteSku, "substitute", 64), "substitute", ct);
        var row = await db.ProductSubstitutes.FirstOrDefaultAsync(s => s.ProductId == product.Id && s.SubstituteProductId == substitute.Id, ct)
            ?? await db.ProductSubstitutes.FirstOrDefaultAsync(s => s.ProductId == substitute.Id && s.SubstituteProductId == product.Id && s.BothWays, ct)
            ?? throw DomainException.NotFound("substitute.not_found", $"'{substitute.Sku}' is not a substitute of '{product.Sku}'.", "substitute");
        db.ProductSubstitutes.Remove(row);
        await db.SaveChangesAsync(ct);
    }

    async Task<List<SubstituteView>> ViewsAsync(Product product, CancellationToken ct)
    {
        var own = await (from s in db.ProductSubstitutes.AsNoTracking()
                         join p in db.Products on s.SubstituteProductId equals p.Id
                         where s.ProductId == product.Id
                         select new SubstituteView(s.Id, product.Sku, p.Sku, p.Name, s.BothWays, s.Note, s.Conditions, product.Sku)).ToListAsync(ct);
        var far = await (from s in db.ProductSubstitutes.AsNoTracking()
                         join p in db.Products on s.ProductId equals p.Id
                         where s.SubstituteProductId == product.Id && s.BothWays
                         select new SubstituteView(s.Id, product.Sku, p.Sku, p.Name, s.BothWays, s.Note, s.Conditions, p.Sku)).ToListAsync(ct);
        return [.. own.Concat(far).OrderBy(v => v.Substitute, StringComparer.Ordinal)];
    }

    async Task<Product> ProductAsync(string sku, string field, CancellationToken ct)
    {
        var code = Text.RequiredCode(sku, field, 64);
        return await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == code, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{code}'.", field);
    }

    // Available stock of the product (or of the faulty unit's product) and its substitutes. Excluded, by the
    // rules Availability applies to shipping and consumption: units not available (held, quarantined, ...),
    // failed a test, archived, or in a location under hold; lots held, failed or expired. Nearest first: the
    // site (top of the location tree) of Near, or of the faulty unit, then the rest, each by how much of the
    // location path is shared.
    public async Task<ReplacementAnswer> FindAsync(string? productSku, string? unit, string? near, CancellationToken ct)
    {
        var skuGiven = Text.Optional(productSku, "product", 64);
        var unitGiven = Text.Optional(unit, "unit", 1000);
        if ((skuGiven is null) == (unitGiven is null))
        {
            throw DomainException.BadInput("replacement.what", "product", "Give a product (SKU) or a unit (serial or any identifier), not both.");
        }
        Product product;
        long? faultyId = null;
        long? nearId = null;
        if (unitGiven is not null)
        {
            var scan = await new Scanner(db).ScanAsync(unitGiven, ct);
            var units = scan.Matches.Where(m => m.Kind == ScanKind.Unit).ToList();
            if (units.Count != 1)
            {
                throw units.Count == 0
                    ? DomainException.NotFound("unit.not_found", scan.Message ?? $"No unit is known as '{unitGiven}'.", "unit")
                    : DomainException.BadInput("unit.ambiguous", "unit", $"'{unitGiven}' names {units.Count} units: give the product too, or another identifier.");
            }
            var found = await db.Units.AsNoTracking().Where(u => u.Id == units[0].Id).Select(u => new { u.Id, u.ProductId, u.LocationId }).FirstAsync(ct);
            faultyId = found.Id;
            nearId = found.LocationId;
            product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == found.ProductId, ct);
        }
        else
        {
            product = await ProductAsync(skuGiven!, "product", ct);
        }
        if (Text.Optional(near, "near", 64) is { } nearCode)
        {
            nearId = (await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == nearCode, ct)
                ?? throw DomainException.NotFound("location.not_found", $"No location with code '{nearCode}'.", "near")).Id;
        }

        var relations = await ViewsAsync(product, ct);
        var substituteSkus = relations.Select(r => r.Substitute).ToList();
        var candidates = await db.Products.AsNoTracking().Where(p => p.Id == product.Id || substituteSkus.Contains(p.Sku))
            .Select(p => new { p.Id, p.Sku, p.Name, p.Uom, p.Tracking }).ToDictionaryAsync(p => p.Id, ct);
        var ids = candidates.Keys.ToList();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var unitCounts = await (from u in db.Units
                                from lt in db.Lots.Where(x => x.Id == u.LotId).DefaultIfEmpty()
                                where ids.Contains(u.ProductId) && u.Status == UnitStatus.Available && !u.TestFailed && !u.Archived && u.LocationId != null
                                      && (faultyId == null || u.Id != faultyId)
                                      && (lt == null || (!lt.OnHold && !lt.TestFailed && (lt.ExpiryDate == null || lt.ExpiryDate >= today)))
                                group u by new { u.ProductId, LocationId = u.LocationId!.Value } into g
                                select new { g.Key.ProductId, g.Key.LocationId, Count = g.Count() }).ToListAsync(ct);
        // Summed here: SQLite keeps decimals as text and cannot add them in the query.
        var lotRows = await (from b in db.LotBalances
                             join lt in db.Lots on b.LotId equals lt.Id
                             where ids.Contains(lt.ProductId) && b.Status == BalanceStatus.Available && b.Quantity > 0
                                   && !lt.OnHold && !lt.TestFailed && (lt.ExpiryDate == null || lt.ExpiryDate >= today)
                             select new { lt.ProductId, b.LocationId, b.Quantity }).ToListAsync(ct);
        var stock = unitCounts.Select(x => (x.ProductId, x.LocationId, Quantity: (decimal)x.Count))
            .Concat(lotRows.GroupBy(x => (x.ProductId, x.LocationId)).Select(g => (g.Key.ProductId, g.Key.LocationId, Quantity: g.Sum(x => x.Quantity))))
            .ToList();

        var locationIds = stock.Select(s => s.LocationId).Append(nearId ?? 0).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var heldPaths = await (from h in db.Holds
                               join l in db.Locations on h.LocationId equals l.Id
                               where h.ReleasedEventId == null
                               select l.Path).ToListAsync(ct);
        var sitesIds = locations.Values.Select(l => SiteId(l.Path)).Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var sites = await db.Locations.AsNoTracking().Where(l => sitesIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
        var nearPath = nearId is { } n && locations.TryGetValue(n, out var nearLocation) ? nearLocation.Path : null;
        var nearSite = nearPath is null ? null : SiteId(nearPath);

        var lines = stock
            .Where(s => !heldPaths.Any(h => locations[s.LocationId].Path.StartsWith(h, StringComparison.Ordinal)))
            .Select(s =>
            {
                var p = candidates[s.ProductId];
                var l = locations[s.LocationId];
                var relation = relations.FirstOrDefault(r => r.Substitute == p.Sku);
                var site = SiteId(l.Path);
                return (Line: new ReplacementLine(p.Sku, p.Name, p.Id == product.Id ? ReplacementRelation.SameProduct : ReplacementRelation.Substitute,
                        relation?.Note, relation?.Conditions, l.Code, l.Name, site is { } sid ? sites.GetValueOrDefault(sid) : null,
                        nearSite is not null && site == nearSite, s.Quantity, p.Tracking == TrackingMode.Serial ? "units" : p.Uom, p.Tracking == TrackingMode.Serial),
                    Shared: nearPath is null ? 0 : SharedDepth(nearPath, l.Path));
            })
            .OrderByDescending(x => x.Line.SameSite).ThenByDescending(x => x.Shared).ThenBy(x => x.Line.Relation)
            .ThenBy(x => x.Line.Product, StringComparer.Ordinal).ThenBy(x => x.Line.Location, StringComparer.Ordinal)
            .Select(x => x.Line).ToList();
        var message = lines.Count > 0 ? null
            : relations.Count == 0 ? $"No available stock of '{product.Sku}', and it has no substitutes declared."
            : $"No available stock of '{product.Sku}' or of its substitutes ({string.Join(", ", substituteSkus)}).";
        return new ReplacementAnswer(product.Sku, product.Name, unitGiven, nearId is { } nid && locations.TryGetValue(nid, out var nl) ? nl.Code : null,
            nearSite is { } ns ? sites.GetValueOrDefault(ns) : null, lines, message);
    }

    // Location.Path is "/1/4/9/": the site is its first id.
    static long? SiteId(string path)
    {
        var first = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first is null ? null : long.Parse(first, System.Globalization.CultureInfo.InvariantCulture);
    }

    static int SharedDepth(string a, string b)
    {
        var x = a.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var y = b.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var n = 0;
        while (n < x.Length && n < y.Length && x[n] == y[n])
        {
            n++;
        }
        return n;
    }
}

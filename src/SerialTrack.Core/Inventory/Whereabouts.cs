using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Inventory;

// One line of stock: a unit, or a count of units, or a lot quantity, where it is and in which state.
public sealed record StockLine(string Product, string? Serial, string? Lot, DateOnly? Expiry, string? Location, string? Container, string Status,
    Stage? Stage, decimal Quantity, string Uom, DateTimeOffset? Since);

// Total quantity of one product in one unit of measure ("units" for serialized units).
public sealed record StockTotal(string Product, decimal Quantity, string Uom);

// The answer to "where is it" (a unit, lot, product or container) or "what is here" (a location subtree).
// Misplaced is set when the question was asked at a location and the unit is recorded somewhere else.
public sealed record WhereIsAnswer(string Query, ScanKind Kind, string? Label, string? Link, IReadOnlyList<StockLine> Lines, IReadOnlyList<StockTotal> Totals,
    ContainerView? Container, string? Message, string? Misplaced, IReadOnlyList<string> HandlingInstructions)
{
    // The location's code when a location was asked: a scanner screen keeps it as "where I am" for the next scans.
    public string? LocationCode { get; init; }

    // The structured handling instructions (with severity) of what was asked about.
    public IReadOnlyList<Warehouse.AppliedInstruction> Instructions { get; init; } = [];
}

public sealed class Whereabouts(SerialTrackDbContext db)
{
    // Products and locations can hold far more rows than a screen; the totals still count everything.
    public const int MaxLines = 500;

    // Units still in our hands: what "stock" means for products and locations.
    static readonly UnitStatus[] InStock = [UnitStatus.Available, UnitStatus.OnHold, UnitStatus.Quarantine, UnitStatus.InTransit];

    public async Task<WhereIsAnswer> FindAsync(string? query, string? at, CancellationToken ct)
    {
        var scan = await new Scanner(db).ScanAsync(query, ct);
        var atPath = string.IsNullOrWhiteSpace(at) ? null : (await Places.LocationAsync(db, at, "at", ct)).Path;
        if (scan.Kind is ScanKind.Unknown or ScanKind.Ambiguous || scan.Matches.Count == 0)
        {
            return new WhereIsAnswer(scan.Text, scan.Kind, null, null, [], [], null, scan.Message ?? $"Nothing is known as '{scan.Text}'.", null, scan.HandlingInstructions) { Instructions = scan.Instructions };
        }
        var match = scan.Matches[0];
        var answer = match.Kind switch
        {
            ScanKind.Unit => await UnitAsync(match.Id, atPath, at, ct),
            ScanKind.Lot => Totals(await LotLinesAsync(db.LotBalances.Where(b => b.LotId == match.Id), ct)),
            ScanKind.Product => Totals([.. await UnitLinesAsync(db.Units.Where(u => u.ProductId == match.Id), ct),
                .. await LotLinesAsync(db.LotBalances.Where(b => db.Lots.Any(l => l.Id == b.LotId && l.ProductId == match.Id)), ct)]),
            ScanKind.Location => await LocationAsync(match.Id, ct),
            ScanKind.Container => await ContainerAsync(match.Id, ct),
            _ => new WhereIsAnswer(scan.Text, match.Kind, null, null, [], [], null, $"'{scan.Text}' is {match.Label}: it is not in stock yet.", null, []),
        };
        return answer with
        {
            Query = scan.Text,
            Kind = match.Kind,
            Label = match.Label,
            Link = match.Link,
            HandlingInstructions = scan.HandlingInstructions,
            LocationCode = match.Location?.Code,
            Instructions = scan.Instructions,
        };
    }

    static WhereIsAnswer Totals(List<StockLine> lines) =>
        new("", ScanKind.Unknown, null, null, lines.Take(MaxLines).ToList(),
            lines.GroupBy(l => (l.Product, l.Uom)).OrderBy(g => g.Key.Product, StringComparer.Ordinal).Select(g => new StockTotal(g.Key.Product, g.Sum(l => l.Quantity), g.Key.Uom)).ToList(), null,
            lines.Count > MaxLines ? $"Showing the first {MaxLines:N0} of {lines.Count:N0} lines." : null, null, []);

    async Task<WhereIsAnswer> UnitAsync(long id, string? atPath, string? at, CancellationToken ct)
    {
        var u = await (from x in db.Units.AsNoTracking()
                       where x.Id == id
                       join p in db.Products on x.ProductId equals p.Id
                       join l in db.Locations on x.LocationId equals l.Id into ls
                       from l in ls.DefaultIfEmpty()
                       join c in db.Containers on x.ContainerId equals c.Id into cs
                       from c in cs.DefaultIfEmpty()
                       join lot in db.Lots on x.LotId equals lot.Id into lots
                       from lot in lots.DefaultIfEmpty()
                       join o in db.Parties on x.OwnerPartyId equals o.Id into os
                       from o in os.DefaultIfEmpty()
                       select new
                       {
                           p.Sku,
                           x.Serial,
                           x.Status,
                           x.Stage,
                           Location = l == null ? null : l.Code,
                           Path = l == null ? null : l.Path,
                           Container = c == null ? null : c.Code,
                           Lot = lot == null ? null : lot.Code,
                           Expiry = lot == null ? null : lot.ExpiryDate,
                           Owner = o == null ? null : o.Code,
                       }).FirstAsync(ct);
        var since = await ArrivedAsync(id, ct);
        var where = u.Location ?? (u.Owner is not null ? $"customer {u.Owner}" : null);
        var line = new StockLine(u.Sku, u.Serial, u.Lot, u.Expiry, where, u.Container, Text.Snake(u.Status), u.Stage, 1, "units", since);
        string? misplaced = null;
        if (atPath is not null && (u.Path is null || !u.Path.StartsWith(atPath, StringComparison.Ordinal)))
        {
            misplaced = $"{u.Sku} {u.Serial} is recorded {(where is null ? "nowhere in stock" : $"at {where}")}{(since is { } s ? $" since {s:yyyy-MM-dd HH:mm}" : "")}, not at {at!.Trim()}.";
        }
        return Totals([line]) with { Misplaced = misplaced };
    }

    // When the unit came to where it is now: the oldest of its latest run of events at the same place.
    async Task<DateTimeOffset?> ArrivedAsync(long unitId, CancellationToken ct)
    {
        var rows = await (from eu in db.EventUnits.AsNoTracking()
                          where eu.UnitId == unitId
                          join e in db.Events on eu.EventId equals e.Id
                          orderby e.EventTime descending, e.Id descending
                          select new { eu.LocationId, eu.OwnerPartyId, e.EventTime }).Take(1000).ToListAsync(ct);
        DateTimeOffset? since = null;
        foreach (var r in rows)
        {
            if (r.LocationId != rows[0].LocationId || r.OwnerPartyId != rows[0].OwnerPartyId)
            {
                break;
            }
            since = r.EventTime;
        }
        return since;
    }

    // Units grouped by place and state: a product with a million units answers in a few hundred lines.
    async Task<List<StockLine>> UnitLinesAsync(IQueryable<Unit> units, CancellationToken ct)
    {
        var rows = await (from u in units.AsNoTracking()
                          where !u.Archived && InStock.Contains(u.Status)
                          join p in db.Products on u.ProductId equals p.Id
                          join l in db.Locations on u.LocationId equals l.Id into ls
                          from l in ls.DefaultIfEmpty()
                          join c in db.Containers on u.ContainerId equals c.Id into cs
                          from c in cs.DefaultIfEmpty()
                          join lot in db.Lots on u.LotId equals lot.Id into lots
                          from lot in lots.DefaultIfEmpty()
                          group u by new
                          {
                              p.Sku,
                              Location = l == null ? null : l.Code,
                              Container = c == null ? null : c.Code,
                              u.Status,
                              u.Stage,
                              Lot = lot == null ? null : lot.Code,
                              Expiry = lot == null ? null : lot.ExpiryDate,
                          } into g
                          select new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return rows.OrderBy(r => r.Key.Sku, StringComparer.Ordinal).ThenBy(r => r.Key.Location, StringComparer.Ordinal).ThenBy(r => r.Key.Container, StringComparer.Ordinal)
            .Select(r => new StockLine(r.Key.Sku, null, r.Key.Lot, r.Key.Expiry, r.Key.Location, r.Key.Container, Text.Snake(r.Key.Status), r.Key.Stage, r.Count, "units", null))
            .ToList();
    }

    async Task<List<StockLine>> LotLinesAsync(IQueryable<LotBalance> balances, CancellationToken ct)
    {
        var rows = await (from b in balances.AsNoTracking()
                          where b.Quantity != 0
                          join lot in db.Lots on b.LotId equals lot.Id
                          join p in db.Products on lot.ProductId equals p.Id
                          join l in db.Locations on b.LocationId equals l.Id
                          select new { p.Sku, p.Uom, Lot = lot.Code, lot.ExpiryDate, lot.Stage, Location = l.Code, b.Status, b.Quantity }).ToListAsync(ct);
        return rows.OrderBy(r => r.Sku, StringComparer.Ordinal).ThenBy(r => r.ExpiryDate).ThenBy(r => r.Lot, StringComparer.Ordinal).ThenBy(r => r.Location, StringComparer.Ordinal)
            .Select(r => new StockLine(r.Sku, null, r.Lot, r.ExpiryDate, r.Location, null, Text.Snake(r.Status), r.Stage, r.Quantity, r.Uom, null))
            .ToList();
    }

    async Task<WhereIsAnswer> LocationAsync(long id, CancellationToken ct)
    {
        var path = await db.Locations.Where(l => l.Id == id).Select(l => l.Path).FirstAsync(ct);
        var subtree = db.Locations.Where(l => l.Path.StartsWith(path)).Select(l => (long?)l.Id);
        return Totals([.. await UnitLinesAsync(db.Units.Where(u => subtree.Contains(u.LocationId)), ct),
            .. await LotLinesAsync(db.LotBalances.Where(b => subtree.Contains(b.LocationId)), ct)]);
    }

    async Task<WhereIsAnswer> ContainerAsync(long id, CancellationToken ct)
    {
        var root = await db.Containers.AsNoTracking().FirstAsync(c => c.Id == id, ct);
        var view = await ContainerTree.ViewAsync(db, root, ct);
        var lines = new List<StockLine>();
        Flatten(view, lines);
        return Totals(lines) with { Container = view };
    }

    static void Flatten(ContainerView c, List<StockLine> lines)
    {
        lines.AddRange(c.Units.Select(u => new StockLine(u.Product, u.Serial, null, null, c.Location, c.Code, Text.Snake(u.Status), null, 1, "units", null)));
        lines.AddRange(c.Lots.Select(l => new StockLine(l.Product, null, l.Lot, l.ExpiryDate, c.Location, c.Code, "packed", null, l.Quantity, l.Uom, null)));
        foreach (var child in c.Containers)
        {
            Flatten(child, lines);
        }
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Warehouse;

// Keep a pick location stocked: when what is available in its subtree falls below Min, a move task brings
// it back up to Max from stock elsewhere (from the source subtree first, when one is given). Units count
// 1 each; lots by quantity.
public sealed class ReplenishmentRule
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public long LocationId { get; set; }
    public decimal Min { get; set; }
    public decimal Max { get; set; }
    public long? SourceLocationId { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public int Version { get; set; }
}

// Setting a rule for a product and location that already has one replaces its numbers and source.
public sealed record ReplenishmentRuleInput(string? Product, string? Location, decimal Min, decimal Max, string? Source = null);

// Level: what is available in the location's subtree now; OpenTask: the replenishment task still under way.
public sealed record ReplenishmentRuleView(
    long Id, string Product, string Location, decimal Min, decimal Max, string? Source, decimal Level, bool BelowMin, string? OpenTask,
    string UpdatedBy, DateTimeOffset UpdatedAt);

public enum ReplenishmentStatus
{
    // At or above its minimum: nothing to do.
    Stocked = 1,
    Created = 2,

    // Below its minimum, but a replenishment task for it is still open: no second one.
    TaskOpen = 3,
    NoStock = 4,
}

// Planned: what the task takes; Shortfall: what is missing to reach Max because no stock was found for it.
public sealed record ReplenishmentOutcome(
    string Product, string Location, decimal Level, decimal Min, decimal Max, ReplenishmentStatus Status, decimal Planned, decimal Shortfall, string? Task);

public sealed record ReplenishmentRun(IReadOnlyList<ReplenishmentOutcome> Rules)
{
    public IEnumerable<ReplenishmentOutcome> Created => Rules.Where(r => r.Status == ReplenishmentStatus.Created);
}

// Replenishment rules and the run that turns every rule below its minimum into one move task. The task is
// an ordinary move task (StaffTasks): stock changes only as staff scan it.
public sealed class Replenishment(SerialTrackDbContext db, StaffTasks tasks, TimeProvider clock)
{
    static readonly WarehouseTaskStatus[] Unfinished = [WarehouseTaskStatus.Open, WarehouseTaskStatus.InProgress];

    public async Task<ReplenishmentRuleView> SetAsync(ReplenishmentRuleInput input, Actor actor, CancellationToken ct)
    {
        var product = await ProductAsync(input.Product, ct);
        var location = await Places.LocationAsync(db, input.Location, "location", ct);
        var source = Text.Optional(input.Source, "source", 64) is { } code ? await Places.LocationAsync(db, code, "source", ct) : null;
        if (source is not null && source.Path.StartsWith(location.Path, StringComparison.Ordinal))
        {
            throw DomainException.BadInput("replenishment.source_inside", "source", $"{source.Code} is inside {location.Code}: stock there is already counted as its stock.");
        }
        if (input.Min < 0)
        {
            throw DomainException.BadInput("replenishment.min", "min", $"The minimum is 0 or more, not {input.Min}.");
        }
        if (input.Max <= 0)
        {
            throw DomainException.BadInput("replenishment.max", "max", $"The maximum must be more than 0, not {input.Max}.");
        }
        if (input.Min > input.Max)
        {
            throw DomainException.BadInput("replenishment.min_above_max", "max", $"The maximum ({input.Max}) is below the minimum ({input.Min}).");
        }
        if (product.Tracking == TrackingMode.Serial && (input.Min != decimal.Truncate(input.Min) || input.Max != decimal.Truncate(input.Max)))
        {
            throw DomainException.BadInput("replenishment.whole_units", input.Min != decimal.Truncate(input.Min) ? "min" : "max", $"{product.Sku} is counted in units: give whole numbers.");
        }
        var rule = await db.ReplenishmentRules.FirstOrDefaultAsync(r => r.ProductId == product.Id && r.LocationId == location.Id, ct);
        if (rule is null)
        {
            rule = new ReplenishmentRule { ProductId = product.Id, LocationId = location.Id, UpdatedBy = actor.Name };
            db.ReplenishmentRules.Add(rule);
        }
        else
        {
            rule.Version++;
        }
        (rule.Min, rule.Max, rule.SourceLocationId, rule.UpdatedBy, rule.UpdatedAt) = (input.Min, input.Max, source?.Id, actor.Name, clock.GetUtcNow());
        try
        {
            await Places.SaveAsync(db, ct);
        }
        catch (DbUpdateException e) when (e.InnerException is DbException inner && SqlSession.IsUniqueViolation(inner))
        {
            throw DomainException.Conflict("replenishment.duplicate", $"A rule for {product.Sku} at {location.Code} was set by someone else at the same time; try again.", "location");
        }
        return (await ViewsAsync([rule], ct))[0];
    }

    public async Task<List<ReplenishmentRuleView>> ListAsync(CancellationToken ct) =>
        await ViewsAsync(await db.ReplenishmentRules.AsNoTracking().OrderBy(r => r.LocationId).ThenBy(r => r.ProductId).ToListAsync(ct), ct);

    // Its tasks stay, as plain move tasks.
    public async Task RemoveAsync(string? product, string? location, CancellationToken ct)
    {
        var rule = await FindAsync(product, location, ct);
        await db.ReplenishmentRules.Where(r => r.Id == rule.Id).ExecuteDeleteAsync(ct);
    }

    // Every rule below its minimum gets one move task up to its maximum, unless one is still open for it.
    public async Task<ReplenishmentRun> RunAsync(Actor actor, CancellationToken ct)
    {
        var rules = await db.ReplenishmentRules.AsNoTracking().OrderBy(r => r.LocationId).ThenBy(r => r.ProductId).ToListAsync(ct);
        var outcomes = new List<ReplenishmentOutcome>();
        foreach (var rule in rules)
        {
            outcomes.Add(await RunAsync(rule, actor, ct));
        }
        return new ReplenishmentRun(outcomes);
    }

    async Task<ReplenishmentOutcome> RunAsync(ReplenishmentRule rule, Actor actor, CancellationToken ct)
    {
        var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == rule.ProductId, ct);
        var location = await db.Locations.AsNoTracking().FirstAsync(l => l.Id == rule.LocationId, ct);
        var level = await LevelAsync(product, location, ct);
        ReplenishmentOutcome Outcome(ReplenishmentStatus status, decimal planned = 0, decimal shortfall = 0, string? task = null) =>
            new(product.Sku, location.Code, level, rule.Min, rule.Max, status, planned, shortfall, task);

        if (level >= rule.Min)
        {
            return Outcome(ReplenishmentStatus.Stocked);
        }
        if (await OpenTaskAsync(rule.Id, ct) is { } open)
        {
            return Outcome(ReplenishmentStatus.TaskOpen, task: open);
        }
        var need = rule.Max - level;
        var source = rule.SourceLocationId is { } s ? await db.Locations.AsNoTracking().FirstAsync(l => l.Id == s, ct) : null;
        var lines = product.Tracking == TrackingMode.Serial
            ? await UnitLinesAsync(product, location, source, (int)decimal.Ceiling(need), ct)
            : await LotLinesAsync(product, location, source, need, ct);
        var planned = lines.Sum(l => l.Quantity);
        var shortfall = Math.Max(0, need - planned);
        if (lines.Count == 0)
        {
            return Outcome(ReplenishmentStatus.NoStock, shortfall: shortfall);
        }
        // The rule's nth task has the nth key: two runs at once make one task, the later gets the earlier's.
        var made = await db.WarehouseTasks.CountAsync(t => t.ReplenishmentRuleId == rule.Id, ct);
        var title = $"Replenish {location.Code} with {Show(planned)} {product.Sku}";
        var view = await tasks.CreateReplenishmentAsync(rule.Id, location.Code, product.Sku, title, lines, $"replenishment-{rule.Id}-{made + 1}", actor, ct);
        return view.Replayed ? Outcome(ReplenishmentStatus.TaskOpen, task: view.Task.Number) : Outcome(ReplenishmentStatus.Created, planned, shortfall, view.Task.Number);
    }

    // Available units, oldest first, loose (a packed unit moves with its container), not already on an open task line.
    async Task<List<TaskLine>> UnitLinesAsync(Product product, Location pick, Location? source, int take, CancellationToken ct)
    {
        var inPick = Subtree(pick);
        var q = db.Units.AsNoTracking().Where(u => u.ProductId == product.Id && u.Status == UnitStatus.Available && u.ContainerId == null && u.LocationId != null
            && !inPick.Contains(u.LocationId.Value) && !db.TaskLines.Any(l => l.UnitId == u.Id && l.Status == TaskLineStatus.Open));
        IOrderedQueryable<Unit> ordered;
        if (source is not null)
        {
            var preferred = Subtree(source);
            ordered = q.OrderBy(u => preferred.Contains(u.LocationId!.Value) ? 0 : 1).ThenBy(u => u.CreatedAt);
        }
        else
        {
            ordered = q.OrderBy(u => u.CreatedAt);
        }
        var units = await ordered.ThenBy(u => u.Id).Take(take).Select(u => new { u.Id, u.LocationId }).ToListAsync(ct);
        return units.Select(u => StaffTasks.NewLine(product.Id, u.Id, null, u.LocationId, pick.Id, 1)).ToList();
    }

    // Available lot balances first to expire first (FEFO), the loose part of each, less what open task lines
    // already take from there.
    async Task<List<TaskLine>> LotLinesAsync(Product product, Location pick, Location? source, decimal need, CancellationToken ct)
    {
        var inPick = Subtree(pick);
        var preferred = source is null ? db.Locations.Where(l => false).Select(l => l.Id) : Subtree(source);
        var balances = await (from b in db.LotBalances.AsNoTracking()
                              join l in db.Lots on b.LotId equals l.Id
                              where l.ProductId == product.Id && !l.OnHold && b.Status == BalanceStatus.Available && b.Quantity > 0 && !inPick.Contains(b.LocationId)
                              select new { b.LotId, b.LocationId, l.ExpiryDate, l.CreatedAt, Preferred = preferred.Contains(b.LocationId) }).ToListAsync(ct);
        var lotIds = balances.Select(b => b.LotId).Distinct().ToList();
        var planned = await db.TaskLines.AsNoTracking().Where(l => l.LotId != null && lotIds.Contains(l.LotId.Value) && l.Status == TaskLineStatus.Open && l.FromLocationId != null)
            .Select(l => new { LotId = l.LotId!.Value, From = l.FromLocationId!.Value, l.Quantity, l.DoneQuantity }).ToListAsync(ct);
        var lines = new List<TaskLine>();
        foreach (var b in balances.OrderByDescending(b => b.Preferred).ThenBy(b => b.ExpiryDate is null).ThenBy(b => b.ExpiryDate).ThenBy(b => b.CreatedAt).ThenBy(b => b.LotId).ThenBy(b => b.LocationId))
        {
            if (need <= 0)
            {
                break;
            }
            var free = await ContainerTree.UnpackedQuantityAsync(db, b.LotId, b.LocationId, ct)
                - planned.Where(p => p.LotId == b.LotId && p.From == b.LocationId).Sum(p => p.Quantity - p.DoneQuantity);
            if (free <= 0)
            {
                continue;
            }
            var take = Math.Min(free, need);
            lines.Add(StaffTasks.NewLine(product.Id, null, b.LotId, b.LocationId, pick.Id, take));
            need -= take;
        }
        return lines;
    }

    async Task<decimal> LevelAsync(Product product, Location pick, CancellationToken ct)
    {
        var inPick = Subtree(pick);
        if (product.Tracking == TrackingMode.Serial)
        {
            return await db.Units.CountAsync(u => u.ProductId == product.Id && u.Status == UnitStatus.Available && u.LocationId != null && inPick.Contains(u.LocationId.Value), ct);
        }
        var quantities = await (from b in db.LotBalances
                                join l in db.Lots on b.LotId equals l.Id
                                where l.ProductId == product.Id && !l.OnHold && b.Status == BalanceStatus.Available && inPick.Contains(b.LocationId)
                                select b.Quantity).ToListAsync(ct);
        return quantities.Sum();
    }

    IQueryable<long> Subtree(Location root) => db.Locations.Where(l => l.Path.StartsWith(root.Path)).Select(l => l.Id);

    async Task<string?> OpenTaskAsync(long ruleId, CancellationToken ct) =>
        await db.WarehouseTasks.Where(t => t.ReplenishmentRuleId == ruleId && Unfinished.Contains(t.Status)).OrderBy(t => t.Id).Select(t => t.Number).FirstOrDefaultAsync(ct);

    async Task<List<ReplenishmentRuleView>> ViewsAsync(List<ReplenishmentRule> rules, CancellationToken ct)
    {
        var productIds = rules.Select(r => r.ProductId).Distinct().ToList();
        var locationIds = rules.SelectMany(r => new[] { (long?)r.LocationId, r.SourceLocationId }).Where(id => id is not null).Select(id => id!.Value).Distinct().ToList();
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, ct);
        var views = new List<ReplenishmentRuleView>(rules.Count);
        foreach (var r in rules)
        {
            var level = await LevelAsync(products[r.ProductId], locations[r.LocationId], ct);
            views.Add(new ReplenishmentRuleView(r.Id, products[r.ProductId].Sku, locations[r.LocationId].Code, r.Min, r.Max,
                r.SourceLocationId is { } s ? locations[s].Code : null, level, level < r.Min, await OpenTaskAsync(r.Id, ct), r.UpdatedBy, r.UpdatedAt));
        }
        return views;
    }

    async Task<Product> ProductAsync(string? sku, CancellationToken ct)
    {
        var code = Text.RequiredCode(sku, "product", 64);
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == code, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{code}'.", "product");
        return product.Tracking == TrackingMode.None
            ? throw DomainException.Rule("replenishment.untracked", $"{product.Sku} is tracked neither by serial nor by lot: there is no stock of it to count.", "product")
            : product;
    }

    async Task<ReplenishmentRule> FindAsync(string? product, string? location, CancellationToken ct)
    {
        var p = await ProductAsync(product, ct);
        var l = await Places.LocationAsync(db, location, "location", ct);
        return await db.ReplenishmentRules.FirstOrDefaultAsync(r => r.ProductId == p.Id && r.LocationId == l.Id, ct)
            ?? throw DomainException.NotFound("replenishment.not_found", $"No replenishment rule for {p.Sku} at {l.Code}.", "location");
    }

    static string Show(decimal q) => q.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
}

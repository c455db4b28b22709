using Microsoft.EntityFrameworkCore;

namespace SerialTrack.Core.Catalog;

// One component of an assembly: how much of the component product one assembly consumes.
public sealed class BomLine
{
    public long Id { get; set; }
    public long AssemblyProductId { get; set; }
    public long ComponentProductId { get; set; }
    public decimal Quantity { get; set; }
    public string? Notes { get; set; }
}

// 1 From = Factor To (1 kg = 1000 g). Conversions apply both ways.
public sealed class UomConversion
{
    public long Id { get; set; }
    public required string FromUom { get; set; }
    public required string ToUom { get; set; }
    public decimal Factor { get; set; }
}

public sealed record BomComponentInput(string Component, decimal Quantity, string? Notes = null);

public sealed record BomComponentView(string Component, string Name, string Uom, TrackingMode Tracking, decimal Quantity, string? Notes);

public sealed record BomView(string Assembly, IReadOnlyList<BomComponentView> Components);

// An assembly's components and how much of each one assembly consumes. Production checks what it
// consumes against this list; an empty list means "no bill of materials": anything may be consumed.
public sealed class BillOfMaterials(Data.SerialTrackDbContext db)
{
    public const int MaxComponents = 1_000;

    public async Task<BomView> GetAsync(string sku, CancellationToken ct)
    {
        var assembly = await FindAsync(sku, "product", ct);
        return new BomView(assembly.Sku, await ComponentsAsync(assembly.Id, ct));
    }

    public Task<List<BomComponentView>> ComponentsAsync(long assemblyId, CancellationToken ct) =>
        (from b in db.BomLines.AsNoTracking()
         join p in db.Products on b.ComponentProductId equals p.Id
         where b.AssemblyProductId == assemblyId
         orderby p.Sku
         select new BomComponentView(p.Sku, p.Name, p.Uom, p.Tracking, b.Quantity, b.Notes)).ToListAsync(ct);

    // Replaces the whole list: what is sent is the bill of materials from now on.
    public async Task<BomView> SetAsync(string sku, IReadOnlyList<BomComponentInput>? components, CancellationToken ct)
    {
        var assembly = await FindAsync(sku, "product", ct);
        var list = components ?? [];
        if (list.Count > MaxComponents)
        {
            throw DomainException.BadInput("bom.too_many_components", "components", $"A bill of materials has at most {MaxComponents:N0} components.");
        }
        var lines = new List<BomLine>();
        var seen = new HashSet<long>();
        for (var i = 0; i < list.Count; i++)
        {
            var field = $"components[{i}]";
            var component = await FindAsync(list[i].Component, $"{field}.component", ct);
            if (component.Id == assembly.Id)
            {
                throw DomainException.Rule("bom.self", $"Product '{assembly.Sku}' cannot be a component of itself.", $"{field}.component");
            }
            if (!seen.Add(component.Id))
            {
                throw DomainException.BadInput("bom.duplicate", $"{field}.component", $"Component '{component.Sku}' appears twice.");
            }
            Processes.Quantities.RequirePositive(list[i].Quantity, $"{field}.quantity");
            if (component.Tracking == TrackingMode.Serial && decimal.Truncate(list[i].Quantity) != list[i].Quantity)
            {
                throw DomainException.BadInput("bom.quantity_whole", $"{field}.quantity", $"Component '{component.Sku}' is serialized: use a whole number, not {list[i].Quantity}.");
            }
            lines.Add(new BomLine { AssemblyProductId = assembly.Id, ComponentProductId = component.Id, Quantity = list[i].Quantity, Notes = Text.Optional(list[i].Notes, $"{field}.notes", 500) });
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.BomLines.Where(b => b.AssemblyProductId == assembly.Id).ExecuteDeleteAsync(ct);
        db.BomLines.AddRange(lines);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new BomView(assembly.Sku, await ComponentsAsync(assembly.Id, ct));
    }

    async Task<Product> FindAsync(string? sku, string field, CancellationToken ct)
    {
        var code = Text.RequiredCode(sku, field, 64);
        return await db.Products.FirstOrDefaultAsync(p => p.Sku == code, ct)
            ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{code}'.", field);
    }
}

// Converts quantities between units of measure with the uom_conversions table: a row 1 From = Factor To
// applies both ways; chains (t -> kg -> g) are not followed, so each pair a site needs is one row.
public sealed class UnitsOfMeasure(Data.SerialTrackDbContext db)
{
    Dictionary<(string, string), decimal>? factors;

    // Rounded to the 6 decimals a stored quantity keeps.
    public async Task<decimal> ConvertAsync(decimal quantity, string from, string to, string field, CancellationToken ct) =>
        decimal.Round(quantity * await FactorAsync(from, to, field, ct), 6);

    public async Task<decimal?> TryFactorAsync(string from, string to, CancellationToken ct)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return 1m;
        }
        factors ??= await LoadAsync(ct);
        if (factors.TryGetValue((from.ToLowerInvariant(), to.ToLowerInvariant()), out var f))
        {
            return f;
        }
        return factors.TryGetValue((to.ToLowerInvariant(), from.ToLowerInvariant()), out var back) && back != 0 ? 1m / back : null;
    }

    public async Task<decimal> FactorAsync(string from, string to, string field, CancellationToken ct) =>
        await TryFactorAsync(from, to, ct)
        ?? throw DomainException.Rule("uom.no_conversion", $"No conversion between '{from}' and '{to}' is defined.", field);

    async Task<Dictionary<(string, string), decimal>> LoadAsync(CancellationToken ct)
    {
        var rows = await db.UomConversions.AsNoTracking().ToListAsync(ct);
        var map = new Dictionary<(string, string), decimal>();
        foreach (var r in rows)
        {
            map[(r.FromUom.ToLowerInvariant(), r.ToUom.ToLowerInvariant())] = r.Factor;
        }
        return map;
    }
}

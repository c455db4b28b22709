using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Warehouse;

// Stored as integers; never renumber.
public enum InstructionSeverity
{
    Info = 1,
    Warning = 2,

    // Must be acknowledged (an InstructionAcknowledged event) before the processes it names go on.
    Blocking = 3,
}

// Which processes an instruction concerns. Stored as integers (flags); never renumber.
[Flags]
public enum InstructionProcesses
{
    None = 0,
    Receive = 1,
    Move = 2,
    Pick = 4,
    Pack = 8,
    Ship = 16,
    Produce = 32,
    Count = 64,
    All = Receive | Move | Pick | Pack | Ship | Produce | Count,
}

// A handling instruction on a product, a category, a lot or one unit. Exactly one target is set.
public sealed class HandlingInstruction
{
    public long Id { get; set; }
    public long? ProductId { get; set; }
    public string? Category { get; set; }
    public long? LotId { get; set; }
    public long? UnitId { get; set; }
    public required string Text { get; set; }
    public InstructionSeverity Severity { get; set; }
    public InstructionProcesses Processes { get; set; }
    public bool Active { get; set; } = true;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// That an operator acknowledged a blocking instruction for one unit or lot, with the event that records it.
public sealed class InstructionAcknowledgement
{
    public long Id { get; set; }
    public long InstructionId { get; set; }
    public long? UnitId { get; set; }
    public long? LotId { get; set; }
    public long EventId { get; set; }
    public required string AcknowledgedBy { get; set; }
    public DateTimeOffset AcknowledgedAt { get; set; }
}

// Where an instruction sits: on one category, one product, one lot (Product + Lot) or one unit (Product +
// Serial). Processes empty means every process.
public sealed record InstructionInput(
    string? Text,
    InstructionSeverity Severity = InstructionSeverity.Info,
    IReadOnlyList<InstructionProcesses>? Processes = null,
    string? Product = null,
    string? Category = null,
    string? Lot = null,
    string? Serial = null,
    bool Active = true);

public enum InstructionTarget
{
    Category = 1,
    Product = 2,
    Lot = 3,
    Unit = 4,
}

public sealed record InstructionView(
    long Id, InstructionTarget Target, string TargetLabel, string? Product, string? Category, string? Lot, string? Serial,
    string Text, InstructionSeverity Severity, IReadOnlyList<InstructionProcesses> Processes, bool Active,
    string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

// An instruction as it applies to something scanned or handled: where it comes from (the unit itself, its
// lot, its product or its category) tells the operator why it shows.
public sealed record AppliedInstruction(long Id, string Text, InstructionSeverity Severity, IReadOnlyList<InstructionProcesses> Processes, InstructionTarget From, string FromLabel);

// Handling instructions ("keep below 8 C", "update firmware 2.1 before shipping") on categories, products,
// lots and units. A unit inherits its category's, its product's and its lot's; a lot its category's and
// its product's.
public sealed partial class Instructions(SerialTrackDbContext db, TimeProvider clock)
{
    public static readonly InstructionProcesses[] EachProcess =
        [InstructionProcesses.Receive, InstructionProcesses.Move, InstructionProcesses.Pick, InstructionProcesses.Pack, InstructionProcesses.Ship, InstructionProcesses.Produce, InstructionProcesses.Count];

    public static IReadOnlyList<InstructionProcesses> Split(InstructionProcesses flags) => EachProcess.Where(p => flags.HasFlag(p)).ToList();

    public async Task<InstructionView> CreateAsync(InstructionInput input, Actor actor, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var instruction = new HandlingInstruction { Text = "", CreatedBy = actor.Name, CreatedAt = now, UpdatedAt = now };
        await ApplyAsync(instruction, input, ct);
        db.HandlingInstructions.Add(instruction);
        await db.SaveChangesAsync(ct);
        return await GetAsync(instruction.Id, ct);
    }

    public async Task<InstructionView> UpdateAsync(long id, InstructionInput input, CancellationToken ct)
    {
        var instruction = await FindAsync(id, ct);
        await ApplyAsync(instruction, input, ct);
        // Acknowledgements made before a change no longer count: the operator has not read the new text.
        instruction.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    // An instruction that was acknowledged stays, inactive, for the events that name it; one never
    // acknowledged is deleted.
    public async Task<InstructionView?> RemoveAsync(long id, CancellationToken ct)
    {
        var instruction = await FindAsync(id, ct);
        if (await db.InstructionAcknowledgements.AnyAsync(a => a.InstructionId == id, ct))
        {
            instruction.Active = false;
            instruction.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            return await GetAsync(id, ct);
        }
        db.HandlingInstructions.Remove(instruction);
        await db.SaveChangesAsync(ct);
        return null;
    }

    public async Task<InstructionView> GetAsync(long id, CancellationToken ct) =>
        (await ViewsAsync(db.HandlingInstructions.Where(i => i.Id == id), ct)).FirstOrDefault()
        ?? throw DomainException.NotFound("instruction.not_found", $"No handling instruction {id}.", "id");

    // By target: a product lists its own instructions and those of its lots and units; a category its own.
    public async Task<List<InstructionView>> ListAsync(string? product, string? category, bool includeInactive, CancellationToken ct)
    {
        var q = db.HandlingInstructions.AsQueryable();
        if (Text.Optional(product, "product", 64) is { } sku)
        {
            var p = await ProductAsync(sku, "product", ct);
            q = q.Where(i => i.ProductId == p.Id || db.Lots.Any(l => l.Id == i.LotId && l.ProductId == p.Id) || db.Units.Any(u => u.Id == i.UnitId && u.ProductId == p.Id));
        }
        if (Text.Optional(category, "category", 128) is { } c)
        {
            q = q.Where(i => i.Category == c);
        }
        if (!includeInactive)
        {
            q = q.Where(i => i.Active);
        }
        return await ViewsAsync(q, ct);
    }

    async Task<List<InstructionView>> ViewsAsync(IQueryable<HandlingInstruction> q, CancellationToken ct)
    {
        var rows = await (from i in q.AsNoTracking()
                          from p in db.Products.Where(p => p.Id == i.ProductId).DefaultIfEmpty()
                          from l in db.Lots.Where(l => l.Id == i.LotId).DefaultIfEmpty()
                          from lp in db.Products.Where(p => l != null && p.Id == l.ProductId).DefaultIfEmpty()
                          from u in db.Units.Where(u => u.Id == i.UnitId).DefaultIfEmpty()
                          from up in db.Products.Where(p => u != null && p.Id == u.ProductId).DefaultIfEmpty()
                          orderby i.Id
                          select new { i, Sku = p != null ? p.Sku : lp != null ? lp.Sku : up != null ? up.Sku : null, LotCode = l != null ? l.Code : null, Serial = u != null ? u.Serial : null })
            .ToListAsync(ct);
        return rows.Select(r =>
        {
            var target = TargetOf(r.i);
            var label = target switch
            {
                InstructionTarget.Category => $"category {r.i.Category}",
                InstructionTarget.Product => r.Sku!,
                InstructionTarget.Lot => $"{r.Sku} lot {r.LotCode}",
                _ => $"{r.Sku} {r.Serial}",
            };
            return new InstructionView(r.i.Id, target, label, r.Sku, r.i.Category, r.LotCode, r.Serial, r.i.Text, r.i.Severity, Split(r.i.Processes), r.i.Active,
                r.i.CreatedBy, r.i.CreatedAt, r.i.UpdatedAt);
        }).ToList();
    }

    static InstructionTarget TargetOf(HandlingInstruction i) =>
        i.UnitId is not null ? InstructionTarget.Unit : i.LotId is not null ? InstructionTarget.Lot : i.ProductId is not null ? InstructionTarget.Product : InstructionTarget.Category;

    async Task<HandlingInstruction> FindAsync(long id, CancellationToken ct) =>
        await db.HandlingInstructions.FirstOrDefaultAsync(i => i.Id == id, ct)
        ?? throw DomainException.NotFound("instruction.not_found", $"No handling instruction {id}.", "id");

    async Task<Catalog.Product> ProductAsync(string sku, string field, CancellationToken ct) =>
        await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku == sku, ct)
        ?? throw DomainException.NotFound("product.not_found", $"No product with SKU '{sku}'.", field);

    async Task ApplyAsync(HandlingInstruction instruction, InstructionInput input, CancellationToken ct)
    {
        instruction.Text = Text.Required(input.Text, "text", 2000);
        if (!Enum.IsDefined(input.Severity))
        {
            throw DomainException.BadInput("instruction.severity", "severity", $"Unknown severity '{input.Severity}': info, warning or blocking.");
        }
        instruction.Severity = input.Severity;
        var processes = InstructionProcesses.None;
        var given = input.Processes ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (given[i] == InstructionProcesses.None || (given[i] & ~InstructionProcesses.All) != 0)
            {
                throw DomainException.BadInput("instruction.process", $"processes[{i}]", $"Unknown process '{given[i]}'.");
            }
            processes |= given[i];
        }
        instruction.Processes = processes == InstructionProcesses.None ? InstructionProcesses.All : processes;
        instruction.Active = input.Active;

        var sku = Text.Optional(input.Product, "product", 64);
        var category = Text.Optional(input.Category, "category", 128);
        var lot = Text.Optional(input.Lot, "lot", 64);
        var serial = Text.Optional(input.Serial, "serial", Processes.Serials.MaxLength);
        if ((sku is null) == (category is null))
        {
            throw DomainException.BadInput("instruction.target", "target",
                "An instruction is on exactly one thing: a category, or a product (with a lot or a serial for one lot or one unit).");
        }
        if (lot is not null && serial is not null)
        {
            throw DomainException.BadInput("instruction.target", "target", "An instruction is on one lot or one unit, not both.");
        }
        instruction.Category = category;
        instruction.ProductId = instruction.LotId = instruction.UnitId = null;
        if (sku is null)
        {
            return;
        }
        var product = await ProductAsync(sku, "product", ct);
        if (lot is not null)
        {
            instruction.LotId = await db.Lots.Where(l => l.ProductId == product.Id && l.Code == lot).Select(l => (long?)l.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("lot.not_found", $"No lot '{lot}' of '{sku}'.", "lot");
        }
        else if (serial is not null)
        {
            instruction.UnitId = await db.Units.Where(u => u.ProductId == product.Id && u.Serial == serial).Select(u => (long?)u.Id).FirstOrDefaultAsync(ct)
                ?? throw DomainException.NotFound("unit.not_found", $"No unit {sku} {serial}.", "serial");
        }
        else
        {
            instruction.ProductId = product.Id;
        }
    }

    // What applies to each of these units: their own, their lot's, their product's, their category's.
    public async Task<Dictionary<long, List<AppliedInstruction>>> ForUnitsAsync(IReadOnlyCollection<long> unitIds, CancellationToken ct)
    {
        if (unitIds.Count == 0 || !await db.HandlingInstructions.AnyAsync(i => i.Active, ct))
        {
            return [];
        }
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).Select(u => new Handled(u.Id, u.ProductId, u.LotId)).ToListAsync(ct);
        return await ApplyingAsync(db, units, [], ct);
    }

    // What applies to each of these lots: their own, their product's, their category's.
    public async Task<Dictionary<long, List<AppliedInstruction>>> ForLotsAsync(IReadOnlyCollection<long> lotIds, CancellationToken ct)
    {
        if (lotIds.Count == 0 || !await db.HandlingInstructions.AnyAsync(i => i.Active, ct))
        {
            return [];
        }
        var lots = await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).Select(l => new Handled(l.Id, l.ProductId, l.Id)).ToListAsync(ct);
        return await ApplyingAsync(db, [], lots, ct);
    }

    // A unit, lot or product being handled: its id, its product and (units) its lot.
    public sealed record Handled(long Id, long ProductId, long? LotId);

    // One query for the instructions of every unit, lot and product given, matched in memory.
    public static async Task<Dictionary<long, List<AppliedInstruction>>> ApplyingAsync(SerialTrackDbContext db, IReadOnlyList<Handled> units, IReadOnlyList<Handled> lots,
        CancellationToken ct, IReadOnlyList<Handled>? products = null, InstructionSeverity? only = null, InstructionProcesses process = InstructionProcesses.None)
    {
        products ??= [];
        var result = new Dictionary<long, List<AppliedInstruction>>();
        if (units.Count + lots.Count + products.Count == 0)
        {
            return result;
        }
        var productIds = units.Concat(lots).Concat(products).Select(x => x.ProductId).Distinct().ToList();
        var catalog = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Sku, p.Category }).ToDictionaryAsync(p => p.Id, ct);
        var categories = catalog.Values.Where(p => p.Category != null).Select(p => p.Category!).Distinct().ToList();
        var unitIds = units.Select(u => u.Id).ToList();
        var lotIds = units.Where(u => u.LotId is not null).Select(u => u.LotId!.Value).Concat(lots.Select(l => l.Id)).Distinct().ToList();
        var q = db.HandlingInstructions.AsNoTracking().Where(i => i.Active);
        if (only is { } severity)
        {
            q = q.Where(i => i.Severity == severity);
        }
        if (process != InstructionProcesses.None)
        {
            q = q.Where(i => (i.Processes & process) != InstructionProcesses.None);
        }
        var found = await q.Where(i => (i.UnitId != null && unitIds.Contains(i.UnitId.Value)) || (i.LotId != null && lotIds.Contains(i.LotId.Value))
                                    || (i.ProductId != null && productIds.Contains(i.ProductId.Value)) || (i.Category != null && categories.Contains(i.Category)))
            .ToListAsync(ct);
        if (found.Count == 0)
        {
            return result;
        }
        var lotCodes = found.Any(i => i.LotId is not null)
            ? await db.Lots.AsNoTracking().Where(l => lotIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct)
            : [];
        var byUnit = found.Where(i => i.UnitId is not null).ToLookup(i => i.UnitId!.Value);
        var byLot = found.Where(i => i.LotId is not null).ToLookup(i => i.LotId!.Value);
        var byProduct = found.Where(i => i.ProductId is not null).ToLookup(i => i.ProductId!.Value);
        var byCategory = found.Where(i => i.Category is not null).ToLookup(i => i.Category!);

        List<AppliedInstruction> Collect(long productId, long? lotId, long? unitId, string? serial)
        {
            var p = catalog[productId];
            var list = new List<AppliedInstruction>();
            if (p.Category is { } c)
            {
                list.AddRange(byCategory[c].Select(i => Applied(i, InstructionTarget.Category, $"category {c}")));
            }
            list.AddRange(byProduct[productId].Select(i => Applied(i, InstructionTarget.Product, p.Sku)));
            if (lotId is { } l)
            {
                list.AddRange(byLot[l].Select(i => Applied(i, InstructionTarget.Lot, $"{p.Sku} lot {lotCodes.GetValueOrDefault(l)}")));
            }
            if (unitId is { } u)
            {
                list.AddRange(byUnit[u].Select(i => Applied(i, InstructionTarget.Unit, $"{p.Sku} {serial ?? "this unit"}")));
            }
            // Most severe first; within one severity from the general (category) to the particular (unit).
            return list.OrderByDescending(a => a.Severity).ThenBy(a => a.From).ThenBy(a => a.Id).ToList();
        }

        foreach (var u in units)
        {
            if (Collect(u.ProductId, u.LotId, u.Id, null) is { Count: > 0 } list)
            {
                result[u.Id] = list;
            }
        }
        foreach (var l in lots)
        {
            if (Collect(l.ProductId, l.Id, null, null) is { Count: > 0 } list)
            {
                result[l.Id] = list;
            }
        }
        foreach (var p in products)
        {
            if (Collect(p.ProductId, null, null, null) is { Count: > 0 } list)
            {
                result[p.Id] = list;
            }
        }
        return result;
    }

    static AppliedInstruction Applied(HandlingInstruction i, InstructionTarget from, string label) =>
        new(i.Id, i.Text, i.Severity, Split(i.Processes), from, label);
}

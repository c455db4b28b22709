using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Warehouse;

namespace SerialTrack.Core.Processes;

// A new empty container at a location. Pallets always get an SSCC; any other kind when Sscc is true.
public sealed record ContainerInput(string Location, string Kind = "case", string? Code = null, bool Sscc = false);

// A lot quantity inside a container (unpacking names no location: the container is where it is).
public sealed record LotInContainer(string Product, string Lot, decimal Quantity);

// Pack units, lot quantities (taken from a location) and other containers (by code or SSCC) into a container.
public sealed record PackRequest(
    string Container,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotQuantity>? Lots = null,
    IReadOnlyList<string>? Containers = null,
    EventContext? Context = null);

// Take things out of a container; All empties it (only its direct contents: nested containers stay packed).
public sealed record UnpackRequest(
    string Container,
    IReadOnlyList<UnitRef>? Units = null,
    IReadOnlyList<LotInContainer>? Lots = null,
    IReadOnlyList<string>? Containers = null,
    bool All = false,
    EventContext? Context = null);

public sealed record PackedUnit(string Product, string Serial, UnitStatus Status);

public sealed record PackedLot(string Product, string Lot, decimal Quantity, string Uom, DateOnly? ExpiryDate);

// A container with what is inside it, nested containers with theirs.
public sealed record ContainerView(
    long Id, string Code, string? Sscc, string Kind, ContainerStatus Status, string? Location, string? Parent, string? Owner,
    IReadOnlyList<PackedUnit> Units, IReadOnlyList<PackedLot> Lots, IReadOnlyList<ContainerView> Containers, IReadOnlyList<string> HandlingInstructions)
{
    public int TotalUnits => Units.Count + Containers.Sum(c => c.TotalUnits);
}

// Cases, pallets and totes (EPCIS AggregationEvent: parent and children). A unit or lot quantity in a
// container is where the container is; a container moves and ships with everything inside it.
public sealed class Packing(SerialTrackDbContext db, TimeProvider clock)
{
    public static readonly string[] Kinds = ["case", "pallet", "tote"];

    public async Task<ContainerView> CreateContainerAsync(ContainerInput input, Actor actor, CancellationToken ct)
    {
        var kind = Text.RequiredCode(input.Kind, "kind", 16).ToLowerInvariant();
        if (!Kinds.Contains(kind))
        {
            throw DomainException.BadInput("container.kind", "kind", $"A container is a {string.Join(", ", Kinds)}, not '{kind}'.");
        }
        var location = await new LocationCatalog(db, clock).FindAsync(Text.RequiredCode(input.Location, "location", 64), "location", ct);
        if (location.Archived)
        {
            throw DomainException.Rule("location.archived", $"Location '{location.Code}' is archived.", "location");
        }
        var code = Text.Optional(input.Code, "code", 64) is { } given ? Text.RequiredCode(given, "code", 64) : null;

        var sql = new SqlSession(db);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var sscc = kind == "pallet" || input.Sscc ? (await InstallationSettings.NextSsccAsync(db, sql, "sscc", ct)).Value : null;
        code ??= sscc ?? $"{kind.ToUpperInvariant()}-{await Sequences.NextAsync(sql, "container", ct):D6}";
        if (await db.Containers.AnyAsync(c => c.Code == code || (sscc != null && c.Sscc == sscc) || c.Sscc == code, ct))
        {
            throw DomainException.Conflict("container.duplicate_code", $"A container '{code}' already exists.", "code");
        }
        var now = clock.GetUtcNow();
        db.Containers.Add(new Container { Code = code, Sscc = sscc, Kind = kind, LocationId = location.Id, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(code, ct);
    }

    public async Task<ContainerView> GetAsync(string codeOrSscc, CancellationToken ct)
    {
        var container = await ContainerTree.FindAsync(db, codeOrSscc, "container", ct);
        return await ContainerTree.ViewAsync(db, container, ct);
    }

    public async Task<ProcessResult> PackAsync(PackRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Packed, ct) is { } replay)
        {
            return replay;
        }
        var parent = await ContainerTree.FindAsync(db, request.Container, "container", ct);
        ContainerTree.RequireNotShipped(parent, "container", "packed into");
        var (unitRefs, lotRefs, childRefs) = (request.Units ?? [], request.Lots ?? [], request.Containers ?? []);
        if (unitRefs.Count + lotRefs.Count + childRefs.Count == 0)
        {
            throw DomainException.BadInput("pack.empty", "units", "Nothing to pack: give units, lot quantities or containers.");
        }
        var at = parent.LocationId ?? throw DomainException.Rule("container.nowhere", $"Container {parent.Code} has no location.", "container");

        // Read outside the transaction; the writes re-check every version, so a concurrent change is a conflict.
        var sql = new SqlSession(db);
        var units = await UnitBatch.LoadAsync(db, sql, unitRefs, "units", ct);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            if (u.Status != UnitStatus.Available)
            {
                throw DomainException.Rule("unit.not_available", $"Unit {u.Name} is {UnitBatch.Describe(u.Status)} and cannot be packed.", $"units[{i}]");
            }
            if (u.ContainerId is { } inside)
            {
                var where = inside == parent.Id ? "already in this container" : $"already packed in {await ContainerTree.NameAsync(db, inside, ct)}";
                throw DomainException.Rule("unit.in_container", $"Unit {u.Name} is {where}: unpack it first.", $"units[{i}]");
            }
        }
        var lots = await ContainerTree.LoadLotLinesAsync(db, lotRefs, "lots", ct);
        await InstructionGate.RequireAsync(db, InstructionProcesses.Pack, InstructionGate.At(units, "units"), InstructionGate.At(lots.Select(x => x.Lot), "lots"), ct);
        var children = new List<Container>();
        var ancestors = await ContainerTree.AncestorIdsAsync(db, parent, ct);
        for (var i = 0; i < childRefs.Count; i++)
        {
            var field = $"containers[{i}]";
            var child = await ContainerTree.FindAsync(db, childRefs[i], field, ct);
            if (child.Id == parent.Id || ancestors.Contains(child.Id))
            {
                throw DomainException.Rule("container.cycle", $"Container {child.Code} holds {parent.Code}: it cannot be packed into it.", field);
            }
            ContainerTree.RequireNotShipped(child, field, "packed");
            if (child.ParentContainerId is { } other)
            {
                throw DomainException.Rule("container.in_container", $"Container {child.Code} is already packed in {await ContainerTree.NameAsync(db, other, ct)}: unpack it first.", field);
            }
            if (child.LocationId != at)
            {
                throw DomainException.Rule("container.not_at_location", $"Container {child.Code} is not where {parent.Code} is: move it there first.", field);
            }
            if (children.Any(c => c.Id == child.Id))
            {
                throw DomainException.BadInput("containers.duplicate", field, $"Container {child.Code} appears twice in the request.");
            }
            children.Add(child);
        }

        await using var tx = await Transactions.BeginAsync(db, ct);
        var ev = EventLog.New(EventType.Packed, EventAction.Add, "packing", "in_progress", actor, context, clock);
        ev.ReadPointId = at;
        ev.BizLocationId = at;
        ev.ObjectCount = units.Count + lots.Count + children.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { LocationId = at, ContainerId = parent.Id }, ObjectRole.Child)).ToList(), now, ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (line, lot, sku, from) = lots[i];
            var free = await ContainerTree.UnpackedQuantityAsync(db, lot.Id, from, ct);
            if (free < line.Quantity)
            {
                throw DomainException.Rule("lot.insufficient", $"Lot '{lot.Code}' of '{sku}' has {free} available and not yet packed there, less than {line.Quantity}.", $"lots[{i}].quantity");
            }
            // A transfer into the container's place; when it is already there the two sides are one balance
            // and the row still records which lot quantity went in.
            await ledger.TransferAsync(ev.Id, lot, sku, line.Quantity, new BalanceKey(from, BalanceStatus.Available), new BalanceKey(at, BalanceStatus.Available), ObjectRole.Child, $"lots[{i}]", ct);
            await ContainerTree.AddLotAsync(db, parent.Id, lot.Id, line.Quantity, ct);
        }
        foreach (var child in children)
        {
            child.ParentContainerId = parent.Id;
            ContainerTree.Touch(child, ev.Id, now);
            db.EventContainers.Add(ContainerTree.Row(ev.Id, child, ObjectRole.Child, at));
        }
        if (parent.Status == ContainerStatus.Emptied)
        {
            parent.Status = ContainerStatus.Open;
        }
        ContainerTree.Touch(parent, ev.Id, now);
        db.EventContainers.Add(ContainerTree.Row(ev.Id, parent, ObjectRole.Parent, at));
        await ContainerTree.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Packed, units.Count, lots.Count);
    }

    public async Task<ProcessResult> UnpackAsync(UnpackRequest request, Actor actor, CancellationToken ct)
    {
        var context = request.Context ?? new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.Unpacked, ct) is { } replay)
        {
            return replay;
        }
        var parent = await ContainerTree.FindAsync(db, request.Container, "container", ct);
        ContainerTree.RequireNotShipped(parent, "container", "unpacked");
        var at = parent.LocationId ?? throw DomainException.Rule("container.nowhere", $"Container {parent.Code} has no location.", "container");
        var sql = new SqlSession(db);
        List<LoadedUnit> units;
        List<(ContainerLot Row, decimal Quantity, string Sku)> lots = [];
        List<Container> children;
        if (request.All)
        {
            if ((request.Units?.Count ?? 0) + (request.Lots?.Count ?? 0) + (request.Containers?.Count ?? 0) > 0)
            {
                throw DomainException.BadInput("unpack.all_and_list", "all", "Unpack everything or a list, not both.");
            }
            units = await UnitBatch.LoadInContainersAsync(sql, [parent.Id], ct);
            foreach (var row in await db.ContainerLots.Where(x => x.ContainerId == parent.Id).ToListAsync(ct))
            {
                lots.Add((row, row.Quantity, await db.Lots.Where(l => l.Id == row.LotId).Join(db.Products, l => l.ProductId, p => p.Id, (l, p) => p.Sku).FirstAsync(ct)));
            }
            children = await db.Containers.Where(c => c.ParentContainerId == parent.Id).ToListAsync(ct);
        }
        else
        {
            units = await UnitBatch.LoadAsync(db, sql, request.Units ?? [], "units", ct);
            for (var i = 0; i < units.Count; i++)
            {
                if (units[i].ContainerId != parent.Id)
                {
                    throw DomainException.Rule("unit.not_in_container", $"Unit {units[i].Name} is not in {parent.Code}.", $"units[{i}]");
                }
            }
            var lotRefs = request.Lots ?? [];
            for (var i = 0; i < lotRefs.Count; i++)
            {
                var field = $"lots[{i}]";
                var (sku, code) = (Text.RequiredCode(lotRefs[i].Product, $"{field}.product", 64), Text.RequiredCode(lotRefs[i].Lot, $"{field}.lot", 64));
                Quantities.RequirePositive(lotRefs[i].Quantity, $"{field}.quantity");
                var row = await (from x in db.ContainerLots
                                 join l in db.Lots on x.LotId equals l.Id
                                 join p in db.Products on l.ProductId equals p.Id
                                 where x.ContainerId == parent.Id && p.Sku == sku && l.Code == code
                                 select x).FirstOrDefaultAsync(ct);
                if (row is null || row.Quantity < lotRefs[i].Quantity)
                {
                    throw DomainException.Rule("lot.not_in_container", $"{parent.Code} holds {row?.Quantity ?? 0} of lot '{code}' of '{sku}', less than {lotRefs[i].Quantity}.", $"{field}.quantity");
                }
                lots.Add((row, lotRefs[i].Quantity, sku));
            }
            children = [];
            var childRefs = request.Containers ?? [];
            for (var i = 0; i < childRefs.Count; i++)
            {
                var child = await ContainerTree.FindAsync(db, childRefs[i], $"containers[{i}]", ct);
                if (child.ParentContainerId != parent.Id)
                {
                    throw DomainException.Rule("container.not_in_container", $"Container {child.Code} is not in {parent.Code}.", $"containers[{i}]");
                }
                children.Add(child);
            }
        }
        if (units.Count + lots.Count + children.Count == 0)
        {
            throw DomainException.BadInput("unpack.empty", "units", request.All ? $"{parent.Code} is empty." : "Nothing to unpack: give units, lot quantities or containers.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = EventLog.New(EventType.Unpacked, EventAction.Delete, "unpacking", "in_progress", actor, context, clock);
        ev.ReadPointId = at;
        ev.BizLocationId = at;
        ev.ObjectCount = units.Count + lots.Count + children.Count;
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);

        var now = clock.GetUtcNow();
        await UnitBatch.ApplyAsync(sql, ev.Id, units.Select(u => new UnitChange(u, u.Now with { ContainerId = null }, ObjectRole.Child)).ToList(), now, ct);
        var ledger = new LotLedger(db, clock);
        for (var i = 0; i < lots.Count; i++)
        {
            var (row, quantity, sku) = lots[i];
            var lot = await db.Lots.FirstAsync(l => l.Id == row.LotId, ct);
            var here = new BalanceKey(at, BalanceStatus.Available);
            await ledger.TransferAsync(ev.Id, lot, sku, quantity, here, here, ObjectRole.Child, $"lots[{i}]", ct);
            row.Quantity -= quantity;
            if (row.Quantity == 0)
            {
                db.ContainerLots.Remove(row);
            }
        }
        foreach (var child in children)
        {
            child.ParentContainerId = null;
            ContainerTree.Touch(child, ev.Id, now);
            db.EventContainers.Add(ContainerTree.Row(ev.Id, child, ObjectRole.Child, at));
        }
        ContainerTree.Touch(parent, ev.Id, now);
        await ContainerTree.SaveAsync(db, ct);
        if (!await ContainerTree.HoldsAnythingAsync(db, parent.Id, ct))
        {
            parent.Status = ContainerStatus.Emptied;
        }
        db.EventContainers.Add(ContainerTree.Row(ev.Id, parent, ObjectRole.Parent, at));
        await ContainerTree.SaveAsync(db, ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.Unpacked, units.Count, lots.Count);
    }
}

// What moving, packing and shipping share about containers: finding one by code or SSCC, walking what is
// nested inside, and recording a container's part in an event.
public static class ContainerTree
{
    public static async Task<Container> FindAsync(SerialTrackDbContext db, string? codeOrSscc, string field, CancellationToken ct)
    {
        var code = Text.RequiredCode(codeOrSscc, field, 64);
        return await db.Containers.FirstOrDefaultAsync(c => c.Code == code || c.Sscc == code, ct)
            ?? throw DomainException.NotFound("container.not_found", $"No container with code or SSCC '{code}'.", field);
    }

    public static void RequireNotShipped(Container c, string field, string action)
    {
        if (c.Status == ContainerStatus.Shipped)
        {
            throw DomainException.Rule("container.shipped", $"Container {c.Code} was shipped and cannot be {action}.", field);
        }
    }

    public static async Task<string> NameAsync(SerialTrackDbContext db, long id, CancellationToken ct) =>
        await db.Containers.Where(c => c.Id == id).Select(c => c.Kind + " " + c.Code).FirstAsync(ct);

    public static async Task<HashSet<long>> AncestorIdsAsync(SerialTrackDbContext db, Container c, CancellationToken ct)
    {
        var seen = new HashSet<long>();
        var next = c.ParentContainerId;
        while (next is { } id && seen.Add(id))
        {
            next = await db.Containers.Where(x => x.Id == id).Select(x => x.ParentContainerId).FirstAsync(ct);
        }
        return seen;
    }

    // The roots and every container nested in them, level by level (tracked: callers change them).
    public static async Task<List<Container>> WithNestedAsync(SerialTrackDbContext db, IReadOnlyList<Container> roots, CancellationToken ct)
    {
        var all = new List<Container>(roots);
        var level = roots.Select(c => c.Id).ToList();
        var seen = level.ToHashSet();
        while (level.Count > 0)
        {
            var below = await db.Containers.Where(c => c.ParentContainerId != null && level.Contains(c.ParentContainerId.Value)).ToListAsync(ct);
            below.RemoveAll(c => !seen.Add(c.Id));
            all.AddRange(below);
            level = below.Select(c => c.Id).ToList();
        }
        return all;
    }

    public static Task<List<ContainerLot>> LotsInAsync(SerialTrackDbContext db, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        db.ContainerLots.Where(x => ids.Contains(x.ContainerId)).ToListAsync(ct);

    public static async Task<bool> HoldsAnythingAsync(SerialTrackDbContext db, long id, CancellationToken ct) =>
        await db.Units.AnyAsync(u => u.ContainerId == id, ct) || await db.ContainerLots.AnyAsync(x => x.ContainerId == id && x.Quantity > 0, ct)
        || await db.Containers.AnyAsync(c => c.ParentContainerId == id, ct);

    // What of a lot's available balance at a location is not already packed in a container standing there.
    public static async Task<decimal> UnpackedQuantityAsync(SerialTrackDbContext db, long lotId, long locationId, CancellationToken ct)
    {
        var balance = await db.LotBalances.Where(b => b.LotId == lotId && b.LocationId == locationId && b.Status == BalanceStatus.Available)
            .Select(b => b.Quantity).FirstOrDefaultAsync(ct);
        var packed = (await (from x in db.ContainerLots
                             join c in db.Containers on x.ContainerId equals c.Id
                             where x.LotId == lotId && c.LocationId == locationId && c.Status != ContainerStatus.Shipped
                             select x.Quantity).ToListAsync(ct)).Sum();
        return balance - packed;
    }

    public static async Task AddLotAsync(SerialTrackDbContext db, long containerId, long lotId, decimal quantity, CancellationToken ct)
    {
        var row = db.ContainerLots.Local.FirstOrDefault(x => x.ContainerId == containerId && x.LotId == lotId)
            ?? await db.ContainerLots.FirstOrDefaultAsync(x => x.ContainerId == containerId && x.LotId == lotId, ct);
        if (row is null)
        {
            db.ContainerLots.Add(new ContainerLot { ContainerId = containerId, LotId = lotId, Quantity = quantity });
        }
        else
        {
            row.Quantity += quantity;
        }
    }

    // Each lot line names a known lot and location; the ledger checks the quantity when it moves it.
    public static async Task<List<(LotQuantity Line, Lot Lot, string Sku, long From)>> LoadLotLinesAsync(SerialTrackDbContext db, IReadOnlyList<LotQuantity> refs, string name, CancellationToken ct)
    {
        var result = new List<(LotQuantity, Lot, string, long)>();
        for (var i = 0; i < refs.Count; i++)
        {
            var line = refs[i];
            var field = $"{name}[{i}]";
            var sku = Text.RequiredCode(line.Product, $"{field}.product", 64);
            var code = Text.RequiredCode(line.Lot, $"{field}.lot", 64);
            var fromCode = Text.RequiredCode(line.From, $"{field}.from", 64);
            Quantities.RequirePositive(line.Quantity, $"{field}.quantity");
            var (lot, _) = await Places.LotAsync(db, new LotRef(sku, code), field, ct);
            var from = await db.Locations.FirstOrDefaultAsync(l => l.Code == fromCode, ct)
                ?? throw DomainException.NotFound("location.not_found", $"No location with code '{fromCode}'.", $"{field}.from");
            result.Add((line, lot, sku, from.Id));
        }
        return result;
    }

    public static void Touch(Container c, long eventId, DateTimeOffset now)
    {
        c.LastEventId = eventId;
        c.UpdatedAt = now;
        c.Version++;
    }

    public static EventContainer Row(long eventId, Container c, ObjectRole role, long? from) => new()
    {
        EventId = eventId,
        ContainerId = c.Id,
        Role = role,
        FromLocationId = from,
        LocationId = c.LocationId,
        ParentContainerId = c.ParentContainerId,
        Status = c.Status,
    };

    // Containers and balances carry versions: a concurrent change rolls the whole process back as a conflict.
    public static async Task SaveAsync(SerialTrackDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("state.changed", "A container, lot balance or order was changed by someone else at the same time; nothing was done. Try again.");
        }
    }

    public static async Task<ContainerView> ViewAsync(SerialTrackDbContext db, Container root, CancellationToken ct)
    {
        var all = await WithNestedAsync(db, [root], ct);
        var ids = all.Select(c => c.Id).ToList();
        var units = await (from u in db.Units.AsNoTracking()
                           join p in db.Products on u.ProductId equals p.Id
                           where u.ContainerId != null && ids.Contains(u.ContainerId.Value)
                           orderby p.Sku, u.Serial
                           select new { ContainerId = u.ContainerId!.Value, p.Sku, u.Serial, u.Status, p.HandlingInstructions }).ToListAsync(ct);
        var lots = await (from x in db.ContainerLots.AsNoTracking()
                          join l in db.Lots on x.LotId equals l.Id
                          join p in db.Products on l.ProductId equals p.Id
                          where ids.Contains(x.ContainerId)
                          orderby p.Sku, l.Code
                          select new { x.ContainerId, p.Sku, l.Code, x.Quantity, p.Uom, l.ExpiryDate, p.HandlingInstructions }).ToListAsync(ct);
        var locationIds = all.Where(c => c.LocationId != null).Select(c => c.LocationId!.Value).Distinct().ToList();
        var locations = await db.Locations.AsNoTracking().Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Code, ct);
        var owner = root.OwnerPartyId is { } o ? await db.Parties.Where(p => p.Id == o).Select(p => p.Code).FirstAsync(ct) : null;
        var parent = root.ParentContainerId is { } pid ? await db.Containers.Where(c => c.Id == pid).Select(c => c.Code).FirstAsync(ct) : null;
        var handling = units.Select(u => u.HandlingInstructions).Concat(lots.Select(l => l.HandlingInstructions))
            .Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!).Distinct().ToList();

        ContainerView Build(Container c, string? parentCode) => new(
            c.Id, c.Code, c.Sscc, c.Kind, c.Status, c.LocationId is { } l ? locations.GetValueOrDefault(l) : null, parentCode, c == root ? owner : null,
            units.Where(u => u.ContainerId == c.Id).Select(u => new PackedUnit(u.Sku, u.Serial, u.Status)).ToList(),
            lots.Where(x => x.ContainerId == c.Id).Select(x => new PackedLot(x.Sku, x.Code, x.Quantity, x.Uom, x.ExpiryDate)).ToList(),
            all.Where(x => x.ParentContainerId == c.Id && x.Id != root.Id).Select(x => Build(x, c.Code)).ToList(),
            c == root ? handling : []);
        return Build(root, parent);
    }
}

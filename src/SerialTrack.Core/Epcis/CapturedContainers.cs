using System.Data.Common;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Core.Epcis;

// The containers (SSCCs, another installation's container URIs) a captured document names, followed as its units are:
// found or created for the whole document at once (a look-up and a multi-row insert, not a query and a save per
// container), with everything already nested in them, then changed in memory event by event and written once. A
// pallet's cases are nested in it, so a pallet named alone carries its cases and what they hold, and each container
// stands where the events put it: packed, moved, shipped to its new owner, emptied.
internal sealed class CapturedContainers(SqlSession sql)
{
    // A container as the document leaves it.
    public sealed class ContainerState(long id, string code, string? sscc, bool created)
    {
        public long Id { get; } = id;
        public string Code { get; } = code;
        public string? Sscc { get; } = sscc;
        public bool Created { get; } = created;
        public ContainerStatus Status { get; set; } = ContainerStatus.Open;
        public long? LocationId { get; set; }
        public long? ParentId { get; set; }
        public long? OwnerPartyId { get; set; }
        public int Version { get; set; }
        // Lot quantities packed in it natively (ContainerLot): it is not empty while they are there.
        public bool HoldsLots { get; set; }
        public long? LastEventId { get; private set; }
        // The time of its latest event, in the books or in the document.
        public DateTimeOffset? Latest { get; set; }

        // An event older than the container's latest (it arrived late) is in its history but changes nothing.
        public bool IsLateFor(DateTimeOffset eventTime) => Latest > eventTime;

        public void Touch(long eventId, DateTimeOffset eventTime)
        {
            LastEventId = eventId;
            Latest = eventTime;
        }
    }

    sealed record Wanted(string Epc, string Code, string? Sscc, int Index, long? Location);

    readonly Dictionary<string, long> ids = new(StringComparer.Ordinal);
    readonly Dictionary<long, ContainerState> states = [];
    readonly Contents<long> children = new();
    readonly List<Wanted> wanted = [];

    public ContainerState this[long id] => states[id];

    public long IdOf(string epc) => ids[epc];

    // The containers read from the books (with everything nested in them): the units packed in them are read too.
    public IEnumerable<long> Existing => states.Values.Where(b => !b.Created).Select(b => b.Id);

    // A GS1 key is a container when it is an SSCC; only other URIs can be another installation's container.
    public static bool IsContainer(string epc)
    {
        var elements = EpcisIdentifiers.ElementsOf(epc);
        return IsContainer(elements, elements is null ? EpcisUris.ReadPrivate(epc) : null);
    }

    // The same for an identifier already read (its GS1 elements, or else its private URI).
    public static bool IsContainer(ElementString? elements, PrivateKey? own) =>
        elements is not null ? elements.Sscc is not null : own?.Kind == PrivateKind.Container;

    // Noted while the document's events are resolved; found or created together by ResolveAsync.
    public void Want(string epc, int index, long? location)
    {
        var sscc = EpcisIdentifiers.ElementsOf(epc)?.Sscc?.Value;
        wanted.Add(new(epc, sscc ?? EpcisProjection.PrivateCode(epc, PrivateKind.Container), sscc, index, location));
    }

    // Finds every wanted container by code or SSCC, reads what is nested in them, and creates the rest where the event
    // first naming each one took place. Returns each created container with the event that first named it.
    public async Task<List<(int Index, string Code, string Epc)>> ResolveAsync(CancellationToken ct)
    {
        // An SSCC's code is the SSCC itself, so the codes cover the SSCCs too (a container made here may hold one apart).
        var codes = wanted.Select(w => w.Code).Distinct().ToList();
        var found = (await sql.StringsWhereInAsync("SELECT CAST(id AS TEXT) FROM containers WHERE code IN ({in}) OR sscc IN ({in})", codes, ct))
            .Select(long.Parse).ToHashSet();
        await LoadTreesAsync(found, ct);
        var byCode = states.Values.ToDictionary(b => b.Code, StringComparer.Ordinal);
        var bySscc = states.Values.Where(b => b.Sscc is not null).ToDictionary(b => b.Sscc!, StringComparer.Ordinal);
        var missing = wanted.Where(w => !byCode.ContainsKey(w.Code) && !(w.Sscc is { } s && bySscc.ContainsKey(s))).DistinctBy(w => w.Code).ToList();
        var newIds = await sql.ReserveIdsAsync("containers", missing.Count, ct);
        for (var i = 0; i < missing.Count; i++)
        {
            var w = missing[i];
            var state = new ContainerState(newIds[i], w.Code, w.Sscc, created: true) { LocationId = w.Location };
            states[state.Id] = byCode[state.Code] = state;
        }
        foreach (var w in wanted)
        {
            ids[w.Epc] = (byCode.GetValueOrDefault(w.Code) ?? bySscc[w.Sscc!]).Id;
        }
        return [.. missing.Select(w => (w.Index, w.Code, w.Epc))];
    }

    // The containers the document's units and containers are packed in when it does not name them: an event can take
    // something out of one.
    public Task LoadHoldersAsync(IEnumerable<long> holders, CancellationToken ct) =>
        LoadTreesAsync([.. holders.Concat(states.Values.Select(b => b.ParentId).OfType<long>()).Where(id => !states.ContainsKey(id)).Distinct()], ct);

    // Reads containers by id with everything nested in them, and which of them hold lot quantities.
    async Task LoadTreesAsync(IReadOnlyCollection<long> roots, CancellationToken ct)
    {
        var read = new List<long>();
        for (var level = await LoadAsync("id", roots, ct); level.Count > 0; level = await LoadAsync("parent_container_id", level, ct))
        {
            read.AddRange(level);
        }
        await sql.ReadWhereInAsync("SELECT DISTINCT container_id FROM container_lots WHERE container_id IN ({ids}) AND quantity > 0", read,
            reader => states[reader.GetInt64(0)].HoldsLots = true, ct);
    }

    const string Columns = "id, code, sscc, status, location_id, parent_container_id, owner_party_id, version, (SELECT e.event_time FROM events e WHERE e.id = containers.last_event_id)";

    // Reads the containers whose column is in the list, leaving out those already read; returns the new ones' ids.
    async Task<List<long>> LoadAsync(string column, IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var read = new List<long>();
        await sql.ReadWhereInAsync($"SELECT {Columns} FROM containers WHERE {column} IN ({{ids}})", keys, reader =>
        {
            var state = Read(reader);
            state.Latest = sql.ReadOptionalTime(reader, 8);
            if (states.TryAdd(state.Id, state))
            {
                read.Add(state.Id);
                children.Move(state.Id, null, state.ParentId);
            }
        }, ct);
        return read;
    }

    static ContainerState Read(DbDataReader r) => new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), created: false)
    {
        Status = (ContainerStatus)r.GetInt32(3),
        LocationId = SqlSession.ReadOptionalLong(r, 4),
        ParentId = SqlSession.ReadOptionalLong(r, 5),
        OwnerPartyId = SqlSession.ReadOptionalLong(r, 6),
        Version = r.GetInt32(7),
    };

    public IReadOnlyList<long> ChildrenOf(long id) => children.Of(id);

    // Puts a container into another (or takes it out, parent null). A container never ends up inside itself.
    public bool Nest(ContainerState child, long? parent)
    {
        if (parent is { } p && Tree([child.Id]).Any(b => b.Id == p))
        {
            return false;
        }
        children.Move(child.Id, child.ParentId, parent);
        child.ParentId = parent;
        return true;
    }

    // The containers and everything nested in them, outermost first.
    public List<ContainerState> Tree(IEnumerable<long> roots)
    {
        var seen = new HashSet<long>();
        var tree = new List<ContainerState>();
        var queue = new Queue<long>(roots);
        while (queue.TryDequeue(out var id))
        {
            if (seen.Add(id))
            {
                tree.Add(states[id]);
                foreach (var child in ChildrenOf(id))
                {
                    queue.Enqueue(child);
                }
            }
        }
        return tree;
    }

    // The history row of a container in an event, as it stands after it.
    public static object?[] Row(long eventId, ContainerState state, ObjectRole role, long? from) =>
        [eventId, state.Id, (int)role, from, state.LocationId, state.ParentId, (int)state.Status];

    public static readonly string[] EventColumns = ["event_id", "container_id", "role", "from_location_id", "location_id", "parent_container_id", "status"];

    // Created containers are inserted as the document leaves them, outer ones first (a case names its pallet): one held
    // in another is a case, any other a pallet (EPCIS does not say). Those read from the books are updated once each, only
    // if nobody changed them meanwhile.
    // at: the time as SqlSession.Time gives it.
    public async Task WriteAsync(object at, CancellationToken ct)
    {
        int Depth(ContainerState b) => b.ParentId is { } p && states[p].Created ? Depth(states[p]) + 1 : 0;
        await sql.InsertAsync("containers", ["id", "code", "sscc", "kind", "status", "location_id", "parent_container_id", "owner_party_id", "last_event_id", "created_at", "updated_at", "version"],
            [.. states.Values.Where(b => b.Created).OrderBy(Depth).Select(b => new object?[]
            {
                b.Id, b.Code, b.Sscc, b.ParentId is null ? "pallet" : "case", (int)b.Status, b.LocationId, b.ParentId, b.OwnerPartyId, b.LastEventId, at, at, b.LastEventId is null ? 0 : 1,
            })], ct);
        foreach (var b in states.Values.Where(b => !b.Created && b.LastEventId is not null))
        {
            await using var cmd = sql.Command("""
                UPDATE containers SET status = @status, location_id = @loc, parent_container_id = @parent, owner_party_id = @owner, last_event_id = @e,
                    updated_at = @now, version = version + 1
                WHERE id = @id AND version = @v
                """,
                ("status", (int)b.Status), ("loc", b.LocationId), ("parent", b.ParentId), ("owner", b.OwnerPartyId), ("e", b.LastEventId), ("now", at), ("id", b.Id), ("v", b.Version));
            if (await cmd.ExecuteNonQueryAsync(ct) != 1)
            {
                throw DomainException.Conflict("state.changed", $"Container {b.Code} was changed by someone else at the same time; nothing was done. Try again.");
            }
        }
    }
}

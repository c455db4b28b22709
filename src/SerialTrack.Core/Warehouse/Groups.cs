using System.Data.Common;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;

namespace SerialTrack.Core.Warehouse;

// The traits a group selects units by. Every criterion is optional; the ones given are combined with AND.
// Dates are whole days (UTC), both ends included. Serial is a prefix, or a pattern with * and ?.
// Decoded names parts of the product's serial scheme ("LINE" = "3", "WEEK" = "47").
public sealed record GroupFilter
{
    public IReadOnlyList<string>? Products { get; init; }
    public string? Category { get; init; }
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
    public string? Location { get; init; }
    public IReadOnlyList<UnitStatus>? Statuses { get; init; }
    public IReadOnlyList<Stage>? Stages { get; init; }
    public IReadOnlyList<string>? Lots { get; init; }
    public DateOnly? ExpiresFrom { get; init; }
    public DateOnly? ExpiresTo { get; init; }
    public DateOnly? CreatedFrom { get; init; }
    public DateOnly? CreatedTo { get; init; }
    public DateOnly? ProducedFrom { get; init; }
    public DateOnly? ProducedTo { get; init; }
    public string? Supplier { get; init; }
    public string? Customer { get; init; }
    public string? Serial { get; init; }
    public IReadOnlyDictionary<string, string>? Decoded { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public bool IncludeArchived { get; init; }

    // The stored shape (saved_groups.filter) and the API's: camelCase, enums as snake_case words.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static GroupFilter FromJson(string json) => JsonSerializer.Deserialize<GroupFilter>(json, Json) ?? new GroupFilter();
}

public sealed record GroupMember(
    long Id, string Product, string Serial, UnitStatus Status, Stage Stage, string? Location, string? Container, string? Lot, DateOnly? Expiry, string? Owner);

public sealed record GroupPage(long Count, IReadOnlyList<GroupMember> Members, long? Next);

public sealed record GroupDto(string Name, string? Description, GroupFilter Filter, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, long? Count = null);

public sealed record SaveGroupRequest(string Name, GroupFilter Filter, string? Description = null, int? ExpectedVersion = null);

// A unit as the bulk actions look at it: enough to decide whether it can take part.
public sealed record GroupCandidate(long Id, long ProductId, string Sku, string Serial, UnitStatus Status, long? ContainerId, long? LocationId);

// Saved groups and their evaluation. A filter becomes one SQL query over units (using its indexes:
// product/status/location, location/status, serial, owner) with EXISTS subqueries for tags, supplier
// and produced date; only decoded serial parts are checked in memory, on the candidates the other
// criteria leave, because a scheme's parts are not stored.
public sealed class Groups(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxPage = 1000;

    public async Task<List<GroupDto>> ListAsync(bool withCounts, CancellationToken ct)
    {
        var groups = await db.SavedGroups.AsNoTracking().OrderBy(g => g.Name).ToListAsync(ct);
        var list = new List<GroupDto>(groups.Count);
        foreach (var g in groups)
        {
            var filter = GroupFilter.FromJson(g.Filter);
            list.Add(ToDto(g, filter, withCounts ? await CountAsync(filter, ct) : null));
        }
        return list;
    }

    public async Task<GroupDto> GetAsync(string name, CancellationToken ct)
    {
        var g = await FindAsync(name, ct);
        return ToDto(g, GroupFilter.FromJson(g.Filter), null);
    }

    public async Task<GroupFilter> FilterOfAsync(string name, CancellationToken ct) => GroupFilter.FromJson((await FindAsync(name, ct)).Filter);

    // Creates the group, or replaces its filter when ExpectedVersion names the version the editor saw.
    public async Task<GroupDto> SaveAsync(SaveGroupRequest request, Actor actor, CancellationToken ct)
    {
        var name = Text.Required(request.Name, "name", 128);
        var description = Text.Optional(request.Description, "description", 1000);
        var filter = request.Filter ?? throw DomainException.BadInput("field.required", "filter", "filter is required.");
        await CompileAsync(filter, ct);
        var json = filter.ToJson();
        var now = clock.GetUtcNow();
        var group = await db.SavedGroups.FirstOrDefaultAsync(g => g.Name == name, ct);
        if (group is null)
        {
            if (request.ExpectedVersion is not null)
            {
                throw DomainException.NotFound("group.not_found", $"No group named '{name}'.", "name");
            }
            group = new SavedGroup { Name = name, Description = description, Filter = json, CreatedBy = actor.Name, CreatedAt = now, UpdatedAt = now, Version = 1 };
            db.SavedGroups.Add(group);
        }
        else
        {
            if (request.ExpectedVersion is not { } expected)
            {
                throw DomainException.Conflict("group.name_taken", $"A group named '{name}' already exists.", "name");
            }
            if (expected != group.Version)
            {
                throw DomainException.Conflict("group.changed", $"Group '{name}' was changed by someone else (version {group.Version}, expected {expected}); reload and try again.", "version");
            }
            group.Description = description;
            group.Filter = json;
            group.UpdatedAt = now;
            group.Version++;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw DomainException.Conflict("group.changed", $"Group '{name}' was saved by someone else at the same time; reload and try again.", "name");
        }
        return ToDto(group, filter, null);
    }

    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        var group = await FindAsync(name, ct);
        if (await db.WarehouseTasks.AnyAsync(t => t.GroupId == group.Id, ct))
        {
            throw DomainException.Rule("group.in_use", $"Group '{group.Name}' has tasks made from it and cannot be deleted.", "name");
        }
        db.SavedGroups.Remove(group);
        await db.SaveChangesAsync(ct);
    }

    public async Task<long> CountAsync(GroupFilter filter, CancellationToken ct) => await CountAsync(await CompileAsync(filter, ct), ct);

    async Task<long> CountAsync(CompiledFilter q, CancellationToken ct)
    {
        var sql = new SqlSession(db);
        if (q.Decoded is null)
        {
            return await sql.OnOpenConnectionAsync(async () =>
            {
                await using var cmd = q.Command(sql, "SELECT COUNT(*) FROM units u WHERE " + q.Where);
                return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
            }, ct);
        }
        long count = 0;
        await foreach (var _ in CandidatesAsync(q, sql, ct))
        {
            count++;
        }
        return count;
    }

    // One page of members in unit-id order; Next is the id to pass as after for the following page.
    public async Task<GroupPage> MembersAsync(GroupFilter filter, long? after, int limit, bool withCount, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var q = await CompileAsync(filter, ct);
        var sql = new SqlSession(db);
        var ids = new List<long>(limit + 1);
        await foreach (var c in CandidatesAsync(q, sql, ct, after ?? 0))
        {
            ids.Add(c.Id);
            if (ids.Count > limit)
            {
                break;
            }
        }
        var next = ids.Count > limit ? ids[limit - 1] : (long?)null;
        var members = await DescribeAsync(ids.Take(limit).ToList(), ct);
        return new GroupPage(withCount ? await CountAsync(q, ct) : -1, members, next);
    }

    // A saved group's members as unit ids, for a label job (which then renders a page of units at a time);
    // an empty group has nothing to label and is refused.
    public async Task<List<long>> MemberIdsAsync(string name, CancellationToken ct)
    {
        var ids = new List<long>();
        await foreach (var member in StreamAsync(await FilterOfAsync(name, ct), ct))
        {
            ids.Add(member.Id);
        }
        return ids.Count > 0 ? ids : throw DomainException.Rule("group.empty", $"Group '{name}' has no members to label.", "group");
    }

    // Every member, streamed in id order, as the bulk actions and exports read them.
    public async IAsyncEnumerable<GroupCandidate> StreamAsync(GroupFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var c in StreamAsync(await CompileAsync(filter, ct), ct))
        {
            yield return c;
        }
    }

    public IAsyncEnumerable<GroupCandidate> StreamAsync(CompiledFilter filter, CancellationToken ct) => CandidatesAsync(filter, new SqlSession(db), ct);

    // Every member described, a thousand at a time, for a CSV file or a label job of any size.
    public async IAsyncEnumerable<GroupMember> StreamMembersAsync(GroupFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var batch = new List<long>(1000);
        await foreach (var c in StreamAsync(filter, ct))
        {
            batch.Add(c.Id);
            if (batch.Count == 1000)
            {
                foreach (var m in await DescribeAsync(batch, ct))
                {
                    yield return m;
                }
                batch.Clear();
            }
        }
        foreach (var m in await DescribeAsync(batch, ct))
        {
            yield return m;
        }
    }

    public static readonly string[] CsvHeader = ["product", "serial", "status", "stage", "location", "container", "lot", "expiry", "owner"];

    public static string?[] CsvRow(GroupMember m) =>
        [m.Product, m.Serial, Text.Snake(m.Status), Text.Snake(m.Stage), m.Location, m.Container, m.Lot,
            m.Expiry?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), m.Owner];

    // Members described for a table or a CSV file, in the order given.
    public async Task<List<GroupMember>> DescribeAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var rows = await (from u in db.Units.AsNoTracking()
                          where ids.Contains(u.Id)
                          join p in db.Products on u.ProductId equals p.Id
                          from l in db.Locations.Where(l => l.Id == u.LocationId).DefaultIfEmpty()
                          from c in db.Containers.Where(c => c.Id == u.ContainerId).DefaultIfEmpty()
                          from lot in db.Lots.Where(x => x.Id == u.LotId).DefaultIfEmpty()
                          from o in db.Parties.Where(o => o.Id == u.OwnerPartyId).DefaultIfEmpty()
                          select new GroupMember(u.Id, p.Sku, u.Serial, u.Status, u.Stage,
                              l == null ? null : l.Code, c == null ? null : c.Code, lot == null ? null : lot.Code, lot == null ? null : lot.ExpiryDate, o == null ? null : o.Code))
                         .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id);
        return ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    public static GroupDto ToDto(SavedGroup g, GroupFilter filter, long? count) =>
        new(g.Name, g.Description, filter, g.CreatedBy, g.CreatedAt, g.UpdatedAt, g.Version, count);

    async Task<SavedGroup> FindAsync(string name, CancellationToken ct)
    {
        var n = Text.Required(name, "name", 128);
        return await db.SavedGroups.FirstOrDefaultAsync(g => g.Name == n, ct)
            ?? throw DomainException.NotFound("group.not_found", $"No group named '{n}'.", "name");
    }

    async IAsyncEnumerable<GroupCandidate> CandidatesAsync(CompiledFilter q, SqlSession sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, long after = 0)
    {
        const int chunk = 10_000;
        var templates = new Dictionary<long, SerialTemplate?>();
        var numbers = new SerialNumbers(db, clock);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            while (true)
            {
                var page = new List<GroupCandidate>(chunk);
                await using (var cmd = q.Command(sql, $"""
                    SELECT u.id, u.product_id, p.sku, u.serial, u.status, u.container_id, u.location_id
                    FROM units u JOIN products p ON p.id = u.product_id
                    WHERE u.id > @after AND {q.Where} ORDER BY u.id LIMIT {chunk}
                    """, ("after", after)))
                {
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        page.Add(new GroupCandidate(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), (UnitStatus)r.GetInt32(4),
                            SqlSession.ReadOptionalLong(r, 5), SqlSession.ReadOptionalLong(r, 6)));
                    }
                }
                foreach (var c in page)
                {
                    if (q.Decoded is not null)
                    {
                        if (!templates.TryGetValue(c.ProductId, out var template))
                        {
                            var product = await db.Products.AsNoTracking().FirstAsync(p => p.Id == c.ProductId, ct);
                            template = await numbers.SchemeOfAsync(product, ct) is { } scheme ? SerialTemplate.Parse(scheme.Template) : null;
                            templates[c.ProductId] = template;
                        }
                        if (template is null || !template.TryDecode(c.Serial, out var decoded) || !Matches(decoded, q.Decoded))
                        {
                            continue;
                        }
                    }
                    yield return c;
                }
                if (page.Count < chunk)
                {
                    yield break;
                }
                after = page[^1].Id;
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    static bool Matches(DecodedSerial decoded, IReadOnlyDictionary<string, string> wanted)
    {
        foreach (var (token, value) in wanted)
        {
            var part = decoded.Part(token);
            if (part is null)
            {
                return false;
            }
            // "3" finds line "03": numbers compare as numbers.
            var same = string.Equals(part.Text, value, StringComparison.OrdinalIgnoreCase)
                || (long.TryParse(part.Text, out var a) && long.TryParse(value, out var b) && a == b);
            if (!same)
            {
                return false;
            }
        }
        return true;
    }

    // The filter as a WHERE clause over "units u" with its parameters. Master data named by code (products,
    // category, attributes, location, parties, tags) is resolved first, each unknown code refused by its field.
    public async Task<CompiledFilter> CompileAsync(GroupFilter f, CancellationToken ct)
    {
        var where = new StringBuilder(f.IncludeArchived ? "1 = 1" : "u.archived = @archived");
        var parameters = new List<(string, object?)>();
        if (!f.IncludeArchived)
        {
            parameters.Add(("archived", false));
        }
        var sqlite = db.IsSqlite;
        var n = 0;
        string Param(object? value)
        {
            var name = "f" + n++;
            parameters.Add((name, value));
            return "@" + name;
        }
        string List<T>(IEnumerable<T> values) => string.Join(", ", values.Select(v => Param(v)));

        if (f.Products is { Count: > 0 } || f.Category is not null || f.Attributes is { Count: > 0 })
        {
            var products = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Sku, p.Category, p.Attributes }).ToListAsync(ct);
            var ids = products.AsEnumerable();
            if (f.Products is { Count: > 0 } skus)
            {
                for (var i = 0; i < skus.Count; i++)
                {
                    if (!products.Any(p => p.Sku == skus[i]))
                    {
                        throw DomainException.NotFound("product.not_found", $"No product with SKU '{skus[i]}'.", $"filter.products[{i}]");
                    }
                }
                ids = ids.Where(p => skus.Contains(p.Sku));
            }
            if (Text.Optional(f.Category, "filter.category", 128) is { } category)
            {
                ids = ids.Where(p => string.Equals(p.Category, category, StringComparison.OrdinalIgnoreCase));
            }
            foreach (var (key, value) in f.Attributes ?? new Dictionary<string, string>())
            {
                ids = ids.Where(p => p.Attributes.Any(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(a.Value, value, StringComparison.OrdinalIgnoreCase)));
            }
            var list = ids.Select(p => p.Id).ToList();
            where.Append(list.Count switch
            {
                0 => " AND 1 = 0",
                1 => $" AND u.product_id = {list[0]}",
                _ => $" AND u.product_id IN ({string.Join(", ", list)})",
            });
        }
        if (Text.Optional(f.Location, "filter.location", 64) is { } locationCode)
        {
            var location = await db.Locations.AsNoTracking().FirstOrDefaultAsync(l => l.Code == locationCode, ct)
                ?? throw DomainException.NotFound("location.not_found", $"No location with code '{locationCode}'.", "filter.location");
            // The subtree's ids inlined: with a literal list the planner probes the (product, status, location)
            // and (location, status) indexes instead of joining a subquery. Locations are master data: a
            // subtree has tens or hundreds of them, not millions.
            var subtree = await db.Locations.AsNoTracking().Where(l => l.Path.StartsWith(location.Path)).Select(l => l.Id).ToListAsync(ct);
            where.Append(subtree.Count == 1 ? $" AND u.location_id = {subtree[0]}" : $" AND u.location_id IN ({string.Join(", ", subtree)})");
        }
        if (f.Statuses is { Count: > 0 } statuses)
        {
            where.Append(statuses.Count == 1 ? $" AND u.status = {(int)statuses[0]}" : $" AND u.status IN ({string.Join(", ", statuses.Select(s => (int)s))})");
        }
        if (f.Stages is { Count: > 0 } stages)
        {
            where.Append($" AND u.stage IN ({string.Join(", ", stages.Select(s => (int)s))})");
        }
        if (f.Lots is { Count: > 0 } || f.ExpiresFrom is not null || f.ExpiresTo is not null)
        {
            var lot = new StringBuilder("SELECT id FROM lots WHERE 1 = 1");
            if (f.Lots is { Count: > 0 } codes)
            {
                lot.Append($" AND code IN ({List(codes.Select((c, i) => Text.RequiredCode(c, $"filter.lots[{i}]", 64)))})");
            }
            if (f.ExpiresFrom is { } ef)
            {
                lot.Append($" AND expiry_date >= {Param(Day(ef, sqlite))}");
            }
            if (f.ExpiresTo is { } et)
            {
                lot.Append($" AND expiry_date <= {Param(Day(et, sqlite))}");
            }
            where.Append($" AND u.lot_id IN ({lot})");
        }
        var sqlTime = new SqlSession(db);
        if (f.CreatedFrom is { } cf)
        {
            where.Append($" AND u.created_at >= {Param(sqlTime.Time(Start(cf)))}");
        }
        if (f.CreatedTo is { } ct2)
        {
            where.Append($" AND u.created_at < {Param(sqlTime.Time(Start(ct2.AddDays(1))))}");
        }
        if (f.ProducedFrom is not null || f.ProducedTo is not null)
        {
            var produced = new StringBuilder($"SELECT 1 FROM event_units eu JOIN events e ON e.id = eu.event_id WHERE eu.unit_id = u.id AND e.type = {(int)EventType.Produced}");
            if (f.ProducedFrom is { } pf)
            {
                produced.Append($" AND e.event_time >= {Param(sqlTime.Time(Start(pf)))}");
            }
            if (f.ProducedTo is { } pt)
            {
                produced.Append($" AND e.event_time < {Param(sqlTime.Time(Start(pt.AddDays(1))))}");
            }
            where.Append($" AND EXISTS ({produced})");
        }
        if (Text.Optional(f.Supplier, "filter.supplier", 64) is { } supplierCode)
        {
            var supplier = await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Code == supplierCode, ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{supplierCode}'.", "filter.supplier");
            where.Append($" AND EXISTS (SELECT 1 FROM event_units eu JOIN events e ON e.id = eu.event_id WHERE eu.unit_id = u.id"
                + $" AND e.type IN ({(int)EventType.Received}, {(int)EventType.Commissioned}) AND e.source_party_id = {Param(supplier.Id)})");
        }
        if (Text.Optional(f.Customer, "filter.customer", 64) is { } customerCode)
        {
            var customer = await db.Parties.AsNoTracking().FirstOrDefaultAsync(p => p.Code == customerCode, ct)
                ?? throw DomainException.NotFound("party.not_found", $"No party with code '{customerCode}'.", "filter.customer");
            where.Append($" AND u.owner_party_id = {Param(customer.Id)}");
        }
        if (Text.Optional(f.Serial, "filter.serial", 128) is { } pattern)
        {
            where.Append($" AND u.serial LIKE {Param(LikePattern(pattern))} ESCAPE '\\'");
        }
        if (f.Tags is { Count: > 0 } tagNames)
        {
            var tagIds = new List<long>();
            for (var i = 0; i < tagNames.Count; i++)
            {
                var t = tagNames[i];
                tagIds.Add(await db.Tags.Where(x => x.Name == t).Select(x => (long?)x.Id).FirstOrDefaultAsync(ct)
                    ?? throw DomainException.NotFound("tag.not_found", $"No tag named '{t}'.", $"filter.tags[{i}]"));
            }
            var inTags = string.Join(", ", tagIds);
            // A tag on a lot marks every unit of that lot.
            where.Append($" AND (EXISTS (SELECT 1 FROM unit_tags ut WHERE ut.unit_id = u.id AND ut.tag_id IN ({inTags}))"
                + $" OR u.lot_id IN (SELECT lot_id FROM lot_tags WHERE tag_id IN ({inTags})))");
        }
        var decoded = f.Decoded is { Count: > 0 } d ? d : null;
        return new CompiledFilter(where.ToString(), parameters, decoded);
    }

    // EF stores a DateOnly as 'yyyy-MM-dd' text on SQLite and as a date on PostgreSQL.
    static object Day(DateOnly d, bool sqlite) => sqlite ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : d;

    static DateTimeOffset Start(DateOnly d) => new(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    // A pattern without wildcards is a prefix; * and ? are any run and any one character.
    public static string LikePattern(string pattern)
    {
        var sb = new StringBuilder();
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => "%",
                '?' => "_",
                '%' or '_' or '\\' => "\\" + c,
                _ => c.ToString(),
            });
        }
        if (!pattern.Contains('*') && !pattern.Contains('?'))
        {
            sb.Append('%');
        }
        return sb.ToString();
    }
}

public sealed record CompiledFilter(string Where, IReadOnlyList<(string Name, object? Value)> Parameters, IReadOnlyDictionary<string, string>? Decoded)
{
    public DbCommand Command(SqlSession sql, string text, params (string Name, object? Value)[] more) =>
        sql.Command(text, [.. Parameters, .. more]);
}

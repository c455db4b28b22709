using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;

namespace SerialTrack.Core.Inventory;

// How a kind's values are checked and written down, so that "00-1a-2b-3c-4d-5e" and "001A.2B3C.4D5E"
// are found as the same MAC address. Stored; never renumber.
public enum IdentifierFormat
{
    Text = 0,
    Mac = 1,
    Imei = 2,
    Digits = 3,
}

// A declared kind of identifier a unit may carry besides its own serial (manufacturer serial, MAC,
// IMEI, customer asset tag, ...).
public sealed class IdentifierKind
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public IdentifierFormat Format { get; set; }
}

// Unique within its kind and issuer (two manufacturers may both use serial 12345).
public sealed class UnitIdentifier
{
    public long Id { get; set; }
    public long UnitId { get; set; }
    public required string Kind { get; set; }
    public string Issuer { get; set; } = "";
    public required string Value { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed record IdentifierInput(string? Kind, string? Value, string? Issuer = null);

public static class IdentifierValues
{
    public const string OwnSerial = "serial";

    public static string Normalize(IdentifierKind kind, string? raw, string field)
    {
        var value = Text.Required(raw, field, 128);
        switch (kind.Format)
        {
            case IdentifierFormat.Mac:
                var hex = new string(value.Where(char.IsAsciiHexDigit).ToArray()).ToUpperInvariant();
                if (hex.Length != 12 || value.Any(c => !char.IsAsciiHexDigit(c) && c is not ':' and not '-' and not '.'))
                {
                    throw DomainException.BadInput("identifier.mac", field, $"'{value}' is not a MAC address (12 hex digits, optionally separated by : - or .).");
                }
                return string.Join(':', Enumerable.Range(0, 6).Select(i => hex.Substring(i * 2, 2)));
            case IdentifierFormat.Imei:
                // 3GPP TS 23.003 §6.2.1: 14 digits and a Luhn check digit.
                if (value.Length != 15 || !value.All(char.IsAsciiDigit))
                {
                    throw DomainException.BadInput("identifier.imei", field, $"IMEI '{value}' must be 15 digits.");
                }
                var expected = LuhnCheckDigit(value.AsSpan(0, 14));
                if (value[14] - '0' != expected)
                {
                    throw DomainException.BadInput("identifier.check_digit", field, $"IMEI '{value}': check digit should be {expected}.");
                }
                return value;
            case IdentifierFormat.Digits:
                return value.All(char.IsAsciiDigit) ? value
                    : throw DomainException.BadInput("identifier.digits", field, $"'{value}' must be digits only for {kind.Name}.");
            default:
                return Text.RequiredCode(value, field, 128);
        }
    }

    public static int LuhnCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
        }
        return (10 - sum % 10) % 10;
    }
}

public sealed class Identifiers(SerialTrackDbContext db, TimeProvider clock)
{
    public async Task<Dictionary<string, IdentifierKind>> KindsAsync(CancellationToken ct) =>
        await db.IdentifierKinds.AsNoTracking().ToDictionaryAsync(k => k.Code, StringComparer.Ordinal, ct);

    public async Task<IdentifierKind> DeclareKindAsync(string? code, string? name, IdentifierFormat format, CancellationToken ct)
    {
        var c = Text.RequiredCode(code, "code", 32).ToLowerInvariant();
        if (c == IdentifierValues.OwnSerial || await db.IdentifierKinds.AnyAsync(k => k.Code == c, ct))
        {
            throw DomainException.Conflict("identifier_kind.duplicate", $"Identifier kind '{c}' already exists.", "code");
        }
        var kind = new IdentifierKind { Code = c, Name = Text.Required(name, "name", 100), Format = format };
        db.IdentifierKinds.Add(kind);
        await db.SaveChangesAsync(ct);
        return kind;
    }

    // Assigns identifiers to one unit: one event, all or nothing.
    public Task<ProcessResult> AssignAsync(long unitId, IReadOnlyList<IdentifierInput> identifiers, Actor actor, EventContext? context, CancellationToken ct) =>
        AssignManyAsync([(unitId, identifiers)], actor, context, ct);

    // Assigns identifiers to many existing units (a list import): one event, all or nothing.
    public async Task<ProcessResult> AssignManyAsync(IReadOnlyList<(long UnitId, IReadOnlyList<IdentifierInput> Identifiers)> assignments, Actor actor, EventContext? context, CancellationToken ct)
    {
        context ??= new EventContext();
        if (await EventLog.ReplayAsync(db, context, EventType.IdentifiersAssigned, ct) is { } replay)
        {
            return replay;
        }
        if (assignments.Count == 0 || assignments.Any(a => a.Identifiers.Count == 0))
        {
            throw DomainException.BadInput("identifiers.required", "identifiers", "Give at least one identifier.");
        }
        var unitIds = assignments.Select(a => a.UnitId).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, ct);
        if (unitIds.FirstOrDefault(id => !units.ContainsKey(id)) is var missing and > 0)
        {
            throw DomainException.NotFound("unit.not_found", $"No unit with id {missing}.");
        }
        var rows = await CheckManyAsync(assignments.Select(a => a.Identifiers).ToList(), ct);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ev = EventLog.New(EventType.IdentifiersAssigned, EventAction.Observe, "inspecting", null, actor, context, clock);
        ev.BizLocationId = assignments.Count == 1 ? units[assignments[0].UnitId].LocationId : null;
        ev.ObjectCount = unitIds.Count;
        if (assignments.Count == 1)
        {
            ev.Notes ??= string.Join("; ", rows[0].Select(r => $"{r.Kind}{(r.Issuer.Length > 0 ? "/" + r.Issuer : "")}={r.Value}"));
        }
        db.Events.Add(ev);
        await db.SaveChangesAsync(ct);
        for (var i = 0; i < assignments.Count; i++)
        {
            foreach (var r in rows[i])
            {
                r.UnitId = assignments[i].UnitId;
                r.CreatedAt = clock.GetUtcNow();
                db.UnitIdentifiers.Add(r);
            }
        }
        foreach (var id in unitIds)
        {
            db.EventUnits.Add(new EventUnit { EventId = ev.Id, UnitId = id, Role = ObjectRole.Subject, FromLocationId = units[id].LocationId });
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ProcessResult(ev.Id, EventType.IdentifiersAssigned, unitIds.Count, 0);
    }

    // Checks identifiers for many new units at once (commissioning, receipt imports): formats, kinds,
    // duplicates in the list and in the database, each error naming its position.
    public async Task<List<List<UnitIdentifier>>> CheckManyAsync(IReadOnlyList<IReadOnlyList<IdentifierInput>> perUnit, CancellationToken ct)
    {
        var kinds = await KindsAsync(ct);
        var seen = new HashSet<(string, string, string)>();
        var result = new List<List<UnitIdentifier>>(perUnit.Count);
        var fields = new Dictionary<UnitIdentifier, string>(ReferenceEqualityComparer.Instance);
        for (var u = 0; u < perUnit.Count; u++)
        {
            var list = new List<UnitIdentifier>(perUnit[u].Count);
            for (var i = 0; i < perUnit[u].Count; i++)
            {
                var field = $"identifiers[{u}][{i}]";
                var row = Check(kinds, perUnit[u][i], field);
                if (!seen.Add((row.Kind, row.Issuer, row.Value)))
                {
                    throw DomainException.BadInput("identifier.duplicate", $"{field}.value", $"{kinds[row.Kind].Name} {row.Value} appears twice in the request.");
                }
                fields[row] = field;
                list.Add(row);
            }
            result.Add(list);
        }

        // One query for the whole list, not one per identifier.
        var values = seen.Select(x => x.Item3).Distinct().ToList();
        HashSet<string> taken = [.. await new SqlSession(db).StringsWhereInAsync(
            "SELECT kind || '|' || issuer || '|' || value FROM unit_identifiers WHERE value IN ({in})", values, ct)];
        foreach (var row in result.SelectMany(r => r))
        {
            if (taken.Contains($"{row.Kind}|{row.Issuer}|{row.Value}"))
            {
                throw DomainException.Conflict("identifier.duplicate",
                    $"{kinds[row.Kind].Name} {row.Value}{(row.Issuer.Length > 0 ? $" of {row.Issuer}" : "")} is already assigned to a unit.", $"{fields[row]}.value");
            }
        }
        return result;
    }

    static UnitIdentifier Check(Dictionary<string, IdentifierKind> kinds, IdentifierInput input, string field)
    {
        var code = Text.RequiredCode(input.Kind, $"{field}.kind", 32).ToLowerInvariant();
        if (!kinds.TryGetValue(code, out var kind))
        {
            throw DomainException.BadInput("identifier.kind", $"{field}.kind", $"Unknown identifier kind '{code}'; known: {string.Join(", ", kinds.Keys.Order())}.");
        }
        var value = IdentifierValues.Normalize(kind, input.Value, $"{field}.value");
        var issuer = Text.Optional(input.Issuer, $"{field}.issuer", 64) ?? "";
        return new UnitIdentifier { Kind = code, Issuer = issuer, Value = value };
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Core.Serials;

// Where an imported list of serials goes: new units at receipt, the expected list, or further
// identifiers of units that exist.
public enum ImportTarget
{
    Units = 1,
    Expected = 2,
    Identifiers = 3,
}

public sealed record ImportReject(int Line, string? Field, string Message);

public sealed record SerialImportRequest(ImportTarget Target, string? Product, string? Text, string? Location = null, string? Reference = null,
    bool AllOrNothing = false, EventContext? Context = null);

public sealed record SerialImportResult(int Lines, int Accepted, IReadOnlyList<ImportReject> Rejects, long? EventId, long? ReservationId);

// A list of serials pasted, uploaded as CSV or collected by a scan session: one serial per line, or CSV
// with a header "serial,<kind>,<kind>..." where each kind column (mfr_serial, mac, imei, ...) holds
// that unit's identifier. Every line is checked (format, check character, duplicates, what exists);
// the good lines are written in one transaction and each bad line is reported by number. With
// AllOrNothing one bad line means nothing is written.
public sealed class SerialImport(SerialTrackDbContext db, TimeProvider clock)
{
    public const int MaxLines = 200_000;

    sealed record Row(int Line, string Serial, List<IdentifierInput> Identifiers);

    public async Task<SerialImportResult> ImportAsync(SerialImportRequest request, Actor actor, CancellationToken ct)
    {
        if (!Enum.IsDefined(request.Target))
        {
            throw DomainException.BadInput("import.target", "target", $"Import target must be units, expected or identifiers, not '{request.Target}'.");
        }
        var product = await new ProductCatalog(db, clock).FindAsync(Core.Text.RequiredCode(request.Product, "product", 64), ct);
        if (request.Target == ImportTarget.Units && Core.Text.Optional(request.Location, "location", 64) is null)
        {
            throw DomainException.BadInput("field.required", "location", "location is required to receive units.");
        }
        var rejects = new List<ImportReject>();
        var rows = Parse(request.Text, request.Target, rejects);
        var kinds = await new Identifiers(db, clock).KindsAsync(ct);
        var scheme = await new SerialNumbers(db, clock).SchemeOfAsync(product, ct);
        var template = scheme is null ? null : SerialTemplate.Parse(scheme.Template);

        // Line by line: format, scheme and check character, identifier formats, duplicates in the list.
        var good = new List<Row>();
        var seenSerials = new HashSet<string>(StringComparer.Ordinal);
        var seenIdentifiers = new HashSet<(string, string)>();
        foreach (var row in rows)
        {
            if (Check(row, template, kinds, seenSerials, seenIdentifiers, request.Target) is { } reject)
            {
                rejects.Add(reject);
            }
            else
            {
                good.Add(row);
            }
        }

        // Against the database, in bulk: what exists, what is reserved, which identifiers are taken.
        var sql = new SqlSession(db);
        good = await sql.OnOpenConnectionAsync(() => CheckDatabaseAsync(sql, product, request.Target, good, rejects, ct), ct);
        rejects.Sort((a, b) => a.Line.CompareTo(b.Line));

        if (good.Count == 0 || (request.AllOrNothing && rejects.Count > 0))
        {
            return new SerialImportResult(rows.Count + rejects.Count(r => r.Field == "line"), 0, rejects, null, null);
        }
        long? eventId = null;
        long? reservationId = null;
        switch (request.Target)
        {
            case ImportTarget.Units:
                var identifiers = good.Any(r => r.Identifiers.Count > 0) ? good.Select(r => (IReadOnlyList<IdentifierInput>)r.Identifiers).ToList() : null;
                eventId = (await new Commissioning(db, clock).CommissionAsync(
                    new CommissionRequest(product.Sku, good.Select(r => r.Serial).ToList(), request.Location!, Context: request.Context, Identifiers: identifiers), actor, ct)).EventId;
                break;
            case ImportTarget.Expected:
                reservationId = (await new SerialNumbers(db, clock).ReserveAsync(product.Sku, null, good.Select(r => r.Serial).ToList(), request.Location, request.Reference, actor, ct)).Id;
                break;
            case ImportTarget.Identifiers:
                var unitIds = await UnitIdsAsync(product.Id, good.Select(r => r.Serial).ToList(), ct);
                eventId = (await new Identifiers(db, clock).AssignManyAsync(
                    good.Select(r => (unitIds[r.Serial], (IReadOnlyList<IdentifierInput>)r.Identifiers)).ToList(), actor, request.Context, ct)).EventId;
                break;
        }
        return new SerialImportResult(good.Count + rejects.Count, good.Count, rejects, eventId, reservationId);
    }

    static List<Row> Parse(string? text, ImportTarget target, List<ImportReject> rejects)
    {
        var lines = (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length > MaxLines)
        {
            throw DomainException.BadInput("import.too_long", "text", $"At most {MaxLines:N0} lines per import; this list has {lines.Length:N0}.");
        }
        var rows = new List<Row>();
        string[]? header = null;
        var separator = ',';
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (header is null && rows.Count == 0 && rejects.Count == 0 && IsHeader(line, out separator))
            {
                header = line.Split(separator).Select(h => h.Trim().ToLowerInvariant()).ToArray();
                continue;
            }
            var cells = header is null ? [line] : line.Split(separator).Select(c => c.Trim()).ToArray();
            if (header is not null && cells.Length > header.Length)
            {
                rejects.Add(new ImportReject(i + 1, "line", $"{cells.Length} columns, but the header has {header.Length}."));
                continue;
            }
            var serial = header is null ? cells[0] : cells[Array.IndexOf(header, "serial")];
            var identifiers = new List<IdentifierInput>();
            for (var c = 0; header is not null && c < cells.Length; c++)
            {
                if (header[c] != "serial" && cells[c].Length > 0)
                {
                    identifiers.Add(new IdentifierInput(header[c], cells[c]));
                }
            }
            rows.Add(new Row(i + 1, serial, identifiers));
        }
        if (target == ImportTarget.Identifiers && header is null)
        {
            throw DomainException.BadInput("import.header", "text", "An identifier import needs a header line: serial,<kind>[,<kind>...] (e.g. serial,mac).");
        }
        return rows;
    }

    static bool IsHeader(string line, out char separator)
    {
        separator = line.Contains('\t', StringComparison.Ordinal) ? '\t' : line.Contains(';', StringComparison.Ordinal) ? ';' : ',';
        return line.Split(separator).Any(h => h.Trim().Equals("serial", StringComparison.OrdinalIgnoreCase));
    }

    static ImportReject? Check(Row row, SerialTemplate? template, Dictionary<string, IdentifierKind> kinds, HashSet<string> seenSerials,
        HashSet<(string, string)> seenIdentifiers, ImportTarget target)
    {
        try
        {
            Core.Text.RequiredCode(row.Serial, "serial", Processes.Serials.MaxLength);
            if (template is not null && target != ImportTarget.Identifiers)
            {
                template.Validate(row.Serial);
            }
            if (!seenSerials.Add(row.Serial))
            {
                return new ImportReject(row.Line, "serial", $"Serial '{row.Serial}' appears earlier in the list.");
            }
            for (var i = 0; i < row.Identifiers.Count; i++)
            {
                var id = row.Identifiers[i];
                if (!kinds.TryGetValue(id.Kind!, out var kind))
                {
                    return new ImportReject(row.Line, id.Kind, $"Unknown identifier kind '{id.Kind}'; known: {string.Join(", ", kinds.Keys.Order())}.");
                }
                var value = IdentifierValues.Normalize(kind, id.Value, id.Kind!);
                row.Identifiers[i] = id with { Value = value };
                if (!seenIdentifiers.Add((kind.Code, value)))
                {
                    return new ImportReject(row.Line, id.Kind, $"{kind.Name} {value} appears earlier in the list.");
                }
            }
            if (target == ImportTarget.Identifiers && row.Identifiers.Count == 0)
            {
                return new ImportReject(row.Line, "serial", "No identifier on this line.");
            }
            return null;
        }
        catch (DomainException e)
        {
            return new ImportReject(row.Line, e.Field, e.Message);
        }
    }

    async Task<List<Row>> CheckDatabaseAsync(SqlSession sql, Product product, ImportTarget target, List<Row> rows, List<ImportReject> rejects, CancellationToken ct)
    {
        var serials = rows.Select(r => r.Serial).ToList();
        HashSet<string> bad;
        string why;
        switch (target)
        {
            case ImportTarget.Units:
                bad = [.. await Processes.Serials.FindExistingUnitsAsync(sql, product, serials, ct)];
                why = "a unit with this serial exists";
                break;
            case ImportTarget.Expected:
                bad = [.. await Processes.Serials.FindTakenAsync(sql, product, serials, ct)];
                why = "this serial exists or was reserved before";
                break;
            default:
                var known = (await sql.StringsWhereInAsync("SELECT serial FROM units WHERE product_id = @p AND serial IN ({in})", serials, ct, ("p", product.Id))).ToHashSet(StringComparer.Ordinal);
                bad = serials.Where(s => !known.Contains(s)).ToHashSet(StringComparer.Ordinal);
                why = $"no unit of {product.Sku} has this serial";
                break;
        }
        var values = rows.SelectMany(r => r.Identifiers.Select(i => i.Value!)).Distinct().ToList();
        var takenIdentifiers = new HashSet<(string, string)>();
        if (values.Count > 0)
        {
            foreach (var pair in await sql.StringsWhereInAsync("SELECT kind || '|' || value FROM unit_identifiers WHERE issuer = '' AND value IN ({in})", values, ct))
            {
                var parts = pair.Split('|', 2);
                takenIdentifiers.Add((parts[0], parts[1]));
            }
        }
        var good = new List<Row>(rows.Count);
        foreach (var row in rows)
        {
            if (bad.Contains(row.Serial))
            {
                rejects.Add(new ImportReject(row.Line, "serial", $"Serial '{row.Serial}': {why}."));
            }
            else if (row.Identifiers.FirstOrDefault(i => takenIdentifiers.Contains((i.Kind!, i.Value!))) is { } taken)
            {
                rejects.Add(new ImportReject(row.Line, taken.Kind, $"{taken.Kind} {taken.Value} is already assigned to a unit."));
            }
            else
            {
                good.Add(row);
            }
        }
        return good;
    }

    async Task<Dictionary<string, long>> UnitIdsAsync(long productId, List<string> serials, CancellationToken ct)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in serials.Chunk(500))
        {
            foreach (var u in await db.Units.AsNoTracking().Where(u => u.ProductId == productId && chunk.Contains(u.Serial)).Select(u => new { u.Serial, u.Id }).ToListAsync(ct))
            {
                result[u.Serial] = u.Id;
            }
        }
        return result;
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Parties;
using SerialTrack.Web;

namespace SerialTrack.Cli;

public enum MasterData
{
    Products,
    Locations,
    Parties,
}

// One data row of a CSV file: the line it starts on and its values by column. A column missing from the
// file is not the same as an empty cell: on update the first keeps the stored value, the second clears it.
public sealed class CsvRow(int line, IReadOnlyDictionary<string, string> values, string? problem = null)
{
    public int Line { get; } = line;
    public string? Problem { get; } = problem;

    public bool Has(string column) => values.ContainsKey(column);

    public string? Get(string column) => values.TryGetValue(column, out var v) && v.Trim().Length > 0 ? v.Trim() : null;

    public string? Text(string column, string? current) => Has(column) ? Get(column) : current;
}

public sealed record Rejection(int Line, string? Column, string Message)
{
    public override string ToString() => Column is null ? $"line {Line}: {Message}" : $"line {Line}: {Column}: {Message}";
}

public sealed record ImportSummary(int Created, int Updated, IReadOnlyList<Rejection> Rejected, bool NothingWritten)
{
    public int Imported => Created + Updated;

    public override string ToString() => $"{Imported} imported ({Created} created, {Updated} updated), {Rejected.Count} rejected";
}

// CSV import and export of master data. Every row goes through the same catalog service the API uses, so
// a rule has one home; this file only maps columns to inputs and counts what happened.
public static class ImportExport
{
    public static string[] Columns(MasterData kind) => kind switch
    {
        MasterData.Products => ["sku", "name", "description", "gtin", "tracking", "category", "uom", "warranty_months", "handling_instructions", "attributes"],
        MasterData.Locations => ["code", "name", "kind", "parent_code", "gln"],
        _ => ["code", "name", "role", "contact_name", "email", "phone", "address", "gln"],
    };

    static string[] RequiredColumns(MasterData kind) => kind == MasterData.Products ? ["sku", "name"] : ["code", "name"];

    public static string Name(MasterData kind) => kind.ToString().ToLowerInvariant();

    public static List<CsvRow> Read(TextReader reader, MasterData kind, string fileName)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectColumnCountChanges = false };
        try
        {
            using var parser = new CsvParser(reader, config);
            if (!parser.Read())
            {
                throw new CliException($"{fileName} is empty: the first line must name the columns ({string.Join(",", Columns(kind))}).", 2);
            }
            var header = parser.Record!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
            CheckHeader(header, kind, fileName);

            var rows = new List<CsvRow>();
            while (parser.Read())
            {
                var record = parser.Record!;
                // A quoted cell may span lines: report the line the record starts on.
                var line = parser.RawRow - parser.RawRecord.TrimEnd('\r', '\n').Count(c => c == '\n');
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < header.Length && i < record.Length; i++)
                {
                    values[header[i]] = record[i];
                }
                var extra = record.Skip(header.Length).Any(v => v.Trim().Length > 0);
                string? problem = record.Length < header.Length || extra
                    ? $"the row has {record.Length} fields but the header has {header.Length}."
                    : null;
                rows.Add(new CsvRow(line, values, problem));
            }
            return rows;
        }
        catch (CsvHelperException e)
        {
            throw new CliException($"{fileName} is not valid CSV near line {e.Context?.Parser?.RawRow}: {e.Message.Split('\n')[0]}", 2);
        }
    }

    static void CheckHeader(string[] header, MasterData kind, string fileName)
    {
        var known = Columns(kind);
        var expected = $"The columns of {Name(kind)} are: {string.Join(",", known)}.";
        foreach (var column in header)
        {
            if (!known.Contains(column))
            {
                throw new CliException($"{fileName}: unknown column '{column}'. {expected}", 2);
            }
        }
        if (header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CliException($"{fileName}: column '{twice.Key}' appears twice.", 2);
        }
        if (RequiredColumns(kind).FirstOrDefault(c => !header.Contains(c)) is { } missing)
        {
            throw new CliException($"{fileName}: the column '{missing}' is required. {expected}", 2);
        }
    }

    // Without allOrNothing each row is saved on its own, so a rejected row never stops the good ones.
    // With it, all rows run in one transaction (a savepoint per row, so every bad row is still reported)
    // that is rolled back if any row was rejected.
    public static async Task<ImportSummary> ImportAsync(SerialTrackDbContext db, MasterData kind, IReadOnlyList<CsvRow> rows, bool allOrNothing,
        Action advance, CancellationToken ct)
    {
        var clock = TimeProvider.System;
        var ordered = kind == MasterData.Locations ? ParentsFirst(rows) : rows;
        var rejected = new List<Rejection>();
        int created = 0, updated = 0;
        await using var tx = allOrNothing ? await db.Database.BeginTransactionAsync(ct) : null;
        foreach (var row in ordered)
        {
            try
            {
                if (tx is not null)
                {
                    await tx.CreateSavepointAsync("row", ct);
                }
                if (row.Problem is not null)
                {
                    throw new DomainException("csv.fields", row.Problem, null, ErrorKind.BadInput);
                }
                var isNew = kind switch
                {
                    MasterData.Products => await UpsertProductAsync(new ProductCatalog(db, clock), db, row, ct),
                    MasterData.Locations => await UpsertLocationAsync(new LocationCatalog(db, clock), db, row, ct),
                    _ => await UpsertPartyAsync(new PartyCatalog(db, clock), db, row, ct),
                };
                if (isNew)
                {
                    created++;
                }
                else
                {
                    updated++;
                }
                if (tx is not null)
                {
                    await tx.ReleaseSavepointAsync("row", ct);
                }
            }
            catch (Exception e) when (e is DomainException or DbUpdateException or DbException)
            {
                rejected.Add(Reject(row, e));
                if (tx is not null)
                {
                    await tx.RollbackToSavepointAsync("row", ct);
                }
            }
            finally
            {
                // A rejected update leaves its half-applied entity tracked; it must not ride along with the next row.
                db.ChangeTracker.Clear();
                advance();
            }
        }
        rejected.Sort((a, b) => a.Line.CompareTo(b.Line));
        if (tx is null)
        {
            return new ImportSummary(created, updated, rejected, false);
        }
        if (rejected.Count > 0)
        {
            await tx.RollbackAsync(ct);
            return new ImportSummary(0, 0, rejected, true);
        }
        await tx.CommitAsync(ct);
        return new ImportSummary(created, updated, rejected, false);
    }

    static Rejection Reject(CsvRow row, Exception e) => e switch
    {
        DomainException d => new Rejection(row.Line, ColumnOf(d.Field), d.Message),
        DbUpdateException { InnerException: { } inner } => new Rejection(row.Line, null, $"the database refused the row: {inner.Message}"),
        _ => new Rejection(row.Line, null, $"the database refused the row: {e.Message}"),
    };

    // Services name fields as the API does (warrantyMonths, parentCode); the report names the CSV column.
    static string? ColumnOf(string? field) => field switch
    {
        null => null,
        _ when field.StartsWith("attributes", StringComparison.Ordinal) => "attributes",
        _ => JsonNamingPolicy.SnakeCaseLower.ConvertName(field),
    };

    // A location's parent must exist before it: rows whose parent comes later in the file are taken after
    // that parent. A cycle is left in file order, and the catalog then refuses the row naming the parent.
    static List<CsvRow> ParentsFirst(IReadOnlyList<CsvRow> rows)
    {
        var byCode = rows.Where(r => r.Get("code") is not null).GroupBy(r => r.Get("code")!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var result = new List<CsvRow>(rows.Count);
        var done = new HashSet<CsvRow>();
        var visiting = new HashSet<CsvRow>();
        foreach (var row in rows)
        {
            Visit(row);
        }
        return result;

        void Visit(CsvRow row)
        {
            if (done.Contains(row) || !visiting.Add(row))
            {
                return;
            }
            if (row.Get("parent_code") is { } parent && byCode.TryGetValue(parent, out var parents))
            {
                foreach (var p in parents)
                {
                    Visit(p);
                }
            }
            visiting.Remove(row);
            done.Add(row);
            result.Add(row);
        }
    }

    static async Task<bool> UpsertProductAsync(ProductCatalog catalog, SerialTrackDbContext db, CsvRow row, CancellationToken ct)
    {
        var sku = row.Get("sku");
        var p = sku is null ? null : await db.Products.AsNoTracking().FirstOrDefaultAsync(x => x.Sku == sku, ct);
        var input = new ProductInput(
            sku,
            row.Text("name", p?.Name),
            row.Text("description", p?.Description),
            row.Text("gtin", p?.Gtin),
            Enum(row, "tracking", p?.Tracking ?? TrackingMode.Serial),
            row.Text("category", p?.Category),
            row.Text("uom", p?.Uom),
            row.Has("warranty_months") ? Int(row, "warranty_months") : p?.WarrantyMonths,
            row.Text("handling_instructions", p?.HandlingInstructions),
            row.Has("attributes") ? ParseAttributes(row.Get("attributes")) : p?.Attributes,
            // The file has no archived column: an update keeps the flag as it is.
            p?.Archived ?? false);
        if (p is null)
        {
            await catalog.CreateAsync(input, ct);
            return true;
        }
        await catalog.UpdateAsync(p.Id, input, ct);
        return false;
    }

    static async Task<bool> UpsertLocationAsync(LocationCatalog catalog, SerialTrackDbContext db, CsvRow row, CancellationToken ct)
    {
        var code = row.Get("code");
        var l = code is null ? null : await db.Locations.AsNoTracking().Where(x => x.Code == code)
            .Select(x => new { x.Id, x.Name, x.Kind, ParentCode = x.Parent == null ? null : x.Parent.Code, x.Gln, x.Archived })
            .FirstOrDefaultAsync(ct);
        var input = new LocationInput(
            code,
            row.Text("name", l?.Name),
            Enum(row, "kind", l?.Kind ?? LocationKind.Bin),
            row.Text("parent_code", l?.ParentCode),
            row.Text("gln", l?.Gln),
            l?.Archived ?? false);
        if (l is null)
        {
            await catalog.CreateAsync(input, ct);
            return true;
        }
        await catalog.UpdateAsync(l.Id, input, ct);
        return false;
    }

    static async Task<bool> UpsertPartyAsync(PartyCatalog catalog, SerialTrackDbContext db, CsvRow row, CancellationToken ct)
    {
        var code = row.Get("code");
        var p = code is null ? null : await db.Parties.AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        var input = new PartyInput(
            code,
            row.Text("name", p?.Name),
            Enum(row, "role", p?.Role ?? PartyRole.Customer),
            row.Text("contact_name", p?.ContactName),
            row.Text("email", p?.Email),
            row.Text("phone", p?.Phone),
            row.Text("address", p?.Address),
            row.Text("gln", p?.Gln),
            p?.Archived ?? false);
        if (p is null)
        {
            await catalog.CreateAsync(input, ct);
            return true;
        }
        await catalog.UpdateAsync(p.Id, input, ct);
        return false;
    }

    // Enum values are written as the API writes them (snake_case: "production_line"). A missing column or
    // an empty cell keeps the stored value, or takes the API's default for a new record.
    static T Enum<T>(CsvRow row, string column, T fallback) where T : struct, Enum
    {
        if (row.Get(column) is not { } text)
        {
            return fallback;
        }
        var wanted = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), wanted, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        var names = string.Join(", ", System.Enum.GetValues<T>().Select(EnumText));
        throw DomainException.BadInput($"csv.{column}", column, $"'{text}' is not one of: {names}.");
    }

    public static string EnumText<T>(T value) where T : struct, Enum => Text.Snake(value);

    static int? Int(CsvRow row, string column) => row.Get(column) switch
    {
        null => null,
        var t when int.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        var t => throw DomainException.BadInput("csv.number", column, $"'{t}' is not a whole number."),
    };

    // key=value;key=value. A backslash escapes ';', '=' and itself inside a key or value.
    public static Dictionary<string, string>? ParseAttributes(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var key = new StringBuilder();
        var value = new StringBuilder();
        var current = key;
        var inValue = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else if (c == '=' && !inValue)
            {
                inValue = true;
                current = value;
            }
            else if (c == ';')
            {
                Add();
            }
            else
            {
                current.Append(c);
            }
        }
        Add();
        return result;

        void Add()
        {
            if (key.Length > 0 || value.Length > 0)
            {
                if (!inValue)
                {
                    throw DomainException.BadInput("csv.attributes", "attributes", $"'{key}' has no value: write attributes as key=value;key=value.");
                }
                result[key.ToString().Trim()] = value.ToString().Trim();
            }
            key.Clear();
            value.Clear();
            current = key;
            inValue = false;
        }
    }

    public static string FormatAttributes(Dictionary<string, string> attributes) =>
        string.Join(";", attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{Escape(a.Key)}={Escape(a.Value)}"));

    static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);

    // Writes the same columns import reads, so an export re-imports cleanly. Archived records are left out:
    // the file has no column to carry the flag.
    public static async Task<int> ExportAsync(SerialTrackDbContext db, MasterData kind, TextWriter writer, CancellationToken ct) =>
        await CsvFile.WriteAsync(writer, Columns(kind), await RowsAsync(db, kind, ct), ct);

    static async Task<List<string?[]>> RowsAsync(SerialTrackDbContext db, MasterData kind, CancellationToken ct)
    {
        var q = CultureInfo.InvariantCulture;
        switch (kind)
        {
            case MasterData.Products:
                return (await db.Products.AsNoTracking().Where(p => !p.Archived).OrderBy(p => p.Sku).ToListAsync(ct))
                    .Select(p => new[] { p.Sku, p.Name, p.Description, p.Gtin, EnumText(p.Tracking), p.Category, p.Uom, p.WarrantyMonths?.ToString(q),
                        p.HandlingInstructions, FormatAttributes(p.Attributes) })
                    .ToList();
            case MasterData.Locations:
                // Ordered by path, a parent comes before its children.
                return (await db.Locations.AsNoTracking().Where(l => !l.Archived).OrderBy(l => l.Path)
                        .Select(l => new { l.Code, l.Name, l.Kind, ParentCode = l.Parent == null ? null : l.Parent.Code, l.Gln }).ToListAsync(ct))
                    .Select(l => new[] { l.Code, l.Name, EnumText(l.Kind), l.ParentCode, l.Gln })
                    .ToList();
            default:
                return (await db.Parties.AsNoTracking().Where(p => !p.Archived).OrderBy(p => p.Code).ToListAsync(ct))
                    .Select(p => new[] { p.Code, p.Name, EnumText(p.Role), p.ContactName, p.Email, p.Phone, p.Address, p.Gln })
                    .ToList();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Printing;

// A template as the user saved it. Core keeps the JSON opaque: parsing, validating and merging it with
// the built-in templates is SerialTrack.Labels' job, which Core must not reference (STYLE.md: heavy dependency).
public sealed class LabelTemplateRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

// A raw-TCP (port 9100) label printer; Address is "host:port".
public sealed class Printer
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
}

public sealed class LabelTemplateStore(SerialTrackDbContext db, TimeProvider clock)
{
    public Task<List<LabelTemplateRecord>> ListAsync(CancellationToken ct) =>
        db.LabelTemplates.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);

    public Task<LabelTemplateRecord?> FindAsync(string name, CancellationToken ct) =>
        db.LabelTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, ct);

    // The caller has validated the JSON; a save replaces the stored template of that name.
    public async Task<LabelTemplateRecord> SaveAsync(string name, string json, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64)
        {
            throw DomainException.BadInput("template.name", "name", "A template name is 1 to 64 characters.");
        }
        var record = await db.LabelTemplates.FirstOrDefaultAsync(t => t.Name == name, ct);
        if (record is null)
        {
            record = new LabelTemplateRecord { Name = name, Json = json };
            db.LabelTemplates.Add(record);
        }
        record.Json = json;
        record.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return record;
    }

    public Task<List<Printer>> PrintersAsync(CancellationToken ct) =>
        db.Printers.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);

    // The list is small and edited as a whole (admin page, PUT /printers): replace it in one transaction.
    public async Task<List<Printer>> ReplacePrintersAsync(IReadOnlyList<(string Name, string Address)> printers, CancellationToken ct)
    {
        for (var i = 0; i < printers.Count; i++)
        {
            Validate(printers[i].Name, printers[i].Address, $"printers[{i}].");
        }
        var duplicate = printers.GroupBy(p => p.Name.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw DomainException.BadInput("printer.duplicate", "printers", $"Two printers are named '{duplicate.Key}'.");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Printers.RemoveRange(await db.Printers.ToListAsync(ct));
        await db.SaveChangesAsync(ct);
        db.Printers.AddRange(printers.Select(p => new Printer { Name = p.Name.Trim(), Address = p.Address.Trim() }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await PrintersAsync(ct);
    }

    // One printer from the admin page: added, or (with `was`, its current name) renamed or readdressed.
    public async Task<Printer> SavePrinterAsync(string? was, string? name, string? address, CancellationToken ct)
    {
        Validate(name, address, "");
        (name, address) = (name!.Trim(), address!.Trim());
        var printers = await db.Printers.ToListAsync(ct);
        var printer = was is null ? null : printers.FirstOrDefault(p => p.Name == was)
            ?? throw DomainException.NotFound("printer.unknown", $"No printer named '{was}'.", "name");
        if (printers.Any(p => p != printer && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw DomainException.Conflict("printer.duplicate", $"A printer is already named '{name}'.", "name");
        }
        if (printer is null)
        {
            printer = new Printer { Name = name, Address = address };
            db.Printers.Add(printer);
        }
        (printer.Name, printer.Address) = (name, address);
        await db.SaveChangesAsync(ct);
        return printer;
    }

    public async Task RemovePrinterAsync(string name, CancellationToken ct)
    {
        if (await db.Printers.Where(p => p.Name == name).ExecuteDeleteAsync(ct) == 0)
        {
            throw DomainException.NotFound("printer.unknown", $"No printer named '{name}'.", "name");
        }
    }

    // Raw TCP needs a host and a port: "10.0.0.42:9100", "zebra-dock:9100", "[fe80::1]:9100".
    static void Validate(string? name, string? address, string prefix)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64)
        {
            throw DomainException.BadInput("printer.name", $"{prefix}name", "A printer needs a name of 1 to 64 characters.");
        }
        var colon = address?.LastIndexOf(':') ?? -1;
        if (colon <= 0 || string.IsNullOrWhiteSpace(address![..colon]) || address[..colon].Trim().Contains(' ', StringComparison.Ordinal)
            || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw DomainException.BadInput("printer.address", $"{prefix}address", $"Printer '{name.Trim()}': the address must be host:port (e.g. 10.0.0.42:9100), was '{address}'.");
        }
    }
}

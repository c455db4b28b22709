using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Serials;
using SerialTrack.Web;
using Spectre.Console;

namespace SerialTrack.Cli;

// `serialtrack scan TEXT`: what a scanned or typed code is. Exit 0 when something matches, 3 when not.
public static class ScanCommand
{
    public const int UnknownExitCode = 3;

    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "A serial, identifier (MAC, IMEI, ...), SKU, GTIN, lot, location code, GLN, SSCC, or GS1 data in any form" };
        var json = new Option<bool>("--json") { Description = "Print the answer as the JSON of POST /api/v1/scan" };
        var scan = new Command("scan", "Say what a scanned or typed code is, with its current state; exit code 3 when nothing matches") { text, json };
        scan.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var result = await new Scanner(db).ScanAsync(r.GetValue(text), ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(result, Json.Options));
            }
            else
            {
                Print(result);
            }
            return result.Kind == ScanKind.Unknown ? UnknownExitCode : 0;
        }));
        return scan;
    }

    static void Print(ScanResult result)
    {
        Console.WriteLine($"{ImportExport.EnumText(result.Kind)}{(result.Message is null ? "" : ": " + result.Message)}");
        foreach (var m in result.Matches)
        {
            Console.WriteLine($"  {ImportExport.EnumText(m.Kind),-9} {m.Label}");
            if (m.Unit is { } u)
            {
                Console.WriteLine($"            state: {ImportExport.EnumText(u.Status)}, {ImportExport.EnumText(u.Stage)}{(u.Location is null ? "" : " at " + u.Location)}{(u.ContainerId is null ? "" : $" in container {u.ContainerId}")}");
                if (u.Identifiers.Count > 0)
                {
                    Console.WriteLine($"            identifiers: {string.Join(", ", u.Identifiers)}");
                }
            }
            if (m.Lot is { } l)
            {
                Console.WriteLine($"            expiry: {l.ExpiryDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none"}");
                foreach (var p in l.Balances)
                {
                    Console.WriteLine($"            {p.Quantity.ToString(CultureInfo.InvariantCulture)} at {p.Location} ({ImportExport.EnumText(p.Status)})");
                }
            }
            if (m.Location is { } loc)
            {
                Console.WriteLine($"            {loc.Kind.ToLowerInvariant()}, {loc.Units} unit(s) here");
            }
            if (m.Expected is { } e)
            {
                Console.WriteLine($"            state: {ImportExport.EnumText(e.Status)}{(e.ReservationId is null ? "" : $" (reservation {e.ReservationId})")}");
            }
        }
        foreach (var h in result.HandlingInstructions)
        {
            Console.WriteLine($"Handling: {h}");
        }
        if (result.Gs1 is { } g)
        {
            Console.WriteLine($"GS1{(g.Symbology is null ? "" : " " + g.Symbology)}: {g.ElementString}");
            Gs1Commands.PrintAis(g.Ais, "  ");
        }
    }

    // The snake_case word the JSON uses, so the text and JSON outputs name states alike.
}

// `serialtrack schemes list|add|preview|assign`.
public static class SchemesCommands
{
    public static Command Create()
    {
        var list = new Command("list", "List serial schemes");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var s in await db.SerialSchemes.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct))
            {
                Console.WriteLine($"{s.Name,-20} {s.Template}{(s.Archived ? "  (archived)" : "")}{(s.Description is null ? "" : "  — " + s.Description)}");
            }
            return 0;
        }));

        var name = new Argument<string>("name") { Description = "Scheme name (letters, digits, no spaces)" };
        var template = new Argument<string>("template") { Description = "Template, e.g. {SKU}-{YY}{WW}-{SEQ:5/per SKU,YY}{CHECK:luhn}" };
        var description = new Option<string?>("--description") { Description = "What the scheme is for" };
        var add = new Command("add", "Add a serial scheme") { name, template, description };
        add.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var s = await new SerialNumbers(db, TimeProvider.System).CreateSchemeAsync(new SchemeInput(r.GetValue(name), r.GetValue(template), r.GetValue(description)), ct);
            Console.WriteLine($"Added scheme '{s.Name}': {s.Template}");
            return 0;
        }));

        var previewTemplate = new Argument<string>("template") { Description = "The template to try" };
        var sku = new Option<string?>("--sku") { Description = "Sample SKU (default SKU1)" };
        var location = new Option<string?>("--location") { Description = "Sample location code (default LOC1)" };
        var date = new Option<DateOnly?>("--date") { Description = "Sample date, yyyy-MM-dd (default today)" };
        var count = new Option<int>("--count") { Description = "How many serials to show", DefaultValueFactory = _ => 5 };
        var preview = new Command("preview", "Show the first serials a template gives, and how the first decodes (nothing is saved)") { previewTemplate, sku, location, date, count };
        preview.SetAction(r => Commands.Guard(() =>
        {
            var when = r.GetValue(date) is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : DateTimeOffset.Now;
            var p = SerialNumbers.Preview(r.GetValue(previewTemplate), new SerialContext(r.GetValue(sku) ?? "SKU1", when) { Location = r.GetValue(location) ?? "LOC1" },
                Math.Clamp(r.GetValue(count), 1, 100));
            foreach (var s in p.Next)
            {
                Console.WriteLine(s);
            }
            Console.WriteLine($"counter scope: {(p.ScopeKey.Length == 0 ? "one counter for the scheme" : p.ScopeKey)}");
            if (p.Decoded is { } decoded)
            {
                SerialsCommands.PrintParts(decoded);
            }
            return Task.FromResult(0);
        }));

        var product = new Option<string?>("--product") { Description = "SKU of the product to assign the scheme to" };
        var category = new Option<string?>("--category") { Description = "Category whose products without a scheme of their own use this one" };
        var scheme = new Option<string?>("--scheme") { Description = "Scheme name; leave out to remove the assignment" };
        var uniqueness = new Option<string>("--uniqueness") { Description = "Products only: serials unique within_product (default) or across_products", DefaultValueFactory = _ => "within_product" };
        uniqueness.AcceptOnlyFromAmong("within_product", "across_products");
        var assign = new Command("assign", "Assign a scheme to a product or a category") { product, category, scheme, uniqueness };
        assign.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var (sku2, cat) = (r.GetValue(product), r.GetValue(category));
            if ((sku2 is null) == (cat is null))
            {
                throw new CliException("give --product or --category (one of them).", 2);
            }
            await using var db = await UserCommands.OpenAsync(r, ct);
            if (cat is not null)
            {
                await new SerialNumbers(db, TimeProvider.System).AssignCategoryAsync(cat, r.GetValue(scheme), ct);
                Console.WriteLine($"Category '{cat}': scheme {r.GetValue(scheme) ?? "none"}.");
                return 0;
            }
            var catalog = new ProductCatalog(db, TimeProvider.System);
            var unique = r.GetValue(uniqueness) == "across_products" ? SerialUniqueness.AcrossProducts : SerialUniqueness.WithinProduct;
            var p = await catalog.SetSerialsAsync((await catalog.FindAsync(sku2!, ct)).Id, r.GetValue(scheme), unique, ct);
            Console.WriteLine($"Product '{p.Sku}': scheme {r.GetValue(scheme) ?? "none"}, serials unique {r.GetValue(uniqueness)!.Replace('_', ' ')}.");
            return 0;
        }));

        return new Command("schemes", "Serial number schemes: list, add, preview a template, assign to a product or category") { list, add, preview, assign };
    }
}

// `serialtrack serials decode|reserve|generate|import`.
public static class SerialsCommands
{
    public const int InvalidExitCode = 2;

    public const string ImportExitCodes = """
        Exit codes: 0 every line was imported; 1 some lines were rejected (listed on stderr by line number; the
        other lines are written unless --all-or-nothing was given); 2 the file could not be read.
        """;


    public static Command Create() => new("serials", "Decode, reserve, generate and import serial numbers")
    {
        Decode(), Reserve(), Generate(), Import(),
    };

    static Command Decode()
    {
        var serial = new Argument<string>("serial") { Description = "The serial to decode" };
        var product = new Option<string?>("--product") { Description = "Decode with this product's scheme only (default: every scheme)" };
        var json = new Option<bool>("--json") { Description = "Print the matching schemes and parts as JSON" };
        var decode = new Command("decode", "Say which scheme a serial fits and what its parts mean; exit code 2 when none fits or the check character is wrong") { serial, product, json };
        decode.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var answers = await new SerialNumbers(db, TimeProvider.System).DecodeAsync(r.GetValue(serial), r.GetValue(product), ct);
            var valid = answers.Count > 0 && answers.Any(a => a.Decoded.CheckCharacterValid != false);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new { ok = valid, answers }, Json.Options));
                return valid ? 0 : InvalidExitCode;
            }
            if (answers.Count == 0)
            {
                await Console.Error.WriteLineAsync($"error: no serial scheme{(r.GetValue(product) is { } p ? $" of {p}" : "")} matches '{r.GetValue(serial)}'.");
                return InvalidExitCode;
            }
            foreach (var a in answers)
            {
                Console.WriteLine($"scheme {a.Scheme}: {a.Template}");
                PrintParts(a.Decoded);
                if (a.Product is not null)
                {
                    Console.WriteLine($"  product: {a.Product}");
                }
                if (a.Location is not null)
                {
                    Console.WriteLine($"  location: {a.Location}");
                }
                if (a.Decoded.CheckCharacterValid == false)
                {
                    await Console.Error.WriteLineAsync($"error: check character wrong for scheme {a.Scheme} (should be {a.Decoded.ExpectedCheckCharacter}).");
                }
            }
            return valid ? 0 : InvalidExitCode;
        }));
        return decode;
    }

    internal static void PrintParts(DecodedSerial decoded)
    {
        foreach (var part in decoded.Parts)
        {
            Console.WriteLine($"  {part.TokenName,-8} {part.Text,-16} {part.Meaning}");
        }
        if (decoded.Sequence is { } seq)
        {
            Console.WriteLine($"  sequence {seq}");
        }
        if (decoded.CheckCharacterValid is { } ok)
        {
            Console.WriteLine($"  check character {(ok ? "valid" : $"wrong, should be {decoded.ExpectedCheckCharacter}")}");
        }
    }

    static Command Reserve()
    {
        var product = new Option<string>("--product") { Description = "SKU", Required = true };
        var count = new Option<int>("--count") { Description = $"How many serials (1 to {SerialNumbers.MaxReservation:N0})", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Work order or purchase order the serials are for" };
        var output = new Option<string?>("--out") { Description = "Write product,serial CSV here (for a label printer)" };
        var reserve = new Command("reserve", "Reserve serials from the product's scheme as expected serials") { product, count, reference, output };
        reserve.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var res = await new SerialNumbers(db, TimeProvider.System).ReserveAsync(r.GetValue(product), r.GetValue(count), null, null, r.GetValue(reference), Commands.CliActor, ct);
            await WriteSerialsAsync(r.GetValue(output), res.Product, res.Serials);
            Console.WriteLine($"Reserved {res.Count} serial(s) of {res.Product} (reservation {res.Id}){(r.GetValue(output) is { } o ? $", written to {o}" : "")}.");
            return 0;
        }));
        return reserve;
    }

    static Command Generate()
    {
        var product = new Option<string>("--product") { Description = "SKU", Required = true };
        var count = new Option<int>("--count") { Description = $"How many units (1 to {Commissioning.MaxGenerate:N0})", Required = true };
        var location = new Option<string>("--location") { Description = "Location code where the units come into existence", Required = true };
        var output = new Option<string?>("--out") { Description = "Write product,serial CSV here instead of printing the serials" };
        var generate = new Command("generate", "Commission new units with serials generated from the product's scheme") { product, count, location, output };
        generate.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var (result, serials) = await new Commissioning(db, TimeProvider.System).CommissionWithSerialsAsync(
                new CommissionRequest(r.GetValue(product)!, [], r.GetValue(location)!, Generate: r.GetValue(count)), Commands.CliActor, ct);
            if (r.GetValue(output) is { } path)
            {
                await WriteSerialsAsync(path, r.GetValue(product)!, serials);
                Console.WriteLine($"Commissioned {result.Units} unit(s) of {r.GetValue(product)} (event {result.EventId}), serials written to {path}.");
            }
            else
            {
                foreach (var s in serials)
                {
                    Console.WriteLine(s);
                }
                await Console.Error.WriteLineAsync($"Commissioned {result.Units} unit(s) of {r.GetValue(product)} (event {result.EventId}).");
            }
            return 0;
        }));
        return generate;
    }

    // Written beside the target and moved into place, so a failure never leaves half a file.
    static async Task WriteSerialsAsync(string? path, string sku, IReadOnlyList<string> serials)
    {
        if (path is null)
        {
            return;
        }
        var full = Path.GetFullPath(path);
        var temp = full + ".partial";
        await using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            await CsvFile.WriteAsync(writer, ["product", "serial"], serials.Select(s => new[] { sku, s }), CancellationToken.None);
        }
        File.Move(temp, full, overwrite: true);
    }

    static Command Import()
    {
        var file = new Argument<string>("file") { Description = "One serial a line, or CSV with a header serial[,<identifier kind>...]; - reads standard input" };
        var product = new Option<string>("--product") { Description = "SKU", Required = true };
        var to = new Option<string>("--to") { Description = "units (new units at --location), expected (reserve), identifiers (of existing units)", Required = true };
        to.AcceptOnlyFromAmong("units", "expected", "identifiers");
        var location = new Option<string?>("--location") { Description = "Where new units are received (--to units)" };
        var reference = new Option<string?>("--reference") { Description = "Order the expected serials are for (--to expected)" };
        var allOrNothing = new Option<bool>("--all-or-nothing") { Description = "Write nothing if any line is rejected" };
        var import = new Command("import", "Import a list of serials\n" + ImportExitCodes) { file, product, to, location, reference, allOrNothing };
        import.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var path = r.GetValue(file)!;
            string text;
            try
            {
                text = path == "-" ? await Console.In.ReadToEndAsync(ct) : await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
            {
                throw new CliException($"cannot read {path}: {e.Message}", 2);
            }
            var target = r.GetValue(to) switch
            {
                "expected" => ImportTarget.Expected,
                "identifiers" => ImportTarget.Identifiers,
                _ => ImportTarget.Units,
            };
            await using var db = await UserCommands.OpenAsync(r, ct);
            var lines = text.AsSpan().Count('\n') + (text.EndsWith('\n') ? 0 : 1);
            var request = new SerialImportRequest(target, r.GetValue(product), text, r.GetValue(location), r.GetValue(reference), r.GetValue(allOrNothing));
            var result = await WithStatusAsync($"Checking and importing {lines:N0} line(s) of {r.GetValue(product)} into {r.GetValue(to)}",
                () => new SerialImport(db, TimeProvider.System).ImportAsync(request, Commands.CliActor, ct));
            foreach (var reject in result.Rejects)
            {
                await Console.Error.WriteLineAsync($"line {reject.Line}: {(reject.Field is null ? "" : reject.Field + ": ")}{reject.Message}");
            }
            Console.WriteLine($"{r.GetValue(to)}: {result.Accepted} imported, {result.Rejects.Count} rejected"
                + (result.EventId is { } ev ? $" (event {ev})" : "") + (result.ReservationId is { } res ? $" (reservation {res})" : "") + ".");
            if (result.Accepted == 0 && result.Rejects.Count > 0 && r.GetValue(allOrNothing))
            {
                Console.WriteLine("Nothing was written (--all-or-nothing): correct the rejected lines and import again.");
            }
            return result.Rejects.Count == 0 ? 0 : 1;
        }));
        return import;
    }

    // The import checks and writes in one call: a spinner at a terminal, one line for a log or a pipe.
    static async Task<T> WithStatusAsync<T>(string label, Func<Task<T>> work)
    {
        if (!Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await AnsiConsole.Status().StartAsync(label + "…", _ => work());
        }
        await Console.Error.WriteLineAsync(label + "…");
        return await work();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;

namespace SerialTrack.Cli;

// `serialtrack produce`, `serialtrack lots split|merge|transform`, `serialtrack test-result`,
// `serialtrack bom show|set`: the same services as the API and the production pages.
public static class ProductionCommands
{
    public static Command Produce()
    {
        var station = new Option<string?>("--station") { Description = "Location code of the station (default: the order's)" };
        var order = new Option<string?>("--order") { Description = "Production order number (MO-000001)" };
        var product = new Option<string?>("--product") { Description = "SKU of the output (default: the order's)" };
        var serial = new Option<string[]>("--serial") { Description = "Output serial; repeat for several outputs sharing no components", AllowMultipleArgumentsPerToken = true };
        var generate = new Option<int?>("--generate") { Description = "Generate N output serials from the product's scheme" };
        var component = new Option<string[]>("--component") { Description = "Consumed unit: SKU=SERIAL (repeat)", AllowMultipleArgumentsPerToken = true };
        var lot = new Option<string[]>("--lot") { Description = "Consumed lot quantity: SKU:LOT@LOCATION=QUANTITY (repeat)", AllowMultipleArgumentsPerToken = true };
        var outputLot = new Option<string?>("--output-lot") { Description = "Output lot code (lot-tracked output)" };
        var quantity = new Option<decimal?>("--quantity") { Description = "Output lot quantity" };
        var stage = new Option<string>("--stage") { Description = "Stage of the outputs: finished_good (default) or work_in_progress", DefaultValueFactory = _ => "finished_good" };
        stage.AcceptOnlyFromAmong("finished_good", "work_in_progress", "raw_material");
        var allowDeviation = new Option<bool>("--allow-bom-deviation") { Description = "Warn instead of refusing quantities that differ from the bill of materials" };
        var key = new Option<string?>("--idempotency-key") { Description = "Retrying with the same key builds once" };
        var produce = new Command("produce", "Build: consume components into output units (or an output lot)")
        {
            station, order, product, serial, generate, component, lot, outputLot, quantity, stage, allowDeviation, key,
        };
        produce.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var serials = r.GetValue(serial) ?? [];
            var builds = serials.Length == 0 ? null : serials.Select(s => new Build(s)).ToList();
            var result = await new Production(db, TimeProvider.System).ProduceAsync(new ProduceRequest(
                r.GetValue(station), r.GetValue(order), r.GetValue(product), builds, r.GetValue(generate), r.GetValue(outputLot), r.GetValue(quantity),
                (r.GetValue(component) ?? []).Select(ParseUnit).ToList(), (r.GetValue(lot) ?? []).Select(ParseLot).ToList(),
                ParseStage(r.GetValue(stage)!), null, r.GetValue(allowDeviation), null, new Core.Events.EventContext(IdempotencyKey: r.GetValue(key))), Commands.CliActor, ct);
            Print(result);
            return 0;
        }));
        return produce;
    }

    public static Command Lots()
    {
        var product = new Option<string>("--product") { Description = "SKU", Required = true };
        var lot = new Option<string>("--lot") { Description = "Lot code", Required = true };
        var from = new Option<string>("--from") { Description = "Location the quantity is taken from", Required = true };
        var quantity = new Option<decimal>("--quantity") { Description = "Quantity taken", Required = true };
        var newLot = new Option<string>("--new-lot") { Description = "Code of the new lot", Required = true };
        var to = new Option<string?>("--to") { Description = "Location of the new lot (default: --from)" };
        var split = new Command("split", "Split part of a lot into a new lot") { product, lot, from, quantity, newLot, to };
        split.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            Print(await new LotTransformations(db, TimeProvider.System).SplitAsync(
                new SplitRequest(r.GetValue(product)!, r.GetValue(lot)!, r.GetValue(from)!, r.GetValue(quantity), r.GetValue(newLot)!, r.GetValue(to)), Commands.CliActor, ct));
            return 0;
        }));

        var input = new Option<string[]>("--input") { Description = "Input: SKU:LOT@LOCATION=QUANTITY[UOM], e.g. SUGAR:S1@WH1=2kg (repeat)", Required = true, AllowMultipleArgumentsPerToken = true };
        var mergeProduct = new Option<string>("--product") { Description = "SKU of the lots", Required = true };
        var into = new Option<string>("--into") { Description = "Lot code of the merged lot", Required = true };
        var location = new Option<string>("--location") { Description = "Location of the resulting lot", Required = true };
        var merge = new Command("merge", "Merge lots of one product into one lot") { mergeProduct, input, into, location };
        merge.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            Print(await new LotTransformations(db, TimeProvider.System).MergeAsync(
                new MergeRequest(r.GetValue(mergeProduct)!, r.GetValue(input)!.Select(ParseInput).ToList(), r.GetValue(into)!, r.GetValue(location)!), Commands.CliActor, ct));
            return 0;
        }));

        var output = new Option<string>("--output") { Description = "Output: SKU:LOT=QUANTITY[UOM], e.g. CAKE:CK1=11.5kg", Required = true };
        var tolerance = new Option<decimal?>("--tolerance") { Description = "Mass-balance tolerance as a share (default 0.02 = 2%)" };
        var strict = new Option<bool>("--strict") { Description = "Refuse instead of warning when outputs exceed inputs beyond the tolerance" };
        var order = new Option<string?>("--order") { Description = "Production order number" };
        var transform = new Command("transform", "Transform input lots into an output lot (blend, cook, repack)") { input, output, location, tolerance, strict, order };
        transform.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var (sku, code, qty, uom) = ParseOutput(r.GetValue(output)!);
            Print(await new LotTransformations(db, TimeProvider.System).TransformAsync(new TransformRequest(
                r.GetValue(input)!.Select(ParseInput).ToList(), sku, code, qty, r.GetValue(location)!, uom, r.GetValue(tolerance), r.GetValue(strict), null, r.GetValue(order)), Commands.CliActor, ct));
            return 0;
        }));
        return new Command("lots", "Split, merge and transform lots") { split, merge, transform };
    }

    public static Command TestResult()
    {
        var test = new Argument<string>("test") { Description = "Test or inspection name" };
        var passed = new Option<bool>("--passed") { Description = "The test passed" };
        var failed = new Option<bool>("--failed") { Description = "The test failed" };
        var optional = new Option<bool>("--optional") { Description = "Not a required test: a failure does not block shipping" };
        var unit = new Option<string[]>("--unit") { Description = "Tested unit: SKU=SERIAL (repeat)", AllowMultipleArgumentsPerToken = true };
        var lot = new Option<string?>("--lot") { Description = "Tested lot: SKU:LOT" };
        var measure = new Option<string[]>("--measure") { Description = "Measured value NAME=VALUE (repeat)", AllowMultipleArgumentsPerToken = true };
        var command = new Command("test-result", "Record a test or inspection result") { test, passed, failed, optional, unit, lot, measure };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            if (r.GetValue(passed) == r.GetValue(failed))
            {
                throw new CliException("give --passed or --failed (one of them).", 2);
            }
            var measurements = new Dictionary<string, JsonElement>();
            foreach (var m in r.GetValue(measure) ?? [])
            {
                var (name, value) = Split(m, '=', "--measure NAME=VALUE");
                measurements[name] = decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? JsonSerializer.SerializeToElement(d) : JsonSerializer.SerializeToElement(value);
            }
            LotRef? lotRef = r.GetValue(lot) is { } l ? Split(l, ':', "--lot SKU:LOT") is var (s, c) ? new LotRef(s, c) : null : null;
            await using var db = await UserCommands.OpenAsync(r, ct);
            var result = await new Inspections(db, TimeProvider.System).RecordTestAsync(new TestRequest(r.GetValue(test)!, r.GetValue(passed), !r.GetValue(optional),
                (r.GetValue(unit) ?? []).Select(ParseUnit).ToList(), lotRef, measurements), Commands.CliActor, ct);
            Console.WriteLine($"Recorded event {result.EventId}: {result.Units} unit(s), {result.Lots} lot(s).");
            return 0;
        }));
        return command;
    }

    public static Command Bom()
    {
        var sku = new Argument<string>("sku") { Description = "Assembly SKU" };
        var show = new Command("show", "Show an assembly's components") { sku };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            PrintBom(await new BillOfMaterials(db).GetAsync(r.GetValue(sku)!, ct));
            return 0;
        }));
        var setSku = new Argument<string>("sku") { Description = "Assembly SKU" };
        var component = new Option<string[]>("--component") { Description = "Component: SKU=QUANTITY per assembly (repeat); none clears the list", AllowMultipleArgumentsPerToken = true };
        var set = new Command("set", "Replace an assembly's components") { setSku, component };
        set.SetAction((r, ct) => Commands.Guard(async () =>
        {
            var lines = (r.GetValue(component) ?? []).Select(c => Split(c, '=', "--component SKU=QUANTITY") is var (s, q)
                ? new BomComponentInput(s, ParseDecimal(q, "--component")) : null!).ToList();
            await using var db = await UserCommands.OpenAsync(r, ct);
            PrintBom(await new BillOfMaterials(db).SetAsync(r.GetValue(setSku)!, lines, ct));
            return 0;
        }));
        return new Command("bom", "Bills of materials") { show, set };
    }

    static void PrintBom(BomView bom)
    {
        Console.WriteLine($"{bom.Assembly}: {bom.Components.Count} component(s)");
        foreach (var c in bom.Components)
        {
            Console.WriteLine($"  {c.Component,-20} {c.Quantity.ToString(CultureInfo.InvariantCulture)} {c.Uom}");
        }
    }

    static void Print(ProductionResult result)
    {
        Console.WriteLine($"{(result.Event.Replayed ? "Replayed" : "Recorded")} event {result.Event.EventId}: {string.Join(", ", result.Outputs.Take(20))}{(result.Outputs.Count > 20 ? $", ... ({result.Outputs.Count})" : "")}");
        foreach (var w in result.Warnings)
        {
            Console.WriteLine($"warning: {w}");
        }
    }

    static Stage ParseStage(string text) => text switch
    {
        "work_in_progress" => Stage.WorkInProgress,
        "raw_material" => Stage.RawMaterial,
        _ => Stage.FinishedGood,
    };

    static (string, string) Split(string text, char separator, string form)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at <= 0 || at == text.Length - 1 ? throw new CliException($"'{text}' is not of the form {form}.", 2) : (text[..at], text[(at + 1)..]);
    }

    static decimal ParseDecimal(string text, string option) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : throw new CliException($"{option}: '{text}' is not a number.", 2);

    static UnitRef ParseUnit(string text) => Split(text, '=', "SKU=SERIAL") is var (sku, serial) ? new UnitRef(sku, serial) : null!;

    // SKU:LOT@LOCATION=QUANTITY
    static LotQuantity ParseLot(string text)
    {
        var (head, quantity) = Split(text, '=', "SKU:LOT@LOCATION=QUANTITY");
        var (what, location) = Split(head, '@', "SKU:LOT@LOCATION=QUANTITY");
        var (sku, lot) = Split(what, ':', "SKU:LOT@LOCATION=QUANTITY");
        return new LotQuantity(sku, lot, ParseDecimal(quantity, "--lot"), location);
    }

    // SKU:LOT@LOCATION=QUANTITY[UOM]
    static LotInput ParseInput(string text)
    {
        var (head, amount) = Split(text, '=', "SKU:LOT@LOCATION=QUANTITY[UOM]");
        var (what, location) = Split(head, '@', "SKU:LOT@LOCATION=QUANTITY[UOM]");
        var (sku, lot) = Split(what, ':', "SKU:LOT@LOCATION=QUANTITY[UOM]");
        var (quantity, uom) = Amount(amount, "--input");
        return new LotInput(sku, lot, location, quantity, uom);
    }

    static (string Sku, string Lot, decimal Quantity, string? Uom) ParseOutput(string text)
    {
        var (head, amount) = Split(text, '=', "SKU:LOT=QUANTITY[UOM]");
        var (sku, lot) = Split(head, ':', "SKU:LOT=QUANTITY[UOM]");
        var (quantity, uom) = Amount(amount, "--output");
        return (sku, lot, quantity, uom);
    }

    // "2.5kg" -> (2.5, "kg"); "3" -> (3, null).
    static (decimal, string?) Amount(string text, string option)
    {
        var end = 0;
        while (end < text.Length && (char.IsDigit(text[end]) || text[end] is '.' or '-'))
        {
            end++;
        }
        return (ParseDecimal(text[..end], option), end < text.Length ? text[end..] : null);
    }
}

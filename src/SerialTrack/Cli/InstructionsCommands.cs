using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SerialTrack.Api;
using SerialTrack.Core;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Cli;

// `serialtrack substitutes add|remove|list`, `serialtrack replacement`, `serialtrack instructions add|list|remove|ack`.
public static class InstructionsCommands
{
    public static IEnumerable<Command> Create() => [Substitutes(), Replacement(), Instructions()];

    static Command Substitutes()
    {
        var product = new Argument<string>("sku") { Description = "The product that can be replaced" };
        var substitute = new Argument<string>("substitute") { Description = "The product that can stand in for it" };
        var bothWays = new Option<bool>("--both-ways") { Description = "Each can stand in for the other" };
        var note = new Option<string?>("--note") { Description = "A note shown with the substitute" };
        var conditions = new Option<string?>("--conditions") { Description = "What must hold for the swap (\"same voltage\", \"customer approval needed\")" };
        var add = new Command("add", "Declare a substitute (or change its note, conditions or direction)") { product, substitute, bothWays, note, conditions };
        add.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var s = await new Substitutes(db, TimeProvider.System).DeclareAsync(r.GetValue(product)!,
                new SubstituteInput(r.GetValue(substitute), r.GetValue(bothWays), r.GetValue(note), r.GetValue(conditions)), ct);
            Console.WriteLine($"{s.Substitute} can stand in for {s.Product}{(s.BothWays ? " (both ways)" : "")}.");
            return 0;
        }));
        var remove = new Command("remove", "End a substitute relation, whichever side declared it") { product, substitute };
        remove.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            await new Substitutes(db, TimeProvider.System).RemoveAsync(r.GetValue(product)!, r.GetValue(substitute), ct);
            Console.WriteLine($"{r.GetValue(substitute)} no longer stands in for {r.GetValue(product)}.");
            return 0;
        }));
        var listProduct = new Argument<string>("sku") { Description = "The product" };
        var list = new Command("list", "List a product's substitutes") { listProduct };
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var s in await new Substitutes(db, TimeProvider.System).ListAsync(r.GetValue(listProduct)!, ct))
            {
                Console.WriteLine($"{s.Substitute}\t{s.SubstituteName}\t{(s.BothWays ? "both ways" : "one way")}\t{s.Note}\t{s.Conditions}");
            }
            return 0;
        }));
        return new Command("substitutes", "Products that can stand in for others") { add, remove, list };
    }

    static Command Replacement()
    {
        var product = new Argument<string?>("sku") { Description = "The product to replace", Arity = ArgumentArity.ZeroOrOne };
        var unit = new Option<string?>("--unit") { Description = "A faulty unit (serial or any identifier): its product, near where it is" };
        var near = new Option<string?>("--near") { Description = "Location code: stock at the same site comes first" };
        var json = new Option<bool>("--json") { Description = "Print the answer as the JSON of GET /api/v1/replacements" };
        var command = new Command("replacement", "Available stock of a product and its substitutes, nearest first") { product, unit, near, json };
        command.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var a = await new Substitutes(db, TimeProvider.System).FindAsync(r.GetValue(product), r.GetValue(unit), r.GetValue(near), ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(a, Json.Options));
                return 0;
            }
            Console.WriteLine($"Replacements for {a.Product} — {a.ProductName}{(a.Near is null ? "" : $", near {a.Near} (site {a.Site})")}");
            foreach (var l in a.Lines)
            {
                var relation = l.Relation == ReplacementRelation.SameProduct ? "same product" : "substitute" + (l.Note is null ? "" : $": {l.Note}") + (l.Conditions is null ? "" : $" [{l.Conditions}]");
                Console.WriteLine($"{l.Product}\t{l.Location}\t{l.Site}\t{l.Quantity.ToString("0.######", CultureInfo.InvariantCulture)} {l.Uom}\t{relation}");
            }
            if (a.Message is { } m)
            {
                Console.WriteLine(m);
            }
            return 0;
        }));
        return command;
    }

    static Command Instructions()
    {
        var text = new Argument<string>("text") { Description = "What the operator must know or do" };
        var product = new Option<string?>("--product") { Description = "On a product (SKU); with --lot or --serial on one lot or unit of it" };
        var category = new Option<string?>("--category") { Description = "On every product of a category" };
        var lot = new Option<string?>("--lot") { Description = "On one lot of --product" };
        var serial = new Option<string?>("--serial") { Description = "On one unit of --product" };
        var severity = new Option<string>("--severity") { Description = "info, warning or blocking", DefaultValueFactory = _ => "info" };
        var process = new Option<string[]>("--process") { Description = "receive, move, pick, pack, ship, produce, count (repeat; default all)", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Add a handling instruction") { text, product, category, lot, serial, severity, process };
        add.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var input = new InstructionInput(r.GetValue(text), EnumQuery.Parse<InstructionSeverity>(r.GetValue(severity), "severity") ?? InstructionSeverity.Info,
                (r.GetValue(process) ?? []).Select(p => EnumQuery.Parse<InstructionProcesses>(p, "process")).OfType<InstructionProcesses>().ToList(),
                r.GetValue(product), r.GetValue(category), r.GetValue(lot), r.GetValue(serial));
            var view = await new Instructions(db, TimeProvider.System).CreateAsync(input, Commands.CliActor, ct);
            Console.WriteLine($"Instruction {view.Id} on {view.TargetLabel} ({Text.Snake(view.Severity)}).");
            return 0;
        }));
        var all = new Option<bool>("--all") { Description = "Include inactive instructions" };
        var listProduct = new Option<string?>("--product") { Description = "A product's instructions, with its lots' and units'" };
        var listCategory = new Option<string?>("--category") { Description = "A category's instructions" };
        var list = new Command("list", "List handling instructions") { listProduct, listCategory, all };
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var i in await new Instructions(db, TimeProvider.System).ListAsync(r.GetValue(listProduct), r.GetValue(listCategory), r.GetValue(all), ct))
            {
                Console.WriteLine($"{i.Id}\t{i.TargetLabel}\t{Text.Snake(i.Severity)}\t{string.Join(",", i.Processes.Select(Text.Snake))}\t{(i.Active ? "" : "inactive\t")}{i.Text}");
            }
            return 0;
        }));
        var id = new Argument<long>("id") { Description = "The instruction's id" };
        var remove = new Command("remove", "Delete an instruction (one already acknowledged is kept, inactive)") { id };
        remove.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var kept = await new Instructions(db, TimeProvider.System).RemoveAsync(r.GetValue(id), ct);
            Console.WriteLine(kept is null ? $"Instruction {r.GetValue(id)} deleted." : $"Instruction {r.GetValue(id)} deactivated (it was acknowledged before).");
            return 0;
        }));
        var ackProduct = new Option<string>("--product") { Description = "The product of the units or lots", Required = true };
        var ackSerial = new Option<string[]>("--serial") { Description = "A unit's serial (repeat)", AllowMultipleArgumentsPerToken = true };
        var ackLot = new Option<string[]>("--lot") { Description = "A lot code (repeat)", AllowMultipleArgumentsPerToken = true };
        var ack = new Command("ack", "Acknowledge an instruction for units or lots (an InstructionAcknowledged event)") { id, ackProduct, ackSerial, ackLot };
        ack.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var sku = r.GetValue(ackProduct)!;
            var result = await new Instructions(db, TimeProvider.System).AcknowledgeAsync(new AcknowledgeRequest(r.GetValue(id),
                (r.GetValue(ackSerial) ?? []).Select(s => new UnitRef(sku, s)).ToList(), (r.GetValue(ackLot) ?? []).Select(l => new LotRef(sku, l)).ToList()), Commands.CliActor, ct);
            Console.WriteLine($"Acknowledged for {result.Units} unit(s) and {result.Lots} lot(s): event {result.EventId}.");
            return 0;
        }));
        return new Command("instructions", "Handling instructions on categories, products, lots and units") { add, list, remove, ack };
    }
}

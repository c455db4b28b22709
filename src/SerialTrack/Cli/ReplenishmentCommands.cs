using System.CommandLine;
using System.Globalization;
using SerialTrack.Core.Data;
using SerialTrack.Core.Warehouse;
using Spectre.Console;
using Text = SerialTrack.Core.Text;

namespace SerialTrack.Cli;

// `serialtrack replenishment rules|set|remove|run`: the same Replenishment service as the API and the page.
public static class ReplenishmentCommands
{
    public static Command Create()
    {
        var rules = new Command("rules", "Replenishment rules with the current level at each location");
        rules.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var table = new Table().AddColumns("Product", "Location", "Min", "Max", "Source", "Level", "Open task");
            foreach (var rule in await Of(db).ListAsync(ct))
            {
                table.AddRow(Markup.Escape(rule.Product), Markup.Escape(rule.Location), Show(rule.Min), Show(rule.Max), Markup.Escape(rule.Source ?? ""),
                    rule.BelowMin ? $"[red]{Show(rule.Level)} (below min)[/]" : Show(rule.Level), Markup.Escape(rule.OpenTask ?? ""));
            }
            Commands.Out().Write(table);
            return 0;
        }));

        var product = new Option<string>("--product") { Description = "Product (SKU)", Required = true };
        var location = new Option<string>("--location") { Description = "Pick location (its stock counts over everything below it)", Required = true };
        var min = new Option<decimal>("--min") { Description = "Below this, a run creates a task", Required = true };
        var max = new Option<decimal>("--max") { Description = "A task brings the location up to this", Required = true };
        var source = new Option<string?>("--source") { Description = "Take stock from below this location first" };
        var set = new Command("set", "Set (or change) the rule for a product at a location") { product, location, min, max, source };
        set.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var rule = await Of(db).SetAsync(new ReplenishmentRuleInput(r.GetValue(product), r.GetValue(location), r.GetValue(min), r.GetValue(max), r.GetValue(source)),
                Commands.CliActor, ct);
            System.Console.WriteLine($"{rule.Product} at {rule.Location}: min {Show(rule.Min)}, max {Show(rule.Max)}{(rule.Source is null ? "" : $", from {rule.Source} first")}; now {Show(rule.Level)}.");
            return 0;
        }));

        var remove = new Command("remove", "Remove the rule for a product at a location (its tasks stay)") { product, location };
        remove.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            await Of(db).RemoveAsync(r.GetValue(product), r.GetValue(location), ct);
            System.Console.WriteLine($"Removed the rule for {r.GetValue(product)} at {r.GetValue(location)}.");
            return 0;
        }));

        var run = new Command("run", "Create a move task for every rule below its minimum");
        run.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var result = await Of(db).RunAsync(Commands.CliActor, ct);
            foreach (var o in result.Rules.Where(o => o.Status != ReplenishmentStatus.Stocked))
            {
                System.Console.WriteLine(string.Join("  ", $"{o.Product} at {o.Location}:", $"level {Show(o.Level)} (min {Show(o.Min)}, max {Show(o.Max)})", Text.Snake(o.Status),
                    o.Task ?? "", o.Planned > 0 ? $"planned {Show(o.Planned)}" : "", o.Shortfall > 0 ? $"short {Show(o.Shortfall)}" : "").TrimEnd());
            }
            System.Console.WriteLine($"{result.Created.Count()} task(s) created; {result.Rules.Count(o => o.Status == ReplenishmentStatus.Stocked)} of {result.Rules.Count} rule(s) stocked.");
            return 0;
        }));

        return new Command("replenishment", "Keep pick locations stocked: rules and move tasks") { rules, set, remove, run };
    }

    static Replenishment Of(SerialTrackDbContext db) => new(db, new StaffTasks(db, new Groups(db, TimeProvider.System), TimeProvider.System), TimeProvider.System);


    static string Show(decimal q) => q.ToString("0.######", CultureInfo.InvariantCulture);
}

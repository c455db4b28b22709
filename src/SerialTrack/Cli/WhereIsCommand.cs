using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SerialTrack.Core.Inventory;
using SerialTrack.Web;
using Spectre.Console;

namespace SerialTrack.Cli;

// `serialtrack where CODE [--at LOCATION] [--json]`: where a unit, lot, product or container is, or what a location holds.
public static class WhereIsCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("code") { Description = "A serial, lot, SKU, GTIN, container code, SSCC or location code, in any form the scanner reads" };
        var at = new Option<string?>("--at") { Description = "Location code where the thing was found: says so when a unit is recorded elsewhere" };
        var json = new Option<bool>("--json") { Description = "Print the answer as the JSON of GET /api/v1/whereis" };
        var where = new Command("where", "Where is it (unit, lot, product, container) or what is here (location); exit code 3 when nothing matches") { text, at, json };
        where.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var answer = await new Whereabouts(db).FindAsync(r.GetValue(text), r.GetValue(at), ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, Json.Options));
            }
            else
            {
                Print(answer);
            }
            return answer.Kind is ScanKind.Unknown or ScanKind.Ambiguous ? ScanCommand.UnknownExitCode : 0;
        }));
        return where;
    }

    static void Print(WhereIsAnswer a)
    {
        var c = CultureInfo.InvariantCulture;
        var console = Commands.Out();
        console.MarkupLine($"[bold]{Markup.Escape(SerialTrack.Core.Text.Snake(a.Kind))}[/] {Markup.Escape(a.Label ?? a.Query)}");
        foreach (var line in new[] { a.Misplaced, a.Message }.OfType<string>().Concat(a.HandlingInstructions.Select(h => "Handling: " + h)))
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(line)}[/]");
        }
        if (a.Lines.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("Product", "Serial", "Lot", "Expiry", "Location", "Container", "Status", "Quantity", "Since");
        foreach (var l in a.Lines)
        {
            table.AddRow(Markup.Escape(l.Product), Markup.Escape(l.Serial ?? ""), Markup.Escape(l.Lot ?? ""), l.Expiry?.ToString("yyyy-MM-dd", c) ?? "",
                Markup.Escape(l.Location ?? ""), Markup.Escape(l.Container ?? ""), l.Status, $"{l.Quantity.ToString("0.######", c)} {l.Uom}",
                l.Since?.ToString("yyyy-MM-dd HH:mm", c) ?? "");
        }
        console.Write(table);
        console.MarkupLine("Total: " + Markup.Escape(string.Join(", ", a.Totals.Select(t => $"{t.Product} {t.Quantity.ToString("0.######", c)} {t.Uom}"))));
    }
}

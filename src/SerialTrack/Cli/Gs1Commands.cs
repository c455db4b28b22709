using System.CommandLine;
using System.Text.Json;
using SerialTrack.Core.Gs1;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Cli;

// `serialtrack gs1 parse|dl|element TEXT`: any GS1 form in (bracketed, raw with GS or ^ for FNC1,
// AIM-prefixed scanner data, Digital Link URI, EPC URN); exit code 2 when the text is not valid GS1.
public static class Gs1Commands
{
    public const int InvalidExitCode = 2;

    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "GS1 data: (01)...(21)..., raw with ^ or GS for FNC1, ]d2..., a Digital Link URI or an EPC URN" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"ok\":true,\"ais\":[{\"ai\":\"01\",\"value\":\"...\"}]}" };
        var parse = new Command("parse", "Parse GS1 data and print its AIs in order") { text, json };
        parse.SetAction(r => Parse(r.GetValue(text)!, r.GetValue(json)));

        var dlText = new Argument<string>("text") { Description = "GS1 data in any form" };
        var stem = new Option<string>("--stem") { Description = "Domain and path before the GS1 keys", DefaultValueFactory = _ => DigitalLink.DefaultStem };
        var dl = new Command("dl", "Print the GS1 Digital Link URI of GS1 data") { dlText, stem };
        dl.SetAction(r => Convert(r.GetValue(dlText)!, es => DigitalLink.Create(es, r.GetValue(stem)!)));

        var elText = new Argument<string>("text") { Description = "GS1 data in any form" };
        var element = new Command("element", "Print the bracketed element string of GS1 data") { elText };
        element.SetAction(r => Convert(r.GetValue(elText)!, es => es.ToBracketed()));

        return new Command("gs1", "Parse and convert GS1 element strings, scans, Digital Links and EPC URNs") { parse, dl, element };
    }

    static int Parse(string text, bool json)
    {
        if (!Gs1Parser.TryParseAny(text, out var es, out var error))
        {
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { ok = false, error = new { code = error.Code, message = error.Message, ai = error.Ai, position = error.Position } }, Json.Options));
            }
            else
            {
                Console.Error.WriteLine($"error: {error.Message} ({error.Code})");
            }
            return InvalidExitCode;
        }
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                ok = true,
                ais = es.Elements.Select(e => new { ai = e.Ai, value = e.Value }),
                symbology = Scanner.AimIdentifier(es.Symbology),
            }, Json.Options));
        }
        else
        {
            PrintAis(es.Elements, "");
        }
        return 0;
    }

    static int Convert(string text, Func<ElementString, string> convert)
    {
        if (!Gs1Parser.TryParseAny(text, out var es, out var error))
        {
            Console.Error.WriteLine($"error: {error.Message} ({error.Code})");
            return InvalidExitCode;
        }
        try
        {
            Console.WriteLine(convert(es));
            return 0;
        }
        catch (Gs1Exception e)
        {
            Console.Error.WriteLine($"error: {e.Error.Message} ({e.Error.Code})");
            return InvalidExitCode;
        }
    }

    // One AI a line, with the dictionary's title: "(17) 201225    USE BY or EXPIRY".
    internal static void PrintAis(IEnumerable<Gs1Element> elements, string indent)
    {
        foreach (var e in elements)
        {
            var title = Gs1Dictionary.Default.TryGet(e.Ai, out var def) ? def.Title : null;
            Console.WriteLine($"{indent}({e.Ai}) {e.Value}{(title is null ? "" : $"    {title}")}");
        }
    }
}

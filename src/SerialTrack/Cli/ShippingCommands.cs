using System.CommandLine;
using SerialTrack.Core;
using SerialTrack.Core.Data;
using SerialTrack.Core.Processes;

namespace SerialTrack.Cli;

// `serialtrack settings`, `pack`, `allocate`, `ship`: the packing and sales processes for scripts and bulk files.
public static class ShippingCommands
{
    public static IEnumerable<Command> Create() => [Settings(), Pack(), Allocate(), Ship()];

    static Command Settings()
    {
        var getKey = new Argument<string?>("key") { Description = "Setting key; leave out to list all", Arity = ArgumentArity.ZeroOrOne };
        var get = new Command("get", "Show installation settings") { getKey };
        get.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var settings = new InstallationSettings(db, TimeProvider.System);
            if (r.GetValue(getKey) is { } key)
            {
                Console.WriteLine(await settings.GetAsync(key, ct) ?? "");
                return 0;
            }
            foreach (var s in await settings.ListAsync(ct))
            {
                Console.WriteLine($"{s.Key,-22} {s.Value ?? "(not set)",-14} {s.Description}");
            }
            return 0;
        }));
        var setKey = new Argument<string>("key") { Description = $"{SerialTrack.Core.Data.Settings.CompanyPrefix} or {SerialTrack.Core.Data.Settings.SsccExtension}" };
        var value = new Argument<string>("value") { Description = "The new value" };
        var set = new Command("set", "Change an installation setting") { setKey, value };
        set.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var s = await new InstallationSettings(db, TimeProvider.System).SetAsync(r.GetValue(setKey)!, r.GetValue(value), ct);
            Console.WriteLine($"{s.Key} = {s.Value}");
            return 0;
        }));
        return new Command("settings", "Installation settings: GS1 company prefix and SSCC extension digit") { get, set };
    }

    static readonly Option<string?> Product = new("--product") { Description = "SKU of the serials listed (a file line may also read SKU,SERIAL)" };
    static readonly Option<string[]> Serial = new("--serial") { Description = "A serial (repeat for more)", AllowMultipleArgumentsPerToken = true };
    static readonly Option<FileInfo?> SerialsFile = new("--serials") { Description = "File with one serial (or SKU,SERIAL) per line" };
    static readonly Option<string[]> Containers = new("--container") { Description = "Container code or SSCC (repeat for more)", AllowMultipleArgumentsPerToken = true };

    static Command Pack()
    {
        var into = new Option<string?>("--into") { Description = "Code or SSCC of the container to pack into" };
        var kind = new Option<string?>("--new") { Description = "Create the container first: case, pallet or tote" };
        var location = new Option<string?>("--location") { Description = "Where a new container stands" };
        var pack = new Command("pack", "Pack units and containers into a container (prints its code and SSCC)") { into, kind, location, Product, Serial, SerialsFile, Containers };
        pack.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var packing = new Packing(db, TimeProvider.System);
            var target = r.GetValue(into);
            if (r.GetValue(kind) is { } k)
            {
                var created = await packing.CreateContainerAsync(new ContainerInput(r.GetValue(location) ?? throw new CliException("--new needs --location.", 2), k), Commands.CliActor, ct);
                target = created.Code;
            }
            if (target is null)
            {
                throw new CliException("give --into CODE or --new KIND --location CODE.", 2);
            }
            var units = await UnitsAsync(r, ct);
            if (units.Count + r.GetValue(Containers)!.Length > 0)
            {
                var result = await packing.PackAsync(new PackRequest(target, units, Containers: r.GetValue(Containers)), Commands.CliActor, ct);
                Console.WriteLine($"Packed {result.Units} unit(s) and {r.GetValue(Containers)!.Length} container(s) (event {result.EventId}).");
            }
            var view = await packing.GetAsync(target, ct);
            Console.WriteLine($"{view.Kind} {view.Code}{(view.Sscc is null ? "" : $" SSCC {view.Sscc}")} at {view.Location}: {view.TotalUnits} unit(s)");
            return 0;
        }));
        return pack;
    }

    static Command Allocate()
    {
        var order = new Option<string>("--order") { Description = "Sales order number", Required = true };
        var suggest = new Option<bool>("--suggest") { Description = "Fill every open line from stock: earliest expiry first (FEFO), else oldest first (FIFO)" };
        var line = new Option<int>("--line") { Description = "Line number the listed serials are for", DefaultValueFactory = _ => 1 };
        var allocate = new Command("allocate", "Allocate serials or suggested stock to a sales order") { order, suggest, line, SerialsFile, Serial };
        allocate.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var serials = (await UnitsAsync(r, ct, product: "-")).Select(u => u.Serial).ToList();
            var lines = serials.Count == 0 ? null : new List<AllocationLine> { new(r.GetValue(line), serials) };
            var result = await new Shipping(db, TimeProvider.System).AllocateAsync(new AllocateRequest(r.GetValue(order)!, lines, r.GetValue(suggest)), Commands.CliActor, ct);
            Console.WriteLine($"Allocated {result.Units} unit(s) and {result.Lots} lot quantity(ies) to {r.GetValue(order)} (event {result.EventId}).");
            return 0;
        }));
        return allocate;
    }

    static Command Ship()
    {
        var order = new Option<string>("--order") { Description = "Sales order number", Required = true };
        var ship = new Command("ship", "Ship a sales order: the listed units and containers, or else what was picked (or allocated)") { order, Product, SerialsFile, Serial, Containers };
        ship.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var units = await UnitsAsync(r, ct);
            var result = await new Shipping(db, TimeProvider.System).ShipAsync(new ShipRequest(r.GetValue(order)!, units, Containers: r.GetValue(Containers)), Commands.CliActor, ct);
            Console.WriteLine($"Shipped {result.Units} unit(s) and {result.Lots} lot quantity(ies) on {r.GetValue(order)} (event {result.EventId}{(result.Replayed ? ", replayed" : "")}).");
            return 0;
        }));
        return ship;
    }

    // Serials from --serial and the --serials file; a line "SKU,SERIAL" names its own product.
    static async Task<List<UnitRef>> UnitsAsync(ParseResult r, CancellationToken ct, string? product = null)
    {
        var lines = new List<string>(r.GetValue(Serial) ?? []);
        if (r.GetValue(SerialsFile) is { } file)
        {
            lines.AddRange((await File.ReadAllLinesAsync(file.FullName, ct)).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }
        var sku = product ?? r.GetValue(Product);
        return lines.Select((l, i) => l.Split(',', 2) is [var p, var s] ? new UnitRef(p.Trim(), s.Trim())
            : new UnitRef(sku ?? throw new CliException($"line {i + 1} ('{l}') has no SKU: give --product or write SKU,SERIAL.", 2), l)).ToList();
    }
}

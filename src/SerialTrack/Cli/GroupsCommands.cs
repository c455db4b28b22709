using System.CommandLine;
using System.Text.Json;
using SerialTrack.Core.Data;
using SerialTrack.Core.Inventory;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Cli;

// `serialtrack groups list|show|save|count|members|move|hold|tag` and `serialtrack tags add|list`: the same
// Groups, Tagging and BulkActions services as the API and the group builder.
public static class GroupsCommands
{
    public static IEnumerable<Command> Create() => [CreateGroups(), CreateTags()];

    static Command CreateGroups()
    {
        var name = new Argument<string>("name") { Description = "Group name" };
        var list = new Command("list", "Saved groups with their current member counts");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var g in await GroupsOf(db).ListAsync(withCounts: true, ct))
            {
                Console.WriteLine($"{g.Name,-30} {g.Count,10}  {g.Filter.ToJson()}");
            }
            return 0;
        }));

        var show = new Command("show", "A group's filter and member count") { name };
        show.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var g = await GroupsOf(db).GetAsync(r.GetValue(name)!, ct);
            Console.WriteLine($"{g.Name} (version {g.Version}, by {g.CreatedBy}): {await GroupsOf(db).CountAsync(g.Filter, ct)} member(s)");
            Console.WriteLine(g.Filter.ToJson());
            return 0;
        }));

        var filterOptions = new FilterOptions();
        var description = new Option<string?>("--description") { Description = "What the group is for" };
        var save = new Command("save", "Save a group (a new one, or replace the filter of an existing one)") { name, description };
        filterOptions.AddTo(save);
        save.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var groups = GroupsOf(db);
            var n = r.GetValue(name)!;
            var existing = (await groups.ListAsync(withCounts: false, ct)).FirstOrDefault(g => g.Name == n);
            var saved = await groups.SaveAsync(new SaveGroupRequest(n, filterOptions.Read(r), r.GetValue(description), existing?.Version), Commands.CliActor, ct);
            Console.WriteLine($"Saved group '{saved.Name}' (version {saved.Version}): {await groups.CountAsync(saved.Filter, ct)} member(s).");
            return 0;
        }));

        var optionalName = new Argument<string?>("name") { Description = "Group name (or give filter options instead)", Arity = ArgumentArity.ZeroOrOne };
        var count = new Command("count", "How many units a group (or an ad-hoc filter) holds now") { optionalName };
        filterOptions.AddTo(count);
        count.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var filter = r.GetValue(optionalName) is { } g ? await GroupsOf(db).FilterOfAsync(g, ct) : filterOptions.Read(r);
            Console.WriteLine(await GroupsOf(db).CountAsync(filter, ct));
            return 0;
        }));

        var csv = new Option<bool>("--csv") { Description = "Write every member as CSV to stdout (or --out)" };
        var output = new Option<string?>("--out") { Description = "File for --csv" };
        var limit = new Option<int?>("--limit") { Description = "Members to list without --csv (default 50)" };
        var members = new Command("members", "List a group's members, or export them all as CSV") { name, csv, output, limit };
        members.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var groups = GroupsOf(db);
            var filter = await groups.FilterOfAsync(r.GetValue(name)!, ct);
            if (r.GetValue(csv))
            {
                await using var file = r.GetValue(output) is { } path ? new StreamWriter(path) : null;
                var writer = file ?? Console.Out;
                var rows = groups.StreamMembersAsync(filter, ct).Select(Groups.CsvRow);
                var n = await CsvFile.WriteAsync(writer, Groups.CsvHeader, rows, ct);
                if (file is not null)
                {
                    Console.WriteLine($"Wrote {n} member(s) to {r.GetValue(output)}.");
                }
                return 0;
            }
            var page = await groups.MembersAsync(filter, null, r.GetValue(limit) ?? 50, withCount: true, ct);
            foreach (var m in page.Members)
            {
                Console.WriteLine($"{m.Product,-12} {m.Serial,-24} {Core.Text.Snake(m.Status),-12} {m.Location,-10} {m.Lot}");
            }
            Console.WriteLine($"{page.Count} member(s){(page.Next is null ? "" : $", first {page.Members.Count} shown")}.");
            return 0;
        }));

        var to = new Option<string>("--to") { Description = "Destination location code", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why", Required = true };
        var tag = new Option<string>("--tag") { Description = "Tag name", Required = true };
        var yes = new Option<bool>("--yes") { Description = "Do it: without --yes only the preview is printed" };
        var move = new Command("move", "Move a group's movable members (preview; --yes to do it)") { name, to, yes };
        move.SetAction((r, ct) => Commands.Guard(() => BulkAsync(r, BulkAction.Move, r.GetValue(name)!, r.GetValue(yes), ct, To: r.GetValue(to))));
        var hold = new Command("hold", "Put a group's members on hold (preview; --yes to do it)") { name, reason, yes };
        hold.SetAction((r, ct) => Commands.Guard(() => BulkAsync(r, BulkAction.Hold, r.GetValue(name)!, r.GetValue(yes), ct, Reason: r.GetValue(reason))));
        var release = new Command("release", "Release a group's members on hold (preview; --yes to do it)") { name, reason, yes };
        release.SetAction((r, ct) => Commands.Guard(() => BulkAsync(r, BulkAction.Release, r.GetValue(name)!, r.GetValue(yes), ct, Reason: r.GetValue(reason))));
        var tagGroup = new Command("tag", "Tag a group's members (preview; --yes to do it)") { name, tag, yes };
        tagGroup.SetAction((r, ct) => Commands.Guard(() => BulkAsync(r, BulkAction.Tag, r.GetValue(name)!, r.GetValue(yes), ct, Tag: r.GetValue(tag))));

        var delete = new Command("delete", "Delete a saved group (its units are untouched)") { name };
        delete.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            await GroupsOf(db).DeleteAsync(r.GetValue(name)!, ct);
            Console.WriteLine($"Deleted group '{r.GetValue(name)}'.");
            return 0;
        }));

        return new Command("groups", "Saved groups of units (live filters) and bulk actions on them")
        {
            list, show, save, count, members, move, hold, release, tagGroup, delete,
        };
    }

    // Prints the preview; with --yes confirms it with the count just shown, so a group that changes in
    // between is refused (exit 1) instead of acted on blindly.
    static async Task<int> BulkAsync(ParseResult r, BulkAction action, string group, bool yes, CancellationToken ct, string? To = null, string? Reason = null, string? Tag = null)
    {
        await using var db = await UserCommands.OpenAsync(r, ct);
        var bulk = BulkOf(db);
        var request = new BulkRequest(action, new BulkTarget(Group: group), To, Reason, Tag);
        var preview = await bulk.PreviewAsync(request, ct);
        var verb = Core.Text.Snake(action);
        Console.WriteLine($"{verb}: {preview.Affected} of {preview.Members} member(s) affected.");
        foreach (var refusal in preview.Refused)
        {
            Console.WriteLine($"  refused: {refusal.Message} ({refusal.Code})");
        }
        if (!yes)
        {
            Console.WriteLine("Nothing done: run again with --yes to do it.");
            return 0;
        }
        var result = await bulk.ConfirmAsync(request with { ExpectedCount = preview.Affected }, Commands.CliActor, ct);
        Console.WriteLine($"Done: {verb} {result.Affected} unit(s){(result.EventId is { } e ? $", event {e}" : "")}.");
        return 0;
    }

    static Command CreateTags()
    {
        var name = new Argument<string>("name") { Description = "Tag name" };
        var description = new Option<string?>("--description") { Description = "What the tag means" };
        var product = new Option<string?>("--product") { Description = "Product SKU of --serials" };
        var serials = new Option<string[]>("--serials") { Description = "Serials to tag (with --product)", AllowMultipleArgumentsPerToken = true };
        var add = new Command("add", "Create a tag, and tag units with it when --product and --serials are given") { name, description, product, serials };
        add.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            var tagging = new Tagging(db, TimeProvider.System);
            var n = r.GetValue(name)!;
            if ((await tagging.ListAsync(ct)).All(t => t.Name != n))
            {
                await tagging.CreateAsync(n, r.GetValue(description), ct);
                Console.WriteLine($"Created tag '{n}'.");
            }
            if (r.GetValue(serials) is { Length: > 0 } list)
            {
                var sku = r.GetValue(product) ?? throw new CliException("--serials needs --product", 2);
                var result = await tagging.TagAsync(n, [.. list.Select(s => new UnitRef(sku, s))], null, Commands.CliActor, ct);
                Console.WriteLine($"Tagged {result.Added} unit(s) with '{n}'.");
            }
            return 0;
        }));
        var list = new Command("list", "Tags with how many units and lots carry them");
        list.SetAction((r, ct) => Commands.Guard(async () =>
        {
            await using var db = await UserCommands.OpenAsync(r, ct);
            foreach (var t in await new Tagging(db, TimeProvider.System).ListAsync(ct))
            {
                Console.WriteLine($"{t.Name,-24} {t.Units,8} unit(s) {t.Lots,6} lot(s)  {t.Description}");
            }
            return 0;
        }));
        return new Command("tags", "Tags on units and lots") { add, list };
    }

    static Groups GroupsOf(SerialTrackDbContext db) => new(db, TimeProvider.System);

    static BulkActions BulkOf(SerialTrackDbContext db) =>
        new(db, GroupsOf(db), new Moving(db, TimeProvider.System), new Holds(db, TimeProvider.System), new Tagging(db, TimeProvider.System), new StaffTasks(db, GroupsOf(db), TimeProvider.System));

    // The common criteria as options; --filter takes the full JSON shape (docs/warehouse.md) and the options refine it.
    sealed class FilterOptions
    {
        readonly Option<string?> json = new("--filter") { Description = "The filter as JSON, e.g. {\"products\":[\"A100\"],\"statuses\":[\"available\"]}" };
        readonly Option<string[]> products = new("--product") { Description = "Product SKU (repeat for several)" };
        readonly Option<string?> category = new("--category") { Description = "Product category" };
        readonly Option<string?> location = new("--location") { Description = "Location code: its whole subtree" };
        readonly Option<string[]> statuses = new("--status") { Description = "Unit status, e.g. available, on_hold (repeat for several)" };
        readonly Option<string?> serial = new("--serial") { Description = "Serial prefix, or a pattern with * and ?" };
        readonly Option<string[]> tags = new("--tag") { Description = "Tag name (any of; repeat for several)" };

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { json, products, category, location, statuses, serial, tags })
            {
                c.Options.Add(o);
            }
        }

        public GroupFilter Read(ParseResult r)
        {
            GroupFilter f;
            try
            {
                f = r.GetValue(json) is { } text ? GroupFilter.FromJson(text) : new GroupFilter();
            }
            catch (JsonException e)
            {
                throw new CliException($"--filter is not a valid filter: {e.Message}", 2);
            }
            if (r.GetValue(products) is { Length: > 0 } p)
            {
                f = f with { Products = p };
            }
            if (r.GetValue(statuses) is { Length: > 0 } s)
            {
                f = f with { Statuses = [.. s.Select(x => Api.EnumQuery.Parse<UnitStatus>(x, "--status")!.Value)] };
            }
            if (r.GetValue(tags) is { Length: > 0 } t)
            {
                f = f with { Tags = t };
            }
            return f with
            {
                Category = r.GetValue(category) ?? f.Category,
                Location = r.GetValue(location) ?? f.Location,
                Serial = r.GetValue(serial) ?? f.Serial,
            };
        }
    }
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Cli;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

// These tests swap Console.Out and Console.Error: no other test may run beside them.
[CollectionDefinition("Console", DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection("Console")]
public sealed class ImportExportTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-csv-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    const string MixedProducts = """
        sku,name,gtin,tracking,warranty_months,attributes
        A1,Widget,,serial,12,color=red;size=L
        A2,Gadget,4006381333931,lot,,
        A3,Bad check digit,4006381333932,serial,,
        A4,,,serial,,
        A5,Bad warranty,,serial,many,
        A6,Bad tracking,,sometimes,,
        """;

    [Fact]
    public async Task Good_rows_are_written_and_bad_rows_are_reported_by_line_and_column_with_exit_code_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);

        var run = await Cli("import", "products", File(MixedProducts), "--db", Db(t));

        Assert.Equal(1, run.Code);
        Assert.Contains("line 4: gtin: GTIN check digit should be 1, not 2.", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 5: name: name is required.", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 6: warranty_months: 'many' is not a whole number.", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 7: tracking:", run.Err, StringComparison.Ordinal);
        Assert.Contains("2 imported (2 created, 0 updated), 4 rejected", run.Out, StringComparison.Ordinal);
        await using var db = t.NewContext();
        var products = await db.Products.OrderBy(p => p.Sku).ToListAsync();
        Assert.Equal(["A1", "A2"], products.Select(p => p.Sku));
        Assert.Equal(new Dictionary<string, string> { ["color"] = "red", ["size"] = "L" }, products[0].Attributes);
        Assert.Equal(12, products[0].WarrantyMonths);
        Assert.Equal("04006381333931", products[1].Gtin);
    }

    [Fact]
    public async Task With_all_or_nothing_one_bad_row_means_nothing_is_written()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);

        var run = await Cli("import", "products", File(MixedProducts), "--all-or-nothing", "--db", Db(t));

        Assert.Equal(1, run.Code);
        Assert.Contains("line 4: gtin:", run.Err, StringComparison.Ordinal);
        Assert.Contains("line 7: tracking:", run.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", run.Out, StringComparison.Ordinal);
        await using var db = t.NewContext();
        Assert.Equal(0, await db.Products.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_clean_file_imports_with_exit_code_0_and_a_second_import_updates(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        var file = File("""
            code,name,role,email
            C1,Acme,customer,buyer@acme.test
            S1,Mill,supplier,
            """);

        var first = await Cli("import", "parties", file, "--all-or-nothing", "--db", Db(t));
        var second = await Cli("import", "parties", file, "--db", Db(t));

        Assert.Equal(0, first.Code);
        Assert.Contains("2 imported (2 created, 0 updated), 0 rejected", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Code);
        Assert.Contains("2 imported (0 created, 2 updated), 0 rejected", second.Out, StringComparison.Ordinal);
        Assert.Equal("", second.Err);
    }

    [Fact]
    public async Task Locations_whose_parent_comes_later_in_the_file_import_under_that_parent()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        var file = File("""
            code,name,kind,parent_code,gln
            B1,Bin 1,bin,WH1,
            WH1,Warehouse 1,warehouse,SITE,
            SITE,Main site,site,,
            """);

        var run = await Cli("import", "locations", file, "--db", Db(t));

        Assert.Equal(0, run.Code);
        await using var db = t.NewContext();
        var all = await db.Locations.Include(l => l.Parent).ToDictionaryAsync(l => l.Code);
        Assert.Equal("WH1", all["B1"].Parent!.Code);
        Assert.Equal("SITE", all["WH1"].Parent!.Code);
        Assert.Equal($"/{all["SITE"].Id}/{all["WH1"].Id}/{all["B1"].Id}/", all["B1"].Path);
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task An_export_imports_into_an_empty_database_and_exports_the_same_again(DbKind kind)
    {
        await using var source = await TestDb.CreateAsync(kind);
        await using var copy = await TestDb.CreateAsync(kind);
        await Cli("import", "locations", File("""
            code,name,kind,parent_code,gln
            SITE,Main site,site,,4000001000005
            WH1,"Warehouse, north",warehouse,SITE,
            LINE1,Line 1,production_line,SITE,
            """), "--db", Db(source));
        await Cli("import", "parties", File("""
            code,name,role,contact_name,email,phone,address,gln
            C1,"Acme ""Best"" Ltd",both,Ann,ann@acme.test,+49 1,"Street 1
            Town",
            """), "--db", Db(source));
        await Cli("import", "products", File("""
            sku,name,description,gtin,tracking,category,uom,warranty_months,handling_instructions,attributes
            A1,Widget,"Line one
            line two, with comma",4006381333931,serial,tools,ea,24,Keep dry,color=red;note=a\;b\=c
            F1,Flour,,,lot,food,kg,,,
            """), "--db", Db(source));

        foreach (var data in new[] { "locations", "parties", "products" })
        {
            var first = Path.Combine(folder, $"{data}-1.csv");
            var second = Path.Combine(folder, $"{data}-2.csv");
            Assert.Equal(0, (await Cli("export", data, first, "--db", Db(source))).Code);
            var import = await Cli("import", data, first, "--db", Db(copy));
            Assert.Equal(0, (await Cli("export", data, second, "--db", Db(copy))).Code);

            Assert.Equal(0, import.Code);
            Assert.Equal("", import.Err);
            Assert.Equal(await System.IO.File.ReadAllTextAsync(first), await System.IO.File.ReadAllTextAsync(second));
        }
        await using var db = copy.NewContext();
        var widget = await db.Products.SingleAsync(p => p.Sku == "A1");
        Assert.Equal("a;b=c", widget.Attributes["note"]);
        Assert.Equal("Line one\nline two, with comma", widget.Description);
        Assert.Equal(3, await db.Locations.CountAsync());
    }

    [Fact]
    public async Task An_unknown_column_is_refused_before_anything_is_written_with_exit_code_2()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);

        var run = await Cli("import", "products", File("sku,name,colour\nA1,Widget,red\n"), "--db", Db(t));

        Assert.Equal(2, run.Code);
        Assert.Contains("unknown column 'colour'", run.Err, StringComparison.Ordinal);
        await using var db = t.NewContext();
        Assert.Equal(0, await db.Products.CountAsync());
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_restore_brings_back_the_data_of_the_backup(DbKind kind)
    {
        await using var t = await TestDb.CreateAsync(kind);
        await Cli("import", "products", File("sku,name\nA1,Widget\nA2,Gadget\n"), "--db", Db(t));
        var backup = Path.Combine(folder, "backup.db");

        var backedUp = await Cli("db", "backup", backup, "--db", Db(t));
        await Cli("import", "products", File("sku,name\nA1,Renamed\nA3,Later\n"), "--db", Db(t));
        var restored = await Cli("db", "restore", backup, "--db", Db(t));

        Assert.Equal(0, backedUp.Code);
        Assert.Equal("", restored.Err);
        Assert.Equal(0, restored.Code);
        await using var db = t.NewContext();
        var products = await db.Products.OrderBy(p => p.Sku).Select(p => p.Sku + " " + p.Name).ToListAsync();
        Assert.Equal(["A1 Widget", "A2 Gadget"], products);
    }

    string File(string content)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".csv");
        System.IO.File.WriteAllText(path, content + "\n");
        return path;
    }

    static string Db(TestDb t) => CliRun.Db(t);

    static Task<(int Code, string Out, string Err)> Cli(params string[] args) => CliRun.RunAsync(args);
}

using SerialTrack.Cli;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class LabelCommandsTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("serialtrack-labels-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Labels_print_to_zpl_writes_one_format_per_listed_serial_in_the_files_order()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await LabelWorld.UnitsAsync(admin, "C1", "C2", "C3");
        var serials = Path.Combine(folder, "serials.txt");
        await File.WriteAllLinesAsync(serials, ["C3", "C1", "NEW-1"]);
        var output = Path.Combine(folder, "labels.zpl");

        var run = await Run("labels", "print", "--template", "unit", "--serials", serials, "--product", "A1", "--to", "zpl", "--out", output,
            "--db", app.Db.Target.SqlitePath!);

        Assert.Equal(0, run.Code);
        Assert.Contains("Wrote 3 label(s)", run.Out, StringComparison.Ordinal);
        var zpl = await File.ReadAllTextAsync(output);
        Assert.Equal(3, zpl.Split("^XA").Length - 1);
        var c3 = zpl.IndexOf("C3", StringComparison.Ordinal);
        Assert.True(c3 >= 0 && c3 < zpl.IndexOf("C1", StringComparison.Ordinal) && zpl.Contains("NEW-1", StringComparison.Ordinal));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task An_unknown_template_fails_with_exit_code_1_and_writes_no_file()
    {
        await using var app = await TestApp.StartAsync();
        var output = Path.Combine(folder, "labels.pdf");

        var run = await Run("labels", "print", "--template", "nope", "--product", "A1", "--to", "pdf", "--out", output, "--db", app.Db.Target.SqlitePath!);

        Assert.Equal(1, run.Code);
        Assert.Contains("template.not_found", run.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Labels_print_with_an_order_labels_the_units_received_on_it()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        var po = await LabelWorld.AReceivedPurchaseOrderAsync(admin, ["R1", "R2"], "STOCK1");
        var output = Path.Combine(folder, "order.zpl");

        var run = await Run("labels", "print", "--template", "unit", "--order", po, "--to", "zpl", "--out", output, "--db", app.Db.Target.SqlitePath!);
        var unknown = await Run("labels", "print", "--template", "unit", "--order", "PO-999", "--to", "zpl", "--out", output, "--db", app.Db.Target.SqlitePath!);

        Assert.True(run.Code == 0, run.Err);
        Assert.Contains("Wrote 2 label(s)", run.Out, StringComparison.Ordinal);
        var zpl = await File.ReadAllTextAsync(output);
        Assert.True(zpl.Contains("R2", StringComparison.Ordinal) && !zpl.Contains("STOCK1", StringComparison.Ordinal));
        Assert.Equal(1, unknown.Code);
        Assert.Contains("order.not_found", unknown.Err, StringComparison.Ordinal);
    }

    static Task<(int Code, string Out, string Err)> Run(params string[] args) => CliRun.RunAsync(args);
}

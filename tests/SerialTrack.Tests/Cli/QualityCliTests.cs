using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Inventory;
using SerialTrack.Tests.Api;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class QualityCliTests
{
    [Fact]
    public async Task A_complaint_leads_to_a_recall_that_holds_stock_and_lists_customers_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await QualityFactory.CreateAsync(t);
        var db = CliRun.Db(t);
        var csv = Path.GetTempFileName();

        var complaint = await CliRun.RunAsync("complaint", "new", "PC-1", "--symptom", "Overheats", "--db", db);
        var note = await CliRun.RunAsync("complaint", "note", "CMP-000001", "Paste looks dry", "--db", db);
        var open = await CliRun.RunAsync("recall", "open", "--title", "Dry paste", "--root", "component_lot", "--code", "P1", "--product", "PASTE", "--db", db);
        var activate = await CliRun.RunAsync("recall", "activate", "RCL-000001", "--db", db);
        var list = await CliRun.RunAsync("recall", "notifications", "RCL-000001", "--csv", csv, "--db", db);
        var close = await CliRun.RunAsync("recall", "close", "RCL-000001", "--db", db);

        Assert.Equal(0, complaint.Code);
        Assert.Contains("CMP-000001: PC PC-1 at ACME. In warranty until", complaint.Out, StringComparison.Ordinal);
        Assert.Equal(0, note.Code);
        Assert.Contains("RCL-000001: PASTE lot P1, 3 item(s) in scope", open.Out, StringComparison.Ordinal);
        Assert.Contains("1 unit(s) and 1 lot(s) put on hold", activate.Out, StringComparison.Ordinal);
        Assert.Equal(0, list.Code);
        Assert.Contains("ACME,Acme Corp,Ann Smith", await File.ReadAllTextAsync(csv), StringComparison.Ordinal);
        Assert.Equal(1, close.Code);
        Assert.Contains("recall.open_items", close.Err, StringComparison.Ordinal);
        File.Delete(csv);
        await using var check = t.NewContext();
        Assert.Equal(UnitStatus.OnHold, (await check.Units.SingleAsync(u => u.Serial == "PC-2")).Status);
    }
}

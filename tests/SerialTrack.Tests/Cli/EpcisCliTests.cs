using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Cli;

[Collection("Console")]
public sealed class EpcisCliTests
{
    [Fact]
    public async Task Epcis_export_writes_a_units_document_to_a_file_and_an_unknown_serial_exits_1()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        await using (var db = t.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A1", "Widget", Gtin: "00614141000012"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A1", ["SN-1"], "WH1"), Actor.System, default);
        }
        var file = Path.Combine(Path.GetTempPath(), $"epcis-{Guid.NewGuid():N}.xml");

        var export = await CliRun.RunAsync("epcis", "export", "--serial", "SN-1", "--format", "xml", "--out", file, "--db", CliRun.Db(t));
        var unknown = await CliRun.RunAsync("epcis", "export", "--serial", "NOPE", "--out", file, "--db", CliRun.Db(t));

        Assert.True(export.Code == 0, export.Err + export.Out);
        Assert.Contains("Exported 1 events of unit SN-1 of A1", export.Out, StringComparison.Ordinal);
        var reading = EpcisXmlReader.Read(await File.ReadAllTextAsync(file));
        File.Delete(file);
        Assert.Empty(EpcisValidator.Validate(reading));
        Assert.Equal(["https://id.gs1.org/01/00614141000012/21/SN-1"], reading.Document.Events.Single().EpcList);
        Assert.Equal(1, unknown.Code);
        Assert.Contains("unit.not_found", unknown.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Epcis_capture_takes_a_partners_file_and_the_review_queue_is_worked_from_the_command_line()
    {
        await using var t = await TestDb.CreateAsync(DbKind.Sqlite);
        static string Event(string action, string serial, int minute) => $$"""
            { "type": "ObjectEvent", "action": "{{action}}", "bizStep": "receiving", "eventTime": "2026-03-01T09:{{minute:00}}:00Z", "eventTimeZoneOffset": "+00:00",
              "epcList": ["urn:epc:id:sgtin:0614141.107346.{{serial}}"] }
            """;
        static string Document(params string[] events) => $$"""
            { "@context": ["https://ref.gs1.org/standards/epcis/epcis-context.jsonld"], "type": "EPCISDocument", "schemaVersion": "2.0",
              "creationDate": "2026-03-01T10:00:00Z", "epcisBody": { "eventList": [{{string.Join(",", events)}}] } }
            """;
        var file = Path.Combine(Path.GetTempPath(), $"epcis-{Guid.NewGuid():N}.json");
        var bad = Path.Combine(Path.GetTempPath(), $"epcis-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, Document(Event("OBSERVE", "C1", 0), Event("DELETE", "C2", 1)));
        await File.WriteAllTextAsync(bad, Document(Event("MOVE", "C3", 2)));

        var captured = await CliRun.RunAsync("epcis", "capture", file, "--db", CliRun.Db(t));
        var again = await CliRun.RunAsync("epcis", "capture", file, "--db", CliRun.Db(t));
        var refused = await CliRun.RunAsync("epcis", "capture", bad, "--db", CliRun.Db(t));
        var missing = await CliRun.RunAsync("epcis", "capture", file + ".nope", "--db", CliRun.Db(t));
        var open = await CliRun.RunAsync("epcis", "reviews", "--db", CliRun.Db(t));
        long id;
        await using (var db = t.NewContext())
        {
            id = db.EpcisReviewItems.Single().Id;
        }
        var reviewed = await CliRun.RunAsync("epcis", "reviewed", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", CliRun.Db(t));
        var after = await CliRun.RunAsync("epcis", "reviews", "--state", "reviewed", "--db", CliRun.Db(t));
        File.Delete(file);
        File.Delete(bad);

        Assert.True(captured.Code == 0, captured.Err + captured.Out);
        Assert.Contains("2 events, 2 stored, 0 already stored, 0 errors", captured.Out, StringComparison.Ordinal);
        Assert.Contains("epcis.units_created: 1", captured.Out, StringComparison.Ordinal);
        Assert.Contains("epcis.unknown_epc: 1", captured.Out, StringComparison.Ordinal);
        Assert.Contains("0 stored, 2 already stored", again.Out, StringComparison.Ordinal);
        Assert.Equal(1, refused.Code);
        Assert.Contains("eventList[0].action", refused.Err, StringComparison.Ordinal);
        Assert.Equal(2, missing.Code);
        Assert.Contains("1 open.", open.Out, StringComparison.Ordinal);
        Assert.Contains("C2", open.Out, StringComparison.Ordinal);
        Assert.Equal(0, reviewed.Code);
        Assert.Contains("0 open.", after.Out, StringComparison.Ordinal);
        Assert.Contains("cli", after.Out, StringComparison.Ordinal);
    }
}

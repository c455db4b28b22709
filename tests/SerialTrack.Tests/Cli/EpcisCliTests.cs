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
}

using Microsoft.EntityFrameworkCore;
using SerialTrack.Browser.Tests.Support;
using SerialTrack.Core;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Locations;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;

namespace SerialTrack.Browser.Tests.Pages;

public sealed class EpcisExportTests
{
    [BrowserFact]
    public async Task A_viewer_downloads_a_units_epcis_document_from_its_page()
    {
        await using var b = await BrowserSession.StartAsync();
        long id;
        await using (var db = b.App.Db.NewContext())
        {
            await new ProductCatalog(db, TimeProvider.System).CreateAsync(new ProductInput("A100", "Pressure pump", Gtin: "00614141000012"), default);
            await new LocationCatalog(db, TimeProvider.System).CreateAsync(new LocationInput("WH1", "Main warehouse", LocationKind.Warehouse), default);
            await new Commissioning(db, TimeProvider.System).CommissionAsync(new CommissionRequest("A100", ["SN-1"], "WH1"), Actor.System, default);
            id = await db.Units.Where(u => u.Serial == "SN-1").Select(u => u.Id).SingleAsync();
        }
        var page = await b.LoggedInAsync(Role.Viewer);
        await page.GotoAsync($"/units/{id}");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#epcis-download"));

        var path = await download.PathAsync();
        var reading = EpcisJsonReader.Read(await File.ReadAllTextAsync(path));
        Assert.Equal("epcis.jsonld", download.SuggestedFilename);
        Assert.Empty(EpcisValidator.Validate(reading));
        Assert.Equal(["https://id.gs1.org/01/00614141000012/21/SN-1"], reading.Document.Events.Single().EpcList);
    }
}

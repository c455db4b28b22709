using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SerialTrack.Core.Epcis;
using SerialTrack.Core.Users;
using SerialTrack.Tests.Support;

namespace SerialTrack.Tests.Api;

public sealed class EpcisExportApiTests
{
    // SN-1 and SN-2 commissioned at B1, SN-1 moved to B2.
    static async Task AWorld(HttpClient admin)
    {
        (await admin.PostAsJsonAsync("/api/v1/products", new { sku = "A1", name = "Widget", tracking = "serial" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "WH1", name = "Warehouse", kind = "warehouse" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B1", name = "Bin 1", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/locations", new { code = "B2", name = "Bin 2", kind = "bin", parentCode = "WH1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/units/commission", new { product = "A1", serials = new[] { "SN-1", "SN-2" }, location = "B1" })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/api/v1/moves", new { to = "B2", units = new[] { new { product = "A1", serial = "SN-1" } } })).EnsureSuccessStatusCode();
    }

    [Theory, OnSqlite, OnPostgres]
    public async Task A_viewer_downloads_a_units_history_as_epcis_json_ld_or_xml_that_reads_back_valid(DbKind kind)
    {
        await using var app = await TestApp.StartAsync(kind);
        using var admin = app.Client();
        await AWorld(admin);
        using var viewer = app.Client(Role.Viewer);

        var json = await viewer.GetAsync("/api/v1/epcis/export?serial=SN-1");
        var xml = await viewer.GetAsync("/api/v1/epcis/export?serial=SN-1&product=A1&format=xml");

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/ld+json", json.Content.Headers.ContentType?.MediaType);
        var fromJson = EpcisJsonReader.Read(await json.Content.ReadAsStringAsync());
        Assert.Empty(EpcisValidator.Validate(fromJson));
        Assert.Equal(["commissioning", "storing"], fromJson.Document.Events.Select(e => Cbv.Word(CbvVocabulary.BizStep, e.BizStep!)));
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
        Assert.Equal("application/xml", xml.Content.Headers.ContentType?.MediaType);
        var fromXml = EpcisXmlReader.Read(await xml.Content.ReadAsStringAsync());
        Assert.Empty(EpcisValidator.Validate(fromXml));
        Assert.Equal(fromJson.Document.Events.Select(e => e.EventId), fromXml.Document.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task An_unknown_serial_a_bad_format_or_no_scope_is_a_problem_naming_the_field()
    {
        await using var app = await TestApp.StartAsync();
        using var admin = app.Client();
        await AWorld(admin);

        async Task<(HttpStatusCode, string?, string?)> Problem(string url, string? epcFormat = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (epcFormat is not null)
            {
                request.Headers.Add("GS1-EPC-Format", epcFormat);
            }

            var response = await admin.SendAsync(request);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, body.GetProperty("code").GetString(), body.GetProperty("field").GetString());
        }

        Assert.Equal((HttpStatusCode.NotFound, "unit.not_found", "serial"), await Problem("/api/v1/epcis/export?serial=NOPE"));
        Assert.Equal((HttpStatusCode.BadRequest, "epcis.format", "format"), await Problem("/api/v1/epcis/export?serial=SN-1&format=yaml"));
        Assert.Equal((HttpStatusCode.BadRequest, "epcis.export_scope", "serial"), await Problem("/api/v1/epcis/export"));
        Assert.Equal((HttpStatusCode.BadRequest, "epcis.epc_format", "GS1-EPC-Format"), await Problem("/api/v1/epcis/export?serial=SN-1", "Sometimes"));
    }
}

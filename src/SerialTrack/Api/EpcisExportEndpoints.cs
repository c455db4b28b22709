using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Epcis;

namespace SerialTrack.Api;

public static class EpcisExportEndpoints
{
    public static void MapEpcisExport(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("EPCIS");
        g.MapGet("/epcis/export", Export);
    }

    // The scope is resolved before the answer starts, so an unknown serial is a 404 naming the field rather than a
    // half-written 200; the document then streams batch by batch.
    static async Task<PushStreamHttpResult> Export(string? serial, string? product, string? lot, DateTimeOffset? from, DateTimeOffset? to, string? format,
        HttpRequest request, EpcisExport export, CancellationToken ct)
    {
        var kind = format?.Trim().ToLowerInvariant() switch
        {
            null or "" or "json" or "jsonld" or "json-ld" => EpcisExportFormat.Json,
            "xml" => EpcisExportFormat.Xml,
            _ => throw DomainException.BadInput("epcis.format", "format", $"Format is json or xml, not '{format}'."),
        };
        var epcFormat = EpcisWriterOptions.ParseEpcFormat(request.Headers["GS1-EPC-Format"].ToString())
            ?? throw DomainException.BadInput("epcis.epc_format", "GS1-EPC-Format", "GS1-EPC-Format is Always_GS1_Digital_Link, Always_EPC_URN or No_Preference.");
        var scope = await export.ScopeAsync(new EpcisExportRequest(serial, product, lot, from, to), ct);
        var options = await export.OptionsAsync(epcFormat, ct);
        request.HttpContext.Response.Headers["GS1-EPC-Format"] = epcFormat switch
        {
            EpcFormat.AlwaysDigitalLink => "Always_GS1_Digital_Link",
            EpcFormat.AlwaysEpcUrn => "Always_EPC_URN",
            _ => "No_Preference",
        };
        return TypedResults.Stream(stream => export.WriteAsync(scope, stream, kind, options, null, ct),
            kind == EpcisExportFormat.Json ? "application/ld+json" : "application/xml",
            "epcis" + (kind == EpcisExportFormat.Json ? ".jsonld" : ".xml"));
    }
}

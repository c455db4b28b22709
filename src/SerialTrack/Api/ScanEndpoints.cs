using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Inventory;

namespace SerialTrack.Api;

public static class ScanEndpoints
{
    public static void MapScan(this RouteGroupBuilder api) =>
        api.MapPost("/scan", Scan).WithTags("Scan");

    static async Task<Ok<ScanResult>> Scan(ScanBody body, Scanner scanner, CancellationToken ct) =>
        TypedResults.Ok(await scanner.ScanAsync(body.Text, ct));
}

public sealed record ScanBody(string? Text);

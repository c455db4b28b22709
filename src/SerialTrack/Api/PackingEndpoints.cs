using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Data;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Containers (cases, pallets, totes) and what is packed in them; the installation settings that number SSCCs.
public static class PackingEndpoints
{
    public static void MapPacking(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Packing");
        g.MapGet("/containers/{code}", Get);
        g.MapPost("/containers", Create).RequireAuthorization(Auth.Operator);
        g.MapPost("/pack", Pack).RequireAuthorization(Auth.Operator);
        g.MapPost("/unpack", Unpack).RequireAuthorization(Auth.Operator);
        g.MapGet("/settings", Settings);
        g.MapPut("/settings", PutSettings).RequireAuthorization(Auth.Admin);
    }

    static async Task<Ok<ContainerView>> Get(string code, Packing packing, CancellationToken ct) =>
        TypedResults.Ok(await packing.GetAsync(code, ct));

    static async Task<Created<ContainerView>> Create(ContainerBody body, Packing packing, HttpContext http, CancellationToken ct)
    {
        var c = await packing.CreateContainerAsync(new ContainerInput(body.Location, body.Kind ?? "case", body.Code, body.Sscc), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/containers/{Uri.EscapeDataString(c.Code)}", c);
    }

    static async Task<Created<ProcessResult>> Pack(PackBody body, Packing packing, HttpContext http, CancellationToken ct) =>
        Created(await packing.PackAsync(new PackRequest(body.Container, body.Units, body.Lots, body.Containers, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Created<ProcessResult>> Unpack(UnpackBody body, Packing packing, HttpContext http, CancellationToken ct) =>
        Created(await packing.UnpackAsync(new UnpackRequest(body.Container, body.Units, body.Lots, body.Containers, body.All, Context(http, body.EventTime, body.Notes)), Auth.ActorOf(http.User), ct));

    static async Task<Ok<List<SettingView>>> Settings(InstallationSettings settings, CancellationToken ct) =>
        TypedResults.Ok(await settings.ListAsync(ct));

    // The body maps keys to values: { "gs1.company_prefix": "0614141" }. Each is checked; the first bad one refuses.
    static async Task<Ok<List<SettingView>>> PutSettings(Dictionary<string, string?> body, InstallationSettings settings, CancellationToken ct)
    {
        foreach (var (key, value) in body)
        {
            await settings.SetAsync(key, value, ct);
        }
        return TypedResults.Ok(await settings.ListAsync(ct));
    }

    internal static EventContext Context(HttpContext http, DateTimeOffset? eventTime, string? notes) =>
        new(eventTime, notes, Idempotency.KeyOf(http.Request));

    internal static Created<ProcessResult> Created(ProcessResult result) => TypedResults.Created($"/api/v1/events/{result.EventId}", result);
}

public sealed record ContainerBody(string Location, string? Kind = null, string? Code = null, bool Sscc = false);

public sealed record PackBody(string Container, List<UnitRef>? Units = null, List<LotQuantity>? Lots = null, List<string>? Containers = null,
    DateTimeOffset? EventTime = null, string? Notes = null);

public sealed record UnpackBody(string Container, List<UnitRef>? Units = null, List<LotInContainer>? Lots = null, List<string>? Containers = null, bool All = false,
    DateTimeOffset? EventTime = null, string? Notes = null);

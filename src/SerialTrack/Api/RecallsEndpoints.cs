using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Quality;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Recall campaigns: preview a root's affected set, open (freeze it), recompute, hold, track fates, close.
public static class RecallsEndpoints
{
    public static void MapRecalls(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/recalls").WithTags("Recalls");
        g.MapGet("/", List);
        g.MapPost("/preview", Preview);
        g.MapPost("/", Open).RequireAuthorization(Auth.Manager);
        g.MapGet("/{number}", Get);
        g.MapGet("/{number}/items", Items);
        g.MapGet("/{number}/recompute", RecomputePreview);
        g.MapPost("/{number}/recompute", RecomputeApply).RequireAuthorization(Auth.Manager);
        g.MapPost("/{number}/activate", Activate).RequireAuthorization(Auth.Manager);
        g.MapPost("/{number}/fates", Fates).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/close", Close).RequireAuthorization(Auth.Manager);
        g.MapGet("/{number}/notifications", Notifications);
        g.MapGet("/{number}/notifications.csv", NotificationsCsv);
    }

    static async Task<Ok<Page<RecallSummary>>> List(Recalls recalls, HttpRequest request, string? status, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var rows = await recalls.ListAsync(EnumQuery.Parse<RecallStatus>(status, "status"), after, n + 1, ct);
        return TypedResults.Ok(Paging.Of(rows, n, r => r.Id, request));
    }

    static async Task<Ok<ScopePreview>> Preview(RecallRoot body, Recalls recalls, CancellationToken ct) =>
        TypedResults.Ok(await recalls.PreviewAsync(body, ct));

    static async Task<Created<RecallView>> Open(OpenRecallRequest body, Recalls recalls, HttpContext http, CancellationToken ct)
    {
        var r = await recalls.OpenAsync(body, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/recalls/{r.Number}", r);
    }

    static async Task<Ok<RecallView>> Get(string number, Recalls recalls, CancellationToken ct) => TypedResults.Ok(await recalls.GetAsync(number, ct));

    static async Task<Ok<Page<RecallItemRow>>> Items(string number, Recalls recalls, HttpRequest request, string? fate, string? customer, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var rows = await recalls.ItemsAsync(number, EnumQuery.Parse<RecallFate>(fate, "fate"), customer, after, n + 1, ct);
        return TypedResults.Ok(Paging.Of(rows, n, r => r.Id, request));
    }

    static async Task<Ok<ScopeDiff>> RecomputePreview(string number, Recalls recalls, CancellationToken ct) =>
        TypedResults.Ok(await recalls.RecomputePreviewAsync(number, ct));

    static async Task<Ok<ScopeDiff>> RecomputeApply(string number, VersionBody? body, Recalls recalls, CancellationToken ct) =>
        TypedResults.Ok(await recalls.RecomputeApplyAsync(number, body?.Version, ct));

    static async Task<Ok<ActivateResult>> Activate(string number, VersionBody? body, Recalls recalls, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await recalls.ActivateAsync(number, body?.Version, Auth.ActorOf(http.User), ct));

    static async Task<Ok<FateResult>> Fates(string number, FateBody body, Recalls recalls, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await recalls.SetFateAsync(number, new RecallFateRequest(
            EnumQuery.Parse<RecallFate>(body.Fate, "fate") ?? throw DomainException.BadInput("field.required", "fate", "fate is required."),
            body.Items, body.Customer, body.AllOpen, body.Note), Auth.ActorOf(http.User), ct));

    static async Task<Ok<RecallView>> Close(string number, VersionBody? body, Recalls recalls, CancellationToken ct) =>
        TypedResults.Ok(await recalls.CloseAsync(number, body?.Version, ct));

    static async Task<Ok<List<CustomerNotice>>> Notifications(string number, Recalls recalls, CancellationToken ct) =>
        TypedResults.Ok(await recalls.NotificationsAsync(number, ct));

    static async Task<FileContentHttpResult> NotificationsCsv(string number, Recalls recalls, CancellationToken ct) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(Recalls.NotificationsCsv(await recalls.NotificationsAsync(number, ct))), "text/csv", $"{number}-notifications.csv");
}

public sealed record VersionBody(int? Version = null);

public sealed record FateBody(string? Fate, List<string>? Items = null, string? Customer = null, bool AllOpen = false, string? Note = null);

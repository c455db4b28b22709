using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Saved groups (live filters over units), their members, tags, and bulk actions with preview and confirm.
public static class GroupsEndpoints
{
    public static void MapGroups(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Groups and tags");
        g.MapGet("/groups", List);
        g.MapPost("/groups", Create).RequireAuthorization(Auth.Operator);
        g.MapPost("/groups/evaluate", Evaluate);
        g.MapGet("/groups/{name}", Get);
        g.MapPut("/groups/{name}", Update).RequireAuthorization(Auth.Operator);
        g.MapDelete("/groups/{name}", Delete).RequireAuthorization(Auth.Operator);
        g.MapGet("/groups/{name}/members", Members);
        g.MapGet("/groups/{name}/members.csv", MembersCsv);
        g.MapPost("/groups/{name}/actions/{action}/preview", PreviewGroup).RequireAuthorization(Auth.Operator);
        g.MapPost("/groups/{name}/actions/{action}/confirm", ConfirmGroup).RequireAuthorization(Auth.Operator);
        g.MapPost("/groups/actions/{action}/preview", Preview).RequireAuthorization(Auth.Operator);
        g.MapPost("/groups/actions/{action}/confirm", Confirm).RequireAuthorization(Auth.Operator);
        g.MapGet("/tags", Tags);
        g.MapPost("/tags", CreateTag).RequireAuthorization(Auth.Operator);
        g.MapPost("/tags/{name}/units", TagUnits).RequireAuthorization(Auth.Operator);
        g.MapPost("/tags/{name}/units/remove", UntagUnits).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<List<GroupDto>>> List(Groups groups, bool? counts, CancellationToken ct) =>
        TypedResults.Ok(await groups.ListAsync(counts ?? true, ct));

    static async Task<Created<GroupDto>> Create(GroupBody body, Groups groups, HttpContext http, CancellationToken ct)
    {
        var saved = await groups.SaveAsync(new SaveGroupRequest(body.Name ?? "", body.Filter ?? new GroupFilter(), body.Description), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/groups/{Uri.EscapeDataString(saved.Name)}", saved);
    }

    static async Task<Ok<GroupDto>> Get(string name, Groups groups, CancellationToken ct)
    {
        var group = await groups.GetAsync(name, ct);
        return TypedResults.Ok(group with { Count = await groups.CountAsync(group.Filter, ct) });
    }

    // The version the editor saw is required: a change made meanwhile is a 409, not a silent overwrite.
    static async Task<Ok<GroupDto>> Update(string name, GroupBody body, Groups groups, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await groups.SaveAsync(new SaveGroupRequest(name, body.Filter ?? new GroupFilter(), body.Description, body.Version ?? 0), Auth.ActorOf(http.User), ct));

    static async Task<NoContent> Delete(string name, Groups groups, CancellationToken ct)
    {
        await groups.DeleteAsync(name, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<GroupPage>> Evaluate(GroupFilter filter, Groups groups, long? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await groups.MembersAsync(filter, after, Paging.Limit(limit), withCount: true, ct));

    static async Task<Ok<GroupPage>> Members(string name, Groups groups, long? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await groups.MembersAsync(await groups.FilterOfAsync(name, ct), after, Paging.Limit(limit), withCount: after is null, ct));

    static async Task MembersCsv(string name, Groups groups, HttpContext http, CancellationToken ct)
    {
        var filter = await groups.FilterOfAsync(name, ct);
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"group-{Uri.EscapeDataString(name)}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
        await CsvFile.WriteAsync(writer, Groups.CsvHeader, groups.StreamMembersAsync(filter, ct).Select(Groups.CsvRow), ct);
    }

    static async Task<Ok<BulkPreview>> PreviewGroup(string name, string action, ActionBody body, BulkActions bulk, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await bulk.PreviewAsync(Request(action, new BulkTarget(Group: name), body, http), ct));

    static async Task<Ok<BulkResult>> ConfirmGroup(string name, string action, ActionBody body, BulkActions bulk, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await bulk.ConfirmAsync(Request(action, new BulkTarget(Group: name), body, http), Auth.ActorOf(http.User), ct));

    static async Task<Ok<BulkPreview>> Preview(string action, ActionBody body, BulkActions bulk, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await bulk.PreviewAsync(Request(action, new BulkTarget(Filter: body.Filter, Units: body.Units), body, http), ct));

    static async Task<Ok<BulkResult>> Confirm(string action, ActionBody body, BulkActions bulk, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await bulk.ConfirmAsync(Request(action, new BulkTarget(Filter: body.Filter, Units: body.Units), body, http), Auth.ActorOf(http.User), ct));

    static BulkRequest Request(string action, BulkTarget target, ActionBody body, HttpContext http) =>
        new(EnumQuery.Parse<BulkAction>(action, "action")!.Value, target, body.To, body.Reason, body.Tag, body.ExpectedCount,
            new EventContext(null, body.Notes, Idempotency.KeyOf(http.Request)),
            new TaskRequest(TaskKind.Move, body.Title, body.Assignee, body.Zone, body.Priority ?? 0, body.DueAt));

    static async Task<Ok<List<TagDto>>> Tags(Tagging tagging, CancellationToken ct) => TypedResults.Ok(await tagging.ListAsync(ct));

    static async Task<Created<TagDto>> CreateTag(TagBody body, Tagging tagging, CancellationToken ct) =>
        TypedResults.Created($"/api/v1/tags/{Uri.EscapeDataString(body.Name ?? "")}", await tagging.CreateAsync(body.Name ?? "", body.Description, ct));

    // Units and lots by list, or every member of a group or a filter; tagging twice adds nothing.
    static async Task<Ok<TagResult>> TagUnits(string name, TagUnitsBody body, Tagging tagging, Groups groups, HttpContext http, CancellationToken ct)
    {
        var actor = Auth.ActorOf(http.User);
        if (body.Group is not null || body.Filter is not null)
        {
            var filter = body.Filter ?? await groups.FilterOfAsync(body.Group!, ct);
            return TypedResults.Ok(await tagging.TagGroupAsync(name, filter, actor, ct));
        }
        return TypedResults.Ok(await tagging.TagAsync(name, body.Units, body.Lots, actor, ct));
    }

    static async Task<Ok<TagResult>> UntagUnits(string name, TagUnitsBody body, Tagging tagging, CancellationToken ct) =>
        TypedResults.Ok(await tagging.UntagAsync(name, body.Units, body.Lots, ct));
}

public sealed record GroupBody(string? Name, GroupFilter? Filter, string? Description = null, int? Version = null);

public sealed record ActionBody(
    string? To = null, string? Reason = null, string? Tag = null, long? ExpectedCount = null, string? Notes = null,
    GroupFilter? Filter = null, List<UnitRef>? Units = null,
    string? Title = null, string? Assignee = null, string? Zone = null, int? Priority = null, DateTimeOffset? DueAt = null);

public sealed record TagBody(string? Name, string? Description = null);

public sealed record TagUnitsBody(List<UnitRef>? Units = null, List<LotRef>? Lots = null, string? Group = null, GroupFilter? Filter = null);

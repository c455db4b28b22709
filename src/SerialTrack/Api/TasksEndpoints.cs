using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core.Events;
using SerialTrack.Core.Processes;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Tasks for staff: managers plan and cancel them and watch the overview; operators take them from their
// queue and execute them by scanning.
public static class TasksEndpoints
{
    public static void MapTasks(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/tasks").WithTags("Tasks for staff");
        g.MapPost("/", Create).RequireAuthorization(Auth.Manager);
        g.MapGet("/", List).RequireAuthorization(Auth.Manager);
        g.MapGet("/mine", Mine).RequireAuthorization(Auth.Operator);
        g.MapGet("/{number}", Get).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/scans", Scan).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/lines/{lineNo:int}/exception", Exception).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/reconcile", Reconcile).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/cancel", Cancel).RequireAuthorization(Auth.Manager);
    }

    static async Task<Created<TaskView>> Create(TaskBody body, StaffTasks tasks, HttpContext http, CancellationToken ct)
    {
        var view = await tasks.CreateAsync(body.ToRequest() with { Context = new EventContext(IdempotencyKey: Idempotency.KeyOf(http.Request)) }, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/tasks/{view.Task.Number}", view);
    }

    static async Task<Ok<List<TaskSummary>>> List(StaffTasks tasks, string? status, string? assignee, string? kind, long? after, int? limit, CancellationToken ct) =>
        TypedResults.Ok(await tasks.ListAsync(new TaskFilter(EnumQuery.Parse<WarehouseTaskStatus>(status, "status"), assignee, EnumQuery.Parse<TaskKind>(kind, "kind"), after, Paging.Limit(limit)), ct));

    static async Task<Ok<List<TaskSummary>>> Mine(StaffTasks tasks, string? zone, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await tasks.QueueAsync(Auth.ActorOf(http.User).Name, zone, ct));

    // A count is blind for the counter: only managers see what the books expect.
    static async Task<Ok<TaskView>> Get(string number, StaffTasks tasks, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await tasks.GetAsync(number, ct, blind: Auth.LevelOf(http.User) < (int)Role.Manager));

    static async Task<Ok<TaskScanAnswer>> Scan(string number, TaskScanBody body, TaskWork work, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await work.ScanAsync(new TaskScanRequest(number, body.Code, body.Trip, body.Quantity, new EventContext(IdempotencyKey: Idempotency.KeyOf(http.Request))),
            Auth.ActorOf(http.User), ct));

    static async Task<Ok<TaskView>> Exception(string number, int lineNo, TaskExceptionBody body, TaskWork work, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await work.ReportExceptionAsync(new LineExceptionRequest(number, lineNo, body.Reason), Auth.ActorOf(http.User), ct));

    static async Task<Ok<ReconcileResult>> Reconcile(string number, TaskWork work, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await work.ReconcileAsync(number, Auth.ActorOf(http.User), ct, new EventContext(IdempotencyKey: Idempotency.KeyOf(http.Request))));

    static async Task<Ok<TaskView>> Cancel(string number, StaffTasks tasks, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await tasks.CancelAsync(number, Auth.ActorOf(http.User), ct));
}

// Kind is a word (move, pick, pack, count, put_away) so that a wrong one is a 400 naming the field.
public sealed record TaskBody(
    string? Kind, string? Title = null, string? Assignee = null, string? Zone = null, int? Priority = null, DateTimeOffset? DueAt = null,
    string? Group = null, GroupFilter? Filter = null, List<UnitRef>? Units = null, string? To = null, string? Order = null,
    string? Container = null, string? Location = null, string? Product = null, string? From = null)
{
    public TaskRequest ToRequest()
    {
        var kind = EnumQuery.Parse<TaskKind>(Kind, "kind") ?? throw Core.DomainException.BadInput("field.required", "kind", "kind is required: move, pick, pack, count or put_away.");
        var target = Group is not null || Filter is not null || (kind == TaskKind.Move && Units is not null) ? new BulkTarget(Group, Filter, kind == TaskKind.Move ? Units : null) : null;
        return new TaskRequest(kind, Title, Assignee, Zone, Priority ?? 0, DueAt, target, To, Order, kind == TaskKind.Pack ? Units : null, Container, Location, Product, From);
    }
}

public sealed record TaskScanBody(string? Code, TaskTrip? Trip = null, decimal? Quantity = null);

public sealed record TaskExceptionBody(string? Reason);

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SerialTrack.Core;
using SerialTrack.Core.Events;
using SerialTrack.Core.Users;
using SerialTrack.Core.Warehouse;
using SerialTrack.Web;

namespace SerialTrack.Pages.Groups;

// The group builder: the filter form is a GET (its URL is the filter, shareable); Count works without
// script, and with script the count follows the fields as they change (?handler=Count). A saved group
// also gets the bulk action panel: choose, preview (count and refusals), confirm with the count seen.
public sealed class BuilderModel(Core.Warehouse.Groups groups, BulkActions bulk) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "new";
    [BindProperty(SupportsGet = true)] public GroupForm Form { get; set; } = new();
    [BindProperty(SupportsGet = true)] public long? After { get; set; }

    [BindProperty] public string? GroupName { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? FilterJson { get; set; }
    [BindProperty] public int? Version { get; set; }
    [BindProperty] public string Action { get; set; } = "move";
    [BindProperty] public string? To { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Tag { get; set; }
    [BindProperty] public long? ExpectedCount { get; set; }
    [BindProperty] public string? Key { get; set; }

    // Create task only: for whom (a person or a zone's queue), how urgent, by when (UTC).
    [BindProperty] public string? Assignee { get; set; }
    [BindProperty] public string? Zone { get; set; }
    [BindProperty] public int Priority { get; set; }
    [BindProperty] public DateTime? DueAt { get; set; }

    public GroupDto? Saved { get; private set; }
    public GroupPage? Result { get; private set; }
    public BulkPreview? Preview { get; private set; }
    public string? Message { get; private set; }
    public string? TaskNumber { get; private set; }
    public bool IsNew => Name == "new";
    public bool CanAct => Auth.LevelOf(User) >= (int)Role.Operator;

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(fromQuery: true, ct);
    }

    // The live count, for the builder's script: the same fields as the form, the same parser.
    public async Task<IActionResult> OnGetCountAsync(CancellationToken ct)
    {
        try
        {
            return new JsonResult(new { count = await groups.CountAsync(Form.ToFilter(), ct) });
        }
        catch (DomainException e)
        {
            return new JsonResult(new { error = e.Message, field = FieldKey(e.Field) }) { StatusCode = 400 };
        }
    }

    // The filter the fields make, as the save form stores it.
    public ContentResult OnGetFilter() => Content(Form.ToFilter().ToJson(), "application/json");

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }
        try
        {
            var filter = GroupFilter.FromJson(string.IsNullOrWhiteSpace(FilterJson) ? "{}" : FilterJson);
            var saved = await groups.SaveAsync(new SaveGroupRequest(IsNew ? GroupName ?? "" : Name, filter, Description, IsNew ? null : Version), Auth.ActorOf(User), ct);
            return Redirect($"/groups/{Uri.EscapeDataString(saved.Name)}");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(e.Field == "name" ? nameof(GroupName) : nameof(FilterJson), e.Message);
        }
        catch (System.Text.Json.JsonException)
        {
            ModelState.AddModelError(nameof(FilterJson), "The filter is not valid.");
        }
        await LoadAsync(fromQuery: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }
        try
        {
            await groups.DeleteAsync(Name, ct);
            return Redirect("/groups");
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(nameof(GroupName), e.Message);
        }
        await LoadAsync(fromQuery: false, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }
        await LoadAsync(fromQuery: false, ct);
        try
        {
            Preview = await bulk.PreviewAsync(ActionRequest(null), ct);
            // One key per preview: a double-clicked or retried confirm replays instead of acting twice.
            Key = Guid.NewGuid().ToString("N");
            ModelState.Remove(nameof(Key));
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(ActionKey(e.Field), e.Message);
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        if (!CanAct)
        {
            return Forbid();
        }
        try
        {
            var done = await bulk.ConfirmAsync(ActionRequest(ExpectedCount ?? -1), Auth.ActorOf(User), ct);
            TaskNumber = done.TaskNumber;
            Message = done.TaskNumber is { } task
                ? $"Created task {task} to move {done.Affected} unit(s) to {To}: nothing moves until staff scan it."
                : $"Done: {Show.Words(done.Action).ToLowerInvariant()} {done.Affected} unit(s){(done.EventId is { } e ? $" (event {e})" : "")}.";
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(ActionKey(e.Field), e.Message);
        }
        await LoadAsync(fromQuery: false, ct);
        return Page();
    }

    BulkRequest ActionRequest(long? expected)
    {
        var action = Api.EnumQuery.Parse<BulkAction>(Action, "action") ?? BulkAction.Move;
        var task = action == BulkAction.Task
            ? new TaskRequest(TaskKind.Move, Assignee: Assignee, Zone: Zone, Priority: Priority, DueAt: DueAt is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null)
            : null;
        return new(action, new BulkTarget(Group: Name), To, Reason, Tag, expected,
            new EventContext(IdempotencyKey: string.IsNullOrWhiteSpace(Key) ? null : "group-action-" + Key), task);
    }

    async Task LoadAsync(bool fromQuery, CancellationToken ct)
    {
        try
        {
            if (!IsNew)
            {
                Saved = await groups.GetAsync(Name, ct);
                GroupName = Saved.Name;
                Description ??= Saved.Description;
                Version = Saved.Version;
                ModelState.Remove(nameof(Version));
                if (!fromQuery || Form.IsEmpty)
                {
                    Form = GroupForm.From(Saved.Filter);
                }
            }
            var filter = Form.ToFilter();
            FilterJson = filter.ToJson();
            ModelState.Remove(nameof(FilterJson));
            if (!IsNew || !Form.IsEmpty)
            {
                Result = await groups.MembersAsync(filter, After, PageSize, withCount: true, ct);
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(FieldKey(e.Field), e.Message);
        }
    }

    // "filter.products[0]" -> "Form.Products": the error shows beside the field that caused it.
    static string FieldKey(string? field)
    {
        if (field is null || !field.StartsWith("filter.", StringComparison.Ordinal))
        {
            return field == "name" ? nameof(GroupName) : "";
        }
        var name = field["filter.".Length..];
        var bracket = name.IndexOf('[', StringComparison.Ordinal);
        name = bracket > 0 ? name[..bracket] : name;
        return "Form." + char.ToUpperInvariant(name[0]) + name[1..];
    }

    static string ActionKey(string? field) => field switch
    {
        "to" => nameof(To),
        "reason" => nameof(Reason),
        "tag" => nameof(Tag),
        "assignee" => nameof(Assignee),
        "zone" => nameof(Zone),
        "priority" => nameof(Priority),
        _ => nameof(ExpectedCount),
    };
}

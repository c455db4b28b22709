using Microsoft.AspNetCore.Http.HttpResults;
using SerialTrack.Core;
using SerialTrack.Core.Quality;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Customer complaints: recorded against a unit or lot, investigated with notes and files, given a root cause.
public static class ComplaintsEndpoints
{
    public static void MapComplaints(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("/complaints").WithTags("Complaints");
        g.MapGet("/", List);
        g.MapGet("/warranty", Subject);
        g.MapGet("/{number}", Get);
        g.MapPost("/", Create).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/notes", Note).RequireAuthorization(Auth.Operator);
        g.MapPost("/{number}/attachments", Attach).RequireAuthorization(Auth.Operator).DisableAntiforgery();
        g.MapGet("/{number}/attachments/{id:long}", Download);
        g.MapPost("/{number}/status", Status).RequireAuthorization(Auth.Operator);
        g.MapPut("/{number}/root-cause", RootCause).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<Page<ComplaintSummary>>> List(Complaints complaints, HttpRequest request, string? status, string? customer, string? q, long? after, int? limit, CancellationToken ct)
    {
        var n = Paging.Limit(limit);
        var rows = await complaints.ListAsync(EnumQuery.Parse<ComplaintStatus>(status, "status"), customer, q, after, n + 1, ct);
        return TypedResults.Ok(Paging.Of(rows, n, c => c.Id, request));
    }

    // What a scanned code is and its warranty today, before a complaint is written.
    static async Task<Ok<ComplaintSubject>> Subject(Complaints complaints, string? item, string? product, CancellationToken ct) =>
        TypedResults.Ok(await complaints.SubjectAsync(item, product, null, ct));

    static async Task<Ok<ComplaintDetails>> Get(string number, Complaints complaints, CancellationToken ct)
    {
        var c = await complaints.GetAsync(number, ct);
        return TypedResults.Ok(new ComplaintDetails(c, await complaints.HistoryAsync(c, 200, ct), ComplaintTrace.Of(await complaints.BackwardTraceAsync(c, ct))));
    }

    static async Task<Created<ComplaintView>> Create(ComplaintInput body, Complaints complaints, HttpContext http, CancellationToken ct)
    {
        var c = await complaints.CreateAsync(body, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/complaints/{c.Number}", c);
    }

    static async Task<Ok<ComplaintView>> Note(string number, NoteBody body, Complaints complaints, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await complaints.AddNoteAsync(number, body.Text, Auth.ActorOf(http.User), ct));

    // multipart/form-data with one part named "file". Read by hand so that a wrong content type is a 400
    // naming the field; the cookie antiforgery filter on the group still guards browser sessions.
    static async Task<Created<ComplaintAttachmentView>> Attach(string number, Complaints complaints, HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            throw DomainException.BadInput("attachment.not_multipart", "file", "Send the file as multipart/form-data in a part named 'file'.");
        }
        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw DomainException.BadInput("field.required", "file", "file is required.");
        if (file.Length > Complaints.MaxAttachmentBytes)
        {
            throw DomainException.BadInput("attachment.too_large", "file", $"{file.FileName} is {file.Length:N0} bytes; at most {Complaints.MaxAttachmentBytes:N0} are allowed.");
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var a = await complaints.AttachAsync(number, file.FileName, file.ContentType, buffer.ToArray(), Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/complaints/{number}/attachments/{a.Id}", a);
    }

    static async Task<FileContentHttpResult> Download(string number, long id, Complaints complaints, CancellationToken ct)
    {
        var f = await complaints.AttachmentAsync(number, id, ct);
        return TypedResults.File(f.Content, f.ContentType, f.FileName);
    }

    static async Task<Ok<ComplaintView>> Status(string number, StatusBody body, Complaints complaints, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await complaints.SetStatusAsync(number, EnumQuery.Parse<ComplaintStatus>(body.Status, "status")
            ?? throw DomainException.BadInput("field.required", "status", "status is required."), body.Note, body.Version, Auth.ActorOf(http.User), ct));

    static async Task<Ok<ComplaintView>> RootCause(string number, RootCauseInput body, Complaints complaints, CancellationToken ct) =>
        TypedResults.Ok(await complaints.SetRootCauseAsync(number, body, ct));
}

public sealed record ComplaintDetails(ComplaintView Complaint, IReadOnlyList<ComplaintEvent> History, ComplaintTrace BackwardTrace);

public sealed record NoteBody(string? Text);

public sealed record StatusBody(string? Status, string? Note = null, int? Version = null);

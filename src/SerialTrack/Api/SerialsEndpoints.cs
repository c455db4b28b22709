using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Catalog;
using SerialTrack.Core.Data;
using SerialTrack.Core.Serials;
using SerialTrack.Web;

namespace SerialTrack.Api;

// Serial schemes, decoding, and serials reserved ahead of production or purchase.
public static class SerialsEndpoints
{
    public static void MapSerials(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Serial numbers");
        g.MapGet("/schemes", ListSchemes);
        g.MapGet("/schemes/{id:long}", GetScheme);
        g.MapPost("/schemes", CreateScheme).RequireAuthorization(Auth.Manager);
        g.MapPut("/schemes/{id:long}", UpdateScheme).RequireAuthorization(Auth.Manager);
        g.MapPut("/categories/{category}/scheme", AssignCategory).RequireAuthorization(Auth.Manager);
        g.MapPost("/schemes/preview", Preview);
        g.MapPost("/serials/decode", Decode);
        g.MapPost("/reservations", Reserve).RequireAuthorization(Auth.Operator);
        g.MapGet("/reservations/{id:long}", GetReservation);
        g.MapPost("/reservations/{id:long}/cancel", Cancel).RequireAuthorization(Auth.Manager);
        g.MapPut("/products/{id:long}/serials", SetProductSerials).RequireAuthorization(Auth.Manager);
        g.MapPost("/serials/import", Import).RequireAuthorization(Auth.Operator);
    }

    static async Task<Ok<ProductDto>> SetProductSerials(long id, ProductSerialsBody body, ProductCatalog catalog, CancellationToken ct) =>
        TypedResults.Ok(ProductDto.From(await catalog.SetSerialsAsync(id, body.Scheme, body.Uniqueness ?? SerialUniqueness.WithinProduct, ct)));

    // A list of serials (pasted, CSV, a scan session) onto new units, the expected list, or existing
    // units' identifiers; the answer reports every rejected line by number.
    static async Task<Ok<SerialImportResult>> Import(ImportBody body, SerialImport import, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(await import.ImportAsync(new SerialImportRequest(body.Target ?? ImportTarget.Units, body.Product, body.Text, body.Location,
            body.Reference, body.AllOrNothing, new Core.Events.EventContext(Notes: body.Notes, IdempotencyKey: Idempotency.KeyOf(http.Request))), Auth.ActorOf(http.User), ct));

    static async Task<Ok<List<SchemeDto>>> ListSchemes(SerialTrackDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.SerialSchemes.AsNoTracking().OrderBy(s => s.Name).Select(s => new SchemeDto(s.Id, s.Name, s.Template, s.Description, s.Archived)).ToListAsync(ct));

    static async Task<Results<Ok<SchemeDto>, NotFound>> GetScheme(long id, SerialTrackDbContext db, CancellationToken ct) =>
        await db.SerialSchemes.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s ? TypedResults.Ok(SchemeDto.From(s)) : TypedResults.NotFound();

    static async Task<Created<SchemeDto>> CreateScheme(SchemeInput input, SerialNumbers serials, CancellationToken ct)
    {
        var s = await serials.CreateSchemeAsync(input, ct);
        return TypedResults.Created($"/api/v1/schemes/{s.Id}", SchemeDto.From(s));
    }

    static async Task<Ok<SchemeDto>> UpdateScheme(long id, SchemeInput input, SerialNumbers serials, CancellationToken ct) =>
        TypedResults.Ok(SchemeDto.From(await serials.UpdateSchemeAsync(id, input, ct)));

    static async Task<NoContent> AssignCategory(string category, CategorySchemeBody body, SerialNumbers serials, CancellationToken ct)
    {
        await serials.AssignCategoryAsync(category, body.Scheme, ct);
        return TypedResults.NoContent();
    }

    // Try a template on a sample product before saving it: the next serials and how the first decodes.
    static Ok<SchemePreview> Preview(PreviewBody body, TimeProvider clock) =>
        TypedResults.Ok(SerialNumbers.Preview(body.Template, new SerialContext(body.Sku ?? "SKU1", body.When ?? clock.GetUtcNow())
        {
            Category = body.Category,
            Location = body.Location ?? "LOC1",
            Attributes = body.Attributes ?? [],
        }, Math.Clamp(body.Count ?? 5, 1, 100)));

    static async Task<Ok<List<DecodeAnswer>>> Decode(DecodeBody body, SerialNumbers serials, CancellationToken ct) =>
        TypedResults.Ok(await serials.DecodeAsync(body.Serial, body.Product, ct));

    static async Task<Created<Reservation>> Reserve(ReserveBody body, SerialNumbers serials, HttpContext http, CancellationToken ct)
    {
        var r = await serials.ReserveAsync(body.Product, body.Count, body.Serials, body.Location, body.Reference, Auth.ActorOf(http.User), ct);
        return TypedResults.Created($"/api/v1/reservations/{r.Id}", r);
    }

    // ?format=csv gives the list for a label printer or an engraving machine.
    static async Task<Results<Ok<ReservationDto>, FileContentHttpResult, NotFound>> GetReservation(long id, string? format, SerialTrackDbContext db, CancellationToken ct)
    {
        var r = await (from x in db.SerialReservations.AsNoTracking() join p in db.Products on x.ProductId equals p.Id where x.Id == id select new { x, p.Sku }).FirstOrDefaultAsync(ct);
        if (r is null)
        {
            return TypedResults.NotFound();
        }
        var serials = await db.ExpectedSerials.AsNoTracking().Where(e => e.ReservationId == id).OrderBy(e => e.Id)
            .Select(e => new ExpectedDto(e.Serial, e.Status)).ToListAsync(ct);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
        {
            var csv = await CsvFile.BytesAsync(["product", "serial", "status"], serials.Select(s => new[] { r.Sku, s.Serial, s.Status.ToString().ToLowerInvariant() }), ct);
            return TypedResults.File(csv, "text/csv", $"reservation-{id}.csv");
        }
        return TypedResults.Ok(new ReservationDto(r.x.Id, r.Sku, r.x.Count, r.x.Reference, r.x.Actor, r.x.CreatedAt, serials));
    }

    static async Task<Ok<CancelResult>> Cancel(long id, CancelBody? body, SerialNumbers serials, CancellationToken ct) =>
        TypedResults.Ok(new CancelResult(await serials.CancelReservationAsync(id, body?.Reason, ct)));
}

public sealed record SchemeDto(long Id, string Name, string Template, string? Description, bool Archived)
{
    public static SchemeDto From(SerialScheme s) => new(s.Id, s.Name, s.Template, s.Description, s.Archived);
}

public sealed record CategorySchemeBody(string? Scheme);

public sealed record PreviewBody(string? Template, string? Sku = null, string? Category = null, string? Location = null, Dictionary<string, string>? Attributes = null, DateTimeOffset? When = null, int? Count = null);

public sealed record DecodeBody(string? Serial, string? Product = null);

public sealed record ReserveBody(string? Product, int? Count = null, List<string>? Serials = null, string? Location = null, string? Reference = null);

public sealed record ExpectedDto(string Serial, ExpectedStatus Status);

public sealed record ReservationDto(long Id, string Product, int Count, string? Reference, string Actor, DateTimeOffset CreatedAt, List<ExpectedDto> Serials);

public sealed record CancelBody(string? Reason);

public sealed record CancelResult(int Cancelled);

public sealed record ProductSerialsBody(string? Scheme, SerialUniqueness? Uniqueness);

public sealed record ImportBody(ImportTarget? Target, string? Product, string? Text, string? Location = null, string? Reference = null, bool AllOrNothing = false, string? Notes = null);

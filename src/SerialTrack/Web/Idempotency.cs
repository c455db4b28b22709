using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;

namespace SerialTrack.Web;

// Idempotency-Key on any API or EPCIS POST (a capture, a named query, a subscription): the first successful answer is stored and replayed for every retry
// with the same key by the same caller; the same key with a different body is refused. Processes also
// store the key on their event (unique), so two racing first attempts still write once.
public sealed class Idempotency(RequestDelegate next)
{
    public const string Header = "Idempotency-Key";

    // The key a process stores on its event; null when the request has none.
    public static string? KeyOf(HttpRequest request) => request.Headers[Header].ToString().Trim() is { Length: > 0 } key ? key : null;

    public async Task InvokeAsync(HttpContext context, SerialTrackDbContext db, TimeProvider clock)
    {
        var key = KeyOf(context.Request);
        if (key is null || !HttpMethods.IsPost(context.Request.Method)
            || !(context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/epcis")))
        {
            await next(context);
            return;
        }
        if (key.Length > 200)
        {
            await Errors.WriteAsync(context, 400, "idempotency.key_too_long", "Idempotency-Key must be at most 200 characters.", Header);
            return;
        }

        context.Request.EnableBuffering();
        var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(context.Request.Body, context.RequestAborted));
        context.Request.Body.Position = 0;
        var userId = Auth.ActorOf(context.User).UserId;
        var path = context.Request.Path.Value ?? "";

        var previous = await db.IdempotencyRecords.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Key == key && r.UserId == userId, context.RequestAborted);
        if (previous is not null)
        {
            if (previous.RequestHash != hash || previous.Path != path)
            {
                await Errors.WriteAsync(context, 422, "idempotency.key_reused", $"Idempotency-Key '{key}' was already used for a different request.", Header);
                return;
            }
            context.Response.StatusCode = previous.StatusCode;
            context.Response.ContentType = previous.ContentType;
            if (previous.Location is not null)
            {
                context.Response.Headers.Location = previous.Location;
            }
            context.Response.Headers["Idempotent-Replayed"] = "true";
            await context.Response.Body.WriteAsync(previous.Body, context.RequestAborted);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }
        if (context.Response.StatusCode is >= 200 and < 300)
        {
            db.ChangeTracker.Clear();
            db.IdempotencyRecords.Add(new IdempotencyRecord
            {
                Key = key,
                UserId = userId,
                Method = context.Request.Method,
                Path = path,
                RequestHash = hash,
                StatusCode = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Location = context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null,
                Body = buffer.ToArray(),
                CreatedAt = clock.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(context.RequestAborted);
            }
            catch (DbUpdateException)
            {
                // A concurrent retry stored its answer first; ours is equivalent.
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }
}

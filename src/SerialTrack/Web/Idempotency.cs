using System.Data.Common;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;
using SerialTrack.Core.Users;

namespace SerialTrack.Web;

// Idempotency-Key on any API or EPCIS POST (a capture, a named query, a subscription): the first successful answer is stored and replayed for every retry
// with the same key by the same caller; the same key with a different body is refused. Processes also
// store the key on their event (unique), the second line of defence for callers that bypass the API.
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

        // The key is claimed before the request runs: a concurrent attempt with the same key finds the claim, waits for
        // the first answer and replays it, so even two attempts that arrive together write once. A request that fails
        // gives its claim up (only a successful answer is kept); a claim left by a crashed server is taken over once stale.
        var deadline = clock.GetUtcNow() + WaitForFirstAttempt;
        long claim;
        while (true)
        {
            var previous = await db.IdempotencyRecords.AsNoTracking()
                .FirstOrDefaultAsync(r => r.Key == key && r.UserId == userId, context.RequestAborted);
            if (previous is { StatusCode: 0 } && previous.CreatedAt < clock.GetUtcNow() - StaleClaim)
            {
                await db.IdempotencyRecords.Where(r => r.Id == previous.Id && r.StatusCode == 0).ExecuteDeleteAsync(context.RequestAborted);
            }
            else if (previous is not null && (previous.RequestHash != hash || previous.Path != path))
            {
                await Errors.WriteAsync(context, 422, "idempotency.key_reused", $"Idempotency-Key '{key}' was already used for a different request.", Header);
                return;
            }
            else if (previous is { StatusCode: > 0 })
            {
                await ReplayAsync(context, previous);
                return;
            }
            else if (previous is not null)
            {
                if (clock.GetUtcNow() > deadline)
                {
                    context.Response.Headers.RetryAfter = "1";
                    await Errors.WriteAsync(context, 409, "idempotency.in_progress",
                        $"A request with Idempotency-Key '{key}' is still being processed; retry it shortly to get its answer.", Header);
                    return;
                }
                await Task.Delay(PollInterval, context.RequestAborted);
                continue;
            }
            if (await ClaimAsync(db, key, userId, context.Request.Method, path, hash, clock, context.RequestAborted) is { } id)
            {
                claim = id;
                break;
            }
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var kept = false;
        try
        {
            await next(context);
            if (context.Response.StatusCode is >= 200 and < 300)
            {
                db.ChangeTracker.Clear();
                var (status, type, location, body) = (context.Response.StatusCode, context.Response.ContentType,
                    context.Response.Headers.Location.ToString() is { Length: > 0 } l ? l : null, buffer.ToArray());
                // Not cancelled with the request: once the work is done its answer must be kept for the retry.
                await db.IdempotencyRecords.Where(r => r.Id == claim).ExecuteUpdateAsync(u => u
                    .SetProperty(r => r.StatusCode, status)
                    .SetProperty(r => r.ContentType, type)
                    .SetProperty(r => r.Location, location)
                    .SetProperty(r => r.Body, body), CancellationToken.None);
                kept = true;
            }
        }
        finally
        {
            context.Response.Body = original;
            if (!kept)
            {
                db.ChangeTracker.Clear();
                await db.IdempotencyRecords.Where(r => r.Id == claim).ExecuteDeleteAsync(CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    // How long a second attempt waits for the first one's answer, and when a claim without an answer is deemed left
    // behind by a server that stopped mid-request.
    static readonly TimeSpan WaitForFirstAttempt = TimeSpan.FromSeconds(30);
    static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(10);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    // The claim's id, or null when a concurrent attempt claimed the key first.
    static async Task<long?> ClaimAsync(SerialTrackDbContext db, string key, long? userId, string method, string path, string hash, TimeProvider clock,
        CancellationToken ct)
    {
        var claim = new IdempotencyRecord { Key = key, UserId = userId, Method = method, Path = path, RequestHash = hash, CreatedAt = clock.GetUtcNow() };
        db.IdempotencyRecords.Add(claim);
        try
        {
            await db.SaveChangesAsync(ct);
            return claim.Id;
        }
        catch (DbUpdateException e) when (e.InnerException is DbException inner && SqlSession.IsUniqueViolation(inner))
        {
            return null;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    static async Task ReplayAsync(HttpContext context, IdempotencyRecord previous)
    {
        context.Response.StatusCode = previous.StatusCode;
        context.Response.ContentType = previous.ContentType;
        if (previous.Location is not null)
        {
            context.Response.Headers.Location = previous.Location;
        }
        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.Body.WriteAsync(previous.Body, context.RequestAborted);
    }
}

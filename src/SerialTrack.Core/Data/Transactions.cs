using Microsoft.EntityFrameworkCore.Storage;

namespace SerialTrack.Core.Data;

// A process opens its own transaction, or joins its caller's: a task confirmation runs the move (or pack,
// pick, adjustment) and its own bookkeeping in one transaction, so a refused line leaves no move behind.
public static class Transactions
{
    public static async Task<OwnOrJoined> BeginAsync(SerialTrackDbContext db, CancellationToken ct) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null);
}

// Commits only a transaction it opened; a joined one is the caller's to commit or roll back.
public sealed class OwnOrJoined(IDbContextTransaction? own) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => own?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => own?.DisposeAsync() ?? ValueTask.CompletedTask;
}

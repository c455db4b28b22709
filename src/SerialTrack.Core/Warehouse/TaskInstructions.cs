using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Data;

namespace SerialTrack.Core.Warehouse;

// The most severe active handling instruction over each task's lines, for a task list: a worker sees which
// tasks carry a blocking instruction before opening one. Four grouped queries (the instruction's target:
// unit, lot, product, category), so a list costs the same whether its tasks hold ten lines or a group.
public static class TaskInstructions
{
    public static async Task<Dictionary<long, InstructionSeverity>> WorstAsync(SerialTrackDbContext db, IReadOnlyCollection<long> taskIds, CancellationToken ct)
    {
        var ids = taskIds.Distinct().ToList();
        var lines = db.TaskLines.AsNoTracking().Where(l => ids.Contains(l.TaskId));
        var active = db.HandlingInstructions.AsNoTracking().Where(i => i.Active);
        var byUnit = from l in lines
                     join i in active on l.UnitId equals i.UnitId
                     group i by l.TaskId into g
                     select new { TaskId = g.Key, Severity = g.Max(i => i.Severity) };
        // A unit's lot is on the unit, a lot line's on the line.
        var byLot = from l in lines
                    join u in db.Units on l.UnitId equals (long?)u.Id into us
                    from u in us.DefaultIfEmpty()
                    join i in active on (l.LotId ?? u.LotId) equals i.LotId
                    group i by l.TaskId into g
                    select new { TaskId = g.Key, Severity = g.Max(i => i.Severity) };
        var byProduct = from l in lines
                        join i in active on l.ProductId equals i.ProductId
                        group i by l.TaskId into g
                        select new { TaskId = g.Key, Severity = g.Max(i => i.Severity) };
        var byCategory = from l in lines
                         join p in db.Products on l.ProductId equals (long?)p.Id
                         join i in active on p.Category equals i.Category
                         group i by l.TaskId into g
                         select new { TaskId = g.Key, Severity = g.Max(i => i.Severity) };
        var worst = new Dictionary<long, InstructionSeverity>();
        foreach (var q in new[] { byUnit, byLot, byProduct, byCategory })
        {
            foreach (var row in await q.ToListAsync(ct))
            {
                if (!worst.TryGetValue(row.TaskId, out var s) || row.Severity > s)
                {
                    worst[row.TaskId] = row.Severity;
                }
            }
        }
        return worst;
    }
}

using Microsoft.AspNetCore.Mvc;
using SerialTrack.Core.Trace;

namespace SerialTrack.Pages.Trace;

public sealed record TraceSection(string Links, TraceGraph? Backward, TraceGraph? Forward);

// The "Trace" section of the unit and lot pages: links to both directions, and the pictures that stay
// small. A unit's backward and forward traces are bounded by its bill of materials and by what it went
// into; a lot's forward trace may reach 100,000 units, so the lot page only links to it, and so does the
// container page (backward: what went into everything it holds).
public sealed class TraceSectionViewComponent(Tracing tracing) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long? unitId, long? lotId, long? containerId = null)
    {
        var ct = HttpContext.RequestAborted;
        var (roots, query) = (unitId, containerId) switch
        {
            ({ } u, _) => (new TraceRoots([u], [], [], $"unit {u}"), $"unitId={u}"),
            (_, { } c) => (new TraceRoots([], [], [c], $"container {c}"), $"containerId={c}"),
            _ => (new TraceRoots([], [lotId ?? 0], [], $"lot {lotId}"), $"lotId={lotId}"),
        };
        var backward = TraceGraph.Of(await tracing.TraceAsync(roots, TraceDirection.Backward, ct), "trace-backward");
        var forward = unitId is not null ? TraceGraph.Of(await tracing.TraceAsync(roots, TraceDirection.Forward, ct), "trace-forward") : null;
        return View(new TraceSection(query, backward, forward));
    }
}

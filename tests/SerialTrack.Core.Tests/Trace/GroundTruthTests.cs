using Microsoft.EntityFrameworkCore;
using SerialTrack.Core.Trace;
using SerialTrack.Tests.Support;

namespace SerialTrack.Core.Tests.Trace;

// Trace against ground truth: random supply networks (SupplyNetwork) whose own record says what went
// into what; for every unit and lot as a root, backward and forward must find exactly the expected
// units, lots, quantities and suppliers or customers — nothing missed, nothing extra.
public sealed class GroundTruthTests
{
    public static readonly int[] Seeds = [11, 23, 37];

    [Theory, OnSqlite, OnPostgres]
    public async Task Trace_finds_exactly_the_affected_set_in_random_supply_networks(DbKind kind)
    {
        var wrong = new List<string>();
        var checkedRoots = 0;
        foreach (var seed in Seeds)
        {
            await using var t = await TestDb.CreateAsync(kind);
            var clock = new TestClock();
            SupplyNetwork network;
            await using (var db = t.NewContext())
            {
                network = new SupplyNetwork(db, clock, seed);
                await network.BuildAsync();
            }
            await using var read = t.NewContext();
            var unitIds = await read.Units.ToDictionaryAsync(u => u.Serial, u => u.Id);
            var lotIds = await read.Lots.ToDictionaryAsync(l => l.Code, l => l.Id);
            var tracing = new Tracing(read);
            foreach (var node in network.Truth.Nodes)
            {
                var name = node[(node.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var roots = node.StartsWith("unit:", StringComparison.Ordinal)
                    ? new TraceRoots([unitIds[name]], [], [], name)
                    : new TraceRoots([], [lotIds[name]], [], name);
                var back = await tracing.TraceAsync(roots, TraceDirection.Backward, default);
                Compare($"seed {seed} backward {node}", network.Truth.Backward(node), back, back.Suppliers, wrong);
                var forth = await tracing.TraceAsync(roots, TraceDirection.Forward, default);
                Compare($"seed {seed} forward {node}", network.Truth.Forward(node), forth, forth.Customers, wrong);
                checkedRoots++;
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Take(20)));
        Assert.True(checkedRoots > 150, $"only {checkedRoots} roots were checked");
    }

    static void Compare(string what, Truth.Expected expected, TraceResult actual, IReadOnlyList<TracedParty> parties, List<string> wrong)
    {
        void Same(string field, IEnumerable<string> want, IEnumerable<string> got)
        {
            var w = want.Order(StringComparer.Ordinal).ToList();
            var g = got.Order(StringComparer.Ordinal).ToList();
            if (!w.SequenceEqual(g))
            {
                wrong.Add($"{what} {field}: missed [{string.Join(", ", w.Except(g))}], extra [{string.Join(", ", g.Except(w))}]");
            }
        }
        Same("units", expected.Units, actual.Units.Select(u => u.Serial));
        Same("removed units", expected.RemovedUnits, actual.Units.Where(u => u.Removed).Select(u => u.Serial));
        Same("lots", expected.Lots, actual.Lots.Select(l => l.Lot));
        Same("lot quantities", expected.Quantities.Select(q => $"{q.Key}={q.Value:0.###}"), actual.Lots.Select(l => $"{l.Lot}={l.Quantity:0.###}"));
        Same("parties", expected.Parties, parties.Select(p => p.Code));
    }
}

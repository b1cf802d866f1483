using Goroscope.Stacks;
using Goroscope.Traces.Timelines;

namespace Goroscope.Traces.Attribution;

/// <summary>The goroutines a test left behind: alive when the trace of its package ended and created, directly or through other goroutines, by the test's own goroutine.</summary>
public sealed record TestLeak(string Test, IReadOnlyList<GoroutineLife> Goroutines);

/// <summary>
/// Gives each goroutine alive at the end of a `go test -trace` run to the test that made it, by creation ancestry:
/// every test runs in its own goroutine started by testing.tRunner, so walking a goroutine's creators up to the
/// first creation made under testing.tRunner finds the test, also when tests run in parallel and whatever the timing.
/// </summary>
public static class TestAttribution
{
    private const string Runner = "testing.tRunner";

    /// <param name="testsInRunOrder">Test names in the order `go test -json` reported them starting, to name subtests (`TestX/case`).</param>
    public static (IReadOnlyList<TestLeak> Leaks, IReadOnlyList<GoroutineLife> Unattributed) Attribute(Timeline timeline, IReadOnlyList<string> testsInRunOrder)
    {
        var names = new TestNames(timeline, testsInRunOrder);
        var byTest = new Dictionary<string, List<GoroutineLife>>(StringComparer.Ordinal);
        var unattributed = new List<GoroutineLife>();
        foreach (var life in timeline.Alive)
        {
            if (IsTestMachinery(timeline, life))
                continue;
            if (TestGoroutineOf(timeline, life.Id) is { } test)
            {
                var name = names.Of(test.Goroutine, test.Function);
                if (!byTest.TryGetValue(name, out var lives))
                    byTest[name] = lives = [];
                lives.Add(life);
            }
            else
            {
                unattributed.Add(life);
            }
        }
        return ([.. byTest.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new TestLeak(t.Key, t.Value))], unattributed);
    }

    /// <summary>The test goroutine among the goroutine's creators, and the test function it ran.</summary>
    internal static (long Goroutine, string Function)? TestGoroutineOf(Timeline timeline, long id)
    {
        for (var current = id; timeline.Ancestry.TryGetValue(current, out var ancestry); current = ancestry.CreatorId)
        {
            var frames = timeline.Stacks[ancestry.CreationStack].Frames;
            var runner = IndexOf(frames, Runner);
            if (runner > 0)
                return (ancestry.CreatorId, frames[runner - 1].Function);
        }
        return null;
    }

    // Test goroutines themselves and what the testing package starts for its own use are no test's leak.
    private static bool IsTestMachinery(Timeline timeline, GoroutineLife life) =>
        life.Name.StartsWith("testing.", StringComparison.Ordinal)
        || timeline.Stacks[life.CreationStack].Frames is { Count: > 0 } creation && creation[0].Function.StartsWith("testing.", StringComparison.Ordinal);

    private static int IndexOf(IReadOnlyList<Frame> frames, string function)
    {
        for (var i = 0; i < frames.Count; i++)
            if (frames[i].Function == function)
                return i;
        return -1;
    }

    /// <summary>
    /// Names test goroutines. A top-level test is named by its function; a subtest by its parent's name and, from
    /// `go test -json`, the name of the parent's n-th subtest, n being its place among the parent's test
    /// goroutines by creation time (t.Run starts them in the order `=== RUN` reports them).
    /// </summary>
    private sealed class TestNames(Timeline timeline, IReadOnlyList<string> testsInRunOrder)
    {
        private readonly Dictionary<long, string> _names = [];

        public string Of(long goroutine, string function)
        {
            if (_names.TryGetValue(goroutine, out var known))
                return known;
            var name = ShortName(function);
            if (TestGoroutineOf(timeline, goroutine) is { } parent && !parent.Function.StartsWith("testing.", StringComparison.Ordinal))
            {
                var parentName = Of(parent.Goroutine, parent.Function);
                var siblings = timeline.Ancestry.Where(a => a.Value.CreatorId == parent.Goroutine && IsRunner(a.Value.StartStack))
                    .OrderBy(a => a.Value.CreatedAt).Select(a => a.Key).ToList();
                var subtests = testsInRunOrder.Where(t => t.StartsWith(parentName + "/", StringComparison.Ordinal) && !t[(parentName.Length + 1)..].Contains('/')).Distinct().ToList();
                var index = siblings.IndexOf(goroutine);
                name = index >= 0 && index < subtests.Count ? subtests[index] : $"{parentName}/{name}";
            }
            _names[goroutine] = name;
            return name;
        }

        private bool IsRunner(int startStack) => timeline.Stacks[startStack].Frames is { Count: > 0 } frames && frames[0].Function == Runner;

        // example.com/pkg.TestFoo → TestFoo; pkg.TestFoo.func1 → TestFoo.func1
        private static string ShortName(string function)
        {
            var slash = function.LastIndexOf('/');
            var dot = function.IndexOf('.', slash + 1);
            return dot < 0 ? function : function[(dot + 1)..];
        }
    }
}

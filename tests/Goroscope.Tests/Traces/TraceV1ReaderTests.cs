using Goroscope.Traces;

namespace Goroscope.Tests.Traces;

/// <summary>What the Go 1.19 recording of testdata/programs/traceleak says, read through the v1 reader.</summary>
public class TraceV1ReaderTests
{
    private static readonly string Fixture = Path.Combine(Paths.TestData, "traces", "go1.19", "traceleak.trace");

    [Fact]
    public void The_header_version_is_the_old_formats()
    {
        using var file = File.OpenRead(Fixture);
        Assert.Equal(19, TraceReader.Open(file).Version);
    }

    [Fact]
    public void Goroutines_still_blocked_at_the_end_are_the_ones_traceleak_leaked_with_their_reasons_and_functions()
    {
        using var file = File.OpenRead(Fixture);
        var reader = TraceReader.Open(file);
        var last = new Dictionary<long, TraceEvent>();
        while (reader.TryRead(out var e))
            if (e.Kind == TraceEventKind.GoroutineTransition)
                last[e.Resource] = e;

        var leaked = last.Values
            .Where(e => e.GoTo == GoState.Waiting)
            .Select(e => (e.Reason, Function: reader.Stacks[e.Stack].Frames.Select(f => f.Function).FirstOrDefault(f => f.StartsWith("main.leak", StringComparison.Ordinal))))
            .Where(leak => leak.Function is not null)
            .GroupBy(leak => $"{leak.Reason} in {leak.Function}")
            .ToDictionary(group => group.Key, group => group.Count());

        Assert.Equal(new Dictionary<string, int>
        {
            ["chan send in main.leakSend"] = 3,
            ["chan receive in main.leakReceive"] = 2,
            ["select in main.leakSelect"] = 4,
            ["sync in main.leakMutex"] = 1,
            ["sync in main.leakWait"] = 5,
        }, leaked);
    }
}

using Goroscope.Traces;
using Goroscope.Traces.Analysis;
using Goroscope.Traces.Timelines;

namespace Goroscope.Tests.Traces;

public class TraceAnalysisTests
{
    private static TraceAnalysis Analyse(string version)
    {
        using var file = File.OpenRead(Path.Combine(Paths.TestData, "traces", version, "traceleak.trace"));
        return TraceAnalysis.Of(Timeline.Read(TraceReader.Open(file)));
    }

    [Theory]
    [InlineData("go1.19")]
    [InlineData("go1.23")]
    [InlineData("go1.27")]
    public void The_five_leaks_are_the_suspects_with_their_patterns_and_counts(string version)
    {
        var suspects = Analyse(version).Buckets.Where(s => s.Bucket.IsSuspect)
            .Select(s => (s.Bucket.Pattern.Id, s.Bucket.Count, s.Bucket.BlockingSite.Frame!.Function))
            .OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [("chan-receive", 2L, "main.leakReceive"), ("chan-send", 3L, "main.leakSend"), ("mutex", 1L, "main.leakMutex"),
             ("select", 4L, "main.leakSelect"), ("waitgroup", 5L, "main.leakWait")],
            suspects);
    }

    [Fact]
    public void Suspects_say_how_long_they_have_been_blocked()
    {
        var a = Analyse("go1.27");
        var senders = a.Buckets.Single(s => s.Bucket.Pattern.Id == "chan-send" && s.Bucket.IsSuspect);
        // The program sleeps 100 ms after starting the leaks, then stops the trace.
        Assert.InRange(senders.MinBlocked, 90_000_000, 1_000_000_000);
        Assert.True(senders.MaxBlocked >= senders.MinBlocked);
        Assert.False(senders.BlockedAtLeastSinceStart);
        Assert.Equal(("main.spawnSenders", 94), (senders.Bucket.CreatedBy!.Function, senders.Bucket.CreatedBy.Line));
    }

    [Fact]
    public void Runtime_goroutines_are_not_suspects()
    {
        var a = Analyse("go1.27");
        Assert.DoesNotContain(a.Buckets, s => s.Bucket.IsSuspect && s.Bucket.BlockingSite.Frame?.Function.StartsWith("runtime", StringComparison.Ordinal) == true);
    }
}

using System.Text;
using Goroscope.Analysis;
using Goroscope.Stacks.Readers;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Evidence;

/// <summary>
/// testdata/programs/hung (four bugs of the Go bug studies in a live service, recorded by testdata/record.sh) and
/// testdata/programs/deadlock (the runtime's own "all goroutines are asleep"): the dump alone names every stranded
/// goroutine a suspect, and the service's live goroutines stay below the threshold.
/// </summary>
public class HungProgramTests
{
    private static readonly string[] Stranded =
        ["main.resize", "main.(*Hub).Publish", "main.(*Hub).Drain", "main.syncReplicas", "main.syncReplica", "main.(*Cache).Len", "main.(*Cache).Set"];

    private static AnalysisResult Analyze(Goroscope.Stacks.Snapshot snapshot) => Analyzer.Analyze(snapshot);

    [Fact]
    public void With_the_runtimes_leaked_marks_removed_every_goroutine_it_proved_leaked_is_a_suspect()
    {
        var marked = File.ReadAllText(Paths.Dump("go1.27", "hung.leak.debug2.txt"));
        var leakedIds = Dumps.Read(marked).Goroutines.Where(g => g.Leaked).Select(g => g.Id).ToHashSet();
        Assert.Equal(9, leakedIds.Count);

        var result = Analyze(Dumps.Read(marked.Replace(" (leaked)", "", StringComparison.Ordinal)));
        Assert.All(leakedIds, id => Assert.True(result.Buckets.Single(b => b.Ids.Contains(id)).IsSuspect, $"goroutine {id}"));
        Assert.All(result.Buckets.Where(b => !b.Ids.Any(leakedIds.Contains)), b => Assert.False(b.IsSuspect, b.BlockingSite.Frame!.Function));
    }

    [Fact]
    public void With_the_runtimes_leaked_marks_every_leaked_goroutine_is_a_suspect()
    {
        var result = Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "hung.leak.debug2.txt")));
        Assert.All(result.Buckets.Where(b => b.Leaked > 0), b => Assert.True(b.IsSuspect));
        Assert.Equal(9, result.Buckets.Where(b => b.IsSuspect).Sum(b => b.Count));
    }

    [Theory]
    [InlineData("go1.19")] // creators named by function only: no `in goroutine N`
    [InlineData("go1.23")]
    [InlineData("go1.27")]
    public void Every_stranded_goroutine_of_the_plain_dump_is_a_suspect_and_the_live_ones_are_not(string version)
    {
        var result = Analyze(Dumps.ReadFile(Paths.Dump(version, "hung.debug2.txt")));
        foreach (var bucket in result.Buckets)
            Assert.Equal(Stranded.Contains(bucket.BlockingSite.Frame!.Function), bucket.IsSuspect);
    }

    [Theory]
    [InlineData("go1.19")]
    [InlineData("go1.23")]
    [InlineData("go1.27")]
    public void The_runtimes_deadlock_crash_is_proven_asleep_throughout(string version)
    {
        var result = Analyze(Dumps.ReadFile(Paths.Dump(version, "deadlock.txt")));
        Assert.Equal(3, result.Goroutines);
        Assert.All(result.Buckets, b => Assert.Contains(b.ScoreTerms, t => t.Name == Scoring.ProcessAsleepTerm && t.Kind == ScoreTermKind.Floor));
    }
}

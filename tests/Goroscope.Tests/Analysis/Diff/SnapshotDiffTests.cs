using Goroscope.Analysis;
using Goroscope.Analysis.Diff;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Diff;

/// <summary>
/// Diffs of two leakzoo processes recorded with Go 1.27, one leaking three times as much as the other
/// (`-scale 1` and `-scale 3`): other goroutine ids, other addresses, and any mix of formats.
/// </summary>
public class SnapshotDiffTests
{
    private static readonly string[] Formats = ["debug2.txt", "debug1.txt", "debug0.pb.gz"];

    public static TheoryData<string, string> FormatPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var before in Formats)
            foreach (var after in Formats)
                data.Add(before, after);
        return data;
    }

    private static AnalysisResult Load(string name) => Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", name)));

    [Theory]
    [MemberData(nameof(FormatPairs))]
    public void Every_leak_shows_as_grown_threefold_whatever_the_formats(string before, string after)
    {
        var diff = SnapshotDiff.Compare(Load($"leakzoo.scale1.{before}"), Load($"leakzoo.scale3.{after}"));
        var leaks = Expected.Rows("leakzoo.scale1").Where(r => r.Pattern is not ("healthy" or "busy" or "self")).ToList();
        var grown = diff.Changes.Where(c => c.Kind == ChangeKind.Grown).ToList();
        Assert.Equal(leaks.Count, grown.Count);
        Assert.All(grown, c => Assert.Equal(3 * c.Baseline, c.Current));
        // The busy loop is caught at a different line each run, and debug=1 cannot tell it is running.
        Assert.DoesNotContain(diff.Changes, c => c.Kind is ChangeKind.New or ChangeKind.Gone && c.Bucket.BlockingSite.Frame?.Function != "main.startBusy.func1");
        Assert.Equal(474, diff.Delta);
    }

    [Fact]
    public void Healthy_goroutines_are_unchanged()
    {
        var diff = SnapshotDiff.Compare(Load("leakzoo.scale1.debug2.txt"), Load("leakzoo.scale3.debug2.txt"));
        var accept = Assert.Single(diff.Changes, c => c.Bucket.BlockingSite.Frame?.Function == "net/http.(*Server).Serve");
        Assert.Equal(ChangeKind.Unchanged, accept.Kind);
    }

    [Fact]
    public void Reverse_diff_shows_shrinking_and_no_leak()
    {
        var diff = SnapshotDiff.Compare(Load("leakzoo.scale3.debug2.txt"), Load("leakzoo.scale1.debug2.txt"));
        Assert.Equal(19, diff.Changes.Count(c => c.Kind == ChangeKind.Shrunk));
        Assert.DoesNotContain(diff.Changes, new LeakGate().IsLeak);
    }

    [Fact]
    public void Stack_missing_from_the_baseline_is_new()
    {
        var diff = SnapshotDiff.Compare(Load("locked.debug2.txt"), Load("leakzoo.debug2.txt"));
        var incident = Assert.Single(diff.Changes, c => c.Bucket.BlockingSite.Frame?.Function == "main.handleRequest");
        Assert.Equal((ChangeKind.New, 0L, 53L), (incident.Kind, incident.Baseline, incident.Current));
        Assert.True(double.IsPositiveInfinity(incident.Ratio));
    }

    [Fact]
    public void The_dump_writer_is_left_out()
    {
        var diff = SnapshotDiff.Compare(Load("leakzoo.scale1.debug1.txt"), Load("leakzoo.scale3.debug2.txt"));
        Assert.DoesNotContain(diff.Changes, c => c.Bucket.BlockingSite.Frame?.Function == "main.write");
    }

    [Fact]
    public void Match_ids_are_stable_across_runs()
    {
        var one = SnapshotDiff.Compare(Load("leakzoo.scale1.debug2.txt"), Load("leakzoo.scale3.debug2.txt"));
        var two = SnapshotDiff.Compare(Load("leakzoo.scale1.debug0.pb.gz"), Load("leakzoo.scale3.debug1.txt"));
        var grown = (DiffResult diff) => diff.Changes.Where(c => c.Kind == ChangeKind.Grown).Select(c => c.Id).Order();
        Assert.Equal(grown(one), grown(two));
    }
}

/// <summary>The thresholds that turn a change into a leak.</summary>
public class LeakGateTests
{
    private static readonly Bucket AnyBucket =
        Analyzer.Analyze(Dumps.Read("goroutine 1 [chan send]:\nmain.f()\n\t/a/main.go:9 +0x1\n")).Buckets[0];

    private static BucketChange Change(ChangeKind kind, long before, long after) => new("id", kind, before, after, AnyBucket);

    [Fact]
    public void Any_growth_is_a_leak_by_default()
    {
        Assert.True(new LeakGate().IsLeak(Change(ChangeKind.Grown, 10, 11)));
        Assert.True(new LeakGate().IsLeak(Change(ChangeKind.New, 0, 1)));
    }

    [Fact]
    public void Shrinking_and_unchanged_are_never_leaks()
    {
        Assert.False(new LeakGate().IsLeak(Change(ChangeKind.Shrunk, 10, 9)));
        Assert.False(new LeakGate().IsLeak(Change(ChangeKind.Unchanged, 10, 10)));
        Assert.False(new LeakGate().IsLeak(Change(ChangeKind.Gone, 10, 0)));
    }

    [Fact]
    public void Min_growth_needs_that_many_more()
    {
        var gate = new LeakGate(MinGrowth: 5);
        Assert.False(gate.IsLeak(Change(ChangeKind.Grown, 10, 14)));
        Assert.True(gate.IsLeak(Change(ChangeKind.Grown, 10, 15)));
        Assert.False(gate.IsLeak(Change(ChangeKind.New, 0, 4)));
    }

    [Fact]
    public void Min_ratio_applies_to_grown_stacks_only()
    {
        var gate = new LeakGate(MinRatio: 2);
        Assert.False(gate.IsLeak(Change(ChangeKind.Grown, 10, 19)));
        Assert.True(gate.IsLeak(Change(ChangeKind.Grown, 10, 20)));
        Assert.True(gate.IsLeak(Change(ChangeKind.New, 0, 1)));
    }

    [Fact]
    public void Fail_on_selects_the_kind()
    {
        Assert.False(new LeakGate(FailOn.New).IsLeak(Change(ChangeKind.Grown, 1, 9)));
        Assert.False(new LeakGate(FailOn.Grown).IsLeak(Change(ChangeKind.New, 0, 9)));
    }
}

using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis;

/// <summary>
/// The dumps leakzoo recorded with Go 1.19, 1.23 and 1.27 (testdata/programs/leakzoo, testdata/record.sh)
/// analyse to exactly the leaks testdata/dumps/EXPECTED.tsv lists: per leak, the count, the pattern and the
/// blocking site, in every format.
/// </summary>
public class LeakzooFixtureTests
{
    public static TheoryData<string, string> Recordings()
    {
        var data = new TheoryData<string, string>();
        foreach (var version in new[] { "go1.19", "go1.23", "go1.27" })
            foreach (var format in new[] { "debug2.txt", "debug1.txt", "debug0.pb.gz" })
                data.Add(version, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void Every_expected_leak_is_one_bucket_with_its_count_pattern_and_site(string version, string format)
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump(version, $"leakzoo.{format}")));
        var rows = Expected.Rows("leakzoo");
        Assert.Equal(rows.Sum(r => r.Count), result.Goroutines);
        foreach (var row in rows)
        {
            var bucket = row.SingleBucket(version, result);
            Assert.Equal(row.Count, bucket.Count);
            if (row.CatalogPattern(version, format) is { } pattern)
                Assert.Equal(pattern, bucket.Pattern.Id);
            if (format == "debug2.txt" && row.Column($"wait_{version}") is var printed)
            {
                // `semacquire` (mutexes before Go 1.20, WaitGroups before 1.24) is resolved from the frames.
                if (printed == "semacquire")
                    Assert.True(bucket.State.Inferred && bucket.State.Reason.StartsWith("sync.", StringComparison.Ordinal), bucket.State.Reason);
                else
                    Assert.Equal(printed, bucket.State.Reason);
            }
        }
    }

    [Theory]
    [InlineData("debug2.txt")]
    [InlineData("debug1.txt")]
    [InlineData("debug0.pb.gz")]
    public void Go_1_27_leak_profile_holds_exactly_the_proved_leaks(string format)
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", $"leakzoo.leak.{format}")));
        var leaked = Expected.Rows("leakzoo").Where(r => r.Column("leaked_go1.27") == "yes").ToList();
        Assert.Equal(leaked.Sum(r => r.Count), result.Buckets.Sum(b => b.Leaked));
        if (format != "debug2.txt") // the debug=2 form lists every goroutine and marks the leaked ones
            Assert.Equal(leaked.Sum(r => r.Count), result.Goroutines);
        foreach (var row in leaked)
        {
            var bucket = row.SingleBucket("go1.27", result);
            Assert.Equal(row.Count, bucket.Leaked);
            Assert.True(bucket.IsSuspect, $"{row.Pattern} {row.Variant} scores {bucket.Score}");
        }
    }

    [Fact]
    public void The_incident_bucket_ranks_first()
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug2.txt")));
        var top = result.Buckets[0];
        Assert.Equal(53, top.Count);
        Assert.Equal("main.handleRequest", top.BlockingSite.Frame!.Function);
        Assert.True(top.IsSuspect);
    }

    [Fact]
    public void Known_background_goroutines_are_no_suspects()
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug2.txt")));
        var background = result.Buckets.Where(b => b.Background is not null).ToList();
        Assert.Contains(background, b => b.BlockingSite.Frame!.Function == "net/http.(*Server).Serve");
        Assert.Contains(background, b => b.BlockingSite.Frame!.Function == "os/signal.loop");
        Assert.All(background.Where(b => b.Count == 1), b => Assert.False(b.IsSuspect));
    }

    [Fact]
    public void Semacquire_before_go_1_20_resolves_to_mutex_and_waitgroup_from_frames()
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.19", "leakzoo.debug2.txt")));
        var waitGroup = Assert.Single(result.Buckets, b => b.BlockingSite.Frame!.Function == "main.leakWaitGroup.func1");
        Assert.Equal("waitgroup", waitGroup.Pattern.Id);
        Assert.Equal("sync.WaitGroup.Wait", waitGroup.State.Reason);
        Assert.True(waitGroup.State.Inferred);
        var mutex = Assert.Single(result.Buckets, b => b.BlockingSite.Frame!.Function == "main.leakMutex.func1");
        Assert.Equal("sync.Mutex.Lock", mutex.State.Reason);
    }
}

using Goroscope.Analysis;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis;

/// <summary>Grouping, ranking and the signature's stability, one behaviour per test.</summary>
public class AnalyzerTests
{
    private static string Goroutine(long id, string reason, string function, int line, string extra = "", int creatorLine = 12) =>
        $"goroutine {id} [{reason}{extra}]:\n{function}(0x{id:x}?, {{0xc000{id:x}, 0x1}})\n\t/app/worker.go:{line} +0x1d\n"
        + $"main.run(...)\n\t/app/main.go:30\ncreated by main.main in goroutine 1\n\t/app/main.go:{creatorLine} +0x85\n\n";

    private static AnalysisResult Analyze(string dump, Grouping grouping = Grouping.Exact, long? expectedTotal = null) =>
        Analyzer.Analyze(Dumps.Read(dump), grouping, expectedTotal);

    [Fact]
    public void Exact_grouping_ignores_ids_arguments_and_minutes()
    {
        var result = Analyze(Goroutine(7, "chan send", "main.worker", 42) + Goroutine(8, "chan send", "main.worker", 42, ", 5 minutes"));
        var bucket = Assert.Single(result.Buckets);
        Assert.Equal(2, bucket.Count);
        Assert.Equal((0, 5), (bucket.MinMinutes, bucket.MaxMinutes));
        Assert.Equal([7L, 8L], bucket.Ids);
        Assert.Equal([1L], bucket.ParentIds);
    }

    [Fact]
    public void Exact_grouping_separates_lines_reasons_and_creators()
    {
        var dump = Goroutine(7, "chan send", "main.worker", 42) + Goroutine(8, "chan send", "main.worker", 43)
            + Goroutine(9, "chan receive", "main.worker", 42) + Goroutine(10, "chan send", "main.worker", 42, creatorLine: 13);
        Assert.Equal(4, Analyze(dump).Buckets.Count);
    }

    [Fact]
    public void Similar_grouping_merges_lines_of_the_same_functions()
    {
        var dump = Goroutine(7, "chan send", "main.worker", 42) + Goroutine(8, "chan send", "main.worker", 43);
        Assert.Equal(2, Assert.Single(Analyze(dump, Grouping.Similar).Buckets).Count);
    }

    [Fact]
    public void Similar_grouping_ignores_recursion_depth()
    {
        const string shallow = "goroutine 5 [select]:\nmain.walk()\n\t/a/t.go:9 +0x1\nmain.walk()\n\t/a/t.go:12 +0x1\n\n";
        const string deep = "goroutine 6 [select]:\nmain.walk()\n\t/a/t.go:9 +0x1\nmain.walk()\n\t/a/t.go:12 +0x1\nmain.walk()\n\t/a/t.go:12 +0x1\n\n";
        Assert.Equal(2, Analyze(shallow + deep, Grouping.Exact).Buckets.Count);
        Assert.Single(Analyze(shallow + deep, Grouping.Similar).Buckets);
    }

    [Fact]
    public void Loose_grouping_merges_paths_to_one_blocking_site()
    {
        const string viaA = "goroutine 5 [chan send]:\nmain.send()\n\t/a/s.go:9 +0x1\nmain.a()\n\t/a/s.go:20 +0x1\n\n";
        const string viaB = "goroutine 6 [chan send]:\nmain.send()\n\t/a/s.go:9 +0x1\nmain.b()\n\t/a/s.go:30 +0x1\n\n";
        Assert.Equal(2, Analyze(viaA + viaB, Grouping.Exact).Buckets.Count);
        Assert.Equal(2, Assert.Single(Analyze(viaA + viaB, Grouping.Loose).Buckets).Count);
    }

    [Fact]
    public void Blocking_site_is_the_innermost_frame_in_user_code()
    {
        const string dump = "goroutine 5 [sync.Mutex.Lock]:\nsync.(*Mutex).Lock(...)\n\t/go/src/sync/mutex.go:90\nexample.com/shop/cart.(*Cart).Add(0x1)\n\t/src/cart/cart.go:77 +0x1\nmain.main()\n\t/src/main.go:5 +0x1\n\n";
        var site = Assert.Single(Analyze(dump).Buckets).BlockingSite;
        Assert.True(site.InUserCode);
        Assert.Equal("example.com/shop/cart.(*Cart).Add", site.Frame!.Function);
    }

    [Fact]
    public void Cut_dump_with_a_known_total_counts_the_missing_goroutines()
    {
        var cut = Goroutine(7, "chan send", "main.worker", 42) + "goroutine 8 [chan send]:\nmain.worker(0x1)\n";
        var result = Analyze(cut, expectedTotal: 1000);
        Assert.Equal(998, result.MissingGoroutines);
        Assert.Contains(result.Warnings, w => w.StartsWith("998 of the process's 1000 goroutines are missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Leaked_members_make_a_bucket_a_top_suspect()
    {
        var result = Analyze(Goroutine(7, "chan receive (leaked)", "main.worker", 42));
        Assert.True(Assert.Single(result.Buckets).Score >= 90);
    }

    [Fact]
    public void Known_background_goroutines_score_lower_than_the_same_wait_in_user_code()
    {
        const string serve = "goroutine 5 [IO wait]:\ninternal/poll.runtime_pollWait(0x1)\n\t/go/src/runtime/netpoll.go:351 +0x85\nnet/http.(*conn).serve(0x1)\n\t/go/src/net/http/server.go:2193 +0x1\n\n";
        const string user = "goroutine 6 [IO wait]:\ninternal/poll.runtime_pollWait(0x1)\n\t/go/src/runtime/netpoll.go:351 +0x85\nmain.readForever(0x1)\n\t/app/main.go:20 +0x1\n\n";
        var result = Analyze(serve + user);
        var background = Assert.Single(result.Buckets, b => b.Background is not null);
        var mine = Assert.Single(result.Buckets, b => b.Background is null);
        Assert.True(background.Score < mine.Score);
    }

    [Fact]
    public void Bucket_ids_are_equal_across_two_runs_of_a_program()
    {
        // scale1 and scale3 are two processes: other goroutine ids, other addresses, other counts.
        var one = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.scale1.debug2.txt")));
        var three = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.scale3.debug2.txt")));
        var handleRequest = (AnalysisResult r) => Assert.Single(r.Buckets, b => b.BlockingSite.Frame!.Function == "main.handleRequest");
        Assert.Equal(handleRequest(one).Id, handleRequest(three).Id);
        Assert.Equal(3 * handleRequest(one).Count, handleRequest(three).Count);
    }

    [Fact]
    public void Buckets_are_ranked_most_suspect_first()
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug2.txt")));
        Assert.Equal(result.Buckets.OrderByDescending(b => b.Score).Select(b => b.Score), result.Buckets.Select(b => b.Score));
    }
}

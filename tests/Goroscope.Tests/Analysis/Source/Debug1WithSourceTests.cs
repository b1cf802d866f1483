using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Stacks;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Source;

/// <summary>
/// debug=1 hides the runtime frames that tell a send from a receive or a select; with the program's source
/// (`--source testdata/programs/PROG`, or a healthy server's excerpt) every recorded debug=1 dump gets the
/// patterns of its debug=2 twin.
/// </summary>
public class Debug1WithSourceTests
{
    public static TheoryData<string, string> Twins()
    {
        var data = new TheoryData<string, string>();
        foreach (var version in Directory.GetDirectories(Path.Combine(Paths.TestData, "dumps")).Select(Path.GetFileName).Order())
            foreach (var debug1 in Directory.GetFiles(Path.Combine(Paths.TestData, "dumps", version!), "*.debug1.txt").Select(Path.GetFileName).Order())
                if (File.Exists(Paths.Dump(version!, debug1!.Replace(".debug1.", ".debug2."))))
                    data.Add(version!, debug1!);
        return data;
    }

    [Fact]
    public void Every_recorded_program_with_a_debug2_dump_has_its_debug1_twin()
    {
        foreach (var version in Directory.GetDirectories(Path.Combine(Paths.TestData, "dumps")))
            foreach (var debug2 in Directory.GetFiles(version, "*.debug2.txt").Select(f => Path.GetFileName(f)))
            {
                // PROG.debug2.txt or PROG.VARIANT.debug2.txt: the program's twin is PROG.debug1.txt at least.
                var program = debug2[..debug2.IndexOf('.')];
                Assert.True(File.Exists(Path.Combine(version, program + ".debug1.txt")), $"{Path.GetFileName(version)}/{debug2} has no {program}.debug1.txt");
            }
    }

    public static TheoryData<string> HealthyServersWithSource() =>
        [.. Directory.GetDirectories(Path.Combine(Paths.TestData, "healthy")).Where(d => Directory.Exists(Path.Combine(d, "source"))).Select(d => Path.GetFileName(d)!).Order()];

    private static (string Function, int Line) Site(Bucket b) => (b.BlockingSite.Frame?.Function ?? "", b.BlockingSite.Frame?.Line ?? 0);

    [Theory]
    [MemberData(nameof(Twins))]
    public void A_debug1_dump_with_source_has_its_debug2_twins_patterns(string version, string debug1)
    {
        var program = debug1[..debug1.IndexOf('.')];
        AssertTwinPatterns(Paths.Dump(version, debug1), Paths.Dump(version, debug1.Replace(".debug1.", ".debug2.")),
            Path.Combine(Paths.TestData, "programs", program));
    }

    [Theory]
    [MemberData(nameof(HealthyServersWithSource))]
    public void A_healthy_servers_debug1_dump_with_its_source_has_its_debug2_twins_patterns(string server)
    {
        var recordings = Path.Combine(Paths.TestData, "healthy", server);
        AssertTwinPatterns(Path.Combine(recordings, "goroutine.debug1.txt"), Path.Combine(recordings, "goroutine.debug2.txt"),
            Path.Combine(recordings, "source"));
    }

    [Fact]
    public void Prometheus_opencensus_worker_is_a_select_in_debug1_with_the_dependencys_source()
    {
        var recordings = Path.Combine(Paths.TestData, "healthy", "prometheus");
        var reader = new SourceReader(new SourceLocator([Path.Combine(recordings, "source")], []));
        var worker = Assert.Single(Analyzer.Analyze(Dumps.ReadFile(Path.Combine(recordings, "goroutine.debug1.txt")), sources: reader).Buckets,
            b => b.BlockingSite.Frame?.Function == "go.opencensus.io/stats/view.(*worker).start");
        Assert.Equal(LeakPatterns.Select, worker.Pattern);
    }

    /// <summary>Every bucket of the debug=1 dump, read with the source, has a pattern its debug=2 twin's bucket at the same site has.</summary>
    private static void AssertTwinPatterns(string debug1, string debug2, string source)
    {
        var reader = new SourceReader(new SourceLocator([source], []));
        var withSource = Analyzer.Analyze(Dumps.ReadFile(debug1), sources: reader);
        var twin = Analyzer.Analyze(Dumps.ReadFile(debug2));
        var twinPatterns = twin.Buckets.ToLookup(Site, b => b.Pattern.Id);
        foreach (var bucket in withSource.Buckets)
        {
            var expected = twinPatterns[Site(bucket)].ToList();
            // A goroutine running when the dump was taken has no wait for debug=1 to hide: the source cannot say it runs.
            if (expected.Count == 0 || expected.All(p => p is "running" or "runtime-internal"))
                continue;
            Assert.True(expected.Contains(bucket.Pattern.Id), $"{Site(bucket)}: {bucket.Pattern.Id}, its debug=2 twin {string.Join(" or ", expected)}");
        }
        Assert.DoesNotContain(withSource.Buckets, b => b.Pattern == LeakPatterns.ChanOrSelect && twinPatterns[Site(b)].Any(p => p is not ("running" or "runtime-internal")));
    }

    [Fact]
    public void Without_source_debug1_channel_waits_stay_chan_or_select()
    {
        var result = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump("go1.27", "leakzoo.debug1.txt")));
        Assert.Contains(result.Buckets, b => b.Pattern == LeakPatterns.ChanOrSelect && b.BlockingSite.Frame?.Function == "main.handleRequest");
    }
}

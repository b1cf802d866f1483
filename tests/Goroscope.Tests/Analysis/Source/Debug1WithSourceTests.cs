using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Stacks;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Source;

/// <summary>
/// debug=1 hides the runtime frames that tell a send from a receive or a select; with the program's source
/// (`--source testdata/programs/PROG`) every recorded debug=1 dump gets the patterns of its debug=2 twin.
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

    private static (string Function, int Line) Site(Bucket b) => (b.BlockingSite.Frame?.Function ?? "", b.BlockingSite.Frame?.Line ?? 0);

    [Theory]
    [MemberData(nameof(Twins))]
    public void A_debug1_dump_with_source_has_its_debug2_twins_patterns(string version, string debug1)
    {
        var program = debug1[..debug1.IndexOf('.')];
        var reader = new SourceReader(new SourceLocator([Path.Combine(Paths.TestData, "programs", program)], []));
        var withSource = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump(version, debug1)), sources: reader);
        var twin = Analyzer.Analyze(Dumps.ReadFile(Paths.Dump(version, debug1.Replace(".debug1.", ".debug2."))));
        var twinPatterns = twin.Buckets.ToLookup(Site, b => b.Pattern.Id);
        foreach (var bucket in withSource.Buckets)
        {
            var expected = twinPatterns[Site(bucket)].ToList();
            // A goroutine running when the dump was taken has no wait for debug=1 to hide: the source cannot say it runs.
            if (expected.Count == 0 || expected.All(p => p is "running" or "runtime-internal"))
                continue;
            Assert.Contains(bucket.Pattern.Id, expected);
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

using Goroscope.Analysis;
using Goroscope.Stacks.Readers;
using Goroscope.Watch.Demo;
using Goroscope.Watch.Scraping;

namespace Goroscope.Watch.Tests.Live;

/// <summary>watch --demo's simulated services serve what a Go service serves, so the demo's incidents get their debug=2 detail.</summary>
public class DemoTests
{
    [Fact]
    public async Task DemoServices_ServePprofDebug1AndDebug2_AllGrowingAlike()
    {
        await using var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        using var http = new HttpClient { BaseAddress = fleet.Address };
        async Task<(byte[] Bytes, long HandleRequest)> Fetch(string path)
        {
            var bytes = await http.GetByteArrayAsync(path);
            var buckets = BucketSample.From(Analyzer.Analyze(DumpReader.Read(new MemoryStream(bytes))[^1]));
            return (bytes, buckets.Where(b => b.BlockingSite == "main.handleRequest main.go:385").Sum(b => b.Count));
        }

        var pprof = await Fetch("checkout/debug/pprof/goroutine?debug=0");
        var leaks = await Fetch("checkout/debug/pprof/goroutineleak?debug=0");
        var text = await Fetch("checkout/debug/pprof/goroutine?debug=1");
        var dump = await Fetch("checkout/debug/pprof/goroutine?debug=2");

        Assert.Equal((0x1f, 0x8b), (pprof.Bytes[0], pprof.Bytes[1]));
        Assert.Equal((0x1f, 0x8b), (leaks.Bytes[0], leaks.Bytes[1]));
        Assert.StartsWith("goroutine profile: total ", System.Text.Encoding.UTF8.GetString(text.Bytes));
        Assert.StartsWith("goroutine 1 [running]:", System.Text.Encoding.UTF8.GetString(dump.Bytes));
        // Half an hour of history at one a second, on top of the 53 recorded; the four fetches are a second apart at most.
        Assert.InRange(pprof.HandleRequest, 53 + 1700, 53 + 1900);
        Assert.All([leaks.HandleRequest, text.HandleRequest, dump.HandleRequest], count => Assert.InRange(count, pprof.HandleRequest, pprof.HandleRequest + 2));
    }

    [Fact]
    public async Task DemoIncident_NamesTheExactPatternStackAndCreatorFromDebug2()
    {
        await using var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        var options = fleet.Apply(new WatchOptions(), temporaryStore: false) with { Store = Scrapes.TempDatabase() };
        await using var watch = await LiveWatch.StartAsync(options, service => fleet.Seed(service.Store, options.Targets));

        var incident = await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.Target == "checkout"), TimeSpan.FromSeconds(15), "the demo's incident");
        var bucket = await watch.WaitForAsync(() =>
        {
            using var reader = watch.Service.Store.OpenReader();
            return reader.Bucket(incident.BucketId) is { Detailed: true } b ? b : null;
        }, TimeSpan.FromSeconds(10), "the debug=2 detail");

        Assert.Equal(("chan-send", "main.handleRequest main.go:385"), (incident.Pattern, incident.BlockingSite));
        Assert.StartsWith("[chan send]", bucket.StackText);
        Assert.Contains("main.handleRequest(...)\n\t/work/main/testdata/programs/leakzoo/main.go:385\n", bucket.StackText);
        Assert.Contains("created by main.leakLogShipping\n\t/work/main/testdata/programs/leakzoo/main.go:373\n", bucket.StackText);
        Assert.DoesNotContain("no debug=2 detail", watch.Log.ToString());
    }
}

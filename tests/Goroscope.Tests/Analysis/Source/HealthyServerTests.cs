using Goroscope.Analysis;
using Goroscope.Analysis.Source;
using Goroscope.Tests.Stacks;

namespace Goroscope.Tests.Analysis.Source;

/// <summary>
/// Real Go servers from Debian, recorded healthy under bounded load by testdata/record-healthy.sh
/// (testdata/healthy/SOURCES.md): analyze names no suspect in any of their dumps, in any format.
/// </summary>
public class HealthyServerTests
{
    private static string Healthy => Path.Combine(Paths.TestData, "healthy");

    public static TheoryData<string, string> Recordings()
    {
        var data = new TheoryData<string, string>();
        foreach (var server in Directory.GetDirectories(Healthy).Select(Path.GetFileName).Order())
            foreach (var format in new[] { "debug2.txt", "debug1.txt", "debug0.pb.gz" })
                data.Add(server!, format);
        return data;
    }

    private static AnalysisResult Analyze(string server, string format, SourceReader? sources) =>
        Analyzer.Analyze(Dumps.ReadFile(Path.Combine(Healthy, server, $"goroutine.{format}")), sources: sources);

    private static SourceReader WithPrometheusSource() => WithItsSource("prometheus");

    [Theory]
    [InlineData("debug2.txt")]
    [InlineData("debug1.txt")]
    [InlineData("debug0.pb.gz")]
    public void A_retrying_alertmanager_waits_for_notifiers_that_wake_on_their_ticker(string format)
    {
        var fanout = Assert.Single(Analyze("alertmanager-retrying", format, WithItsSource("alertmanager-retrying")).Buckets,
            b => b.BlockingSite.Frame?.Function == "github.com/prometheus/alertmanager/notify.FanoutStage.Exec");
        Assert.Equal("waits for 20 × RetryStage.exec it started, which wake on a ticker: notify.go:720", fanout.Healthy?.Reason);
        Assert.Equal(20.1, fanout.Score);
    }

    [Fact]
    public void Without_its_source_the_retrying_alertmanagers_waiters_are_still_suspects()
    {
        var suspect = Assert.Single(Analyze("alertmanager-retrying", "debug2.txt", sources: null).Buckets, b => b.IsSuspect);
        Assert.Equal("github.com/prometheus/alertmanager/notify.FanoutStage.Exec", suspect.BlockingSite.Frame?.Function);
    }

    [Fact]
    public void At_least_five_servers_are_recorded()
    {
        Assert.True(Recordings().Count >= 15, $"{Recordings().Count / 3} servers recorded");
    }

    /// <summary>The server's own source excerpt when the tests carry one (testdata/healthy/SERVER/source), else none.</summary>
    private static SourceReader WithItsSource(string server)
    {
        var source = Path.Combine(Healthy, server, "source");
        return new(new SourceLocator(Directory.Exists(source) ? [source] : [], []));
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_healthy_server_has_no_suspect_with_its_source(string server, string format)
    {
        var result = Analyze(server, format, WithItsSource(server));
        Assert.True(result.Suspects == 0, string.Join("; ", result.Buckets.Where(b => b.IsSuspect).Select(b => $"{b.Count} × {b.Pattern.Id} at {b.BlockingSite.Frame}")));
    }

    [Theory]
    [InlineData("debug2.txt")]
    [InlineData("debug1.txt")]
    [InlineData("debug0.pb.gz")]
    public void Prometheus_scrape_loops_wake_on_their_ticker(string format)
    {
        var loops = Analyze("prometheus", format, WithPrometheusSource()).Buckets
            .Where(b => b.BlockingSite.Frame?.Function == "github.com/prometheus/prometheus/scrape.(*scrapeLoop).run").ToList();
        // One loop per target: 110 targets, less any caught scraping when the dump was taken.
        Assert.InRange(loops.Sum(b => b.Count), 100, 110);
        Assert.All(loops, b => Assert.Equal("wakes on a ticker: scrape.go:1270", b.Healthy?.Reason));
        Assert.All(loops, b => Assert.Equal("select", b.Pattern.Id));
    }

    [Theory]
    [InlineData("debug2.txt")]
    [InlineData("debug1.txt")]
    [InlineData("debug0.pb.gz")]
    public void Without_its_source_the_scrape_loop_pile_is_still_a_suspect(string format)
    {
        var suspect = Assert.Single(Analyze("prometheus", format, sources: null).Buckets, b => b.IsSuspect);
        Assert.Equal("github.com/prometheus/prometheus/scrape.(*scrapeLoop).run", suspect.BlockingSite.Frame?.Function);
    }

    [Theory]
    [InlineData("debug2.txt")]
    [InlineData("debug1.txt")]
    [InlineData("debug0.pb.gz")]
    public void Nats_connection_writers_are_paired_with_their_readers_from_the_dump_alone(string format)
    {
        var writers = Assert.Single(Analyze("nats-server", format, sources: null).Buckets,
            b => b.BlockingSite.Frame?.Function == "github.com/nats-io/nats-server/server.(*client).writeLoop");
        Assert.Equal("one per connection: paired 1:1 with 25 × (*client).readLoop waiting on the network", writers.Healthy?.Reason);
        Assert.False(writers.IsSuspect);
    }

    [Fact]
    public void The_scoring_docs_scrape_loop_example_holds()
    {
        static Bucket Loops(SourceReader? sources) => Assert.Single(Analyze("prometheus", "debug2.txt", sources).Buckets,
            b => b.BlockingSite.Frame?.Function == "github.com/prometheus/prometheus/scrape.(*scrapeLoop).run");
        Assert.Equal((110L, 23.4), (Loops(WithPrometheusSource()).Count, Loops(WithPrometheusSource()).Score));
        Assert.Equal(46.8, Loops(sources: null).Score);
    }

    [Fact]
    public void The_scoring_docs_connection_writer_example_holds()
    {
        var writers = Assert.Single(Analyze("nats-server", "debug2.txt", sources: null).Buckets,
            b => b.BlockingSite.Frame?.Function == "github.com/nats-io/nats-server/server.(*client).writeLoop");
        Assert.Equal((25L, 20.7), (writers.Count, writers.Score));
    }
}

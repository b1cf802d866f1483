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

    /// <summary>The excerpt of Prometheus's source that its dumps block in (Debian's source package, lines kept where they were).</summary>
    private static string PrometheusSource => Path.Combine(Healthy, "prometheus", "source");

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

    private static SourceReader WithPrometheusSource() => new(new SourceLocator([PrometheusSource], []));

    [Fact]
    public void At_least_five_servers_are_recorded()
    {
        Assert.True(Recordings().Count >= 15, $"{Recordings().Count / 3} servers recorded");
    }

    [Theory]
    [MemberData(nameof(Recordings))]
    public void A_healthy_server_has_no_suspect_with_its_source(string server, string format)
    {
        var result = Analyze(server, format, WithPrometheusSource());
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
        static Bucket Loops(SourceReader? sources) => Assert.Single(Analyze("prometheus", "debug1.txt", sources).Buckets,
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

using System.Text.Json;
using Goroscope.Tests;

namespace Goroscope.Cli.Tests;

/// <summary>`goroscope analyze --source DIR`: the blocking line and healthy piles in every format.</summary>
public class AnalyzeSourceTests
{
    private static readonly string PrometheusDebug1 = Path.Combine(Paths.TestData, "healthy", "prometheus", "goroutine.debug1.txt");
    private static readonly string PrometheusSource = Path.Combine(Paths.TestData, "healthy", "prometheus", "source");

    [Fact]
    public void Text_report_says_why_a_pile_is_not_a_suspect_and_shows_its_source()
    {
        var run = Cli.Run("analyze", PrometheusDebug1, "--source", PrometheusSource);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("no leak suspects", run.Stdout.Split('\n')[0]);
        Assert.Contains("not a suspect: 109 × select, score 23.4", run.Stdout);
        Assert.Contains("  why  wakes on a ticker: scrape.go:1270", run.Stdout);
        Assert.Contains("  >  1264          select {", run.Stdout);
    }

    [Fact]
    public void Json_report_carries_the_healthy_reason_and_the_source_reading()
    {
        var run = Cli.Run("analyze", PrometheusDebug1, "--source", PrometheusSource, "--format", "json");
        using var json = JsonDocument.Parse(run.Stdout);
        var loops = json.RootElement.GetProperty("buckets").EnumerateArray()
            .Single(b => b.GetProperty("blockingSite").GetProperty("function").GetString() == "github.com/prometheus/prometheus/scrape.(*scrapeLoop).run");
        Assert.Equal("wakes on a ticker: scrape.go:1270", loops.GetProperty("healthy").GetProperty("reason").GetString());
        Assert.Equal(0.5, loops.GetProperty("healthy").GetProperty("factor").GetDouble());
        var source = loops.GetProperty("source");
        Assert.Equal(("select", 1264), (source.GetProperty("statement").GetString(), source.GetProperty("line").GetInt32()));
        Assert.Contains(source.GetProperty("wakes").EnumerateArray(), w => w.GetProperty("kind").GetString() == "ticker" && w.GetProperty("text").GetString() == "<-ticker.C");
        Assert.Equal(5, source.GetProperty("excerpt").GetArrayLength());
    }

    [Fact]
    public void Html_report_holds_the_source_lines_and_the_healthy_reason()
    {
        var run = Cli.Run("analyze", PrometheusDebug1, "--source", PrometheusSource, "--format", "html");
        Assert.Contains("wakes on a ticker: scrape.go:1270", run.Stdout);
        Assert.Contains("case <-sl.parentCtx.Done():".Replace("<", "\\u003C"), run.Stdout);
    }

    [Fact]
    public void A_source_directory_that_does_not_exist_is_one_line_and_exit_2()
    {
        var run = Cli.Run("analyze", PrometheusDebug1, "--source", "/no/such/checkout");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("goroscope: --source /no/such/checkout: no such directory", run.Stderr.TrimEnd('\n'));
    }
}

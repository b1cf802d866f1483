using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Goroscope.Tests;
using Goroscope.Watch.Demo;
using Xunit.Abstractions;

namespace Goroscope.Watch.Tests.Live;

/// <summary>The dashboard and its API, served by watch running the demo fleet (simulated services with recorded profiles).</summary>
public class DashboardTests(ITestOutputHelper output)
{
    private static async Task<(DemoFleet Fleet, LiveWatch Watch)> StartDemoAsync(string? token = null)
    {
        var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        var options = fleet.Apply(new WatchOptions { Token = token }, temporaryStore: false) with { Store = Scrapes.TempDatabase() };
        var watch = await LiveWatch.StartAsync(options, service => fleet.Seed(service.Store, options.Targets));
        return (fleet, watch);
    }

    [Fact]
    public async Task Chromium_ShowsTargetsChartsWithDataAndTheIncident()
    {
        var browser = Path.Combine(Paths.RepoRoot, "tests", "browser");
        if (!Directory.Exists(Path.Combine(browser, "node_modules", "playwright-core")))
            throw new InvalidOperationException($"playwright-core is not installed: run `npm ci` in {browser} (.ci/run does)");
        if (!File.Exists("/usr/bin/chromium"))
            throw new InvalidOperationException("/usr/bin/chromium is not installed: run `apt-get install -y chromium` (.ci/run does)");
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.Target == "checkout"), TimeSpan.FromSeconds(15), "the demo's incident");
            // .ci/run names the folder CI keeps; artifacts/screenshots by default.
            var shots = Environment.GetEnvironmentVariable("GOROSCOPE_SCREENSHOTS") is { Length: > 0 } named ? named
                : Path.Combine(Paths.RepoRoot, "artifacts", "screenshots");
            var start = new ProcessStartInfo("node", ["check-dashboard.mjs", watch.Server.Address.ToString(), shots, "checkout"])
            {
                WorkingDirectory = browser,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var node = Process.Start(start)!;
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            Assert.True(node.WaitForExit(TimeSpan.FromSeconds(90)), "the browser check did not finish in 90 s");
            output.WriteLine(await stdout);
            Assert.True(node.ExitCode == 0, $"browser check failed:\n{await stdout}\n{await stderr}");
            Assert.All(["overview.png", "target.png", "bucket.png"], f => Assert.True(new FileInfo(Path.Combine(shots, f)).Length > 10_000, f));
        }
    }

    [Fact]
    public async Task Api_ServesTargetsSeriesAndBucketsAsJson()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            var incident = await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents()
                .FirstOrDefault(i => i.BlockingSite == "main.handleRequest main.go:385"), TimeSpan.FromSeconds(15), "the demo's growth incident");
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var targets = JsonDocument.Parse(await http.GetStringAsync("api/targets"));
            Assert.Equal(["checkout", "inventory"], targets.RootElement.EnumerateArray().Select(t => t.GetProperty("name").GetString()));
            using var series = JsonDocument.Parse(await http.GetStringAsync("api/targets/checkout/series?range=1h"));
            var times = series.RootElement.GetProperty("times").GetArrayLength();
            Assert.True(times >= 60, $"{times} points: the seeded half hour is there");
            Assert.Equal(times, series.RootElement.GetProperty("patterns").GetProperty("mutex").GetArrayLength());
            using var bucket = JsonDocument.Parse(await http.GetStringAsync($"api/targets/checkout/buckets/{incident.BucketShortId}"));
            var counts = bucket.RootElement.GetProperty("counts").EnumerateArray().Select(c => c.GetInt64()).ToList();
            Assert.True(counts[^1] > counts[0] + 1000, "the leaking bucket grew over the half hour");
            Assert.Contains("main.handleRequest", bucket.RootElement.GetProperty("stack").GetString());
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("api/targets/checkout/buckets/000000000000")).StatusCode);
        }
    }

    [Fact]
    public async Task Token_GuardsDashboardApiAndMetrics_ButNotHealth()
    {
        var (fleet, watch) = await StartDemoAsync(token: "s3cret");
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = watch.Server.Address };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("healthz")).StatusCode);
            foreach (var path in new[] { "", "api/targets", "metrics" })
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
            using (var bearer = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret") } })
                Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(bearer)).StatusCode);
            using (var wrong = new HttpRequestMessage(HttpMethod.Get, "metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } })
                Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
            // A browser opens the dashboard once with ?token=…; the cookie it gets carries the rest.
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("?token=s3cret")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/targets")).StatusCode);
        }
    }

    [Fact]
    public async Task Metrics_ExportGoroutinesPatternsIncidentsAndScrapeHealth()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(), TimeSpan.FromSeconds(15), "an incident");
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            var metrics = await watch.WaitForAsync(() =>
            {
                var text = http.GetStringAsync("metrics").GetAwaiter().GetResult();
                return text.Contains("goroscope_watch_goroutines{target=\"inventory\"}", StringComparison.Ordinal) ? text : null;
            }, TimeSpan.FromSeconds(10), "a scrape of both demo targets");
            Assert.Contains("goroscope_watch_goroutines{target=\"inventory\"} 241", metrics);
            Assert.Contains("goroscope_watch_pattern_goroutines{target=\"inventory\",pattern=\"mutex\"} 30", metrics);
            Assert.Contains("goroscope_watch_scrape_up{target=\"checkout\"} 1", metrics);
            Assert.Contains("goroscope_watch_scrape_duration_seconds{target=\"checkout\"}", metrics);
            Assert.Contains("goroscope_watch_open_incidents{target=\"inventory\"} 0", metrics);
            Assert.Matches("goroscope_watch_bucket_growth_per_minute\\{target=\"checkout\",bucket=\"[0-9a-f]{12}\",pattern=\"chan-or-select\"\\} [1-9]", metrics);
            Assert.Contains("goroscope_watch_scrapes_total{target=\"checkout\",result=\"ok\"}", metrics);
        }
    }

    [Fact]
    public async Task Demo_DeletesItsThrowAwayStoreOnExit_ButNeverANamedOne()
    {
        string temporary;
        await using (var fleet = await DemoFleet.StartAsync(CancellationToken.None))
        {
            temporary = fleet.Apply(new WatchOptions(), temporaryStore: true).Store;
            using var store = new Storage.SqliteStore(temporary);
            Assert.True(File.Exists(temporary));
        }
        Assert.False(File.Exists(temporary));

        var named = Scrapes.TempDatabase();
        await using (var fleet = await DemoFleet.StartAsync(CancellationToken.None))
        {
            Assert.Equal(named, fleet.Apply(new WatchOptions { Store = named }, temporaryStore: false).Store);
            using var store = new Storage.SqliteStore(named);
        }
        Assert.True(File.Exists(named));
    }
}

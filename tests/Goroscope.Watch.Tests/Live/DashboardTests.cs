using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Goroscope.Tests;
using Goroscope.Watch.Demo;
using Goroscope.Watch.Targets;
using Xunit.Abstractions;

namespace Goroscope.Watch.Tests.Live;

/// <summary>The dashboard and its API, served by watch running the demo fleet (simulated services with recorded profiles).</summary>
public class DashboardTests(ITestOutputHelper output)
{
    /// <param name="failing">Also watch a target whose every scrape is refused (port 1 on loopback).</param>
    private static async Task<(DemoFleet Fleet, LiveWatch Watch)> StartDemoAsync(string? token = null, bool failing = false)
    {
        var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        var options = fleet.Apply(new WatchOptions { Token = token }, temporaryStore: false) with { Store = Scrapes.TempDatabase() };
        if (failing)
            options = options with { Targets = [.. options.Targets, Target.Parse("billing=http://127.0.0.1:1")] };
        var watch = await LiveWatch.StartAsync(options, service => fleet.Seed(service.Store, options.Targets));
        return (fleet, watch);
    }

    [Fact]
    public async Task Chromium_ChecksEveryPageAt1400And800PxInLightAndDark()
    {
        BrowserCheck.RequireBrowser();
        var (fleet, watch) = await StartDemoAsync(failing: true);
        await using (fleet)
        await using (watch)
        {
            await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.Target == "checkout"), TimeSpan.FromSeconds(15), "the demo's incident");
            // The demo seeds every target's history with good scrapes: wait for billing's first refused one to be stored.
            await watch.WaitForAsync(() => watch.Service.Store.OpenReader() is var r && r.Targets().Any(t => t.Name == "billing" && t.LastOk == false) ? r : null,
                TimeSpan.FromSeconds(15), "the failing target's first failed scrape");
            output.WriteLine(await BrowserCheck.RunAsync("check-dashboard.mjs", [watch.Server.Address.ToString(), BrowserCheck.Screenshots, "checkout", "billing"], TimeSpan.FromSeconds(240)));
            BrowserCheck.AssertScreenshots(new[] { 1400, 800 }.SelectMany(width => new[] { "overview", "target", "target-6h", "failing-target", "bucket", "not-found", "target-dark", "overview-dark" }
                .Select(page => $"{page}-{width}.png")));
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
            var metrics = await watch.PollAsync(async () =>
            {
                var text = await http.GetStringAsync("metrics");
                return text.Contains("goroscope_watch_goroutines{target=\"inventory\"}", StringComparison.Ordinal) ? text : null;
            }, TimeSpan.FromSeconds(10), "a scrape of both demo targets");
            Assert.Contains("goroscope_watch_goroutines{target=\"inventory\"} 241", metrics);
            Assert.Contains("goroscope_watch_pattern_goroutines{target=\"inventory\",pattern=\"mutex\"} 30", metrics);
            Assert.Contains("goroscope_watch_scrape_up{target=\"checkout\"} 1", metrics);
            Assert.Contains("goroscope_watch_scrape_duration_seconds{target=\"checkout\"}", metrics);
            Assert.Contains("goroscope_watch_open_incidents{target=\"inventory\"} 0", metrics);
            Assert.Contains("goroscope_watch_scrapes_total{target=\"checkout\",result=\"ok\"}", metrics);
        }
    }

    [Fact]
    public async Task Metrics_GrowthIsInGoroutinesPerSecond()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            var incident = await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.GrowthPerMinute > 0), TimeSpan.FromSeconds(15), "a growing incident");
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            var metrics = await http.GetStringAsync("metrics");
            var line = Assert.Single(metrics.Split('\n'), l => l.StartsWith($"goroscope_watch_bucket_growth_goroutines_per_second{{target=\"checkout\",bucket=\"{incident.BucketShortId}\"", StringComparison.Ordinal));
            var perSecond = double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            // The demo's leak gains one goroutine a second.
            Assert.InRange(perSecond, 0.5, 1.5);
            Assert.DoesNotContain("per_minute", metrics);
        }
    }

    [Fact]
    public async Task Metrics_BuildInfoSaysWhichGoroscopeRuns()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            Assert.Matches("\ngoroscope_build_info\\{version=\"\\d+\\.\\d+\\.\\d+\",runtime=\"10\\.[0-9.]+\"\\} 1\n", await http.GetStringAsync("metrics"));
        }
    }

    [Fact]
    public async Task Metrics_CountersStartAtZeroForEachTargetAndReceiver()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            var metrics = await watch.PollAsync(async () =>
            {
                var text = await http.GetStringAsync("metrics");
                return text.Contains("goroscope_watch_scrapes_total{target=\"inventory\",result=\"ok\"}", StringComparison.Ordinal) ? text : null;
            }, TimeSpan.FromSeconds(10), "a scrape of inventory");
            Assert.Contains("goroscope_watch_scrapes_total{target=\"inventory\",result=\"error\"} 0\n", metrics);
            Assert.Contains("goroscope_watch_incidents_opened_total{target=\"inventory\"} 0\n", metrics);
            Assert.Contains("goroscope_watch_scrapes_skipped_total 0\n", metrics);
        }
    }

    [Fact]
    public async Task Metrics_AlertCountersStartAtZeroForEachReceiver()
    {
        var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        var options = fleet.Apply(new WatchOptions(), temporaryStore: false) with
        {
            Store = Scrapes.TempDatabase(),
            Webhook = new Uri("http://127.0.0.1:1/hook"),
            Targets = [],
        };
        await using (fleet)
        await using (var watch = await LiveWatch.StartAsync(options))
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            var metrics = await http.GetStringAsync("metrics");
            Assert.Contains("goroscope_watch_alerts_sent_total{receiver=\"webhook\",result=\"ok\"} 0\n", metrics);
            Assert.Contains("goroscope_watch_alerts_sent_total{receiver=\"webhook\",result=\"error\"} 0\n", metrics);
        }
    }

    [Fact]
    public async Task Docs_EverySeriesTheShippedRulesAndGrafanaDashboardQueryIsExported()
    {
        var fleet = await DemoFleet.StartAsync(CancellationToken.None);
        var options = fleet.Apply(new WatchOptions(), temporaryStore: false) with { Store = Scrapes.TempDatabase(), Webhook = new Uri("http://127.0.0.1:1/hook") };
        await using (fleet)
        await using (var watch = await LiveWatch.StartAsync(options, service => fleet.Seed(service.Store, options.Targets)))
        {
            await watch.WaitForAsync(() => watch.Service.Tracker.OpenIncidents().FirstOrDefault(i => i.GrowthPerMinute > 0), TimeSpan.FromSeconds(15), "a growing incident");
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            var exported = Regex.Matches(await http.GetStringAsync("metrics"), "^(goroscope_[a-z_]+)[{ ]", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
            var queried = new[] { "prometheus-rules.yml", "grafana-dashboard.json" }
                .SelectMany(file => Regex.Matches(File.ReadAllText(Path.Combine(Paths.RepoRoot, "docs", "watch", file)), "goroscope_[a-z_]+").Select(m => m.Value))
                .Distinct().Order().ToList();
            Assert.True(queried.Count >= 8, $"{queried.Count} series queried");
            Assert.All(queried, name => Assert.Contains(name, exported));
        }
    }

    [Theory]
    [InlineData("metrics")]
    [InlineData("")]
    [InlineData("targets/checkout")]
    [InlineData("api/targets")]
    [InlineData("healthz")]
    public async Task Head_IsAnsweredLikeGet_WithoutABody(string path)
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
            using var get = await http.GetAsync(path);
            Assert.Equal((HttpStatusCode.OK, get.Content.Headers.ContentType?.MediaType), (head.StatusCode, head.Content.Headers.ContentType?.MediaType));
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [InlineData("", "./")]
    [InlineData("targets/checkout", "../")]
    [InlineData("no/such/page", "../../")]
    public async Task Pages_LinkRelativeToTheRoot_SoAProxyPathPrefixWorks(string path, string baseHref)
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var response = await http.GetAsync(path);
            Assert.Contains($"<base href=\"{baseHref}\">", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("targets/no-such-target")]
    [InlineData("targets/checkout/buckets/000000000000")]
    [InlineData("targets/no-such-target/buckets/000000000000")]
    [InlineData("no/such/page")]
    [InlineData("assets/no-such.js")]
    public async Task Pages_UnknownTargetBucketOrRoute_Are404(string path)
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var response = await http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("api/targets/no-such-target", "no target named no-such-target")]
    [InlineData("api/targets/no-such-target/series", "no target named no-such-target")]
    [InlineData("api/targets/no-such-target/scrapes", "no target named no-such-target")]
    [InlineData("api/targets/checkout/buckets/000000000000", "no bucket 000000000000 in this store")]
    [InlineData("api/no-such-route", "no such API route: /api/no-such-route")]
    public async Task Api_UnknownTargetBucketOrRoute_Is404Json(string path, string error)
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var response = await http.GetAsync(path);
            Assert.Equal((HttpStatusCode.NotFound, "application/json"), (response.StatusCode, response.Content.Headers.ContentType?.MediaType));
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        }
    }

    [Fact]
    public async Task Api_BadRange_Is400SayingWhatWasExpected()
    {
        var (fleet, watch) = await StartDemoAsync();
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var response = await http.GetAsync("api/targets?range=soon");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("range=soon: expected a duration such as 15m, 1h or 7d", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Api_FailingTarget_HasNoGoroutineCount_AndItsScrapesSayWhy()
    {
        var (fleet, watch) = await StartDemoAsync(failing: true);
        await using (fleet)
        await using (watch)
        {
            using var http = new HttpClient { BaseAddress = watch.Server.Address };
            using var target = await watch.PollAsync(async () =>
            {
                var json = JsonDocument.Parse(await http.GetStringAsync("api/targets/billing"));
                return json.RootElement.GetProperty("up").ValueKind == JsonValueKind.False ? json : null;
            }, TimeSpan.FromSeconds(15), "billing's first scrape");
            Assert.Equal(JsonValueKind.Null, target.RootElement.GetProperty("goroutines").ValueKind);
            Assert.Contains("refused", target.RootElement.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
            using var scrapes = JsonDocument.Parse(await http.GetStringAsync("api/targets/billing/scrapes"));
            var first = scrapes.RootElement[0];
            Assert.False(first.GetProperty("ok").GetBoolean());
            Assert.Equal(JsonValueKind.Null, first.GetProperty("goroutines").ValueKind);
            Assert.Contains("refused", first.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
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

using System.Net;
using System.Text.Json;
using Goroscope.Cli.Tests;
using Goroscope.Tests;
using Goroscope.Watch.Targets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Goroscope.Watch.Tests.Live;

/// <summary>watch plugged into a real Prometheus and a real Alertmanager (Debian packages), all on loopback.</summary>
public class MonitoringStackTests
{
    private static string TempDir() => Directory.CreateTempSubdirectory("goroscope-stack-").FullName;

    [Fact]
    public async Task Prometheus_ScrapesWatchMetrics_AndTheShippedRulesFireOnThem()
    {
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "12");
        await using var watch = await LiveWatch.StartAsync(GoTargetTests.Options(Target.Parse($"orders={target.Url}")));
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $$"""
            global: { scrape_interval: 1s, evaluation_interval: 1s }
            rule_files: [ "{{Path.Combine(Paths.RepoRoot, "docs", "watch", "prometheus-rules.yml")}}" ]
            scrape_configs:
              - job_name: goroscope-watch
                static_configs: [ { targets: ["{{watch.Server.Address.Authority}}"] } ]
            """);
        using var prometheus = await ExternalProgram.StartAsync("/usr/bin/prometheus", $"--config.file={dir}/prometheus.yml",
            $"--storage.tsdb.path={dir}/data", "--web.listen-address=127.0.0.1:{port}");
        using var http = new HttpClient();

        var query = new Uri(prometheus.Url, "api/v1/query?query=" + Uri.EscapeDataString("goroscope_watch_pattern_goroutines{target=\"orders\",pattern=\"chan-send\"}"));
        var value = await watch.PollAsync(async () =>
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(query));
            var results = json.RootElement.GetProperty("data").GetProperty("result");
            return results.GetArrayLength() == 1 ? results[0].GetProperty("value")[1].GetString() : null;
        }, TimeSpan.FromSeconds(20), $"Prometheus having scraped watch's /metrics (its log: {prometheus.Output})");
        Assert.Equal("12", value);

        using var up = JsonDocument.Parse(await http.GetStringAsync(new Uri(prometheus.Url, "api/v1/query?query=goroscope_watch_scrape_up")));
        Assert.Equal("1", up.RootElement.GetProperty("data").GetProperty("result")[0].GetProperty("value")[1].GetString());

        // docs/watch/prometheus-rules.yml, loaded by this Prometheus: the open incident makes its alert pending.
        var pending = await watch.PollAsync(async () =>
        {
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(prometheus.Url, "api/v1/alerts")));
            return json.RootElement.GetProperty("data").GetProperty("alerts").EnumerateArray()
                .Where(a => a.GetProperty("labels").GetProperty("alertname").GetString() == "GoroutineLeakIncident")
                .Select(a => $"{a.GetProperty("labels").GetProperty("target").GetString()} {a.GetProperty("state").GetString()}").FirstOrDefault();
        }, TimeSpan.FromSeconds(20), "the shipped rule GoroutineLeakIncident turning pending");
        Assert.Equal("orders pending", pending);
    }

    [Fact]
    public async Task Alertmanager_ReceivesTheLeakAlertWithRoutingLabels()
    {
        var dir = TempDir();
        File.WriteAllText(Path.Combine(dir, "alertmanager.yml"), """
            route: { receiver: devnull, group_wait: 1s }
            receivers: [ { name: devnull } ]
            """);
        using var alertmanager = await ExternalProgram.StartAsync("/usr/bin/prometheus-alertmanager", $"--config.file={dir}/alertmanager.yml",
            $"--storage.path={dir}/data", "--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=");
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "9");
        await using var watch = await LiveWatch.StartAsync(GoTargetTests.Options(
            Target.Parse($"orders={target.Url}", new Dictionary<string, string> { ["team"] = "payments" })) with
        { Alertmanager = alertmanager.Url });
        using var http = new HttpClient();

        var alert = await watch.PollAsync(async () =>
        {
            var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(alertmanager.Url, "api/v2/alerts")));
            return json.RootElement.GetArrayLength() > 0 ? json : null;
        }, TimeSpan.FromSeconds(15), "an alert in Alertmanager");
        using (alert)
        {
            var received = Assert.Single(alert.RootElement.EnumerateArray());
            var labels = received.GetProperty("labels");
            Assert.Equal(("GoroutineLeak", "orders", "chan-send", "critical", "payments"), (labels.GetProperty("alertname").GetString(),
                labels.GetProperty("target").GetString(), labels.GetProperty("pattern").GetString(), labels.GetProperty("severity").GetString(),
                labels.GetProperty("team").GetString()));
            var annotations = received.GetProperty("annotations");
            Assert.Equal("main.leakedSender main.go:55", annotations.GetProperty("blocking_site").GetString());
            Assert.StartsWith("orders: 9 goroutines proved leaked at main.leakedSender main.go:55", annotations.GetProperty("summary").GetString());
            Assert.StartsWith(watch.Server.Address + "targets/orders/buckets/", annotations.GetProperty("dashboard").GetString());
            Assert.Equal("active", received.GetProperty("status").GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task Webhook_GetsTheOpenedIncidentAsJson()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var receiver = builder.Build();
        receiver.MapPost("/hook", (RequestDelegate)(async context => received.TrySetResult(await new StreamReader(context.Request.Body).ReadToEndAsync())));
        await receiver.StartAsync();
        using var target = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0", "-leak-initial", "5");
        await using var watch = await LiveWatch.StartAsync(GoTargetTests.Options(Target.Parse($"orders={target.Url}")) with
        {
            Webhook = new Uri(receiver.Urls.First().TrimEnd('/') + "/hook"),
        });

        using var json = JsonDocument.Parse(await received.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        var e = Assert.Single(json.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal(("firing", "orders", "chan-send", 5L), (e.GetProperty("state").GetString(), e.GetProperty("target").GetString(),
            e.GetProperty("pattern").GetString(), e.GetProperty("count").GetInt64()));
        Assert.StartsWith("give a single-result channel a buffer of 1", e.GetProperty("fix").GetString());
    }
}

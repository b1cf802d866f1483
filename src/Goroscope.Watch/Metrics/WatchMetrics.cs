using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using Prometheus;

namespace Goroscope.Watch.Metrics;

/// <summary>
/// The Prometheus series `watch` exports on /metrics (listed in docs/watch.md). A registry of its own, so the
/// page holds these and nothing else. Series of targets no longer watched and of incidents resolved are removed,
/// which keeps the cardinality to targets × patterns plus one series per open incident. Units are base units
/// (seconds, goroutines per second), as Prometheus' naming conventions ask; counters start at 0 for each target
/// and receiver, so `rate()` and `increase()` see the first event.
/// </summary>
public sealed class WatchMetrics
{
    private readonly Gauge _goroutines, _patternGoroutines, _suspectBuckets, _openIncidents, _growth, _up, _duration, _lastScrape;
    private readonly Gauge _buffered, _pushing;
    private readonly Counter _scrapes, _incidentsOpened, _alerts, _skipped, _dropped, _pushRequests, _pushedProfiles;
    private readonly Dictionary<string, HashSet<string>> _patternsShown = [];
    private readonly Dictionary<string, HashSet<(string Bucket, string Pattern)>> _growthShown = [];
    private readonly HashSet<string> _counted = [];
    private readonly Lock _lock = new();

    public WatchMetrics()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        _goroutines = factory.CreateGauge("goroscope_watch_goroutines", "Goroutines in the target's last successful scrape.", "target");
        _patternGoroutines = factory.CreateGauge("goroscope_watch_pattern_goroutines", "Goroutines per leak pattern in the target's last successful scrape.", "target", "pattern");
        _suspectBuckets = factory.CreateGauge("goroscope_watch_suspect_buckets", "Buckets whose leak score reached the suspect threshold (40) in the last scrape.", "target");
        _openIncidents = factory.CreateGauge("goroscope_watch_open_incidents", "Incidents open per target.", "target");
        _growth = factory.CreateGauge("goroscope_watch_bucket_growth_goroutines_per_second", "Goroutines gained per second by a bucket with an open incident (least-squares slope over the window).", "target", "bucket", "pattern");
        _up = factory.CreateGauge("goroscope_watch_scrape_up", "1 when the target's last scrape succeeded, else 0.", "target");
        _duration = factory.CreateGauge("goroscope_watch_scrape_duration_seconds", "How long the target's last scrape took.", "target");
        _lastScrape = factory.CreateGauge("goroscope_watch_last_scrape_timestamp_seconds", "When the target was last scraped (Unix time).", "target");
        _scrapes = factory.CreateCounter("goroscope_watch_scrapes_total", "Scrapes per target and result (ok, error).", "target", "result");
        _incidentsOpened = factory.CreateCounter("goroscope_watch_incidents_opened_total", "Incidents opened per target since watch started.", "target");
        _alerts = factory.CreateCounter("goroscope_watch_alerts_sent_total", "Alert batches sent per receiver and result (ok, error).", "receiver", "result");
        _buffered = factory.CreateGauge("goroscope_watch_store_buffered_scrapes", "Scrapes held in memory, waiting to be stored.");
        _dropped = factory.CreateCounter("goroscope_watch_store_dropped_scrapes_total", "Scrapes dropped unstored because the write buffer was full (the store was down too long).");
        _skipped = factory.CreateCounter("goroscope_watch_scrapes_skipped_total", "Scrape ticks skipped because the scrape before was still running.");
        _pushRequests = factory.CreateCounter("goroscope_watch_push_requests_total", "Push requests received per result (ok, bad_request, unsupported_media_type, too_large, too_many_targets).", "result");
        _pushing = factory.CreateGauge("goroscope_watch_pushing_targets", "Targets that pushed a goroutine or goroutineleak profile in the last 10 minutes (at most the push-max-targets setting).");
        _pushedProfiles = factory.CreateCounter("goroscope_watch_pushed_profiles_total", "Profiles of accepted push requests per kind (goroutine, goroutineleak, skipped: other profile types).", "kind");
        foreach (var result in PushResults)
            _pushRequests.WithLabels(result).IncTo(0);
        foreach (var kind in new[] { "goroutine", "goroutineleak", "skipped" })
            _pushedProfiles.WithLabels(kind).IncTo(0);
        var version = typeof(WatchMetrics).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        factory.CreateGauge("goroscope_build_info", "Always 1; the labels say which goroscope runs, on which .NET runtime.", "version", "runtime")
            .WithLabels(version, Environment.Version.ToString()).Set(1);
    }

    /// <summary>Starts a target's counters at 0, so its first scrape error or incident is an increase Prometheus can see.</summary>
    private void Watching(string target)
    {
        lock (_lock)
            if (!_counted.Add(target))
                return;
        _scrapes.WithLabels(target, "ok").IncTo(0);
        _scrapes.WithLabels(target, "error").IncTo(0);
        _incidentsOpened.WithLabels(target).IncTo(0);
    }

    /// <summary>Starts a receiver's counters at 0.</summary>
    public void Receiving(string receiver)
    {
        _alerts.WithLabels(receiver, "ok").IncTo(0);
        _alerts.WithLabels(receiver, "error").IncTo(0);
    }

    public CollectorRegistry Registry { get; }

    public void Scraped(ScrapeResult scrape)
    {
        var target = scrape.Target.Name;
        Watching(target);
        _scrapes.WithLabels(target, scrape.Ok ? "ok" : "error").Inc();
        _up.WithLabels(target).Set(scrape.Ok ? 1 : 0);
        _duration.WithLabels(target).Set(scrape.Duration.TotalSeconds);
        _lastScrape.WithLabels(target).Set(scrape.Time.ToUnixTimeMilliseconds() / 1000.0);
        if (!scrape.Ok)
            return;
        _goroutines.WithLabels(target).Set(scrape.Total);
        _suspectBuckets.WithLabels(target).Set(scrape.Buckets.Count(b => b.Suspect));
        var byPattern = scrape.Buckets.GroupBy(b => b.Pattern).ToDictionary(g => g.Key, g => g.Sum(b => b.Count));
        lock (_lock)
        {
            var shown = _patternsShown.TryGetValue(target, out var s) ? s : _patternsShown[target] = [];
            foreach (var gone in shown.Where(p => !byPattern.ContainsKey(p)).ToList())
            {
                _patternGoroutines.RemoveLabelled(target, gone);
                shown.Remove(gone);
            }
            foreach (var (pattern, count) in byPattern)
            {
                _patternGoroutines.WithLabels(target, pattern).Set(count);
                shown.Add(pattern);
            }
        }
    }

    /// <summary>Sets the incident series of one target from its open incidents.</summary>
    public void Incidents(string target, IReadOnlyList<Incident> open, int opened)
    {
        if (opened > 0)
            _incidentsOpened.WithLabels(target).Inc(opened);
        _openIncidents.WithLabels(target).Set(open.Count);
        lock (_lock)
        {
            var shown = _growthShown.TryGetValue(target, out var s) ? s : _growthShown[target] = [];
            var now = open.Select(i => (i.BucketShortId, i.Pattern)).ToHashSet();
            foreach (var gone in shown.Where(g => !now.Contains(g)).ToList())
            {
                _growth.RemoveLabelled(target, gone.Bucket, gone.Pattern);
                shown.Remove(gone);
            }
            foreach (var incident in open)
            {
                _growth.WithLabels(target, incident.BucketShortId, incident.Pattern).Set(incident.GrowthPerMinute / 60);
                shown.Add((incident.BucketShortId, incident.Pattern));
            }
        }
    }

    /// <summary>The values of the push requests' `result` label.</summary>
    public static readonly string[] PushResults = ["ok", "bad_request", "unsupported_media_type", "too_large", "too_many_targets"];

    public void PushRequest(string result) => _pushRequests.WithLabels(result).Inc();

    public void PushingTargets(int count) => _pushing.Set(count);

    public void PushedProfiles(int goroutine, int goroutineLeak, int skipped)
    {
        _pushedProfiles.WithLabels("goroutine").Inc(goroutine);
        _pushedProfiles.WithLabels("goroutineleak").Inc(goroutineLeak);
        _pushedProfiles.WithLabels("skipped").Inc(skipped);
    }

    public void AlertSent(string receiver, bool ok) => _alerts.WithLabels(receiver, ok ? "ok" : "error").Inc();

    public void SkippedTicks(long total) => _skipped.IncTo(total);

    public void Buffered(int waiting, long droppedTotal)
    {
        _buffered.Set(waiting);
        _dropped.IncTo(droppedTotal);
    }

    /// <summary>Removes every series of a target that is no longer watched.</summary>
    public void Forget(string target)
    {
        foreach (var gauge in new[] { _goroutines, _suspectBuckets, _openIncidents, _up, _duration, _lastScrape })
            gauge.RemoveLabelled(target);
        _scrapes.RemoveLabelled(target, "ok");
        _scrapes.RemoveLabelled(target, "error");
        _incidentsOpened.RemoveLabelled(target);
        lock (_lock)
        {
            foreach (var pattern in _patternsShown.GetValueOrDefault(target) ?? [])
                _patternGoroutines.RemoveLabelled(target, pattern);
            foreach (var (bucket, pattern) in _growthShown.GetValueOrDefault(target) ?? [])
                _growth.RemoveLabelled(target, bucket, pattern);
            _patternsShown.Remove(target);
            _counted.Remove(target);
            _growthShown.Remove(target);
        }
    }

    public Task WriteAsync(Stream output, CancellationToken cancel) => Registry.CollectAndExportAsTextAsync(output, cancel);
}

using System.Threading.Channels;
using Goroscope.Analysis;
using Goroscope.Watch.Alerting;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Metrics;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch;

/// <summary>
/// Wires the stages: the scheduler scrapes, each result is stored, judged, counted in the metrics, and incidents
/// that open or resolve go to the alert receivers. Alerts are sent from a queue of their own, so a slow receiver
/// never delays a scrape.
/// </summary>
public sealed class WatchService : IAsyncDisposable
{
    private readonly WatchOptions _options;
    private readonly TextWriter _log;
    private readonly Scraper _scraper;
    private readonly TargetCatalog _catalog;
    private readonly HttpClient _alertHttp = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<IAlertReceiver> _receivers = [];
    private readonly Channel<(IReadOnlyList<AlertEvent> Events, bool Reminder)> _alerts = Channel.CreateUnbounded<(IReadOnlyList<AlertEvent>, bool)>();
    private readonly HashSet<string> _failing = [];
    private readonly Lock _lock = new();
    private Scheduler? _scheduler;

    public WatchService(WatchOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        Store = new WatchStore(options.Database);
        Tracker = new IncidentTracker(Store, options.Detection);
        Metrics = new WatchMetrics();
        _scraper = new Scraper(options.Timeout, options.MaxBytes);
        _catalog = new TargetCatalog(options.Targets, options.FileSd, Log);
        if (options.Alertmanager is { } alertmanager)
            _receivers.Add(new AlertmanagerReceiver(_alertHttp, alertmanager));
        if (options.Webhook is { } webhook)
            _receivers.Add(new WebhookReceiver(_alertHttp, webhook));
        foreach (var receiver in _receivers)
            Metrics.Receiving(receiver.Name);
    }

    public WatchStore Store { get; }

    public IncidentTracker Tracker { get; }

    public WatchMetrics Metrics { get; }

    /// <summary>Where the dashboard is reached; links in alerts point under it. Set once the server listens.</summary>
    public Uri? DashboardUrl { get; set; }

    /// <summary>The targets watched now (those of file_sd files as last read).</summary>
    public IReadOnlyList<Target> Targets() => _catalog.Current();

    public async Task RunAsync(CancellationToken cancel)
    {
        Store.Prune(DateTimeOffset.UtcNow, _options.Retention, _options.DownsampleAfter, _options.DownsampleStep);
        _scheduler = new Scheduler(_catalog, _scraper.ScrapeAsync, HandleAsync, Forget, _options.Interval, _options.MaxBackoff, _options.Concurrency, Log);
        var tasks = new List<Task> { _scheduler.RunAsync(cancel), SendAlertsAsync(cancel), RemindAsync(cancel), PruneAsync(cancel) };
        await Task.WhenAll(tasks);
    }

    private Task HandleAsync(ScrapeResult scrape, CancellationToken cancel)
    {
        var name = scrape.Target.Name;
        try
        {
            Store.Record(scrape);
            Metrics.Scraped(scrape);
            Metrics.SkippedTicks(_scheduler?.Skipped ?? 0);
            lock (_lock)
            {
                if (!scrape.Ok && _failing.Add(name))
                    Log($"{name}: scrape failed: {scrape.Error}");
                else if (scrape.Ok && _failing.Remove(name))
                    Log($"{name}: scraping again ({scrape.Total} goroutines)");
            }
            var changes = Tracker.Observe(scrape);
            Metrics.Incidents(name, [.. Tracker.OpenIncidents().Where(i => i.Target == name)], changes.Opened.Count);
            foreach (var incident in changes.Opened)
            {
                Log($"{name}: incident {incident.Id} opened: {incident.Count} goroutines at {incident.BlockingSite} ({incident.Pattern}, {incident.Signals}, {incident.GrowthPerMinute:0.#}/min) bucket {incident.BucketShortId}");
                _ = DetailAsync(scrape.Target, incident.BucketId, cancel);
            }
            foreach (var incident in changes.Resolved)
                Log($"{name}: incident {incident.Id} resolved: bucket {incident.BucketShortId} at {incident.Count} goroutines, no longer growing");
            if (changes.Opened.Count + changes.Resolved.Count > 0)
                _alerts.Writer.TryWrite(([.. changes.Opened.Concat(changes.Resolved).Select(i => Event(i, scrape.Target))], false));
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            Log($"{name}: cannot store the scrape: {e.Message}");
        }
        return Task.CompletedTask;
    }

    /// <summary>A bucket just turned suspicious: its debug=2 dump says more than the cheap profile (real wait state, full paths, creator).</summary>
    private async Task DetailAsync(Target target, long bucketId, CancellationToken cancel)
    {
        try
        {
            using (var reader = Store.OpenReader())
                if (reader.Bucket(bucketId) is not { Detailed: false })
                    return;
            foreach (var sample in await _scraper.DetailAsync(target, cancel))
                Store.Detail(sample);
        }
        catch (Exception e) when (e is ScrapeException or Microsoft.Data.Sqlite.SqliteException)
        {
            Log($"{target.Name}: no debug=2 detail: {e.Message}");
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && cancel.IsCancellationRequested)
        {
            // watch is stopping: the detail is not needed any more.
        }
    }

    private void Forget(string target)
    {
        Tracker.Forget(target);
        Metrics.Forget(target);
    }

    public AlertEvent Event(Incident incident, Target target)
    {
        var fix = LeakPatterns.All.FirstOrDefault(p => p.Id == incident.Pattern)?.Fix ?? "";
        var dashboard = _options.ExternalUrl ?? DashboardUrl;
        var link = dashboard is null ? null : new Uri(dashboard, $"targets/{Uri.EscapeDataString(incident.Target)}/buckets/{incident.BucketShortId}");
        return new AlertEvent(incident, target, fix, link);
    }

    /// <summary>Alertmanager forgets an alert that is not sent again within its resolve_timeout: open incidents are repeated.</summary>
    private async Task RemindAsync(CancellationToken cancel)
    {
        if (!_receivers.Any(r => r is AlertmanagerReceiver))
            return;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await Task.Delay(_options.AlertRepeat, cancel);
                var targets = Targets().ToDictionary(t => t.Name);
                var events = Tracker.OpenIncidents().Where(i => targets.ContainsKey(i.Target)).Select(i => Event(i, targets[i.Target])).ToList();
                if (events.Count > 0)
                    _alerts.Writer.TryWrite((events, true));
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private async Task SendAlertsAsync(CancellationToken cancel)
    {
        try
        {
            await foreach (var (events, reminder) in _alerts.Reader.ReadAllAsync(cancel))
            {
                foreach (var receiver in _receivers)
                {
                    if (reminder && receiver is not AlertmanagerReceiver)
                        continue;
                    try
                    {
                        await receiver.SendAsync(events, cancel);
                        Metrics.AlertSent(receiver.Name, ok: true);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
                    {
                        Metrics.AlertSent(receiver.Name, ok: false);
                        Log($"cannot send {events.Count} alert(s) to the {receiver.Name}: {e.Message}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private async Task PruneAsync(CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMinutes(10), cancel);
                Store.Prune(DateTimeOffset.UtcNow, _options.Retention, _options.DownsampleAfter, _options.DownsampleStep);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }

    private void Log(string line)
    {
        lock (_log)
        {
            _log.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}");
            _log.Flush();
        }
    }

    public ValueTask DisposeAsync()
    {
        _scraper.Dispose();
        _alertHttp.Dispose();
        Store.Dispose();
        return ValueTask.CompletedTask;
    }
}

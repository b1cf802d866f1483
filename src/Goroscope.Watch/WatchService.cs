using System.Collections.Concurrent;
using System.Data.Common;
using System.Threading.Channels;
using Goroscope.Analysis;
using Goroscope.Watch.Alerting;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Fleet;
using Goroscope.Watch.Metrics;
using Goroscope.Watch.Push;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using Goroscope.Watch.Targets;

namespace Goroscope.Watch;

/// <summary>
/// Wires the stages: the scheduler scrapes the targets this watch owns (all of them; those of its shard; or those
/// whose lease it holds in a shared PostgreSQL), each result waits in the write buffer until it is stored, then it is
/// judged, counted in the metrics, and incidents that open or resolve go to the alert receivers. Alerts are sent from
/// a queue of their own, so a slow receiver never delays a scrape, and a store that cannot be written delays
/// neither the scrapes nor the judging of those already stored.
/// </summary>
public sealed class WatchService : IAsyncDisposable
{
    private readonly WatchOptions _options;
    private readonly TextWriter _log;
    private readonly Scraper _scraper;
    private readonly TargetCatalog _catalog;
    private readonly HttpClient _alertHttp = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<IAlertReceiver> _receivers = [];
    /// <summary>Alert batches waiting for the receivers; beyond 1,000 (receivers down for long) the oldest go.</summary>
    private readonly Channel<(IReadOnlyList<AlertEvent> Events, bool Reminder)> _alerts =
        Channel.CreateBounded<(IReadOnlyList<AlertEvent>, bool)>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly WriteBuffer _buffer;
    private readonly HashSet<string> _failing = [];
    private readonly Lock _lock = new();
    private readonly Random _random = new();
    private readonly ConcurrentDictionary<Task, bool> _details = new();
    private readonly PushedScrapes _pushedScrapes;
    /// <summary>Targets that push their goroutine profiles, with when they last did: the listed ones.</summary>
    private readonly ConcurrentDictionary<string, (Target Target, DateTimeOffset Last)> _pushers = new();
    /// <summary>Every name that pushed a goroutine or goroutineleak profile lately, with when it last did: what the push-max-targets setting bounds.</summary>
    private readonly Dictionary<string, DateTimeOffset> _pushingNames = [];
    private bool _storeFailing;
    private Scheduler? _scheduler;
    private CancellationToken _stopping;

    public WatchService(WatchOptions options, TextWriter log)
    {
        _options = options;
        _log = log;
        Store = WatchStore.Open(options.Store);
        if (Store is PostgresStore postgres && options.Shard is null)
            Leases = new Leases(postgres, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}",
                options.LeaseTtl, options.Interval, Log);
        _buffer = new WriteBuffer(options.Concurrency, options.StoreBuffer);
        Tracker = new IncidentTracker(Store, options.Detection);
        Metrics = new WatchMetrics();
        _scraper = new Scraper(options.Timeout, options.MaxBytes);
        _pushedScrapes = new PushedScrapes(options.MaxBytes);
        _catalog = new TargetCatalog(options.Targets, options.FileSd, Log);
        if (options.Alertmanager is { } alertmanager)
            _receivers.Add(new AlertmanagerReceiver(_alertHttp, alertmanager));
        if (options.Webhook is { } webhook)
            _receivers.Add(new WebhookReceiver(_alertHttp, webhook));
        foreach (var receiver in _receivers)
            Metrics.Receiving(receiver.Name);
    }

    public WatchStore Store { get; }

    /// <summary>--push: profiles pushed to POST /push.v1.PusherService/Push are taken.</summary>
    public bool AcceptsPushes => _options.AcceptPushes;

    /// <summary>The biggest push request taken: --max-bytes, as for one scraped profile.</summary>
    public long MaxPushBytes => _options.MaxBytes;

    /// <summary>With a PostgreSQL store: this replica's share of the fleet.</summary>
    public Leases? Leases { get; }

    public IncidentTracker Tracker { get; }

    public WatchMetrics Metrics { get; }

    /// <summary>Where the dashboard is reached; links in alerts point under it. Set once the server listens.</summary>
    public Uri? DashboardUrl { get; set; }

    /// <summary>A target that pushed nothing for this long is no longer listed as watched (its history stays).</summary>
    public static readonly TimeSpan PusherSilence = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The fleet: every target watch knows of (those of file_sd files as last read), scraped here or by another
    /// replica, and those that pushed to this one in the last <see cref="PusherSilence"/>.
    /// </summary>
    public IReadOnlyList<Target> Targets() => [.. _catalog.Current().Concat(Pushing())];

    /// <summary>Targets that pushed to this watch lately (a name scraped since is the scraped target).</summary>
    private IEnumerable<Target> Pushing()
    {
        var since = DateTimeOffset.UtcNow - PusherSilence;
        var scraped = _catalog.Current().Select(t => t.Name).ToHashSet();
        return _pushers.Values.Where(p => p.Last >= since && !scraped.Contains(p.Target.Name)).Select(p => p.Target);
    }

    /// <summary>
    /// Profiles pushed to /push.v1.PusherService/Push: their goroutine profiles join the write buffer as scrapes do,
    /// to be stored and judged the same way. Returns how many goroutine profiles were taken.
    /// </summary>
    /// <exception cref="PushException">A profile cannot be read, or is named as a scraped target is; nothing of the request is taken.</exception>
    /// <exception cref="TooManyPushingTargetsException">The request names targets beyond the cap of pushing targets; nothing of it is taken.</exception>
    public int Receive(IReadOnlyList<PushedProfile> profiles)
    {
        var scraped = _catalog.Current().Select(t => t.Name).ToHashSet();
        if (profiles.FirstOrDefault(p => scraped.Contains(p.Target)) is { } clash)
            throw new PushException($"{clash.Target} is the name of a scraped target: push it under another service_name or pod");
        var now = DateTimeOffset.UtcNow;
        var admitted = Admit([.. profiles.Select(p => p.Target).Distinct()], now);
        IReadOnlyList<ScrapeResult> results;
        try
        {
            results = _pushedScrapes.Read(profiles, now);
        }
        catch (PushException)
        {
            lock (_pushingNames)
                foreach (var name in admitted)
                    _pushingNames.Remove(name);
            throw;
        }
        foreach (var result in results)
        {
            if (!_pushers.ContainsKey(result.Target.Name))
                Log($"{result.Target.Name}: receiving pushed profiles ({result.Total} goroutines)");
            _pushers[result.Target.Name] = (result.Target, now);
            _buffer.Add(result);
        }
        Metrics.Buffered(_buffer.Waiting, _buffer.Dropped);
        return results.Count;
    }

    /// <summary>
    /// Holds a place for each name not pushing yet, while the names pushing stay within the cap of pushing targets (the
    /// silent ones are let go first when it is reached); returns the names that got a new place.
    /// </summary>
    private List<string> Admit(IReadOnlyList<string> names, DateTimeOffset now)
    {
        lock (_pushingNames)
        {
            var fresh = names.Where(n => !_pushingNames.ContainsKey(n)).ToList();
            if (fresh.Count > 0 && _pushingNames.Count + fresh.Count > _options.PushMaxTargets)
                ForgetSilentPushers();
            if (fresh.Count > 0 && _pushingNames.Count + fresh.Count > _options.PushMaxTargets)
            {
                throw new TooManyPushingTargetsException($"{fresh[0]}{(fresh.Count > 1 ? $" and {fresh.Count - 1} more" : "")}: {_pushingNames.Count} targets push already, " +
                    $"at most {_options.PushMaxTargets} may; a place frees when a target has pushed nothing for {PusherSilence.TotalMinutes:0} minutes");
            }
            foreach (var name in names)
                _pushingNames[name] = now;
            Metrics.PushingTargets(_pushingNames.Count);
            return fresh;
        }
    }

    /// <summary>The targets this watch scrapes now: all, those of its shard, or those whose lease it holds.</summary>
    public IReadOnlyList<Target> Scraped() => [.. _catalog.Current().Where(t => Owns(t.Name))];

    private bool Owns(string target) => _options.Shard?.Owns(target) ?? Leases?.Holds(target) ?? true;

    /// <summary>Runs until cancelled; throws <see cref="WatchFailedException"/> if one of its loops fails.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        _stopping = cancel;
        _scheduler = new Scheduler(Scraped, _scraper.ScrapeAsync, HandleAsync, Forget, _options.Interval, _options.MaxBackoff, _options.Concurrency, Log);
        if (Leases is not null)
            Leases.Claimed = _scheduler.Wake;
        using var drain = new CancellationTokenSource();
        var storing = _buffer.ConsumeAsync(StoreAndJudge, drain.Token);
        List<(string, Func<CancellationToken, Task>)> loops =
            [("scrape", _scheduler.RunAsync), ("alert", SendAlertsAsync), ("retention", PruneAsync)];
        if (_receivers.Any(r => r is AlertmanagerReceiver))
            loops.Add(("reminder", RemindAsync));
        if (Leases is { } leases)
            loops.Add(("lease", stop => leases.RunAsync(() => [.. _catalog.Current().Select(t => t.Name)], stop)));
        try
        {
            await ServiceLoops.RunAsync(loops, cancel);
        }
        finally
        {
            // Scraping has stopped: what waits is stored if the store lets it within a few seconds.
            _buffer.Complete();
            drain.CancelAfter(TimeSpan.FromSeconds(5));
            await storing;
            if (_buffer.Waiting > 0)
                Log($"store: {_buffer.Waiting} scrape(s) held in memory were not stored before exit");
            await Task.WhenAll(_details.Keys);
        }
    }

    /// <summary>After each scrape, in the target's loop: say when a target starts or stops failing, and queue the scrape for the store.</summary>
    private Task HandleAsync(ScrapeResult scrape, CancellationToken cancel)
    {
        var name = scrape.Target.Name;
        lock (_lock)
        {
            if (!scrape.Ok && _failing.Add(name))
                Log($"{name}: scrape failed: {scrape.Error}");
            else if (scrape.Ok && _failing.Remove(name))
                Log($"{name}: scraping again ({scrape.Total} goroutines)");
        }
        _buffer.Add(scrape);
        Metrics.Buffered(_buffer.Waiting, _buffer.Dropped);
        return Task.CompletedTask;
    }

    /// <summary>On a lane of the write buffer: stores a scrape, trying again with backoff while the store cannot be written, then judges it.</summary>
    private void StoreAndJudge(ScrapeResult scrape, CancellationToken cancel)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                Store.Record(scrape);
                break;
            }
            catch (Exception e) when (e is DbException or TimeoutException)
            {
                lock (_lock)
                {
                    if (!_storeFailing)
                        Log($"store: cannot write to {Store.Location} ({e.Message.ReplaceLineEndings(" ")}); holding scrapes in memory (at most {_options.StoreBuffer}) and trying again");
                    _storeFailing = true;
                }
                TimeSpan wait;
                lock (_random)
                    wait = Backoff.Delay(TimeSpan.FromMilliseconds(500), failures, TimeSpan.FromSeconds(5), _random);
                if (cancel.WaitHandle.WaitOne(wait))
                    throw new OperationCanceledException(cancel);
            }
        }
        lock (_lock)
        {
            if (_storeFailing)
                Log($"store: writing again ({_buffer.Waiting} scrape(s) waiting, {_buffer.Dropped} dropped since watch started)");
            _storeFailing = false;
        }
        Metrics.Scraped(scrape);
        Metrics.SkippedTicks(_scheduler?.Skipped ?? 0);
        Metrics.Buffered(_buffer.Waiting, _buffer.Dropped);
        var name = scrape.Target.Name;
        try
        {
            var changes = Tracker.Observe(scrape);
            Metrics.Incidents(name, [.. Tracker.OpenIncidents().Where(i => i.Target == name)], changes.Opened.Count);
            foreach (var incident in changes.Opened)
            {
                Log($"{name}: incident {incident.Id} opened: {incident.Count} goroutines at {incident.BlockingSite} ({incident.Pattern}, {incident.Signals}, {incident.GrowthPerMinute:0.#}/min) bucket {incident.BucketShortId}");
                if (!scrape.Target.IsPushed)
                    Track(DetailAsync(scrape.Target, incident.BucketId, _stopping));
            }
            foreach (var incident in changes.Resolved)
                Log($"{name}: incident {incident.Id} resolved: bucket {incident.BucketShortId} at {incident.Count} goroutines, no longer growing");
            if (changes.Opened.Count + changes.Resolved.Count > 0)
                _alerts.Writer.TryWrite(([.. changes.Opened.Concat(changes.Resolved).Select(i => Event(i, scrape.Target))], false));
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            // Whatever it was, the next scrape is judged anew (the window is read back from the store if need be).
            Log($"{name}: stored, but not judged: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Detail fetches run beside the scrapes; they are awaited at shutdown.</summary>
    private void Track(Task detail)
    {
        _details[detail] = true;
        detail.ContinueWith(done => _details.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
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
        catch (Exception e) when (e is ScrapeException or DbException or TimeoutException)
        {
            Log($"{target.Name}: no debug=2 detail: {e.Message}");
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && cancel.IsCancellationRequested)
        {
            // watch is stopping: the detail is not needed any more.
        }
    }

    /// <summary>Lets go of the targets that pushed nothing for <see cref="PusherSilence"/>: their places under the cap and what is held of them in memory.</summary>
    private void ForgetSilentPushers()
    {
        var since = DateTimeOffset.UtcNow - PusherSilence;
        List<string> silent;
        lock (_pushingNames)
        {
            silent = [.. _pushingNames.Where(p => p.Value < since).Select(p => p.Key)];
            foreach (var name in silent)
                _pushingNames.Remove(name);
            Metrics.PushingTargets(_pushingNames.Count);
        }
        if (silent.Count == 0)
            return;
        var scraped = _catalog.Current().Select(t => t.Name).ToHashSet();
        foreach (var name in silent)
        {
            _pushers.TryRemove(name, out _);
            _pushedScrapes.Forget(name);
            if (!scraped.Contains(name))
                Forget(name);
        }
        // One line, not one per target: a misconfigured pusher may have sent thousands of names.
        Log(silent.Count == 1 ? $"{silent[0]}: nothing pushed for {PusherSilence.TotalMinutes:0} minutes; no longer watched"
            : $"{silent.Count} pushing targets ({silent[0]}, …) pushed nothing for {PusherSilence.TotalMinutes:0} minutes; no longer watched");
    }

    private void Forget(string target)
    {
        Tracker.Forget(target);
        Metrics.Forget(target);
        Store.ForgetTarget(target);
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
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                await Task.Delay(_options.AlertRepeat, cancel);
                var targets = Scraped().Concat(Pushing()).ToDictionary(t => t.Name);
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
                try
                {
                    Store.Prune(DateTimeOffset.UtcNow, _options.Retention, _options.DownsampleAfter, _options.DownsampleStep);
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    Log($"store: cannot prune ({e.Message.ReplaceLineEndings(" ")}); trying again in 10 minutes");
                }
                ForgetSilentPushers();
                await Task.Delay(TimeSpan.FromMinutes(10), cancel);
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

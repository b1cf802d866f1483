using Goroscope.Watch.Targets;

namespace Goroscope.Watch.Scraping;

/// <summary>
/// Runs one loop per target: scrape, hand the result on, wait for the next tick (or the backoff after a failure).
/// At most <c>concurrency</c> scrapes are in flight over all targets. The target list is read again every interval,
/// starting loops for new targets and stopping those of targets gone (or now scraped by another replica). First
/// scrapes are spread over one interval, so a fleet is not hit all at once. A loop outlives anything its scrape or
/// handler throws (reported, and counted as a failed scrape); a stopped loop is awaited and disposed before the
/// target is forgotten, and at shutdown every loop is.
/// </summary>
internal sealed class Scheduler(Func<IReadOnlyList<Target>> targets, Func<Target, CancellationToken, Task<ScrapeResult>> scrape,
    Func<ScrapeResult, CancellationToken, Task> handle, Action<string> removed, TimeSpan interval, TimeSpan maxBackoff, int concurrency, Action<string> report)
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);
    private readonly Dictionary<string, (Target Target, CancellationTokenSource Stop, Task Loop)> _loops = [];
    private readonly List<Task> _stopping = [];
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Ticks that came while the scrape before was still running, over all targets: they are skipped, not queued.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    private long _skipped;

    public async Task RunAsync(CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                Reconcile(targets(), cancel);
                await _wake.WaitAsync(interval, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        foreach (var loop in _loops.Values)
            await loop.Stop.CancelAsync();
        await Task.WhenAll(_loops.Values.Select(l => l.Loop).Concat(_stopping));
        foreach (var loop in _loops.Values)
            loop.Stop.Dispose();
        _loops.Clear();
    }

    /// <summary>Reads the target list now rather than at the next tick (new targets were just claimed).</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    /// <summary>Loops of targets gone: cancelled, and once ended, disposed and their target forgotten.</summary>
    private async Task StopAsync(string name, CancellationTokenSource stop, Task loop)
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
        removed(name);
        report($"stopped watching {name}");
    }

    private void Reconcile(IReadOnlyList<Target> current, CancellationToken cancel)
    {
        var wanted = current.ToDictionary(t => t.Name);
        foreach (var (name, loop) in _loops.ToList())
        {
            if (wanted.TryGetValue(name, out var target) && target.BaseUrl == loop.Target.BaseUrl)
                continue;
            _loops.Remove(name);
            _stopping.Add(StopAsync(name, loop.Stop, loop.Loop));
        }
        _stopping.RemoveAll(t => t.IsCompleted);
        var index = 0;
        foreach (var target in current)
        {
            if (_loops.ContainsKey(target.Name))
                continue;
            var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            var offset = current.Count > 1 ? interval * ((double)index++ / current.Count) : TimeSpan.Zero;
            _loops[target.Name] = (target, stop, Task.Run(() => LoopAsync(target, offset, stop.Token), CancellationToken.None));
        }
    }

    private async Task LoopAsync(Target target, TimeSpan offset, CancellationToken cancel)
    {
        var random = new Random(HashCode.Combine(target.Name, Environment.TickCount));
        var failures = 0;
        try
        {
            await Task.Delay(offset, cancel);
            var due = DateTimeOffset.UtcNow;
            while (!cancel.IsCancellationRequested)
            {
                await _slots.WaitAsync(cancel);
                ScrapeResult result;
                var started = DateTimeOffset.UtcNow;
                try
                {
                    result = await scrape(target, cancel);
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    result = new ScrapeResult(target, started, DateTimeOffset.UtcNow - started, 0, [], $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
                finally
                {
                    _slots.Release();
                }
                try
                {
                    await handle(result, cancel);
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    // One bad result must not end the target's loop: it would never be scraped again.
                    report($"{target.Name}: cannot handle the scrape: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
                }
                failures = result.Ok ? 0 : failures + 1;
                if (failures == 0)
                {
                    due += interval;
                    var now = DateTimeOffset.UtcNow;
                    if (due < now)
                    {
                        var missed = (long)Math.Ceiling((now - due) / interval);
                        Interlocked.Add(ref _skipped, missed);
                        due += interval * missed;
                    }
                    await Task.Delay(due - now, cancel);
                }
                else
                {
                    await Task.Delay(Backoff.Delay(interval, failures, maxBackoff, random), cancel);
                    due = DateTimeOffset.UtcNow;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
    }
}

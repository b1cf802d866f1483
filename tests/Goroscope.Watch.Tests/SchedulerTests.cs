using System.Collections.Concurrent;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Targets;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

/// <summary>The scheduler with scrapes and handlers of the test's own, in real time at a 50 ms interval.</summary>
public class SchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private static Scheduler Scheduler(Func<IReadOnlyList<Target>> targets, Func<Target, CancellationToken, Task<ScrapeResult>> scrape,
        Func<ScrapeResult, CancellationToken, Task> handle, Action<string>? removed = null, ConcurrentQueue<string>? reports = null) =>
        new(targets, scrape, handle, removed ?? (_ => { }), Interval, TimeSpan.FromMilliseconds(200), 4, line => reports?.Enqueue(line));

    private static Task<ScrapeResult> Ok(Target target, CancellationToken _) => Task.FromResult(At(target, TimeSpan.Zero, Leak(1)));

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var waited = 0; waited < 10_000 && !condition(); waited += 10)
            await Task.Delay(10);
        Assert.True(condition(), what);
    }

    [Fact]
    public async Task HandlerThatThrows_IsReportedAndTheLoopGoesOn()
    {
        var handled = 0;
        var reports = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var scheduler = Scheduler(() => [Target()], Ok, (_, _) =>
            Interlocked.Increment(ref handled) == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask, reports: reports);
        var run = scheduler.RunAsync(stop.Token);
        await Until(() => Volatile.Read(ref handled) >= 3, "the loop must go on after the handler threw");
        await stop.CancelAsync();
        await run;
        Assert.Equal("svc: cannot handle the scrape: InvalidOperationException: boom", Assert.Single(reports));
    }

    [Fact]
    public async Task ScrapeThatThrows_IsHandedOnAsAFailedScrape()
    {
        var results = new ConcurrentQueue<ScrapeResult>();
        var calls = 0;
        using var stop = new CancellationTokenSource();
        var scheduler = Scheduler(() => [Target()],
            (target, cancel) => Interlocked.Increment(ref calls) == 1 ? throw new FormatException("odd profile") : Ok(target, cancel),
            (result, _) => { results.Enqueue(result); return Task.CompletedTask; });
        var run = scheduler.RunAsync(stop.Token);
        await Until(() => results.Count >= 2, "a scrape after the one that threw");
        await stop.CancelAsync();
        await run;
        Assert.Equal("FormatException: odd profile", results.First().Error);
        Assert.True(results.Skip(1).First().Ok);
    }

    [Fact]
    public async Task RemovedTarget_IsForgottenOnlyOnceItsLoopHasEnded()
    {
        var fleet = new[] { Target("a"), Target("b") };
        var current = fleet;
        var inFlight = new ConcurrentDictionary<string, int>();
        var scrapesOfB = 0;
        var removedWhileInFlight = -1;
        var removed = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var scheduler = Scheduler(() => Volatile.Read(ref current), async (target, cancel) =>
        {
            inFlight.AddOrUpdate(target.Name, 1, (_, n) => n + 1);
            try
            {
                if (target.Name == "b")
                {
                    Interlocked.Increment(ref scrapesOfB);
                    await Task.Delay(TimeSpan.FromSeconds(30), cancel); // slow: still in flight when b is removed
                }
                return At(target, TimeSpan.Zero, Leak(1));
            }
            finally
            {
                inFlight.AddOrUpdate(target.Name, 0, (_, n) => n - 1);
            }
        }, (_, _) => Task.CompletedTask, removed: name =>
        {
            removedWhileInFlight = inFlight.GetValueOrDefault(name);
            removed.Enqueue(name);
        });
        var run = scheduler.RunAsync(stop.Token);
        await Until(() => Volatile.Read(ref scrapesOfB) == 1, "b's scrape in flight");
        Volatile.Write(ref current, [fleet[0]]);
        await Until(() => removed.Count == 1, "b removed");
        var scrapesAtRemoval = Volatile.Read(ref scrapesOfB);
        await Task.Delay(5 * Interval);
        await stop.CancelAsync();
        await run;
        Assert.Equal(("b", 0), (Assert.Single(removed), removedWhileInFlight));
        Assert.Equal(scrapesAtRemoval, Volatile.Read(ref scrapesOfB));
    }

    [Fact]
    public async Task Shutdown_EndsEveryLoopAndNoScrapeStartsAfter()
    {
        var started = 0;
        var inFlight = 0;
        using var stop = new CancellationTokenSource();
        var scheduler = Scheduler(() => [.. Enumerable.Range(0, 6).Select(i => Target($"svc-{i}"))], async (target, cancel) =>
        {
            Interlocked.Increment(ref started);
            Interlocked.Increment(ref inFlight);
            try
            {
                await Task.Delay(Interval, cancel);
                return At(target, TimeSpan.Zero, Leak(1));
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }, (_, _) => Task.CompletedTask);
        var run = scheduler.RunAsync(stop.Token);
        await Until(() => Volatile.Read(ref started) >= 12, "a dozen scrapes");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        var startedAtStop = Volatile.Read(ref started);
        Assert.Equal(0, Volatile.Read(ref inFlight));
        await Task.Delay(4 * Interval);
        Assert.Equal(startedAtStop, Volatile.Read(ref started));
    }
}

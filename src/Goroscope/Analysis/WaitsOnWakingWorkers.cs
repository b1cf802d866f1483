using Goroscope.Analysis.Source;
using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>
/// A goroutine waiting for workers it started (`wg.Wait()` after `go func() { …; wg.Done() }()`) is no more stuck
/// than they are: when every one of them wakes by itself — a retry loop on a ticker — the wait ends when they are
/// done. A waiter's workers are found in the dump alone, as the goroutines whose `created by` frame, or whose
/// outermost frame (`F.func1`, the closure started by `go`), belongs to the function the waiter blocks in.
/// </summary>
public static class WaitsOnWakingWorkers
{
    public static void Apply(IReadOnlyCollection<Bucket> buckets)
    {
        var waking = buckets.Where(b => b.Healthy is not null && b.Stack.Frames.Count > 0).ToList();
        if (waking.Count == 0)
            return;
        foreach (var waiter in buckets)
        {
            if (waiter.Healthy is not null || !WaitsForOthers(waiter.Pattern) || waiter.BlockingSite.Frame is not { } site || !waiter.BlockingSite.InUserCode)
                continue;
            var workers = waking.Where(w => w != waiter && StartedBy(w, site.Function)).ToList();
            if (workers.Count == 0 || workers.Sum(w => w.Count) < waiter.Count)
                continue;
            var first = workers[0];
            var name = first.BlockingSite.Frame is { } f ? f.Function[(f.Package.Length + 1)..] : "workers";
            var how = first.Healthy!.Reason.StartsWith("wakes ", StringComparison.Ordinal) ? "wake " + first.Healthy.Reason["wakes ".Length..] : first.Healthy.Reason;
            waiter.Healthy = new HealthyPile($"waits for {workers.Sum(w => w.Count)} × {name} it started, which {how}", HealthyPile.WakesByItself);
        }
    }

    private static bool WaitsForOthers(LeakPattern pattern) =>
        pattern == LeakPatterns.WaitGroup || pattern == LeakPatterns.ChanReceive || pattern == LeakPatterns.ChanOrSelect;

    private static bool StartedBy(Bucket worker, string function) =>
        worker.CreatedBy?.Function == function || IsClosureOf(worker.Stack.Frames[^1], function);

    private static bool IsClosureOf(Frame outermost, string function) =>
        outermost.Function.StartsWith(function + ".func", StringComparison.Ordinal);
}

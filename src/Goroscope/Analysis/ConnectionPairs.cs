using Goroscope.Analysis.Source;

namespace Goroscope.Analysis;

/// <summary>
/// Evidence from the dump alone that a pile is one goroutine per live network connection: servers run a reader
/// and a writer per connection as two methods of one connection type (`(*client).readLoop` in `IO wait`,
/// `(*client).writeLoop` waiting for data to write). When a bucket waiting on an in-process signal has exactly as
/// many goroutines as a bucket of the same type's methods waiting on the network, each waiter belongs to an open
/// connection whose reader is alive, and it ends when that connection closes.
/// </summary>
public static class ConnectionPairs
{
    public static void Apply(IReadOnlyCollection<Bucket> buckets)
    {
        var readers = buckets
            .Where(b => b.Pattern == LeakPatterns.IoWait && b.Count >= 2 && b.BlockingSite.InUserCode)
            .Select(b => (Bucket: b, Type: ConnectionType(b)))
            .Where(r => r.Type is not null)
            .ToList();
        if (readers.Count == 0)
            return;
        foreach (var waiter in buckets)
        {
            if (waiter.Healthy is not null || !WaitsOnSignal(waiter.Pattern) || !waiter.BlockingSite.InUserCode || ConnectionType(waiter) is not { } type)
                continue;
            var reader = readers.FirstOrDefault(r => r.Type == type && r.Bucket.Count == waiter.Count && r.Bucket != waiter).Bucket;
            if (reader is null)
                continue;
            var readerName = reader.BlockingSite.Frame!.Function[(reader.BlockingSite.Frame.Package.Length + 1)..];
            waiter.Healthy = new HealthyPile(
                $"one per connection: paired 1:1 with {reader.Count} × {readerName} waiting on the network", HealthyPile.WakesByItself);
        }
    }

    private static bool WaitsOnSignal(LeakPattern pattern) =>
        pattern == LeakPatterns.Cond || pattern == LeakPatterns.ChanReceive || pattern == LeakPatterns.Select
        || pattern == LeakPatterns.ChanOrSelect;

    /// <summary>`pkg.(*client)` for `pkg.(*client).writeLoop`: the receiver type of the bucket's blocking method, or null.</summary>
    private static string? ConnectionType(Bucket bucket)
    {
        var function = bucket.BlockingSite.Frame?.Function;
        if (function is null)
            return null;
        var close = function.IndexOf(").", bucket.BlockingSite.Frame!.Package.Length, StringComparison.Ordinal);
        return close < 0 ? null : function[..(close + 1)];
    }
}

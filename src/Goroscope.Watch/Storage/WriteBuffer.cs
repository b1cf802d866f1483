using System.Collections.Concurrent;
using System.Threading.Channels;
using Goroscope.Watch.Scraping;

namespace Goroscope.Watch.Storage;

/// <summary>
/// Scrapes on their way to the store, held in memory while it cannot be written. Lanes run side by side; a target
/// always goes to the same lane, so its scrapes are stored and judged in the order they were taken. Each lane holds
/// at most its part of <c>capacity</c>; beyond that the oldest waiting scrape is dropped and counted (the newest
/// say most about the targets now, and the series has a gap where the dropped ones were). Scrapes queued behind
/// others share one copy of each stack's texts (the same stacks come back scrape after scrape), so a held scrape
/// costs about 160 bytes per bucket instead of its own copy of every stack (measured: docs/watch.md).
/// </summary>
internal sealed class WriteBuffer
{
    private readonly Channel<ScrapeResult>[] _lanes;
    private readonly ConcurrentDictionary<string, string> _texts = new(StringComparer.Ordinal);
    private long _dropped;

    public WriteBuffer(int lanes, int capacity)
    {
        var perLane = Math.Max(1, capacity / lanes);
        _lanes = [.. Enumerable.Range(0, lanes).Select(_ => Channel.CreateBounded<ScrapeResult>(
            new BoundedChannelOptions(perLane) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped)))];
    }

    /// <summary>Scrapes dropped because their lane was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int Waiting => _lanes.Sum(l => l.Reader.Count);

    public void Add(ScrapeResult scrape)
    {
        var lane = _lanes[(int)((uint)scrape.Target.Name.GetHashCode(StringComparison.Ordinal) % (uint)_lanes.Length)];
        if (Waiting == 0)
            _texts.Clear();
        else if (lane.Reader.Count > 0)
            scrape = Shared(scrape);
        lane.Writer.TryWrite(scrape);
    }

    private ScrapeResult Shared(ScrapeResult scrape) => scrape with
    {
        Buckets = [.. scrape.Buckets.Select(b => b with
        {
            Key = Text(b.Key), Pattern = Text(b.Pattern), State = Text(b.State), BlockingSite = Text(b.BlockingSite), StackText = Text(b.StackText),
        })],
    };

    private string Text(string text) => _texts.GetOrAdd(text, text);

    /// <summary>No more scrapes will come: the lanes finish with what they hold.</summary>
    public void Complete()
    {
        foreach (var lane in _lanes)
            lane.Writer.TryComplete();
    }

    /// <summary>
    /// Hands every scrape to <paramref name="store"/>, one at a time per lane, until <see cref="Complete"/> and empty, or
    /// cancelled. Each lane is a thread of its own: storing blocks on the database, and on the thread pool it would
    /// hold up the scrapes' own work (a store catching up after an outage did, by seconds).
    /// </summary>
    public Task ConsumeAsync(Action<ScrapeResult, CancellationToken> store, CancellationToken cancel) =>
        Task.WhenAll(_lanes.Select(lane => Task.Factory.StartNew(() =>
        {
            try
            {
                while (lane.Reader.WaitToReadAsync(cancel).AsTask().GetAwaiter().GetResult())
                    while (lane.Reader.TryRead(out var scrape))
                        store(scrape, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
}

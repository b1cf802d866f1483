using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

public class WriteBufferTests
{
    [Fact]
    public async Task FullBuffer_DropsTheOldestAndCountsThem()
    {
        var buffer = new WriteBuffer(lanes: 1, capacity: 4);
        for (var i = 0; i < 10; i++)
            buffer.Add(At(Target(), TimeSpan.FromSeconds(i), Leak(i)));
        Assert.Equal((4, 6L), (buffer.Waiting, buffer.Dropped));
        buffer.Complete();
        var stored = new List<long>();
        await buffer.ConsumeAsync((scrape, _) => stored.Add(scrape.Total), CancellationToken.None);
        Assert.Equal([6L, 7L, 8L, 9L], stored);
    }

    [Fact]
    public async Task ScrapesOfOneTarget_AreHandedOnInTheOrderTaken()
    {
        var buffer = new WriteBuffer(lanes: 4, capacity: 1000);
        foreach (var i in Enumerable.Range(0, 50))
            foreach (var name in new[] { "a", "b", "c", "d", "e" })
                buffer.Add(At(Target(name), TimeSpan.FromSeconds(i), Leak(i)));
        buffer.Complete();
        var seen = new Dictionary<string, List<long>>();
        await buffer.ConsumeAsync((scrape, _) =>
        {
            lock (seen)
                (seen.TryGetValue(scrape.Target.Name, out var list) ? list : seen[scrape.Target.Name] = []).Add(scrape.Total);
        }, CancellationToken.None);
        Assert.All(seen.Values, totals => Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), totals));
    }

    [Fact]
    public async Task ScrapesQueuedBehindOthers_ShareTheirStackTexts()
    {
        var buffer = new WriteBuffer(lanes: 1, capacity: 10);
        // Scrapes of one recorded profile, each read anew: equal texts, different strings, as real scrapes have.
        for (var i = 0; i < 3; i++)
            buffer.Add(Recorded(Target(), TimeSpan.FromSeconds(5 * i), "leakzoo.debug0.pb.gz"));
        buffer.Complete();
        var held = new List<ScrapeResult>();
        await buffer.ConsumeAsync((scrape, _) => held.Add(scrape), CancellationToken.None);
        Assert.Equal(held[1].Buckets.Select(b => b.StackText), held[2].Buckets.Select(b => b.StackText));
        Assert.All(held[1].Buckets.Zip(held[2].Buckets), pair => Assert.Same(pair.First.StackText, pair.Second.StackText));
    }
}

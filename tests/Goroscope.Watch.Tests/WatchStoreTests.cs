using Goroscope.Watch.Detection;
using Goroscope.Watch.Storage;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

public class WatchStoreTests
{
    [Fact]
    public void RecordedScrape_ReadsBackAsTargetStatusAndSeries()
    {
        using var store = new WatchStore(TempDatabase());
        var target = Target();
        store.Record(At(target, TimeSpan.Zero, Leak(10), HttpServer(2)));
        store.Record(At(target, TimeSpan.FromSeconds(15), Leak(14)));
        store.Record(Failed(target, TimeSpan.FromSeconds(30)));

        using var reader = store.OpenReader();
        var status = Assert.Single(reader.Targets());
        Assert.Equal(("svc", 3L, false), (status.Name, status.Scrapes, status.LastOk));
        Assert.Contains("Connection refused", status.LastError);

        var window = reader.Window("svc", T0);
        Assert.Equal(2, window.Times.Count);
        var leak = window.Series[store.FindBucket(Leak(0).Key)!.Value];
        Assert.Equal([10L, 14L], leak.Select(p => p.Count));
        var server = window.Series[store.FindBucket(HttpServer(0).Key)!.Value];
        Assert.Equal([2L, 0L], server.Select(p => p.Count));
    }

    [Fact]
    public void ReopenedStore_HasEveryScrapeAndBucketOfTheFirst()
    {
        var path = TempDatabase();
        var target = Target();
        using (var store = new WatchStore(path))
            for (var i = 0; i < 20; i++)
                store.Record(At(target, TimeSpan.FromSeconds(i), Leak(i), HttpServer(1)));
        using (var store = new WatchStore(path))
        {
            store.Record(At(target, TimeSpan.FromSeconds(20), Leak(20)));
            using var reader = store.OpenReader();
            Assert.Equal(21, reader.Scrapes("svc", T0).Count);
            Assert.Equal(Enumerable.Range(0, 21).Select(i => (long)i), reader.Window("svc", T0).Series[store.FindBucket(Leak(0).Key)!.Value].Select(p => p.Count));
            Assert.Equal(2, reader.LatestBuckets("svc").Count + 1);
        }
    }

    [Fact]
    public void Prune_DeletesPastRetentionAndThinsPastDownsampleAge()
    {
        using var store = new WatchStore(TempDatabase());
        var target = Target();
        // One scrape every 10 s over 3 hours.
        for (var i = 0; i < 3 * 360; i++)
            store.Record(At(target, TimeSpan.FromSeconds(10 * i), Leak(i)));
        var now = T0 + TimeSpan.FromHours(3);
        var removed = store.Prune(now, retention: TimeSpan.FromHours(2), downsampleAfter: TimeSpan.FromHours(1), step: TimeSpan.FromMinutes(5));

        using var reader = store.OpenReader();
        var left = reader.Scrapes("svc", DateTimeOffset.MinValue);
        Assert.Equal(3 * 360 - left.Count, removed);
        Assert.All(left, s => Assert.True(s.Time >= now - TimeSpan.FromHours(2)));
        // The last hour untouched (360 scrapes), the hour before thinned to one per 5 minutes (12).
        Assert.Equal(360, left.Count(s => s.Time >= now - TimeSpan.FromHours(1)));
        Assert.Equal(12, left.Count(s => s.Time < now - TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Incident_OpenUpdateResolve_RoundTrips()
    {
        using var store = new WatchStore(TempDatabase());
        var target = Target();
        store.Record(At(target, TimeSpan.Zero, Leak(10)));
        var bucket = store.FindBucket(Leak(0).Key)!.Value;
        var id = store.OpenIncident("svc", bucket, T0, LeakSignal.Growth, 4.5, 10);
        store.UpdateIncident(id, LeakSignal.RuntimeLeaked, 6, 30, resolved: null);
        using (var reader = store.OpenReader())
        {
            var open = Assert.Single(reader.Incidents(openOnly: true));
            Assert.Equal((LeakSignal.Growth | LeakSignal.RuntimeLeaked, 10L, 30L, "chan-send"), (open.Signals, open.CountAtStart, open.Count, open.Pattern));
        }
        store.UpdateIncident(id, LeakSignal.None, 0, 30, resolved: T0.AddMinutes(5));
        using (var reader = store.OpenReader())
        {
            Assert.Empty(reader.Incidents(openOnly: true));
            Assert.Equal(T0.AddMinutes(5), Assert.Single(reader.Incidents()).Resolved);
        }
    }

    [Fact]
    public void Detail_ReplacesTheCheapProfilesAccountOfABucket()
    {
        using var store = new WatchStore(TempDatabase());
        store.Record(At(Target(), TimeSpan.Zero, Leak(10) with { State = "chan send", StackText = "short" }));
        store.Detail(Leak(10) with { State = "chan send, 12 minutes", StackText = "full" });
        using var reader = store.OpenReader();
        var bucket = reader.Bucket(Leak(0).Id)!;
        Assert.Equal(("full", true), (bucket.StackText, bucket.Detailed));
    }

    [Fact]
    public void FileThatIsNoDatabase_IsOneLineIOException()
    {
        var path = TempDatabase();
        File.WriteAllText(path, "this is not SQLite, and long enough to have a header of its own: ................................................");
        var message = Assert.Throws<IOException>(() => new WatchStore(path)).Message;
        Assert.StartsWith($"cannot open the store {path}: ", message);
        Assert.DoesNotContain('\n', message);
    }
}

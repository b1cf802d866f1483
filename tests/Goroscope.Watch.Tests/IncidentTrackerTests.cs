using Goroscope.Watch.Detection;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

public class IncidentTrackerTests
{
    private static readonly Thresholds Fast = new(TimeSpan.FromMinutes(1), MinSamples: 4, MinGrowth: 10, MinSlopePerMinute: 1, MinMonotonicity: 0.8, Concentration: 1000);

    private static IncidentChanges Feed(WatchStore store, IncidentTracker tracker, ScrapeResult scrape)
    {
        store.Record(scrape);
        return tracker.Observe(scrape);
    }

    [Fact]
    public void GrowingBucket_OpensOneIncident_SteadyBucketNone()
    {
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast);
        var opened = new List<Incident>();
        for (var i = 0; i < 8; i++)
            opened.AddRange(Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i), HttpServer(3))).Opened);
        var incident = Assert.Single(opened);
        Assert.Equal(("svc", "chan-send", "main.handleRequest main.go:385", LeakSignal.Growth), (incident.Target, incident.Pattern, incident.BlockingSite, incident.Signals));
        Assert.Equal(60, incident.GrowthPerMinute, precision: 6);
        Assert.Single(tracker.OpenIncidents());
    }

    [Fact]
    public void IncidentResolves_WhenTheBucketStopsGrowingForAWindow()
    {
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast);
        var t = TimeSpan.Zero;
        for (var i = 0; i < 6; i++, t += TimeSpan.FromSeconds(5))
            Feed(store, tracker, At(Target(), t, Leak(10 + 5 * i)));
        Assert.Single(tracker.OpenIncidents());
        var resolved = new List<Incident>();
        for (var i = 0; i < 20; i++, t += TimeSpan.FromSeconds(5))
            resolved.AddRange(Feed(store, tracker, At(Target(), t, Leak(35))).Resolved);
        var incident = Assert.Single(resolved);
        Assert.NotNull(incident.Resolved);
        Assert.Empty(tracker.OpenIncidents());
        using var reader = store.OpenReader();
        Assert.Empty(reader.Incidents(openOnly: true));
    }

    [Fact]
    public void FailedScrapes_NeitherOpenNorResolve()
    {
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast);
        for (var i = 0; i < 6; i++)
            Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i)));
        for (var i = 6; i < 30; i++)
            Assert.Empty(Feed(store, tracker, Failed(Target(), TimeSpan.FromSeconds(5 * i))).Resolved);
        Assert.Single(tracker.OpenIncidents());
    }

    [Fact]
    public void RestartedTracker_ContinuesFromTheStoredWindowAndOpenIncidents()
    {
        var path = TempDatabase();
        using (var store = new SqliteStore(path))
        {
            var tracker = new IncidentTracker(store, Fast);
            for (var i = 0; i < 3; i++)
                Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i)));
            Assert.Empty(tracker.OpenIncidents());
        }
        using (var store = new SqliteStore(path))
        {
            // One more scrape makes the four the window needs: enough only if the first three were read back.
            var tracker = new IncidentTracker(store, Fast);
            var opened = Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(15), Leak(25))).Opened;
            Assert.Equal(10, Assert.Single(opened).CountAtStart - 15);
        }
        using (var store = new SqliteStore(path))
            Assert.Single(new IncidentTracker(store, Fast).OpenIncidents());
    }

    [Fact]
    public void RuntimeLeakedVerdict_OpensACriticalIncidentAtTheFirstScrape()
    {
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast);
        var opened = Feed(store, tracker, At(Target(), TimeSpan.Zero, Leak(4, leaked: 4))).Opened;
        Assert.Equal(LeakSignal.RuntimeLeaked, Assert.Single(opened).Signals);
    }

    [Fact]
    public void ConcentratedUserSite_OpensWithoutGrowth()
    {
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast with { Concentration = 100 });
        var opened = Feed(store, tracker, At(Target(), TimeSpan.Zero, Leak(150), HttpServer(150))).Opened;
        Assert.Equal(("chan-send", LeakSignal.Concentration), (Assert.Single(opened).Pattern, opened[0].Signals));
    }

    [Fact]
    public void RecordedProfilesOfAGrowingProcess_OpenIncidentsForTheStacksThatGrew()
    {
        // leakzoo recorded at scale 1 and at scale 3: its leaking stacks tripled, in pprof and debug=1 form alike.
        using var store = new SqliteStore(TempDatabase());
        var tracker = new IncidentTracker(store, Fast with { MinSamples = 4 });
        var target = Target("leakzoo");
        var dumps = new[] { "leakzoo.scale1.debug0.pb.gz", "leakzoo.scale1.debug1.txt", "leakzoo.scale3.debug0.pb.gz", "leakzoo.scale3.debug1.txt" };
        var opened = new List<Incident>();
        for (var i = 0; i < dumps.Length; i++)
            opened.AddRange(Feed(store, tracker, Recorded(target, TimeSpan.FromSeconds(10 * i), dumps[i])).Opened);

        var first = Recorded(target, TimeSpan.Zero, dumps[0]).Buckets.ToDictionary(b => b.Key, b => b.Count);
        var last = Recorded(target, TimeSpan.Zero, dumps[^1]).Buckets;
        var grew = last.Where(b => b.Count - first.GetValueOrDefault(b.Key) >= Fast.MinGrowth).Select(b => b.Id).Order().ToList();
        Assert.Contains(opened, i => i.Pattern == "chan-send" && i.BlockingSite == "main.handleRequest main.go:385" && i.CountAtStart == 159);
        Assert.Equal(grew, opened.Select(i => i.BucketShortId).Order());
        Assert.True(last.Count > grew.Count, "some stacks did not grow and must have no incident");
        Assert.All(opened, i => Assert.Equal(LeakSignal.Growth, i.Signals));
    }

    [Fact]
    public void RecordedLeakProfile_MarksTheProvedBucketsLeaked()
    {
        var scrape = Recorded(Target(), TimeSpan.Zero, "leakzoo.debug0.pb.gz", "leakzoo.leak.debug0.pb.gz");
        var handle = scrape.Buckets.Single(b => b.BlockingSite == "main.handleRequest main.go:385");
        Assert.Equal((53L, 53L), (handle.Count, handle.Leaked));
        Assert.Contains(scrape.Buckets, b => b.Leaked == 0 && b.Count > 0);
    }
}

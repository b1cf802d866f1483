using Goroscope.Watch.Detection;
using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;
using Goroscope.Watch.Tests.Postgres;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

/// <summary>Judging scrapes into incidents, with the store of either kind (PostgreSQL a real cluster of the test run's own).</summary>
[Collection(PostgresCollection.Name)]
public class IncidentTrackerTests(PostgresCluster postgres)
{
    public static TheoryData<string> Kinds => ["sqlite", "postgres"];

    private string NewStore(string kind) => kind == "sqlite" ? TempDatabase() : postgres.NewDatabase();

    private static readonly Thresholds Fast = new(TimeSpan.FromMinutes(1), MinSamples: 4, MinGrowth: 10, MinSlopePerMinute: 1, MinMonotonicity: 0.8, Concentration: 1000);

    private static IncidentChanges Feed(WatchStore store, IncidentTracker tracker, ScrapeResult scrape)
    {
        store.Record(scrape);
        return tracker.Observe(scrape);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void GrowingBucket_OpensOneIncident_SteadyBucketNone(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        var tracker = new IncidentTracker(store, Fast);
        var opened = new List<Incident>();
        for (var i = 0; i < 8; i++)
            opened.AddRange(Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i), HttpServer(3))).Opened);
        var incident = Assert.Single(opened);
        Assert.Equal(("svc", "chan-send", "main.handleRequest main.go:385", LeakSignal.Growth), (incident.Target, incident.Pattern, incident.BlockingSite, incident.Signals));
        Assert.Equal(60, incident.GrowthPerMinute, precision: 6);
        Assert.Single(tracker.OpenIncidents());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void IncidentResolves_WhenTheBucketStopsGrowingForAWindow(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
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

    [Theory, MemberData(nameof(Kinds))]
    public void FailedScrapes_NeitherOpenNorResolve(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        var tracker = new IncidentTracker(store, Fast);
        for (var i = 0; i < 6; i++)
            Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i)));
        for (var i = 6; i < 30; i++)
            Assert.Empty(Feed(store, tracker, Failed(Target(), TimeSpan.FromSeconds(5 * i))).Resolved);
        Assert.Single(tracker.OpenIncidents());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void RestartedTracker_ContinuesFromTheStoredWindowAndOpenIncidents(string kind)
    {
        var path = NewStore(kind);
        using (var store = WatchStore.Open(path))
        {
            var tracker = new IncidentTracker(store, Fast);
            for (var i = 0; i < 3; i++)
                Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(5 * i), Leak(10 + 5 * i)));
            Assert.Empty(tracker.OpenIncidents());
        }
        using (var store = WatchStore.Open(path))
        {
            // One more scrape makes the four the window needs: enough only if the first three were read back.
            var tracker = new IncidentTracker(store, Fast);
            var opened = Feed(store, tracker, At(Target(), TimeSpan.FromSeconds(15), Leak(25))).Opened;
            Assert.Equal(10, Assert.Single(opened).CountAtStart - 15);
        }
        using (var store = WatchStore.Open(path))
            Assert.Single(new IncidentTracker(store, Fast).OpenIncidents());
    }

    [Theory, MemberData(nameof(Kinds))]
    public void RuntimeLeakedVerdict_OpensACriticalIncidentAtTheFirstScrape(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        var tracker = new IncidentTracker(store, Fast);
        var opened = Feed(store, tracker, At(Target(), TimeSpan.Zero, Leak(4, leaked: 4))).Opened;
        Assert.Equal(LeakSignal.RuntimeLeaked, Assert.Single(opened).Signals);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ConcentratedUserSite_OpensWithoutGrowth(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        var tracker = new IncidentTracker(store, Fast with { Concentration = 100 });
        var opened = Feed(store, tracker, At(Target(), TimeSpan.Zero, Leak(150), HttpServer(150))).Opened;
        Assert.Equal(("chan-send", LeakSignal.Concentration), (Assert.Single(opened).Pattern, opened[0].Signals));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void RecordedProfilesOfAGrowingProcess_OpenIncidentsForTheStacksThatGrew(string kind)
    {
        // leakzoo recorded at scale 1 and at scale 3: its leaking stacks tripled, in pprof and debug=1 form alike.
        using var store = WatchStore.Open(NewStore(kind));
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

    [Theory, MemberData(nameof(Kinds))]
    public void ReplicaTakingATargetOver_ContinuesItsOpenIncidentUnderTheSameId(string kind)
    {
        var location = NewStore(kind);
        using var first = WatchStore.Open(location);
        using var second = WatchStore.Open(location);
        var (before, after) = (new IncidentTracker(first, Fast), new IncidentTracker(second, Fast));
        var t = TimeSpan.Zero;
        Incident? opened = null;
        for (var i = 0; i < 6; i++, t += TimeSpan.FromSeconds(5))
            opened ??= Feed(first, before, At(Target(), t, Leak(10 + 5 * i))).Opened.FirstOrDefault();
        before.Forget("svc"); // the first replica's lease is gone

        var changes = new List<IncidentChanges>();
        for (var i = 6; i < 9; i++, t += TimeSpan.FromSeconds(5))
            changes.Add(Feed(second, after, At(Target(), t, Leak(10 + 5 * i))));
        Assert.All(changes, c => Assert.Empty(c.Opened));
        Assert.Equal(opened!.Id, Assert.Single(after.OpenIncidents()).Id);
        using var reader = second.OpenReader();
        var stored = Assert.Single(reader.Incidents());
        Assert.Equal((opened.Id, 50L), (stored.Id, stored.Count));
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

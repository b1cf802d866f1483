using Goroscope.Watch.Fleet;
using Goroscope.Watch.Storage;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>Replicas splitting a fleet by leases in a real PostgreSQL: rounds are driven by hand, the TTL is real time.</summary>
[Collection(PostgresCollection.Name)]
public class LeasesTests(PostgresCluster postgres)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private static readonly string[] Fleet = [.. Enumerable.Range(0, 10).Select(i => $"svc-{i}")];

    private static Leases Replica(PostgresStore store, string name) => new(store, name, Ttl, Interval, _ => { });

    [Fact]
    public void LoneReplica_ClaimsTheWholeFleet()
    {
        using var store = new PostgresStore(postgres.NewDatabase());
        var a = Replica(store, "a");
        Assert.Equal(Fleet, a.Round(Fleet).Order(StringComparer.Ordinal));
        Assert.All(Fleet, t => Assert.True(a.Holds(t)));
    }

    [Fact]
    public async Task SecondReplica_GetsHalf_AfterTheFirstGivesItBackWithGrace()
    {
        using var store = new PostgresStore(postgres.NewDatabase());
        var (a, b) = (Replica(store, "a"), Replica(store, "b"));
        a.Round(Fleet);
        Assert.Empty(b.Round(Fleet)); // all held by a
        Assert.Equal(5, a.Round(Fleet).Count); // two replicas live now: a keeps its share
        Assert.Empty(b.Round(Fleet)); // what a gave back is still in its grace
        await Task.Delay(2 * Interval + TimeSpan.FromMilliseconds(100));
        var held = b.Round(Fleet);
        Assert.Equal(5, held.Count);
        Assert.All(Fleet, t => Assert.True(a.Holds(t) ^ b.Holds(t), $"{t} must be held by exactly one"));
    }

    [Fact]
    public async Task DeadReplicasTargets_AreTakenOverOnceItsLeasesExpire()
    {
        using var store = new PostgresStore(postgres.NewDatabase());
        var (a, b) = (Replica(store, "a"), Replica(store, "b"));
        a.Round(Fleet);
        b.Round(Fleet);
        a.Round(Fleet);
        await Task.Delay(2 * Interval + TimeSpan.FromMilliseconds(100));
        b.Round(Fleet);
        // a dies: no more rounds. Before its TTL has passed, b takes nothing of it.
        Assert.Equal(5, b.Round(Fleet).Count);
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        Assert.Equal(Fleet, b.Round(Fleet).Order(StringComparer.Ordinal));
        Assert.False(a.Holds(Fleet[0]), "a's own clock must have let its leases go too");
    }

    [Fact]
    public async Task ReleasedLeases_AreClaimedAfterTheGraceNotTheTtl()
    {
        using var store = new PostgresStore(postgres.NewDatabase());
        var (a, b) = (Replica(store, "a"), Replica(store, "b"));
        a.Round(Fleet);
        a.Release();
        await Task.Delay(2 * Interval + TimeSpan.FromMilliseconds(100));
        Assert.Equal(Fleet, b.Round(Fleet).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TargetGoneFromTheFleet_IsLetGo()
    {
        using var store = new PostgresStore(postgres.NewDatabase());
        var a = Replica(store, "a");
        a.Round(Fleet);
        Assert.Equal(9, a.Round(Fleet[1..]).Count);
        Assert.False(a.Holds(Fleet[0]));
    }
}

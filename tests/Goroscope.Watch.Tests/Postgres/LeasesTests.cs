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

    [Fact]
    public async Task UnreachablePostgres_KeepsTheTargetsHeld_AndTheReplicaRenewsWhenItAnswers()
    {
        var url = postgres.NewDatabase();
        var database = url[(url.LastIndexOf('/') + 1)..];
        using var store = new PostgresStore(url);
        var reports = new List<string>();
        var a = new Leases(store, "a", Ttl, Interval, line => { lock (reports) reports.Add(line); });
        using var stop = new CancellationTokenSource();
        var run = a.RunAsync(() => Fleet, stop.Token);
        await Until(() => a.HeldCount == Fleet.Length, "the fleet claimed");

        postgres.Execute(postgres.Url("postgres"), $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false");
        postgres.Execute(postgres.Url("postgres"), $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        await Task.Delay(2 * Ttl);
        Assert.All(Fleet, t => Assert.True(a.Holds(t), $"{t} let go while nobody could claim it"));

        postgres.Execute(postgres.Url("postgres"), $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
        await Until(() => { lock (reports) return reports.Contains("leases: PostgreSQL answers again"); }, "a round after the outage");
        await stop.CancelAsync();
        await run;
        lock (reports)
            Assert.Contains(reports, r => r.StartsWith("leases: cannot renew (", StringComparison.Ordinal) && r.EndsWith("scraping the 10 target(s) held until PostgreSQL answers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RoundThatMayNotClaim_RenewsItsOwnExpiredLeases_AndLeavesTheOthers()
    {
        // After PostgreSQL was out of reach longer than the TTL every lease has expired; the replicas' first rounds
        // renew their own and claim nothing, so the one that comes back first does not take the others' targets.
        using var store = new PostgresStore(postgres.NewDatabase());
        var (a, b) = (Replica(store, "a"), Replica(store, "b"));
        a.Round(Fleet);
        b.Round(Fleet);
        var heldByA = a.Round(Fleet).ToHashSet();
        await Task.Delay(2 * Interval + TimeSpan.FromMilliseconds(100));
        var heldByB = b.Round(Fleet).ToHashSet();
        await Task.Delay(Ttl + TimeSpan.FromMilliseconds(200));
        Assert.Equal(heldByB, b.Round(Fleet, mayClaim: false).ToHashSet());
        Assert.Equal(heldByA, a.Round(Fleet, mayClaim: false).ToHashSet());
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var waited = 0; waited < 15_000 && !condition(); waited += 50)
            await Task.Delay(50);
        Assert.True(condition(), what);
    }
}

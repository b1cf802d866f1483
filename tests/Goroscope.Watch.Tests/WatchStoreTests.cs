using Goroscope.Watch.Detection;
using Goroscope.Watch.Storage;
using Goroscope.Watch.Tests.Postgres;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests;

/// <summary>The store's behaviour, the same from SQLite and from PostgreSQL (a real cluster of the test run's own).</summary>
[Collection(PostgresCollection.Name)]
public class WatchStoreTests(PostgresCluster postgres)
{
    public static TheoryData<string> Kinds => ["sqlite", "postgres"];

    /// <summary>A new empty store's location: a SQLite file, or a database of the test cluster.</summary>
    private string NewStore(string kind) => kind == "sqlite" ? TempDatabase() : postgres.NewDatabase();

    [Theory, MemberData(nameof(Kinds))]
    public void RecordedScrape_ReadsBackAsTargetStatusAndSeries(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
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

    [Theory, MemberData(nameof(Kinds))]
    public void ReopenedStore_HasEveryScrapeAndBucketOfTheFirst(string kind)
    {
        var path = NewStore(kind);
        var target = Target();
        using (var store = WatchStore.Open(path))
            for (var i = 0; i < 20; i++)
                store.Record(At(target, TimeSpan.FromSeconds(i), Leak(i), HttpServer(1)));
        using (var store = WatchStore.Open(path))
        {
            store.Record(At(target, TimeSpan.FromSeconds(20), Leak(20)));
            using var reader = store.OpenReader();
            Assert.Equal(21, reader.Scrapes("svc", T0).Count);
            Assert.Equal(Enumerable.Range(0, 21).Select(i => (long)i), reader.Window("svc", T0).Series[store.FindBucket(Leak(0).Key)!.Value].Select(p => p.Count));
            Assert.Equal(2, reader.LatestBuckets("svc").Count + 1);
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ScrapeRecordedAgain_IsStoredOnce(string kind)
    {
        // What retrying a write whose commit was not acknowledged does.
        using var store = WatchStore.Open(NewStore(kind));
        var scrape = At(Target(), TimeSpan.Zero, Leak(10), HttpServer(2));
        var id = store.Record(scrape);

        Assert.Equal(id, store.Record(scrape));
        using var reader = store.OpenReader();
        Assert.Single(reader.Scrapes("svc", T0));
        Assert.Equal([10L], reader.Window("svc", T0).Series[store.FindBucket(Leak(0).Key)!.Value].Select(p => p.Count));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void MigrationToOneScrapePerMillisecond_KeepsTheFirstOfTwinScrapes(string kind)
    {
        var location = NewStore(kind);
        var target = Target();
        using (var store = WatchStore.Open(location))
        {
            store.Record(At(target, TimeSpan.Zero, Leak(10)));
            store.Record(At(target, TimeSpan.FromSeconds(15), Leak(14)));
        }
        // The store as the version before left it after retries: every scrape twice, the second copy without its counts.
        var before = """
            DROP INDEX scrapes_target_time;
            CREATE INDEX scrapes_target_time ON scrapes (target_id, time);
            INSERT INTO scrapes (target_id, time, ok, error, total, duration_ms) SELECT target_id, time, ok, error, total, duration_ms FROM scrapes;
            DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations);
            """;
        if (kind == "sqlite")
            SqliteExecute(location, before);
        else
            postgres.Execute(location, before);

        using (var store = WatchStore.Open(location))
        {
            using var reader = store.OpenReader();
            Assert.Equal(2, reader.Scrapes("svc", T0).Count);
            Assert.Equal([10L, 14L], reader.Window("svc", T0).Series[store.FindBucket(Leak(0).Key)!.Value].Select(p => p.Count));
        }
    }

    [Theory, MemberData(nameof(Kinds))]
    public void Prune_DeletesPastRetentionAndThinsPastDownsampleAge(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
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

    [Theory, MemberData(nameof(Kinds))]
    public void Incident_OpenUpdateResolve_RoundTrips(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
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

    [Theory, MemberData(nameof(Kinds))]
    public void Detail_ReplacesTheCheapProfilesAccountOfABucket(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        store.Record(At(Target(), TimeSpan.Zero, Leak(10) with { State = "chan send", StackText = "short" }));
        store.Detail(Leak(10) with { State = "chan send, 12 minutes", StackText = "full" });
        using var reader = store.OpenReader();
        var bucket = reader.Bucket(Leak(0).Id)!;
        Assert.Equal(("full", true), (bucket.StackText, bucket.Detailed));
    }

    [Fact]
    public void FileThatIsNoDatabase_IsOneLineStoreException()
    {
        var path = TempDatabase();
        File.WriteAllText(path, "this is not SQLite, and long enough to have a header of its own: ................................................");
        var message = Assert.Throws<StoreException>(() => new SqliteStore(path)).Message;
        Assert.StartsWith($"cannot open the store {path}: ", message);
        Assert.DoesNotContain('\n', message);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void SecondOpenIncident_ForTheSameTargetAndBucket_IsTheFirst(string kind)
    {
        // What a replica taking a target over does when it judges a leak the former owner already opened.
        var location = NewStore(kind);
        using var first = WatchStore.Open(location);
        using var second = WatchStore.Open(location);
        first.Record(At(Target(), TimeSpan.Zero, Leak(10)));
        second.Record(At(Target(), TimeSpan.FromSeconds(5), Leak(12)));
        var bucket = first.FindBucket(Leak(0).Key)!.Value;
        var id = first.OpenIncident("svc", bucket, T0, LeakSignal.Growth, 4, 10);
        Assert.Equal(id, second.OpenIncident("svc", bucket, T0.AddSeconds(5), LeakSignal.Growth, 4, 12));
        using var reader = second.OpenReader();
        Assert.Equal(id, Assert.Single(reader.Incidents()).Id);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void ResolvedIncident_LetsANewOneOpenForTheSameBucket(string kind)
    {
        using var store = WatchStore.Open(NewStore(kind));
        store.Record(At(Target(), TimeSpan.Zero, Leak(10)));
        var bucket = store.FindBucket(Leak(0).Key)!.Value;
        var first = store.OpenIncident("svc", bucket, T0, LeakSignal.Growth, 4, 10);
        store.UpdateIncident(first, LeakSignal.None, 0, 10, resolved: T0.AddMinutes(1));
        var second = store.OpenIncident("svc", bucket, T0.AddMinutes(2), LeakSignal.Growth, 4, 10);
        Assert.NotEqual(first, second);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void NewStore_RecordsEveryMigrationOnce_AndReopeningAppliesNone(string kind)
    {
        var location = NewStore(kind);
        int version;
        using (var store = WatchStore.Open(location))
            version = store.SchemaVersion;
        using (var store = WatchStore.Open(location))
            Assert.Equal(version, store.SchemaVersion);
        var applied = kind == "sqlite"
            ? SqliteVersions(location)
            : [.. postgres.Query(location, "SELECT version FROM schema_migrations ORDER BY version").Select(r => (long)r[0])];
        Assert.Equal(Enumerable.Range(1, version).Select(v => (long)v), applied);
    }

    [Theory, MemberData(nameof(Kinds))]
    public void StoreOfANewerSchema_IsRefusedInOneLine(string kind)
    {
        var location = NewStore(kind);
        using (WatchStore.Open(location))
        {
        }
        const string newer = "INSERT INTO schema_migrations (version, applied) VALUES (99, 0)";
        if (kind == "sqlite")
            SqliteExecute(location, newer);
        else
            postgres.Execute(location, newer);
        var message = Assert.Throws<StoreException>(() => WatchStore.Open(location)).Message;
        Assert.EndsWith("has schema version 99, newer than this goroscope's " + (kind == "sqlite" ? 3 : 4) + ": upgrade goroscope", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void SqliteStoreOfBeforeMigrations_AdoptsTheSchemaAndKeepsItsHistory()
    {
        // A store written by watch before schema versions were kept: its tables exist, schema_migrations does not.
        var path = TempDatabase();
        using (var store = new SqliteStore(path))
            store.Record(At(Target(), TimeSpan.Zero, Leak(10)));
        SqliteExecute(path, "DROP INDEX incidents_one_open; DROP TABLE schema_migrations");
        using (var store = new SqliteStore(path))
        {
            using var reader = store.OpenReader();
            Assert.Single(reader.Scrapes("svc", T0));
        }
        Assert.Equal([1L, 2L, 3L], SqliteVersions(path));
    }

    [Fact]
    public void UnreachablePostgres_IsOneLineStoreExceptionNamingTheStore()
    {
        var url = $"postgres://goroscope@127.0.0.1:{postgres.Port + 1}/nowhere";
        var message = Assert.Throws<StoreException>(() => WatchStore.Open(url)).Message;
        Assert.StartsWith($"cannot open the store {url}: ", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void MissingPostgresDatabase_IsOneLineStoreException()
    {
        var message = Assert.Throws<StoreException>(() => WatchStore.Open(postgres.Url("missing"))).Message;
        Assert.Contains("database \"missing\" does not exist", message);
    }

    private static List<long> SqliteVersions(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version FROM schema_migrations ORDER BY version";
        using var rows = command.ExecuteReader();
        var versions = new List<long>();
        while (rows.Read())
            versions.Add(rows.GetInt64(0));
        return versions;
    }

    private static void SqliteExecute(string path, string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

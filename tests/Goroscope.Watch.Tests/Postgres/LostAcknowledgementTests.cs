using System.Data.Common;
using Goroscope.Watch.Storage;
using static Goroscope.Watch.Tests.Scrapes;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>A write PostgreSQL committed but whose answer the connection lost: watch retries it, and it must not be stored twice.</summary>
[Collection(PostgresCollection.Name)]
public class LostAcknowledgementTests(PostgresCluster postgres)
{
    [Fact]
    public async Task ScrapeCommittedWithoutAnAnswer_IsStoredOnceWhenRetried()
    {
        var database = postgres.NewDatabase();
        using var relay = new LossyRelay(postgres.Port);
        using var store = WatchStore.Open(database.Replace($":{postgres.Port}/", $":{relay.Port}/", StringComparison.Ordinal));
        var target = Target();
        store.Record(At(target, TimeSpan.Zero, Leak(10), HttpServer(2)));
        var scrape = At(target, TimeSpan.FromSeconds(15), Leak(14), HttpServer(2));

        relay.LoseTheAnswerTo("INSERT INTO scrapes");
        Assert.ThrowsAny<DbException>(() => store.Record(scrape));
        await relay.Cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2L, Count(database, "scrapes"));

        store.Record(scrape);
        Assert.Equal((2L, 4L), (Count(database, "scrapes"), Count(database, "bucket_counts")));
    }

    private long Count(string database, string table) => (long)postgres.Query(database, $"SELECT COUNT(*) FROM {table}")[0][0];
}

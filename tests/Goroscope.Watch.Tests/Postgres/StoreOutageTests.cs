using Goroscope.Cli.Tests;
using Goroscope.Watch.Targets;
using Goroscope.Watch.Tests.Live;

namespace Goroscope.Watch.Tests.Postgres;

/// <summary>watch scraping a real Go process into PostgreSQL while its database refuses every connection for a while.</summary>
[Collection(PostgresCollection.Name)]
public class StoreOutageTests(PostgresCluster postgres)
{
    [Fact]
    public async Task ScrapesTakenWhileTheStoreIsDown_AreStoredWhenItIsBack()
    {
        using var program = GoProgram.Start("pprofserver", "-addr", "127.0.0.1:0");
        var url = postgres.NewDatabase();
        var database = url[(url.LastIndexOf('/') + 1)..];
        var admin = postgres.Url("postgres");
        var interval = TimeSpan.FromMilliseconds(200);
        await using var watch = await LiveWatch.StartAsync(GoTargetTests.Options(Target.Parse($"steady={program.Url}")) with { Store = url, Interval = interval });
        await watch.WaitForAsync(() => Stored(url) >= 5 ? "" : null, TimeSpan.FromSeconds(10), "five stored scrapes");

        // The outage: no new connections to the database, and those open are cut.
        postgres.Execute(admin, $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS false");
        postgres.Execute(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}'");
        var down = DateTimeOffset.UtcNow;
        await watch.WaitForAsync(() => watch.Log.ToString().Contains("store: cannot write", StringComparison.Ordinal) ? "" : null,
            TimeSpan.FromSeconds(10), "watch to notice the store is down");
        using (var http = new HttpClient())
        {
            var answer = await http.GetAsync(new Uri(watch.Server.Address, "api/incidents"));
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            Assert.StartsWith("503: the store cannot be read now: ", await answer.Content.ReadAsStringAsync());
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        postgres.Execute(admin, $"ALTER DATABASE {database} WITH ALLOW_CONNECTIONS true");
        var up = DateTimeOffset.UtcNow;
        await watch.WaitForAsync(() => watch.Log.ToString().Contains("store: writing again", StringComparison.Ordinal) ? "" : null,
            TimeSpan.FromSeconds(40), "watch to write again");
        await watch.WaitForAsync(() => Stored(url, after: up + interval) > 0 ? "" : null, TimeSpan.FromSeconds(10), "a scrape after the outage");

        // No gap: the scrapes taken while the store was down were held and written, in order.
        var times = postgres.Query(url, "SELECT time FROM scrapes ORDER BY time").Select(r => DateTimeOffset.FromUnixTimeMilliseconds((long)r[0])).ToList();
        var during = times.Count(t => t > down && t < up);
        Assert.True(during >= 10, $"only {during} scrapes stored from the {(up - down).TotalSeconds:0.0} s outage");
        // The outage lasts over 3 s, so scrapes lost there would leave a hole that long; a loaded machine may
        // delay a single tick by a few intervals, which is not a loss.
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).Max();
        Assert.True(gaps < TimeSpan.FromSeconds(1.5), $"a gap of {gaps.TotalMilliseconds} ms in the stored scrapes");
        Assert.Contains("goroscope_watch_store_dropped_scrapes_total 0", await Metrics(watch));
    }

    private long Stored(string url, DateTimeOffset? after = null) =>
        (long)postgres.Query(url, $"SELECT COUNT(*) FROM scrapes WHERE time > {(after ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds()}")[0][0];

    private static async Task<string> Metrics(LiveWatch watch)
    {
        using var http = new HttpClient();
        return await http.GetStringAsync(new Uri(watch.Server.Address, "metrics"));
    }
}

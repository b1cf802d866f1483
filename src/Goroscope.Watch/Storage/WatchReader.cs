using Goroscope.Watch.Detection;
using System.Data.Common;

namespace Goroscope.Watch.Storage;

/// <summary>Queries over the store (either kind: the SQL is the same) on a connection of their own (pooled), for detection, the dashboard and tests.</summary>
public sealed class WatchReader : IDisposable
{
    private readonly DbConnection _connection;

    internal WatchReader(DbConnection connection) => _connection = connection;

    /// <summary>Every stored target (or only the one named) with its last scrape, in one pass over the scrapes' index.</summary>
    public IReadOnlyList<TargetStatus> Targets(string? only = null)
    {
        using var command = WatchStore.Command(_connection, """
            SELECT t.id, t.name, t.url, s.time, s.ok, s.error, s.total, s.duration_ms, COALESCE(c.scrapes, 0)
            FROM targets t
            LEFT JOIN (SELECT target_id, COUNT(*) AS scrapes, MAX(id) AS last FROM scrapes GROUP BY target_id) c ON c.target_id = t.id
            LEFT JOIN scrapes s ON s.id = c.last
            WHERE CAST(@only AS TEXT) IS NULL OR t.name = @only
            ORDER BY t.name
            """, ("@only", only));
        using var rows = command.ExecuteReader();
        var targets = new List<TargetStatus>();
        while (rows.Read())
            targets.Add(new TargetStatus(rows.GetInt64(0), rows.GetString(1), rows.GetString(2),
                rows.IsDBNull(3) ? null : Time(rows.GetInt64(3)), rows.IsDBNull(4) ? null : rows.GetInt64(4) == 1,
                rows.IsDBNull(5) ? null : rows.GetString(5), rows.IsDBNull(6) ? null : rows.GetInt64(6),
                rows.IsDBNull(7) ? null : rows.GetDouble(7), rows.GetInt64(8)));
        return targets;
    }

    /// <summary>Whether the store has ever heard of the target.</summary>
    public bool HasTarget(string name)
    {
        using var command = WatchStore.Command(_connection, "SELECT 1 FROM targets WHERE name = @n", ("@n", name));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// Every target's (or only the one named) goroutine totals since a time, for sparklines, in one query: the last
    /// successful scrape of each <paramref name="step"/>, oldest first.
    /// </summary>
    public IReadOnlyDictionary<string, List<(DateTimeOffset Time, long Total)>> Totals(DateTimeOffset since, TimeSpan step, string? only = null)
    {
        using var command = WatchStore.Command(_connection, """
            SELECT t.name, s.time, s.total FROM scrapes s JOIN targets t ON t.id = s.target_id
            WHERE s.id IN (
                SELECT MAX(s.id) FROM targets t JOIN scrapes s ON s.target_id = t.id
                WHERE s.time >= @since AND s.ok = 1 AND (CAST(@only AS TEXT) IS NULL OR t.name = @only)
                GROUP BY s.target_id, s.time / @step)
            ORDER BY t.name, s.time
            """, ("@since", since.ToUnixTimeMilliseconds()), ("@step", Math.Max(1L, (long)step.TotalMilliseconds)), ("@only", only));
        using var rows = command.ExecuteReader();
        var totals = new Dictionary<string, List<(DateTimeOffset, long)>>();
        while (rows.Read())
        {
            var name = rows.GetString(0);
            if (!totals.TryGetValue(name, out var series))
                totals[name] = series = [];
            series.Add((Time(rows.GetInt64(1)), rows.GetInt64(2)));
        }
        return totals;
    }

    /// <summary>Every scrape of a target since a time, oldest first.</summary>
    public IReadOnlyList<ScrapeRow> Scrapes(string target, DateTimeOffset since)
    {
        using var command = WatchStore.Command(_connection, """
            SELECT s.id, s.time, s.ok, s.error, s.total, s.duration_ms FROM scrapes s JOIN targets t ON t.id = s.target_id
            WHERE t.name = @n AND s.time >= @since ORDER BY s.time, s.id
            """, ("@n", target), ("@since", since.ToUnixTimeMilliseconds()));
        using var rows = command.ExecuteReader();
        var scrapes = new List<ScrapeRow>();
        while (rows.Read())
            scrapes.Add(new ScrapeRow(rows.GetInt64(0), Time(rows.GetInt64(1)), rows.GetInt64(2) == 1, rows.IsDBNull(3) ? null : rows.GetString(3),
                rows.GetInt64(4), rows.GetDouble(5)));
        return scrapes;
    }

    /// <summary>The successful scrapes of a target since a time, and every bucket's series over them.</summary>
    public TargetWindow Window(string target, DateTimeOffset since)
    {
        var times = Scrapes(target, since).Where(s => s.Ok).ToList();
        var index = times.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var series = new Dictionary<long, Point[]>();
        using var command = WatchStore.Command(_connection, """
            SELECT bc.scrape_id, bc.bucket_id, bc.count, bc.leaked FROM bucket_counts bc
            JOIN scrapes s ON s.id = bc.scrape_id JOIN targets t ON t.id = s.target_id
            WHERE t.name = @n AND s.time >= @since AND s.ok = 1
            """, ("@n", target), ("@since", since.ToUnixTimeMilliseconds()));
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            if (!index.TryGetValue(rows.GetInt64(0), out var at))
                continue;
            var bucket = rows.GetInt64(1);
            if (!series.TryGetValue(bucket, out var points))
                series[bucket] = points = [.. times.Select(t => new Point(t.Time, 0))];
            points[at] = new Point(times[at].Time, rows.GetInt64(2), rows.GetInt64(3));
        }
        return new TargetWindow { Times = [.. times.Select(t => t.Time)], Series = series };
    }

    /// <summary>Per successful scrape since a time: the goroutine total and the count per pattern.</summary>
    public IReadOnlyList<(DateTimeOffset Time, long Total, IReadOnlyDictionary<string, long> ByPattern)> PatternSeries(string target, DateTimeOffset since)
    {
        var scrapes = Scrapes(target, since).Where(s => s.Ok).ToList();
        var byScrape = scrapes.ToDictionary(s => s.Id, _ => new Dictionary<string, long>());
        using var command = WatchStore.Command(_connection, """
            SELECT bc.scrape_id, b.pattern, CAST(SUM(bc.count) AS BIGINT) FROM bucket_counts bc
            JOIN scrapes s ON s.id = bc.scrape_id JOIN targets t ON t.id = s.target_id JOIN buckets b ON b.id = bc.bucket_id
            WHERE t.name = @n AND s.time >= @since AND s.ok = 1 GROUP BY bc.scrape_id, b.pattern
            """, ("@n", target), ("@since", since.ToUnixTimeMilliseconds()));
        using var rows = command.ExecuteReader();
        while (rows.Read())
            if (byScrape.TryGetValue(rows.GetInt64(0), out var patterns))
                patterns[rows.GetString(1)] = rows.GetInt64(2);
        return [.. scrapes.Select(s => (s.Time, s.Total, (IReadOnlyDictionary<string, long>)byScrape[s.Id]))];
    }

    public StoredBucket? Bucket(long id) => Buckets("b.id = @v", id).FirstOrDefault();

    /// <summary>A bucket by its 12-digit short id (as in analyze's output and the dashboard's links).</summary>
    public StoredBucket? Bucket(string shortId) => Buckets("b.short_id = @v", shortId).FirstOrDefault();

    /// <summary>The buckets a target's latest successful scrape holds, biggest first.</summary>
    public IReadOnlyList<(StoredBucket Bucket, long Count, long Leaked)> LatestBuckets(string target)
    {
        using var command = WatchStore.Command(_connection, $"""
            SELECT {BucketColumns}, bc.count, bc.leaked FROM bucket_counts bc JOIN buckets b ON b.id = bc.bucket_id
            WHERE bc.scrape_id = (SELECT MAX(s.id) FROM scrapes s JOIN targets t ON t.id = s.target_id WHERE t.name = @n AND s.ok = 1)
            ORDER BY bc.count DESC
            """, ("@n", target));
        using var rows = command.ExecuteReader();
        var buckets = new List<(StoredBucket, long, long)>();
        while (rows.Read())
            buckets.Add((ReadBucket(rows), rows.GetInt64(11), rows.GetInt64(12)));
        return buckets;
    }

    /// <summary>Incidents, open ones first, then the most recent; <paramref name="openOnly"/> for the open ones alone, <paramref name="target"/> for one target's.</summary>
    public IReadOnlyList<Incident> Incidents(bool openOnly = false, int limit = 200, string? target = null)
    {
        using var command = WatchStore.Command(_connection, """
            SELECT i.id, t.name, i.bucket_id, b.short_id, b.pattern, b.blocking_site, i.started, i.resolved, i.signals,
                   i.growth_per_minute, i.count_at_start, i.count
            FROM incidents i JOIN targets t ON t.id = i.target_id JOIN buckets b ON b.id = i.bucket_id
            WHERE (@open = 0 OR i.resolved IS NULL) AND (CAST(@target AS TEXT) IS NULL OR t.name = @target)
            ORDER BY i.resolved IS NULL DESC, i.started DESC LIMIT @limit
            """, ("@open", openOnly ? 1L : 0L), ("@target", target), ("@limit", (long)limit));
        using var rows = command.ExecuteReader();
        var incidents = new List<Incident>();
        while (rows.Read())
            incidents.Add(new Incident(rows.GetInt64(0), rows.GetString(1), rows.GetInt64(2), rows.GetString(3), rows.GetString(4), rows.GetString(5),
                Time(rows.GetInt64(6)), rows.IsDBNull(7) ? null : Time(rows.GetInt64(7)), (LeakSignal)rows.GetInt64(8),
                rows.GetDouble(9), rows.GetInt64(10), rows.GetInt64(11)));
        return incidents;
    }

    private const string BucketColumns = "b.id, b.key, b.short_id, b.pattern, b.state, b.blocking_site, b.in_user_code, b.stuck, b.stack, b.first_seen, b.detailed";

    private List<StoredBucket> Buckets(string where, object value)
    {
        using var command = WatchStore.Command(_connection, $"SELECT {BucketColumns} FROM buckets b WHERE {where}", ("@v", value));
        using var rows = command.ExecuteReader();
        var buckets = new List<StoredBucket>();
        while (rows.Read())
            buckets.Add(ReadBucket(rows));
        return buckets;
    }

    private static StoredBucket ReadBucket(DbDataReader rows) => new(rows.GetInt64(0), rows.GetString(1), rows.GetString(2), rows.GetString(3),
        rows.GetString(4), rows.GetString(5), rows.GetInt64(6) == 1, rows.GetInt64(7) == 1, rows.GetString(8), Time(rows.GetInt64(9)), rows.GetInt64(10) == 1);

    private static DateTimeOffset Time(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    public void Dispose() => _connection.Dispose();
}

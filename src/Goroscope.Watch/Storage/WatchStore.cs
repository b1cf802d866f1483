using Goroscope.Watch.Detection;
using Goroscope.Watch.Scraping;
using Microsoft.Data.Sqlite;

namespace Goroscope.Watch.Storage;

/// <summary>
/// The embedded store: SQLite in WAL mode, one transaction per scrape, so a watch killed at any moment keeps every
/// scrape it reported and opens the same history when restarted. Writes go through one connection in turn;
/// readers (the dashboard) open their own and read beside the writer, as WAL allows.
/// Times are Unix milliseconds, UTC. The schema is in docs/watch.md.
/// </summary>
public sealed class WatchStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS targets (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, url TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS buckets (
            id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, short_id TEXT NOT NULL, pattern TEXT NOT NULL,
            state TEXT NOT NULL, blocking_site TEXT NOT NULL, in_user_code INTEGER NOT NULL, stuck INTEGER NOT NULL,
            stack TEXT NOT NULL, first_seen INTEGER NOT NULL, detailed INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS buckets_short_id ON buckets (short_id);
        CREATE TABLE IF NOT EXISTS scrapes (
            id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id), time INTEGER NOT NULL,
            ok INTEGER NOT NULL, error TEXT, total INTEGER NOT NULL, duration_ms REAL NOT NULL);
        CREATE INDEX IF NOT EXISTS scrapes_target_time ON scrapes (target_id, time);
        CREATE TABLE IF NOT EXISTS bucket_counts (
            scrape_id INTEGER NOT NULL REFERENCES scrapes(id) ON DELETE CASCADE, bucket_id INTEGER NOT NULL REFERENCES buckets(id),
            count INTEGER NOT NULL, leaked INTEGER NOT NULL, PRIMARY KEY (scrape_id, bucket_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS incidents (
            id INTEGER PRIMARY KEY, target_id INTEGER NOT NULL REFERENCES targets(id), bucket_id INTEGER NOT NULL REFERENCES buckets(id),
            started INTEGER NOT NULL, resolved INTEGER, signals INTEGER NOT NULL, growth_per_minute REAL NOT NULL,
            count_at_start INTEGER NOT NULL, count INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS incidents_open ON incidents (resolved, target_id);
        """;

    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<string, long> _bucketIds = [];
    private readonly Dictionary<string, long> _targetIds = [];

    public WatchStore(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } directory)
            Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = true, ForeignKeys = true }.ToString();
        _writer = new SqliteConnection(_connectionString);
        try
        {
            _writer.Open();
            // WAL with synchronous=NORMAL: a committed scrape survives the process being killed (not a power cut, which costs the last few).
            Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
            Execute(_writer, Schema);
        }
        catch (SqliteException e)
        {
            _writer.Dispose();
            throw new IOException($"cannot open the store {Path}: {e.Message.TrimEnd('.')}", e);
        }
        using var read = _writer.CreateCommand();
        read.CommandText = "SELECT key, id FROM buckets";
        using (var rows = read.ExecuteReader())
            while (rows.Read())
                _bucketIds[rows.GetString(0)] = rows.GetInt64(1);
    }

    public string Path { get; }

    /// <summary>Stores one scrape, its buckets and counts, in one transaction; returns the scrape's id.</summary>
    public long Record(ScrapeResult scrape)
    {
        lock (_writeLock)
        {
            using var transaction = _writer.BeginTransaction();
            var targetId = TargetId(scrape.Target.Name, scrape.Target.BaseUrl.ToString());
            var scrapeId = Scalar(_writer, "INSERT INTO scrapes (target_id, time, ok, error, total, duration_ms) VALUES ($t, $time, $ok, $error, $total, $ms) RETURNING id",
                ("$t", targetId), ("$time", scrape.Time.ToUnixTimeMilliseconds()), ("$ok", scrape.Ok ? 1 : 0), ("$error", scrape.Error),
                ("$total", scrape.Total), ("$ms", scrape.Duration.TotalMilliseconds));
            using var insert = _writer.CreateCommand();
            insert.CommandText = "INSERT INTO bucket_counts (scrape_id, bucket_id, count, leaked) VALUES ($s, $b, $c, $l)";
            var s = insert.Parameters.AddWithValue("$s", scrapeId);
            var b = insert.Parameters.Add("$b", SqliteType.Integer);
            var c = insert.Parameters.Add("$c", SqliteType.Integer);
            var l = insert.Parameters.Add("$l", SqliteType.Integer);
            foreach (var bucket in scrape.Buckets)
            {
                b.Value = BucketId(bucket, scrape.Time);
                c.Value = bucket.Count;
                l.Value = bucket.Leaked;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
            return scrapeId;
        }
    }

    /// <summary>The stored id of a bucket key, or null when no scrape has had it.</summary>
    public long? FindBucket(string key)
    {
        lock (_writeLock)
            return _bucketIds.TryGetValue(key, out var id) ? id : null;
    }

    /// <summary>Replaces what a cheap profile told of a bucket (inferred state, short paths) with a debug=2 dump's account.</summary>
    public void Detail(BucketSample detailed)
    {
        lock (_writeLock)
        {
            if (!_bucketIds.TryGetValue(detailed.Key, out var id))
                return;
            Execute(_writer, "UPDATE buckets SET pattern=$p, state=$st, blocking_site=$site, in_user_code=$u, stuck=$stuck, stack=$stack, detailed=1 WHERE id=$id",
                ("$p", detailed.Pattern), ("$st", detailed.State), ("$site", detailed.BlockingSite), ("$u", detailed.InUserCode ? 1 : 0),
                ("$stuck", detailed.Stuck ? 1 : 0), ("$stack", detailed.StackText), ("$id", id));
        }
    }

    public long OpenIncident(string target, long bucketId, DateTimeOffset started, LeakSignal signals, double growth, long count)
    {
        lock (_writeLock)
            return Scalar(_writer, "INSERT INTO incidents (target_id, bucket_id, started, signals, growth_per_minute, count_at_start, count) VALUES ($t, $b, $s, $sig, $g, $c, $c) RETURNING id",
                ("$t", _targetIds[target]), ("$b", bucketId), ("$s", started.ToUnixTimeMilliseconds()), ("$sig", (int)signals), ("$g", growth), ("$c", count));
    }

    public void UpdateIncident(long id, LeakSignal signals, double growth, long count, DateTimeOffset? resolved)
    {
        lock (_writeLock)
            Execute(_writer, "UPDATE incidents SET signals=signals|$sig, growth_per_minute=$g, count=$c, resolved=$r WHERE id=$id",
                ("$sig", (int)signals), ("$g", growth), ("$c", count), ("$r", resolved?.ToUnixTimeMilliseconds()), ("$id", id));
    }

    /// <summary>
    /// Deletes scrapes older than the retention, and thins those older than <paramref name="downsampleAfter"/> to the
    /// first of each <paramref name="step"/> per target. Returns how many scrapes went.
    /// </summary>
    public int Prune(DateTimeOffset now, TimeSpan retention, TimeSpan downsampleAfter, TimeSpan step)
    {
        lock (_writeLock)
        {
            using var transaction = _writer.BeginTransaction();
            var removed = ExecuteCount(_writer, "DELETE FROM scrapes WHERE time < $cut", ("$cut", (now - retention).ToUnixTimeMilliseconds()));
            removed += ExecuteCount(_writer, """
                DELETE FROM scrapes WHERE time < $cut AND id NOT IN (
                    SELECT MIN(id) FROM scrapes WHERE time < $cut GROUP BY target_id, time / $step)
                """, ("$cut", (now - downsampleAfter).ToUnixTimeMilliseconds()), ("$step", (long)step.TotalMilliseconds));
            Execute(_writer, "DELETE FROM incidents WHERE resolved IS NOT NULL AND resolved < $cut", ("$cut", (now - retention).ToUnixTimeMilliseconds()));
            transaction.Commit();
            return removed;
        }
    }

    private long TargetId(string name, string url)
    {
        if (_targetIds.TryGetValue(name, out var id))
            return id;
        id = Scalar(_writer, "INSERT INTO targets (name, url) VALUES ($n, $u) ON CONFLICT (name) DO UPDATE SET url=excluded.url RETURNING id", ("$n", name), ("$u", url));
        return _targetIds[name] = id;
    }

    /// <summary>Registers a target before its first scrape, so incidents and the dashboard can name it.</summary>
    public void AddTarget(string name, string url)
    {
        lock (_writeLock)
            TargetId(name, url);
    }

    private long BucketId(BucketSample bucket, DateTimeOffset time)
    {
        if (_bucketIds.TryGetValue(bucket.Key, out var id))
            return id;
        id = Scalar(_writer, """
            INSERT INTO buckets (key, short_id, pattern, state, blocking_site, in_user_code, stuck, stack, first_seen)
            VALUES ($k, $id, $p, $st, $site, $u, $stuck, $stack, $t) RETURNING id
            """, ("$k", bucket.Key), ("$id", bucket.Id), ("$p", bucket.Pattern), ("$st", bucket.State), ("$site", bucket.BlockingSite),
            ("$u", bucket.InUserCode ? 1 : 0), ("$stuck", bucket.Stuck ? 1 : 0), ("$stack", bucket.StackText), ("$t", time.ToUnixTimeMilliseconds()));
        return _bucketIds[bucket.Key] = id;
    }

    // ---- reads: each on its own connection, beside the writer ----

    public WatchReader OpenReader() => new(_connectionString);

    public void Dispose()
    {
        lock (_writeLock)
            _writer.Dispose();
    }

    internal static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters) =>
        ExecuteCount(connection, sql, parameters);

    private static int ExecuteCount(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    internal static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

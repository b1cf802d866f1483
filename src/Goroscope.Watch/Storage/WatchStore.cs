using System.Collections.Concurrent;
using System.Data.Common;
using Goroscope.Watch.Detection;
using Goroscope.Watch.Scraping;

namespace Goroscope.Watch.Storage;

/// <summary>
/// Where watch keeps its history: SQLite by default (<see cref="SqliteStore"/>), PostgreSQL for a fleet
/// (<see cref="PostgresStore"/>). Both hold the same tables and answer the same SQL, written here once;
/// a store differs only in its schema's column types, how it hands out connections, and its migrations.
/// Times are Unix milliseconds, UTC. The schema is in docs/watch.md.
/// </summary>
public abstract class WatchStore : IDisposable
{
    private readonly ConcurrentDictionary<string, long> _bucketIds = new();
    private readonly ConcurrentDictionary<string, long> _targetIds = new();

    /// <summary>The store named by `--store`: a postgres:// or postgresql:// URL, else a SQLite file's path.</summary>
    public static WatchStore Open(string store) => PostgresStore.IsUrl(store) ? new PostgresStore(store) : new SqliteStore(store);

    /// <summary>Where the store is, for messages (a URL without its password).</summary>
    public abstract string Location { get; }

    /// <summary>The schema's versions in order; version N is entry N-1. Applied ones are never edited, only new ones added.</summary>
    protected abstract IReadOnlyList<string> Migrations { get; }

    /// <summary>The schema version this build writes.</summary>
    public int SchemaVersion => Migrations.Count;

    /// <summary>Runs writes on a connection of the store's choosing (SQLite: its one writer, in turn; PostgreSQL: a pooled one).</summary>
    protected abstract T Write<T>(Func<DbConnection, T> work);

    /// <summary>An open connection of its own for reads, returned to the pool when the reader is disposed.</summary>
    protected abstract DbConnection OpenReadConnection();

    /// <summary>Held while migrating, so that replicas starting together migrate one after another.</summary>
    protected virtual void LockForMigration(DbConnection connection, DbTransaction transaction)
    {
    }

    /// <summary>Brings the schema up to <see cref="SchemaVersion"/>, each version in a transaction of its own with its row in schema_migrations.</summary>
    protected void Migrate() => Write(connection =>
    {
        using var transaction = connection.BeginTransaction();
        LockForMigration(connection, transaction);
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied BIGINT NOT NULL)");
        var current = Scalar(connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations")!.Value;
        if (current > SchemaVersion)
            throw new StoreException($"the store {Location} has schema version {current}, newer than this goroscope's {SchemaVersion}: upgrade goroscope");
        for (var version = (int)current + 1; version <= SchemaVersion; version++)
        {
            Execute(connection, Migrations[version - 1]);
            Execute(connection, "INSERT INTO schema_migrations (version, applied) VALUES (@v, @t)",
                ("@v", (long)version), ("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        }
        transaction.Commit();
        return current;
    });

    /// <summary>
    /// Stores one scrape with its counts atomically; returns the scrape's id. Idempotent: a target has at most one
    /// scrape per millisecond (a unique index), so a scrape stored again — a retry after a commit whose acknowledgement
    /// the connection lost — is not stored twice, and the id of the one stored is returned.
    /// </summary>
    public long Record(ScrapeResult scrape)
    {
        // Buckets first, each on its own: they are never deleted, so one left behind by a failed scrape does no harm,
        // and replicas recording the same new stacks at once do not lock each other's scrape transactions.
        var bucketIds = scrape.Buckets.Select(b => BucketId(b, scrape.Time)).ToArray();
        var targetId = TargetId(scrape.Target.Name, scrape.Target.BaseUrl.ToString());
        return Write(connection => InsertScrape(connection, targetId, scrape, bucketIds));
    }

    /// <summary>The scrape's row and its counts, in one transaction; nothing when the target's scrape of that millisecond is stored already.</summary>
    protected virtual long InsertScrape(DbConnection connection, long targetId, ScrapeResult scrape, long[] bucketIds)
    {
        using var transaction = connection.BeginTransaction();
        var scrapeId = Scalar(connection, """
            INSERT INTO scrapes (target_id, time, ok, error, total, duration_ms) VALUES (@t, @time, @ok, @error, @total, @ms)
            ON CONFLICT (target_id, time) DO NOTHING RETURNING id
            """, ("@t", targetId), ("@time", scrape.Time.ToUnixTimeMilliseconds()), ("@ok", scrape.Ok ? 1L : 0L), ("@error", scrape.Error),
            ("@total", scrape.Total), ("@ms", scrape.Duration.TotalMilliseconds));
        if (scrapeId is not { } id)
            return StoredScrape(connection, targetId, scrape.Time);
        using var insert = Command(connection, "INSERT INTO bucket_counts (scrape_id, bucket_id, count, leaked) VALUES (@s, @b, @c, @l)",
            ("@s", id), ("@b", 0L), ("@c", 0L), ("@l", 0L));
        for (var i = 0; i < scrape.Buckets.Count; i++)
        {
            insert.Parameters[1].Value = bucketIds[i];
            insert.Parameters[2].Value = scrape.Buckets[i].Count;
            insert.Parameters[3].Value = scrape.Buckets[i].Leaked;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        return id;
    }

    protected static long StoredScrape(DbConnection connection, long targetId, DateTimeOffset time) =>
        Scalar(connection, "SELECT id FROM scrapes WHERE target_id = @t AND time = @time", ("@t", targetId), ("@time", time.ToUnixTimeMilliseconds()))!.Value;

    /// <summary>The stored id of a bucket key, or null when no scrape has had it.</summary>
    public long? FindBucket(string key)
    {
        if (_bucketIds.TryGetValue(key, out var id))
            return id;
        var found = Write(connection => Scalar(connection, "SELECT id FROM buckets WHERE key = @k", ("@k", key)));
        if (found is { } stored)
            _bucketIds[key] = stored;
        return found;
    }

    /// <summary>Replaces what a cheap profile told of a bucket (inferred state, short paths) with a debug=2 dump's account.</summary>
    public void Detail(BucketSample detailed)
    {
        if (FindBucket(detailed.Key) is not { } id)
            return;
        Write(connection => Execute(connection,
            "UPDATE buckets SET pattern=@p, state=@st, blocking_site=@site, in_user_code=@u, stuck=@stuck, stack=@stack, detailed=1 WHERE id=@id",
            ("@p", detailed.Pattern), ("@st", detailed.State), ("@site", detailed.BlockingSite), ("@u", detailed.InUserCode ? 1L : 0L),
            ("@stuck", detailed.Stuck ? 1L : 0L), ("@stack", detailed.StackText), ("@id", id)));
    }

    /// <summary>
    /// Opens an incident, or returns the one already open for the target and bucket: at most one is open per pair
    /// (a unique partial index), so a replica taking a target over continues its incidents rather than doubling them.
    /// </summary>
    public long OpenIncident(string target, long bucketId, DateTimeOffset started, LeakSignal signals, double growth, long count)
    {
        var targetId = _targetIds[target];
        return Write(connection => Scalar(connection, """
                INSERT INTO incidents (target_id, bucket_id, started, signals, growth_per_minute, count_at_start, count)
                VALUES (@t, @b, @s, @sig, @g, @c, @c)
                ON CONFLICT (target_id, bucket_id) WHERE resolved IS NULL DO NOTHING RETURNING id
                """, ("@t", targetId), ("@b", bucketId), ("@s", started.ToUnixTimeMilliseconds()), ("@sig", (long)signals), ("@g", growth), ("@c", count))
            ?? Scalar(connection, "SELECT id FROM incidents WHERE target_id = @t AND bucket_id = @b AND resolved IS NULL", ("@t", targetId), ("@b", bucketId))!.Value);
    }

    public void UpdateIncident(long id, LeakSignal signals, double growth, long count, DateTimeOffset? resolved) =>
        Write(connection => Execute(connection, "UPDATE incidents SET signals=signals|@sig, growth_per_minute=@g, count=@c, resolved=@r WHERE id=@id",
            ("@sig", (long)signals), ("@g", growth), ("@c", count), ("@r", resolved?.ToUnixTimeMilliseconds()), ("@id", id)));

    /// <summary>
    /// Deletes scrapes older than the retention, and thins those older than <paramref name="downsampleAfter"/> to the
    /// first of each <paramref name="step"/> per target. Returns how many scrapes went.
    /// </summary>
    public int Prune(DateTimeOffset now, TimeSpan retention, TimeSpan downsampleAfter, TimeSpan step) => Write(connection =>
    {
        using var transaction = connection.BeginTransaction();
        var removed = Execute(connection, "DELETE FROM scrapes WHERE time < @cut", ("@cut", (now - retention).ToUnixTimeMilliseconds()));
        removed += Execute(connection, """
            DELETE FROM scrapes WHERE time < @cut AND id NOT IN (
                SELECT MIN(id) FROM scrapes WHERE time < @cut GROUP BY target_id, time / @step)
            """, ("@cut", (now - downsampleAfter).ToUnixTimeMilliseconds()), ("@step", (long)step.TotalMilliseconds));
        Execute(connection, "DELETE FROM incidents WHERE resolved IS NOT NULL AND resolved < @cut", ("@cut", (now - retention).ToUnixTimeMilliseconds()));
        transaction.Commit();
        return removed;
    });

    /// <summary>Drops a target's id from memory (it is no longer watched here); its rows stay, and it is looked up again if it comes back.</summary>
    public void ForgetTarget(string name) => _targetIds.TryRemove(name, out _);

    /// <summary>Registers a target before its first scrape, so incidents and the dashboard can name it.</summary>
    public void AddTarget(string name, string url) => TargetId(name, url);

    private long TargetId(string name, string url)
    {
        if (_targetIds.TryGetValue(name, out var id))
            return id;
        id = Write(connection => Scalar(connection,
            "INSERT INTO targets (name, url) VALUES (@n, @u) ON CONFLICT (name) DO UPDATE SET url=excluded.url RETURNING id", ("@n", name), ("@u", url))!.Value);
        return _targetIds[name] = id;
    }

    private long BucketId(BucketSample bucket, DateTimeOffset time)
    {
        if (_bucketIds.TryGetValue(bucket.Key, out var id))
            return id;
        // DO UPDATE of the key (to itself) rather than DO NOTHING: RETURNING then gives the id of a row already there.
        id = Write(connection => Scalar(connection, """
            INSERT INTO buckets (key, short_id, pattern, state, blocking_site, in_user_code, stuck, stack, first_seen)
            VALUES (@k, @id, @p, @st, @site, @u, @stuck, @stack, @t) ON CONFLICT (key) DO UPDATE SET key = excluded.key RETURNING id
            """, ("@k", bucket.Key), ("@id", bucket.Id), ("@p", bucket.Pattern), ("@st", bucket.State), ("@site", bucket.BlockingSite),
            ("@u", bucket.InUserCode ? 1L : 0L), ("@stuck", bucket.Stuck ? 1L : 0L), ("@stack", bucket.StackText), ("@t", time.ToUnixTimeMilliseconds()))!.Value);
        return _bucketIds[bucket.Key] = id;
    }

    public WatchReader OpenReader() => new(OpenReadConnection());

    public abstract void Dispose();

    internal static int Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static long? Scalar(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>A command with `@name` parameters, which both Microsoft.Data.Sqlite and Npgsql understand.</summary>
    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

/// <summary>The store cannot be opened, migrated or written; the message is one line naming the store and the reason.</summary>
internal sealed class StoreException(string message, Exception? inner = null) : IOException(message, inner);

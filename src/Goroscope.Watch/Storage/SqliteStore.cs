using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Goroscope.Watch.Storage;

/// <summary>
/// The embedded store: SQLite in WAL mode, one transaction per scrape, so a watch killed at any moment keeps every
/// scrape it reported and opens the same history when restarted. Writes go through one connection in turn;
/// readers (the dashboard) open their own and read beside the writer, as WAL allows.
/// </summary>
internal sealed class SqliteStore : WatchStore
{
    // Version 1 is the schema watch had before it kept versions: IF NOT EXISTS lets a store of that time adopt it.
    private static readonly string[] Versions =
    [
        """
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
        """,
        "CREATE UNIQUE INDEX incidents_one_open ON incidents (target_id, bucket_id) WHERE resolved IS NULL;",
        // A target's scrape of a millisecond is stored once (Record is idempotent); twins a retry made are dropped first.
        """
        DELETE FROM scrapes WHERE id NOT IN (SELECT MIN(id) FROM scrapes GROUP BY target_id, time);
        DROP INDEX scrapes_target_time;
        CREATE UNIQUE INDEX scrapes_target_time ON scrapes (target_id, time);
        """,
    ];

    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private readonly Lock _writeLock = new();

    public SqliteStore(string path)
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
            Migrate();
        }
        catch (SqliteException e)
        {
            _writer.Dispose();
            throw new StoreException($"cannot open the store {Path}: {e.Message.TrimEnd('.')}", e);
        }
        catch (StoreException)
        {
            _writer.Dispose();
            throw;
        }
    }

    public string Path { get; }

    public override string Location => Path;

    protected override IReadOnlyList<string> Migrations => Versions;

    protected override T Write<T>(Func<DbConnection, T> work)
    {
        lock (_writeLock)
            return work(_writer);
    }

    protected override DbConnection OpenReadConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public override void Dispose()
    {
        lock (_writeLock)
            _writer.Dispose();
    }
}

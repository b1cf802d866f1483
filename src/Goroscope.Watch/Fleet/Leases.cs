using System.Data.Common;
using Goroscope.Config;
using Goroscope.Watch.Storage;
using Npgsql;

namespace Goroscope.Watch.Fleet;

/// <summary>
/// Splits the fleet among the replicas of watch that share one PostgreSQL. Every target has a row in `leases`; a
/// replica scrapes the targets whose lease it holds, renews them every third of the TTL, and claims free or expired
/// ones (`FOR UPDATE SKIP LOCKED`, so replicas claiming at once never wait on each other) up to its fair share:
/// the targets divided by the replicas seen within the TTL. A replica holding more than its share (one joined)
/// gives the rest back. A replica that dies stops renewing: its leases expire after the TTL and the others claim them.
/// Times are PostgreSQL's (`now()`), so the replicas' clocks need not agree.
/// </summary>
public sealed class Leases(PostgresStore store, string replica, TimeSpan ttl, TimeSpan interval, Action<string> report)
{
    private volatile Dictionary<string, DateTimeOffset> _held = [];
    private bool _failing;
    private TimeSpan _untilNextExpiry = TimeSpan.MaxValue;

    /// <summary>Called after a round that claimed targets, so the scheduler starts their loops without waiting for its next tick.</summary>
    public Action? Claimed { get; set; }

    public string Replica => replica;

    public TimeSpan Ttl => ttl;

    /// <summary>
    /// Held, and not near its end by this replica's clock: counted from before the renewal was asked for and one
    /// scrape interval short, so this replica stops scraping a target before any other may claim it.
    /// </summary>
    public bool Holds(string target) => _held.TryGetValue(target, out var until) && until > DateTimeOffset.UtcNow;

    public int HeldCount => _held.Count(h => h.Value > DateTimeOffset.UtcNow);

    /// <summary>
    /// Renews, claims and gives back every third of the TTL, and also just after another replica's lease ends (so a
    /// dead replica's targets are claimed the moment they are free), until cancelled; a round that fails is reported
    /// once and tried again.
    /// </summary>
    public async Task RunAsync(Func<IReadOnlyList<string>> fleet, CancellationToken cancel)
    {
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    // The first round after PostgreSQL was out of reach only renews: every replica it cut off gets a
                    // round to renew its own leases, expired meanwhile, before any claims them.
                    Round(fleet(), mayClaim: !_failing);
                    if (_failing)
                        report("leases: PostgreSQL answers again");
                    _failing = false;
                }
                catch (Exception e) when (e is DbException or TimeoutException)
                {
                    if (!_failing)
                        report($"leases: cannot renew ({e.Message.ReplaceLineEndings(" ")}); scraping the {_held.Count} target(s) held until PostgreSQL answers");
                    _failing = true;
                    _untilNextExpiry = TimeSpan.MaxValue;
                    KeepWhileUnreachable();
                }
                var wait = _untilNextExpiry < ttl / 3 ? _untilNextExpiry + TimeSpan.FromMilliseconds(20) : ttl / 3;
                await Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, cancel);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        Release();
    }

    /// <summary>One round: heartbeat, renew, then claim up to the fair share or give back beyond it. Returns the targets held.</summary>
    public IReadOnlyCollection<string> Round(IReadOnlyList<string> fleet, bool mayClaim = true)
    {
        var asked = DateTimeOffset.UtcNow;
        var targets = fleet.Distinct().Order(StringComparer.Ordinal).ToArray();
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Run(connection, "INSERT INTO replicas (id, seen) VALUES (@me, now()) ON CONFLICT (id) DO UPDATE SET seen = now()");
        Run(connection, "DELETE FROM replicas WHERE seen < now() - interval '1 day'");
        Run(connection, "INSERT INTO leases (target) SELECT unnest(@targets) ON CONFLICT DO NOTHING", ("@targets", targets));
        var live = Count(connection, "SELECT COUNT(*) FROM replicas WHERE seen > now() - @ttl * interval '1 millisecond'");
        var held = Targets(connection, """
            UPDATE leases SET expires = now() + @ttl * interval '1 millisecond' WHERE owner = @me AND target = ANY(@targets) RETURNING target
            """, ("@targets", targets));
        // Targets gone from the fleet are let go at once.
        Run(connection, "UPDATE leases SET owner = '', expires = '-infinity' WHERE owner = @me AND NOT (target = ANY(@targets))", ("@targets", targets));
        var share = (int)Math.Ceiling(targets.Length / (double)Math.Max(live, 1));
        var claimed = 0;
        if (held.Count < share && mayClaim)
        {
            var free = Targets(connection, """
                WITH free AS (
                    SELECT target FROM leases WHERE target = ANY(@targets) AND expires < now()
                    ORDER BY md5(target || @me) LIMIT @want FOR UPDATE SKIP LOCKED)
                UPDATE leases l SET owner = @me, expires = now() + @ttl * interval '1 millisecond' FROM free WHERE l.target = free.target
                RETURNING l.target
                """, ("@targets", targets), ("@want", (long)(share - held.Count)));
            claimed = free.Count;
            held.AddRange(free);
        }
        else if (held.Count > share)
        {
            // Given back with two intervals' grace, in which this replica's scheduler stops their loops before anyone claims them.
            var surplus = held.Order(StringComparer.Ordinal).Skip(share).ToArray();
            Run(connection, "UPDATE leases SET owner = '', expires = now() + @grace * interval '1 millisecond' WHERE owner = @me AND target = ANY(@surplus)",
                ("@surplus", surplus), ("@grace", (long)(2 * interval).TotalMilliseconds));
            held.RemoveAll(surplus.Contains);
            report($"leases: gave {surplus.Length} target(s) back, holding {held.Count} of {targets.Length} with {live} replica(s) live");
        }
        var nextExpiry = Scalar(connection, """
            SELECT CAST(EXTRACT(EPOCH FROM MIN(expires) - now()) * 1000 AS BIGINT) FROM leases
            WHERE target = ANY(@targets) AND owner <> @me AND expires > now()
            """, ("@targets", targets));
        transaction.Commit();
        _untilNextExpiry = nextExpiry is { } ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.MaxValue;
        var until = asked + ttl - interval;
        _held = held.ToDictionary(t => t, _ => until);
        if (claimed > 0)
        {
            report($"leases: claimed {claimed} free or expired target(s), holding {held.Count} of {targets.Length} with {live} replica(s) live");
            Claimed?.Invoke();
        }
        return held;
    }

    /// <summary>
    /// PostgreSQL cannot be reached: no replica that shares this one's view can claim anything either, so the targets
    /// held are scraped on (into the write buffer) rather than left unwatched. A replica cut off alone may then
    /// scrape a target another has claimed, until its next round tells it the lease is gone.
    /// </summary>
    private void KeepWhileUnreachable()
    {
        var until = DateTimeOffset.UtcNow + ttl;
        _held = _held.ToDictionary(h => h.Key, _ => until);
    }

    /// <summary>At shutdown: the leases are given back, so the other replicas claim them at their next round instead of after the TTL.</summary>
    public void Release()
    {
        _held = [];
        try
        {
            using var connection = store.OpenConnection();
            Run(connection, "UPDATE leases SET owner = '', expires = now() + @grace * interval '1 millisecond' WHERE owner = @me",
                ("@grace", (long)(2 * interval).TotalMilliseconds));
            Run(connection, "DELETE FROM replicas WHERE id = @me");
        }
        catch (Exception e) when (e is DbException or TimeoutException)
        {
            report($"leases: cannot give them back ({e.Message.ReplaceLineEndings(" ")}); they expire within {GoDuration.Format(ttl)}");
        }
    }

    private void Run(NpgsqlConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }

    private long Count(NpgsqlConnection connection, string sql) => Scalar(connection, sql) ?? 0;

    private long? Scalar(NpgsqlConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar() is long value ? value : null;
    }

    private List<string> Targets(NpgsqlConnection connection, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var rows = command.ExecuteReader();
        var targets = new List<string>();
        while (rows.Read())
            targets.Add(rows.GetString(0));
        return targets;
    }

    private DbCommand Command(NpgsqlConnection connection, string sql, params (string, object?)[] parameters) =>
        WatchStore.Command(connection, sql, [("@me", replica), ("@ttl", (long)ttl.TotalMilliseconds), .. parameters]);
}

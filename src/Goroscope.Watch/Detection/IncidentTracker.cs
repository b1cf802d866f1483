using Goroscope.Watch.Scraping;
using Goroscope.Watch.Storage;

namespace Goroscope.Watch.Detection;

/// <summary>What one scrape changed: incidents opened, still open (with fresh growth figures) and resolved.</summary>
public sealed record IncidentChanges(IReadOnlyList<Incident> Opened, IReadOnlyList<Incident> Open, IReadOnlyList<Incident> Resolved);

/// <summary>
/// Keeps, per target, the series of the last window in memory (read back from the store on the target's first
/// scrape, with its open incidents, so a restarted watch, or a replica taking the target over, judges with the
/// history it had and continues the same incidents), runs <see cref="LeakDetector"/> over every bucket
/// after each scrape, and opens and resolves incidents in the store.
/// </summary>
public sealed class IncidentTracker
{
    private readonly WatchStore _store;
    private readonly Thresholds _thresholds;
    private readonly Dictionary<string, TargetSeries> _targets = [];
    private readonly Dictionary<(string Target, long Bucket), Incident> _open;
    private readonly Lock _lock = new();

    public IncidentTracker(WatchStore store, Thresholds thresholds)
    {
        _store = store;
        _thresholds = thresholds;
        using var reader = store.OpenReader();
        _open = reader.Incidents(openOnly: true, limit: int.MaxValue).ToDictionary(i => (i.Target, i.BucketId));
    }

    public IReadOnlyList<Incident> OpenIncidents()
    {
        lock (_lock)
            return [.. _open.Values];
    }

    /// <summary>Judges a scrape already in the store. A failed scrape changes nothing: no data is no evidence either way.</summary>
    public IncidentChanges Observe(ScrapeResult scrape)
    {
        if (!scrape.Ok)
            return new IncidentChanges([], [], []);
        var name = scrape.Target.Name;
        TargetSeries series;
        lock (_lock)
        {
            if (!_targets.TryGetValue(name, out series!))
            {
                using var reader = _store.OpenReader();
                _targets[name] = series = new TargetSeries(reader.Window(name, scrape.Time - _thresholds.Window));
                foreach (var key in _open.Keys.Where(k => k.Target == name).ToList())
                    _open.Remove(key);
                foreach (var incident in reader.Incidents(openOnly: true, limit: int.MaxValue, target: name))
                    _open[(name, incident.BucketId)] = incident;
            }
        }
        var samples = new Dictionary<long, BucketSample>();
        foreach (var bucket in scrape.Buckets)
            if (_store.FindBucket(bucket.Key) is { } id)
                samples[id] = bucket;
        series.Add(scrape.Time, samples, _thresholds.Window);

        var opened = new List<Incident>();
        var open = new List<Incident>();
        var resolved = new List<Incident>();
        lock (_lock)
        {
            foreach (var (bucketId, points) in series.Buckets)
            {
                var sample = samples.GetValueOrDefault(bucketId);
                var assessment = LeakDetector.Assess(points, sample is { Stuck: true, InUserCode: true }, _thresholds);
                if (_open.TryGetValue((name, bucketId), out var incident))
                {
                    var resolvedAt = assessment.Holds ? (DateTimeOffset?)null : scrape.Time;
                    _store.UpdateIncident(incident.Id, assessment.Opening, assessment.GrowthPerMinute, assessment.Count, resolvedAt);
                    incident = incident with
                    {
                        Signals = incident.Signals | assessment.Opening,
                        GrowthPerMinute = assessment.GrowthPerMinute,
                        Count = assessment.Count,
                        Resolved = resolvedAt,
                    };
                    if (resolvedAt is null)
                    {
                        _open[(name, bucketId)] = incident;
                        open.Add(incident);
                    }
                    else
                    {
                        _open.Remove((name, bucketId));
                        resolved.Add(incident);
                    }
                }
                else if (assessment.Opening != LeakSignal.None && sample is not null)
                {
                    var id = _store.OpenIncident(name, bucketId, scrape.Time, assessment.Opening, assessment.GrowthPerMinute, assessment.Count);
                    // The stored account of the bucket, not this scrape's: a debug=1 scrape knows the pattern less exactly.
                    using var reader = _store.OpenReader();
                    var stored = reader.Bucket(bucketId)!;
                    incident = new Incident(id, name, bucketId, stored.ShortId, stored.Pattern, stored.BlockingSite, scrape.Time, null,
                        assessment.Opening, assessment.GrowthPerMinute, assessment.Count, assessment.Count);
                    _open[(name, bucketId)] = incident;
                    opened.Add(incident);
                }
            }
            series.DropEmpty();
        }
        return new IncidentChanges(opened, open, resolved);
    }

    /// <summary>Forgets a target's in-memory series and open incidents (it is no longer scraped here); in the store its incidents stay as they are.</summary>
    public void Forget(string target)
    {
        lock (_lock)
        {
            _targets.Remove(target);
            foreach (var key in _open.Keys.Where(k => k.Target == target).ToList())
                _open.Remove(key);
        }
    }

    /// <summary>
    /// One target's recent series: one point per successful scrape per bucket seen in the window. Compact, as a fleet
    /// holds thousands: each scrape's time once (Unix milliseconds), and per bucket 8 bytes a point (two 32-bit
    /// counts), read as <see cref="Point"/>s through a view rather than stored as 32-byte ones.
    /// </summary>
    private sealed class TargetSeries
    {
        private readonly List<long> _times;
        private readonly Dictionary<long, List<Counts>> _buckets;

        public TargetSeries(TargetWindow stored)
        {
            _times = [.. stored.Times.Select(t => t.ToUnixTimeMilliseconds())];
            _buckets = stored.Series.ToDictionary(s => s.Key, s => s.Value.Select(p => Counts.Of(p.Count, p.Leaked)).ToList());
        }

        public IEnumerable<(long Bucket, IReadOnlyList<Point> Points)> Buckets => _buckets.Select(b => (b.Key, (IReadOnlyList<Point>)new Points(_times, b.Value)));

        public void Add(DateTimeOffset time, IReadOnlyDictionary<long, BucketSample> samples, TimeSpan window)
        {
            var ms = time.ToUnixTimeMilliseconds();
            if (_times.Count > 0 && ms <= _times[^1])
                return;
            _times.Add(ms);
            foreach (var id in samples.Keys.Where(id => !_buckets.ContainsKey(id)))
                _buckets[id] = [.. Enumerable.Repeat(default(Counts), _times.Count - 1)];
            foreach (var (id, counts) in _buckets)
                counts.Add(samples.TryGetValue(id, out var s) ? Counts.Of(s.Count, s.Leaked) : default);
            var since = ms - (long)window.TotalMilliseconds;
            var cut = _times.FindIndex(t => t >= since);
            if (cut > 0)
            {
                _times.RemoveRange(0, cut);
                foreach (var counts in _buckets.Values)
                    counts.RemoveRange(0, cut);
            }
        }

        /// <summary>Buckets absent from the whole window have nothing left to judge.</summary>
        public void DropEmpty()
        {
            foreach (var id in _buckets.Where(b => b.Value.TrueForAll(c => c.Count == 0)).Select(b => b.Key).ToList())
                _buckets.Remove(id);
        }
    }

    /// <summary>A bucket's count and leaked count in one scrape; goroutine counts are far below 2³¹.</summary>
    private readonly record struct Counts(int Count, int Leaked)
    {
        public static Counts Of(long count, long leaked) => new((int)Math.Min(count, int.MaxValue), (int)Math.Min(leaked, int.MaxValue));
    }

    /// <summary>A bucket's series as points, over the shared times.</summary>
    private sealed class Points(List<long> times, List<Counts> counts) : IReadOnlyList<Point>
    {
        public int Count => counts.Count;

        public Point this[int index] => new(DateTimeOffset.FromUnixTimeMilliseconds(times[index]), counts[index].Count, counts[index].Leaked);

        public IEnumerator<Point> GetEnumerator()
        {
            for (var i = 0; i < counts.Count; i++)
                yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

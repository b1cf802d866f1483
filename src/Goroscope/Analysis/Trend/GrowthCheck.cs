using Goroscope.Analysis.Diff;
using Goroscope.Analysis.Ignore;

namespace Goroscope.Analysis.Trend;

/// <summary>One stack's goroutine count in every sample of a check, and whether it grew steadily.</summary>
/// <param name="Series">The count in each sample, oldest first (0 where the stack was absent).</param>
/// <param name="Steady">Every sample at least the one before, and more at the end than at the start.</param>
public sealed record Growth(string Id, IReadOnlyList<long> Series, Bucket Bucket, bool Steady, bool Leak, IgnoreRule? IgnoredBy)
{
    public long First => Series[0];
    public long Last => Series[^1];
    public long Delta => Last - First;
}

/// <summary>
/// The per-stack form of the "goroutine count keeps growing" alarm: samples of one live process over a
/// window, matched stack by stack like <see cref="SnapshotDiff"/>. A stack leaks when every sample is at least
/// the one before and the growth from the first to the last passes the <see cref="LeakGate"/>.
/// </summary>
public sealed class GrowthCheck(IgnoreRules ignore, LeakGate gate)
{
    private readonly Dictionary<string, List<long>> _series = [];
    private readonly Dictionary<string, Bucket> _buckets = [];
    private int _samples;

    public int Samples => _samples;

    public void Add(AnalysisResult sample)
    {
        var counts = new Dictionary<string, long>();
        foreach (var bucket in sample.Buckets)
        {
            if (!SnapshotDiff.IsComparable(bucket))
                continue;
            var id = Signature.Id(SnapshotDiff.MatchKey(bucket));
            counts[id] = counts.GetValueOrDefault(id) + bucket.Count;
            if (!_buckets.TryGetValue(id, out var known) || known.Count < bucket.Count)
                _buckets[id] = bucket;
        }
        foreach (var id in counts.Keys.Where(id => !_series.ContainsKey(id)))
            _series[id] = [.. Enumerable.Repeat(0L, _samples)];
        foreach (var (id, series) in _series)
            series.Add(counts.GetValueOrDefault(id));
        _samples++;
    }

    /// <summary>Every stack seen, steady growers first, biggest growth first.</summary>
    public IReadOnlyList<Growth> Verdicts()
    {
        var verdicts = new List<Growth>();
        foreach (var (id, series) in _series)
        {
            var steady = series.Count > 1 && series[^1] > series[0] && series.Zip(series.Skip(1)).All(p => p.Second >= p.First);
            var bucket = _buckets[id];
            var rule = ignore.Match(bucket);
            var kind = series[0] == 0 ? ChangeKind.New : ChangeKind.Grown;
            var leak = steady && gate.IsLeak(new BucketChange(id, kind, series[0], series[^1], bucket, rule));
            verdicts.Add(new Growth(id, series, bucket, steady, leak, rule));
        }
        return [.. verdicts.OrderByDescending(v => v.Leak).ThenByDescending(v => v.Steady).ThenByDescending(v => v.Delta).ThenBy(v => v.Id, StringComparer.Ordinal)];
    }
}

using System.Text;
using Goroscope.Analysis;
using Goroscope.Analysis.Diff;

namespace Goroscope.Watch.Scraping;

/// <summary>
/// One stack's goroutines in one scrape, keyed by <see cref="SnapshotDiff.MatchKey"/>: the key that stays the
/// same across restarts of the target and across the pprof, debug=1 and debug=2 forms.
/// </summary>
/// <param name="Suspect">analyze's score reached its suspect threshold (docs/scoring.md).</param>
/// <param name="Leaked">Of <see cref="Count"/>, how many the runtime's goroutineleak profile proved leaked.</param>
public sealed record BucketSample(string Key, string Pattern, string State, string BlockingSite, bool InUserCode, bool Stuck,
    string StackText, long Count, long Leaked, bool Suspect = false)
{
    public string Id => Signature.Id(Key);

    /// <summary>The comparable buckets of an analysed snapshot, those with one match key merged (the biggest describes them).</summary>
    public static IReadOnlyList<BucketSample> From(AnalysisResult result, IReadOnlyDictionary<string, long>? leakedByKey = null)
    {
        var merged = new Dictionary<string, (Bucket Representative, long Count)>();
        foreach (var bucket in result.Buckets)
        {
            if (!SnapshotDiff.IsComparable(bucket))
                continue;
            var key = SnapshotDiff.MatchKey(bucket);
            merged[key] = merged.TryGetValue(key, out var known)
                ? (known.Representative.Count >= bucket.Count ? known.Representative : bucket, known.Count + bucket.Count)
                : (bucket, bucket.Count);
        }
        return [.. merged.Select(m => Describe(m.Key, m.Value.Representative, m.Value.Count,
            Math.Min(m.Value.Count, leakedByKey?.GetValueOrDefault(m.Key) ?? 0)))];
    }

    /// <summary>Goroutines per match key in a goroutineleak profile.</summary>
    public static IReadOnlyDictionary<string, long> LeakedByKey(AnalysisResult leakProfile)
    {
        var counts = new Dictionary<string, long>();
        foreach (var bucket in leakProfile.Buckets.Where(SnapshotDiff.IsComparable))
            counts[SnapshotDiff.MatchKey(bucket)] = counts.GetValueOrDefault(SnapshotDiff.MatchKey(bucket)) + bucket.Count;
        return counts;
    }

    private static BucketSample Describe(string key, Bucket bucket, long count, long leaked)
    {
        var site = bucket.BlockingSite.Frame is { } frame ? $"{frame.Function} {Path.GetFileName(frame.File)}:{frame.Line}" : "";
        return new BucketSample(key, bucket.Pattern.Id, bucket.State.Reason, site, bucket.BlockingSite.InUserCode, bucket.Pattern.IsStuck,
            StackTextOf(bucket), count, leaked, bucket.IsSuspect);
    }

    /// <summary>The stack as a debug=2 dump prints it, without goroutine ids.</summary>
    private static string StackTextOf(Bucket bucket)
    {
        var text = new StringBuilder();
        text.Append('[').Append(bucket.State.Reason).Append(bucket.State.Inferred ? ", inferred" : "").Append("]\n");
        foreach (var frame in bucket.Stack.Frames)
            text.Append(frame.Function).Append("(...)\n\t").Append(frame.File).Append(':').Append(frame.Line).Append('\n');
        if (bucket.CreatedBy is { } creator)
            text.Append("created by ").Append(creator.Function).Append("\n\t").Append(creator.File).Append(':').Append(creator.Line).Append('\n');
        return text.ToString();
    }
}

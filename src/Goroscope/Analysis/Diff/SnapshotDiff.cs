using Goroscope.Analysis.Ignore;

namespace Goroscope.Analysis.Diff;

/// <summary>How a bucket's count moved from the baseline to the current snapshot.</summary>
public enum ChangeKind { New, Grown, Unchanged, Shrunk, Gone }

/// <summary>
/// One stack's goroutine count in both snapshots. Buckets are matched by <see cref="SnapshotDiff.MatchKey"/>,
/// which holds only what survives a restart and a change of dump format.
/// </summary>
/// <param name="IgnoredBy">The ignore rule that keeps this stack out of leak verdicts, or null.</param>
public sealed record BucketChange(string Id, ChangeKind Kind, long Baseline, long Current, Bucket Bucket, IgnoreRule? IgnoredBy = null)
{
    public long Delta => Current - Baseline;

    /// <summary>Current over baseline; infinity for a new bucket.</summary>
    public double Ratio => Baseline == 0 ? double.PositiveInfinity : (double)Current / Baseline;
}

/// <summary>The two snapshots compared: every matched stack, biggest growth first.</summary>
public sealed class DiffResult
{
    public required AnalysisResult Baseline { get; init; }

    public required AnalysisResult Current { get; init; }

    public required IReadOnlyList<BucketChange> Changes { get; init; }

    public long Delta => Current.Goroutines - Baseline.Goroutines;
}

/// <summary>Compares two analysed snapshots of one program, in any mix of formats.</summary>
public static class SnapshotDiff
{
    /// <summary>
    /// The key buckets are matched by across processes, restarts and formats: the frames without the runtime's at
    /// either end, as function and file name:line. Not the wait state (debug=1 and pprof only infer it), not the
    /// creator (they have none), not the directory (builds in other places print other paths).
    /// </summary>
    public static string MatchKey(Bucket bucket)
    {
        // A running goroutine is caught wherever it happens to be: its innermost line says nothing about it.
        var running = !bucket.Pattern.IsStuck;
        return string.Join('\n', bucket.SignificantFrames.Select((f, i) =>
            running && i == 0 ? f.Function : $"{f.Function} {Path.GetFileName(f.File)}:{f.Line}"));
    }

    public static DiffResult Compare(AnalysisResult baseline, AnalysisResult current, IgnoreRules? ignore = null)
    {
        ignore ??= IgnoreRules.None;
        var before = Group(baseline);
        var after = Group(current);
        var changes = new List<BucketChange>();
        foreach (var (key, now) in after)
        {
            var then = before.GetValueOrDefault(key);
            var count = then?.Count ?? 0;
            var kind = count == 0 ? ChangeKind.New : now.Count > count ? ChangeKind.Grown : now.Count < count ? ChangeKind.Shrunk : ChangeKind.Unchanged;
            changes.Add(new BucketChange(Signature.Id(key), kind, count, now.Count, now.Representative, ignore.Match(now.Representative)));
        }
        foreach (var (key, then) in before)
            if (!after.ContainsKey(key))
                changes.Add(new BucketChange(Signature.Id(key), ChangeKind.Gone, then.Count, 0, then.Representative, ignore.Match(then.Representative)));
        return new DiffResult
        {
            Baseline = baseline,
            Current = current,
            Changes = [.. changes.OrderByDescending(c => c.Delta).ThenByDescending(c => c.Current).ThenBy(c => c.Id, StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// Whether a bucket takes part in comparisons. Two kinds do not: stacks with no frames (not yet started,
    /// or running on another thread), which name no place to match or act on; and the goroutine that wrote the
    /// dump, whose stack differs with the format asked for (runtime.Stack, writeGoroutineStacks, the pprof
    /// encoder), so it would show as one stack gone and another new.
    /// </summary>
    public static bool IsComparable(Bucket bucket) => bucket.SignificantFrames.Count > 0 && !bucket.SignificantFrames.Any(f => f.Function
        is "runtime.Stack" or "runtime/pprof.writeGoroutineStacks" or "runtime/pprof.writeRuntimeProfile" or "runtime/pprof.writeGoroutine");

    /// <summary>Buckets that differ only in what the match key leaves out (state, creator) count as one.</summary>
    private static Dictionary<string, Matched> Group(AnalysisResult result)
    {
        var groups = new Dictionary<string, Matched>();
        foreach (var bucket in result.Buckets)
        {
            if (!IsComparable(bucket))
                continue;
            var key = MatchKey(bucket);
            if (groups.TryGetValue(key, out var group))
                groups[key] = new Matched(group.Count + bucket.Count, group.Representative.Count >= bucket.Count ? group.Representative : bucket);
            else
                groups[key] = new Matched(bucket.Count, bucket);
        }
        return groups;
    }

    private sealed record Matched(long Count, Bucket Representative);
}

using System.Runtime.CompilerServices;
using Goroscope.Analysis.Source;
using Goroscope.Analysis.Evidence;
using Goroscope.Stacks;

namespace Goroscope.Analysis;

/// <summary>Groups a snapshot's goroutines into buckets, classifies each bucket and ranks them by leak suspicion.</summary>
public static class Analyzer
{
    /// <param name="expectedTotal">The goroutine count another source declared (debug=1 or pprof of the same process), to tell how many a cut dump lost.</param>
    /// <param name="sources">Reads the blocking statements of the top buckets when their source is found; null reads none.</param>
    public static AnalysisResult Analyze(Snapshot snapshot, Grouping grouping = Grouping.Exact, long? expectedTotal = null, SourceReader? sources = null)
    {
        var hasIds = snapshot.Format is DumpFormat.Traceback or DumpFormat.ExecutionTrace;
        // Readers intern stacks and frames, so most goroutines find their bucket by reference, without a key.
        var byIdentity = new Dictionary<(Stack, string, Frame?), Bucket>(new IdentityComparer());
        var byKey = new Dictionary<string, Bucket>();
        foreach (var g in snapshot.Goroutines)
        {
            var identity = (g.Stack, g.State.Reason, g.CreatedBy);
            if (!byIdentity.TryGetValue(identity, out var bucket))
            {
                var significant = Signature.SignificantFrames(g.Stack.Frames);
                var state = Classifier.Resolve(g.State, g.Stack.Frames);
                var site = BlockingSite.Of(significant);
                var key = Signature.Key(grouping, state, significant, g.CreatedBy, site);
                if (!byKey.TryGetValue(key, out bucket))
                {
                    bucket = new Bucket(key, state, g.Stack, significant, g.CreatedBy, site);
                    byKey.Add(key, bucket);
                }
                byIdentity.Add(identity, bucket);
            }
            bucket.Add(g, hasIds);
        }

        foreach (var bucket in byKey.Values)
        {
            bucket.Pattern = KnownBackground.PatternOf(bucket.SignificantFrames) ?? Classifier.PatternOf(bucket.State);
            bucket.Background = KnownBackground.Recognise(bucket.SignificantFrames, bucket.State);
        }
        if (sources is not null)
            SourceJudgement.Apply(byKey.Values, sources);
        ConnectionPairs.Apply(byKey.Values);
        WaitsOnWakingWorkers.Apply(byKey.Values);
        // Scored once, after what the source and the dump add to a bucket's shape: the exact pattern, a healthy pile.
        foreach (var bucket in byKey.Values)
            bucket.SetScoreTerms(Scoring.TermsOf(bucket));
        // After the healthy piles: a pile that wakes by itself is a waker, and gets no evidence of being stuck.
        ProcessEvidence.AddTerms(snapshot, [.. byKey.Values], g => byIdentity[(g.Stack, g.State.Reason, g.CreatedBy)]);

        var warnings = new List<string>(snapshot.Warnings);
        long? missing = null;
        if (expectedTotal is { } total && total > snapshot.GoroutineCount)
        {
            missing = total - snapshot.GoroutineCount;
            if (snapshot.Truncated)
                warnings.Add($"{missing} of the process's {total} goroutines are missing from the cut dump");
        }
        return new AnalysisResult
        {
            Snapshot = snapshot,
            Grouping = grouping,
            Buckets = [.. byKey.Values.OrderByDescending(b => b.Score).ThenByDescending(b => b.Count).ThenBy(b => b.Id, StringComparer.Ordinal)],
            MissingGoroutines = missing,
            Warnings = warnings,
        };
    }

    private sealed class IdentityComparer : IEqualityComparer<(Stack Stack, string Reason, Frame? CreatedBy)>
    {
        public bool Equals((Stack Stack, string Reason, Frame? CreatedBy) x, (Stack Stack, string Reason, Frame? CreatedBy) y) =>
            ReferenceEquals(x.Stack, y.Stack) && ReferenceEquals(x.CreatedBy, y.CreatedBy) && ReferenceEquals(x.Reason, y.Reason);

        // Reasons are interned too; two equal reasons that are not the same string only cost a second key look-up.
        public int GetHashCode((Stack Stack, string Reason, Frame? CreatedBy) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Stack), RuntimeHelpers.GetHashCode(obj.Reason), obj.CreatedBy is null ? 0 : RuntimeHelpers.GetHashCode(obj.CreatedBy));
    }
}

using Goroscope.Stacks;

namespace Goroscope.Analysis.Source;

/// <summary>
/// Reads the blocking statement of the buckets that matter — the suspects and the top of the ranking — and lets
/// it sharpen the judgement: debug=1's `chan-or-select` becomes the exact pattern, and a select with a ticker or
/// timer case is a pile that wakes by itself. Buckets whose source is not found keep their judgement as it was.
/// The buckets are ranked by the score of their shape as the dump alone gives it; the analyzer scores them afterwards.
/// </summary>
public static class SourceJudgement
{
    /// <summary>How many of the top-ranked buckets are read besides the suspects: reading is for what a report shows.</summary>
    public const int TopBuckets = 50;

    public static void Apply(IEnumerable<Bucket> buckets, SourceReader reader)
    {
        var ranked = buckets.Select(b => (Bucket: b, Score: Scoring.Score(b))).OrderByDescending(r => r.Score).ToList();
        for (var i = 0; i < ranked.Count && (i < TopBuckets || ranked[i].Score >= Scoring.SuspectThreshold); i++)
        {
            var bucket = ranked[i].Bucket;
            // A running goroutine blocks at no statement: its line is wherever it was when the dump was taken.
            if (!bucket.Pattern.IsStuck || BlockingFrame(bucket.SignificantFrames) is not { } frame || reader.Read(frame) is not { } reading)
                continue;
            bucket.Source = reading;
            if (bucket.Pattern == LeakPatterns.ChanOrSelect && ExactPattern(reading) is { } exact)
                bucket.Pattern = exact;
            if (bucket.Pattern == LeakPatterns.Select && reading.Wakes.FirstOrDefault(w => w.Kind != WakeKind.Context) is { } wake)
                bucket.Healthy = HealthyPile.Wakes(wake, reading);
        }
    }

    /// <summary>
    /// The frame whose line holds the blocking operation: the innermost one outside the packages that only carry
    /// a wait out (sync, time, context, internal/…); the runtime's frames are already cut off.
    /// </summary>
    public static Frame? BlockingFrame(IReadOnlyList<Frame> significant)
    {
        foreach (var frame in significant)
        {
            var package = frame.Package;
            if (package is not ("sync" or "time" or "context") && !package.StartsWith("internal/", StringComparison.Ordinal)
                && !GoNames.IsRuntime(package))
                return frame;
        }
        return null;
    }

    private static LeakPattern? ExactPattern(SourceReading reading) => reading.NilChannel ? LeakPatterns.NilChan : reading.Kind switch
    {
        BlockingStatementKind.Send => LeakPatterns.ChanSend,
        BlockingStatementKind.Receive or BlockingStatementKind.RangeReceive => LeakPatterns.ChanReceive,
        BlockingStatementKind.Select => LeakPatterns.Select,
        BlockingStatementKind.SelectForever => LeakPatterns.SelectForever,
        _ => null,
    };
}

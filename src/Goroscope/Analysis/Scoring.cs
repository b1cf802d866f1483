namespace Goroscope.Analysis;

/// <summary>
/// The leak-suspicion score of a bucket, 0–100 (docs/scoring.md explains it to users):
/// <code>
///   count    35 · min(1, log10(count) / 3)              1 → 0, 10 → 11.7, 100 → 23.3, 1000+ → 35
///   minutes  20 · min(1, log10(1 + max) / log10(61))     1 → 3.4, 10 → 11.7, 60+ → 20
///   site     15 when the blocking frame is in the user's own code
///   pattern  the pattern's weight, 0–25 (nil-chan 25 … syscall 2)
///   × 0.5 for a known background goroutine, × 0.25 for a state that is no wait (running, runtime-internal)
///   × the healthy-pile factor when the source or the dump shows the pile wakes by itself (<see cref="HealthyPile"/>)
///   runtime verdict: when the runtime marked members (leaked), at least 90
/// </code>
/// In an execution trace, where waits last seconds rather than minutes, the minutes term gives way to how much of
/// its time in the trace each goroutine has spent parked where it ended (<see cref="ScoreInTrace"/>).
/// </summary>
public static class Scoring
{
    public const double SuspectThreshold = 40;

    public static double Score(Bucket bucket) => Score(bucket, 20 * Math.Min(1, Math.Log10(1 + bucket.MaxMinutes) / Math.Log10(61)));

    /// <param name="parkedShare">The least share, over the bucket's goroutines, of their time in the trace spent in their last state (0–1).</param>
    public static double ScoreInTrace(Bucket bucket, double parkedShare) => Score(bucket, 20 * Math.Clamp(parkedShare, 0, 1));

    private static double Score(Bucket bucket, double durationTerm)
    {
        var score = 35 * Math.Min(1, Math.Log10(Math.Max(1, bucket.Count)) / 3)
            + durationTerm
            + (bucket.BlockingSite.InUserCode ? 15 : 0)
            + bucket.Pattern.Weight;
        if (bucket.Background is not null)
            score *= 0.5;
        if (!bucket.Pattern.IsStuck)
            score *= 0.25;
        if (bucket.Healthy is { } healthy)
            score *= healthy.Factor;
        if (bucket.Leaked > 0)
            score = Math.Max(score, 90 + 10 * Math.Min(1, Math.Log10(bucket.Leaked) / 3));
        return Math.Round(Math.Clamp(score, 0, 100), 1);
    }
}
